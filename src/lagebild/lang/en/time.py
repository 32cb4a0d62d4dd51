"""English time vocabulary and timex patterns (data, not code).

Same structure as ``lang/de/time.py`` (see there and `lagebild.stages.timex_rules`).
Month and weekday names count only when capitalised ("May", "March" are also
words); a bare month name needs context (a preposition, a day, a year, "early").
"in 24 years" is a duration ("the first visit in 24 years"), not a future offset.
"""

NAMES_CAPITALISED = True
DAYTIME_ANY_CASE = True
NOUN_AFTER_YEAR_CHECK = False
REL_SUFFIX = ""

MONTHS = {
    "january": 1, "jan.": 1, "february": 2, "feb.": 2, "march": 3, "mar.": 3, "april": 4, "apr.": 4,
    "may": 5, "june": 6, "jun.": 6, "july": 7, "jul.": 7, "august": 8, "aug.": 8,
    "september": 9, "sept.": 9, "sep.": 9, "october": 10, "oct.": 10, "november": 11, "nov.": 11,
    "december": 12, "dec.": 12,
}
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a thousand": 1000, "a half": 0.5, "half a": 0.5,
    "one and a half": 1.5, "two and a half": 2.5,
}
FUZZY_NUMBERS = ("several", "a few", "few", "some", "many", "a couple of", "couple of", "recent")
UNIT_SINGULAR = ("second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "quarter")
UNITS = {
    "second": "S", "seconds": "S", "minute": "MI", "minutes": "MI", "hour": "H", "hours": "H",
    "day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M",
    "year": "Y", "years": "Y", "decade": "DE", "decades": "DE", "century": "CE", "centuries": "CE",
    "quarter": "Q", "quarters": "Q",
}
# "a three-day visit", "a 12-month plan"
UNIT_ADJ = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H", "minute": "MI"}
VAGUE_LONG = {"decades-long": "PXDE", "years-long": "PXY", "months-long": "PXM", "weeks-long": "PXW",
              "days-long": "PXD"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS = {
    "early": "START", "mid": "MID", "late": "END", "the beginning of": "START", "the start of": "START",
    "the middle of": "MID", "the end of": "END", "beginning of": "START", "end of": "END",
    "start of": "START", "middle of": "MID",
}
PART_WORDS = ("early", "Early", "mid", "Mid", "late", "Late", "the beginning of", "the start of",
              "the middle of", "the end of", "beginning of", "end of", "start of", "middle of")
MODS = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "nearly": "APPROX", "almost": "APPROX", "some": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "longer than": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN", "at most": "EQUAL_OR_LESS",
}
DAYTIMES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "noon": "MI",
            "midday": "MI", "overnight": "NI"}
RELATIVE = {
    "last": -1, "past": -1, "previous": -1, "preceding": -1,
    "next": 1, "coming": 1, "following": 1, "this": 0, "same": 0, "current": 0,
}
RELATIVE_NARRATIVE = ("following", "same", "previous", "preceding")
AFTER_WORDS = ("later", "after", "afterwards", "on")
BEFORE_WORDS = ("earlier", "before", "previously", "ago")
REFS = {
    "today": ("day", 0), "yesterday": ("day", -1), "tomorrow": ("day", 1),
    "the day before yesterday": ("day", -2), "the day after tomorrow": ("day", 2),
    "tonight": ("day", 0, "NI"), "this morning": ("day", 0, "MO"), "this afternoon": ("day", 0, "AF"),
    "this evening": ("day", 0, "EV"), "last night": ("day", -1, "NI"), "yesterday morning": ("day", -1, "MO"),
    "yesterday afternoon": ("day", -1, "AF"), "yesterday evening": ("day", -1, "EV"),
    "tomorrow morning": ("day", 1, "MO"),
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "so far": "PRESENT_REF",
    "soon": "FUTURE_REF", "in the future": "FUTURE_REF", "in the coming days": "FUTURE_REF",
    "shortly": "FUTURE_REF", "recently": "PAST_REF", "in the past": "PAST_REF", "lately": "PAST_REF",
    "formerly": "PAST_REF", "once": "PAST_REF",
}
REFS_WEAK = ("once", "so far", "now", "shortly")
SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "every day": "P1D", "every week": "P1W", "every month": "P1M", "every year": "P1Y",
        "each year": "P1Y", "each day": "P1D", "hourly": "PT1H"}
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25), "christmas": (12, 25),
    "christmas eve": (12, 24), "independence day": (7, 4), "may day": (5, 1), "d-day": (1944, 6, 6),
    "v-e day": (1945, 5, 8), "ve day": (1945, 5, 8),
}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}
HALF_WORDS = {"half": "H", "quarter": "Q", "q": "Q", "h": "H"}
BC = r"(?:B\.\s?C\.(?:\s?E\.)?|BCE?\b)"
NOT_YEAR_AFTER = (
    "people", "soldiers", "troops", "dollars", "euros", "pounds", "rubles", "roubles", "yuan", "won",
    "km", "kilometres", "kilometers", "miles", "metres", "meters", "tonnes", "tons", "kg", "percent",
    "%", "dead", "deaths", "victims", "residents", "votes", "pages", "vehicles", "ships", "aircraft",
    "tanks", "missiles", "shells", "rounds", "prisoners", "wounded", "units", "men", "women", "children",
    "million", "billion", "times", "points",
)

# Leading words left out of an extent ("on Wednesday" -> "Wednesday", "in June" -> "June").
LEAD_STRIP = r"^(?:on|in|at|since|until|till|by|from|during|of|for|through|before|after|between|and|to|throughout)\s+(?!the\s+(?:morning|afternoon|evening|night))"
LEAD_KEEP = None
NIGHT_BEFORE = r"(?i)overnight\s+into"
ARTICLE_RELATIVE_PREPS = ("ago", "from now")
BEFORE_PREPS = ("ago",)

_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d)"
_YEARPART = r"(?:,?\s+{YEAR}(?:\s*(?P<bc>{BC}))?)"
_CTX = r"(?:in|since|until|till|by|from|through|during|before|after|between|and|to|of|throughout)"
_TIME = (r"(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m)(?!\w)"
         r"(?:\s+(?P<tz>GMT|UTC|EST|EDT|local\s+time))?")
PATTERNS = [
    # day dates: "June 19, 2024", "Wednesday, June 19", "19 June 2024", "the 19th of June"
    ("date", r"(?:(?P<weekday>{WEEKDAYNAME}),?\s+)?{MONTH}\s+" + _DAY + _YEARPART + "?"),
    ("date", r"(?:(?P<weekday>{WEEKDAYNAME}),?\s+)?(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?{MONTH}" + _YEARPART + "?"),
    ("date", r"(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?)?"),
    # months: need a year, a part word, a preposition or a relative word
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?P<part>{PARTWORD})\s*-?\s*)?{MONTH}(?:\s+of)?,?\s+{YEAR}" + r"(?:\s*(?P<bc>{BC}))?"),
    ("date", r"(?P<part>{PARTWORD})\s*-?\s*{MONTH}"),
    ("date", _CTX + r"\s+(?:(?P<part>{PARTWORD})\s*-?\s*)?{MONTH}"),
    ("date", r"{MONTH}\s+(?P<relyear>(?:of\s+)?(?:{REL})\s+year)"),
    ("date", r"(?P<part>{PARTWORD})\s*-?\s*{YEAR}"),
    ("date", r"(?P<part>{PARTWORD})\s+(?P<relyear>(?:the\s+)?(?:{REL})\s+year|the\s+year)"),
    ("date", r"(?P<part>{PARTWORD})\s+(?P<relmonth>(?:the\s+)?(?:{REL})\s+month|the\s+month)"),
    # seasons: "last summer", "the summer of 2023", "in the spring", "summer 2023"
    ("date", r"(?:(?P<part>early|late|mid)\s*-?\s*)?{SEASON}(?:\s+of)?\s+{YEAR}"),
    ("date", r"(?:the\s+)?{SEASON}\s+of\s+{YEAR}"),
    ("date", r"(?:{REL})\s+{SEASON}"),
    ("date", r"(?:in\s+|during\s+)?(?:the\s+|this\s+)(?:(?P<part>early|late)\s+)?{SEASON}"),
    # halves and quarters
    ("date", r"(?:the\s+)?(?P<ord>{ORDWORD})\s+{HALF}(?:\s+of\s+{YEAR}|\s+of\s+(?P<relyear>(?:the\s+)?(?:{REL})\s+year|the\s+year))?"),
    ("date", r"(?P<half>Q|H)(?P<ordnum>[1-4])\s+{YEAR}"),
    ("date", r"{HOLIDAY}(?:\s+{YEAR})?"),
    # years, decades, centuries, BC
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:the\s+year\s+)?(?P<year>\d{1,4})\s*(?P<bc>{BC})"),
    ("date", r"(?:(?P<mod>[Aa]round|[Aa]bout|[Cc]irca|c\.)\s+)?(?:the\s+year\s+)?{YEAR4}(?:(?P<yearsep>/|–|-)(?P<yearnext>\d{2}(?!\d)|1\d{3}(?!\d)|20\d\d(?!\d)))?"),
    ("date", r"(?:the\s+)?(?:(?P<part>early|mid|late)\s*-?\s*)?(?P<decade>\d{2,3})0s"),
    ("date", r"the\s+(?:(?P<part>early|mid|late)\s*-?\s*)?{DECADEWORD}"),
    ("date", r"(?:the\s+)?(?P<century>\d{1,2})(?:st|nd|rd|th)\s+century" + r"(?:\s*(?P<bc>{BC}))?"),
    # times of day
    ("date", r"(?:at\s+|around\s+)?" + _TIME),
    ("date", r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)\s*(?P<tz>GMT|UTC)"),
    ("date", r"(?P<midnight>midnight)"),
    ("date", r"(?:that|the\s+(?P<relday>same|following|next))\s+{DAYTIME}"),
    # weekdays
    ("date", r"(?:(?:on|this|(?P<rel2>last|next|past|coming))\s+)?{WEEKDAY}(?:\s+(?P<daytime3>morning|afternoon|evening|night))?"),
    ("date", r"overnight\s+into\s+{WEEKDAY}"),
    # offsets: "two years ago", "three days later"
    ("offset", r"(?:(?P<mod>{MODWORD})\s+)?{NUM}\s+{UNIT}\s+(?P<dir>ago|later|earlier|before|after|afterwards|previously)"),
    ("offset", r"(?:the\s+)?(?P<dirword>day|year|month|week)\s+(?P<dir>before|after)(?!\s+\w+\s+(?:day|year|month|week))"),
    # relative periods: "last week", "next month", "this year", "the following day"
    ("rel", r"(?:the\s+)?(?:{REL})\s+{UNIT}"),
    ("ref", r"{REF}"),
    ("set", r"{SET}"),
    ("set", r"every\s+{WEEKDAY}"),
    # durations: "24 years", "several weeks", "a three-day visit", "for decades"
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?P<rel>last|past|next|first|coming)\s+)?{NUM}\s+(?:(?:full|long|whole|more|consecutive)\s+)?{UNIT}"),
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?(?:the\s+)?{FUZZY}\s+{UNIT}"),
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?{NUM}-{UNITADJ}(?:-long|-old)?"),
    ("duration", r"{VAGUELONG}"),
    ("duration", r"(?<=for\s)(?P<fuzzyunit>years|decades|months|weeks|centuries)"),
]
REL_WORDS: dict = {}
EXTRA_CUES = ("ago", "later", "earlier", "century", "midnight", "decades", "overnight")
PATTERNS.insert(6, ("date", r"(?P<monthdir>last|next)\s+{MONTH}"))

# Article dating: words marking a sentence's dates as future (the article comes before them).
FUTURE_CUES = ("will", "shall", "is to", "are to", "scheduled", "planned", "plans", "due", "upcoming", "expected")
