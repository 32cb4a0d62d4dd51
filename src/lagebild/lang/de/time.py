"""German time vocabulary and timex patterns (data, not code).

Used by `lagebild.stages.timex`. Keys of the word dicts are lower-case; the
pattern templates use macros (``{MONTH}``, ``{NUM}``, …) that the tagger expands
from these dicts into named regex groups. Austrian and Swiss forms included.
Each pattern is ``(kind, template)``; see `lagebild.stages.timex_rules` for the
meaning of kinds and group names.
"""

MONTHS = {
    "januar": 1, "jänner": 1, "jänners": 1, "januars": 1, "jan.": 1, "jän.": 1,
    "februar": 2, "feber": 2, "februars": 2, "feb.": 2, "febr.": 2,
    "märz": 3, "mär.": 3, "märzes": 3,
    "april": 4, "aprils": 4, "apr.": 4,
    "mai": 5, "mais": 5,
    "juni": 6, "junis": 6, "jun.": 6,
    "juli": 7, "julei": 7, "julis": 7, "jul.": 7,
    "august": 8, "augusts": 8, "aug.": 8,
    "september": 9, "septembers": 9, "sept.": 9, "sep.": 9,
    "oktober": 10, "oktobers": 10, "okt.": 10,
    "november": 11, "novembers": 11, "nov.": 11,
    "dezember": 12, "dezembers": 12, "dez.": 12,
}

WEEKDAYS = {
    "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5,
    "samstag": 6, "sonnabend": 6, "sonntag": 7,
    "montags": 1, "dienstags": 2, "mittwochs": 3, "donnerstags": 4, "freitags": 5,
    "samstags": 6, "sonntags": 7,
}

# Number words (inflected forms of "ein" included); fractional counts allowed.
NUMBERS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1,
    "zwei": 2, "beiden": 2, "beide": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
    "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30,
    "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80,
    "neunzig": 90, "hundert": 100, "tausend": 1000,
    "anderthalb": 1.5, "eineinhalb": 1.5, "zweieinhalb": 2.5, "dreieinhalb": 3.5,
    "ein halbes": 0.5, "einem halben": 0.5, "einen halben": 0.5, "ein halber": 0.5,
    "einer halben": 0.5, "eine halbe": 0.5, "ein knappes": 1, "ein gutes": 1,
}
# Vague counts: "einige Tage" -> PXD.
FUZZY_NUMBERS = ("einige", "einigen", "einiger", "mehrere", "mehreren", "wenige", "wenigen",
                 "weniger", "ein paar", "etliche", "etlichen", "zahlreiche", "viele", "vielen")

# Singular unit forms (others are plural: "den folgenden Monaten" is a vague duration).
UNIT_SINGULAR = ("sekunde", "minute", "stunde", "tag", "tages", "tags", "woche", "monat", "monats",
                 "jahr", "jahres", "jahrzehnt", "jahrzehnts", "jahrhundert", "halbjahr", "quartal")
# Units: word forms -> TIMEX2 unit (H, MI, S are time units -> "PT…").
UNITS = {
    "sekunde": "S", "sekunden": "S",
    "minute": "MI", "minuten": "MI",
    "stunde": "H", "stunden": "H",
    "tag": "D", "tage": "D", "tagen": "D", "tages": "D", "tags": "D",
    "woche": "W", "wochen": "W",
    "monat": "M", "monate": "M", "monaten": "M", "monats": "M",
    "jahr": "Y", "jahre": "Y", "jahren": "Y", "jahres": "Y",
    "jahrzehnt": "DE", "jahrzehnte": "DE", "jahrzehnten": "DE", "jahrzehnts": "DE",
    "jahrhundert": "CE", "jahrhunderte": "CE", "jahrhunderten": "CE",
    "halbjahr": "H6", "quartal": "Q", "quartale": "Q",
}
# "-tägig", "-monatig": adjectival durations, and "-lang" vague durations.
UNIT_ADJ = {"tägig": "D", "wöchig": "W", "monatig": "M", "jährig": "Y", "stündig": "H", "minütig": "MI"}
VAGUE_LONG = {"jahrzehntelang": "PXDE", "jahrelang": "PXY", "monatelang": "PXM", "wochenlang": "PXW",
              "tagelang": "PXD", "stundenlang": "PTXH", "jahrhundertelang": "PXCE"}

SEASONS = {
    "frühling": "SP", "frühlings": "SP", "frühjahr": "SP", "frühjahrs": "SP", "lenz": "SP",
    "sommer": "SU", "sommers": "SU", "herbst": "FA", "herbstes": "FA", "herbsts": "FA",
    "winter": "WI", "winters": "WI",
    "spätsommer": "SU:END", "spätsommers": "SU:END", "frühsommer": "SU:START", "frühsommers": "SU:START",
    "spätherbst": "FA:END", "frühherbst": "FA:START", "spätherbsts": "FA:END",
    "frühwinter": "WI:START", "spätwinter": "WI:END",
}

# Part-of-period words -> TIMEX2 mod.
PARTS = {
    "anfang": "START", "beginn": "START", "mitte": "MID", "ende": "END",
    "frühen": "START", "früher": "START", "späten": "END", "später": "END",
    "zu beginn": "START", "am anfang": "START", "zu anfang": "START",
    "jahresbeginn": "START", "jahresanfang": "START", "jahresbeginns": "START", "jahresende": "END",
    "jahresendes": "END", "jahresmitte": "MID",
}
# Words of PARTS that may stand before a month/year/"des Jahres" ("Anfang Mai").
PART_WORDS = ("Anfang", "Beginn", "Mitte", "Ende", "anfang", "beginn", "mitte", "ende")
# Approximation / comparison words before an expression -> mod.
MODS = {
    "etwa": "APPROX", "ca.": "APPROX", "circa": "APPROX", "zirka": "APPROX", "rund": "APPROX",
    "um": "APPROX", "gegen": "APPROX", "ungefähr": "APPROX",
    "fast": "APPROX", "knapp": "APPROX", "beinahe": "APPROX", "nahezu": "APPROX",
    "über": "MORE_THAN", "mehr als": "MORE_THAN", "länger als": "MORE_THAN", "mindestens": "EQUAL_OR_MORE",
    "weniger als": "LESS_THAN", "kürzer als": "LESS_THAN", "höchstens": "EQUAL_OR_LESS",
}

DAYTIMES = {
    "morgen": "MO", "morgens": "MO", "morgenstunden": "MO", "vormittag": "MO", "vormittags": "MO",
    "früh": "MO", "mittag": "MI", "mittags": "MI", "nachmittag": "AF", "nachmittags": "AF",
    "abend": "EV", "abends": "EV", "abendstunden": "EV", "nacht": "NI", "nachts": "NI",
}

# Relative words (stem -> offset); endings -e/-en/-er/-es/-em are stripped.
RELATIVE = {
    "vergangen": -1, "letzt": -1, "vorig": -1, "vorhergehend": -1, "vorangegangen": -1,
    "zurückliegend": -1,
    "nächst": 1, "kommend": 1, "folgend": 1, "darauffolgend": 1, "anschließend": 1,
    "dies": 0, "selb": 0, "desselb": 0, "dasselb": 0, "demselb": 0, "denselb": 0, "gleich": 0,
    "laufend": 0, "aktuell": 0, "jetzig": 0, "heurig": 0, "neu": 1,
}
# Which relative stems refer to the narrative reference time rather than to the
# article date (in news mode): "am folgenden Tag" follows the last mentioned date.
RELATIVE_NARRATIVE = ("folgend", "darauffolgend", "anschließend", "selb", "desselb", "dasselb",
                      "demselb", "denselb", "gleich", "vorangegangen", "vorhergehend", "neu")

# Direction words after a count: "zwei Tage später", "vier Jahre zuvor".
AFTER_WORDS = ("später", "danach", "darauf", "nachher", "drauf")
BEFORE_WORDS = ("zuvor", "vorher", "früher", "davor", "eher")

# Lexical references: value, or ("day", offset) resolved against the article date.
REFS = {
    "heute": ("day", 0), "gestern": ("day", -1), "vorgestern": ("day", -2),
    "morgen": ("day", 1), "übermorgen": ("day", 2),
    "heute morgen": ("day", 0, "MO"), "heute abend": ("day", 0, "EV"), "heute nacht": ("day", 0, "NI"),
    "gestern abend": ("day", -1, "EV"), "gestern morgen": ("day", -1, "MO"),
    "gestern nachmittag": ("day", -1, "AF"), "gestern nacht": ("day", -1, "NI"),
    "heuer": ("year", 0),
    "jetzt": "PRESENT_REF", "derzeit": "PRESENT_REF", "zurzeit": "PRESENT_REF",
    "gegenwärtig": "PRESENT_REF", "momentan": "PRESENT_REF", "aktuell": "PRESENT_REF",
    "heutzutage": "PRESENT_REF", "heutiger": "PRESENT_REF", "heutigen tag": "PRESENT_REF",
    "ab diesem zeitpunkt": "PRESENT_REF", "diesem zeitpunkt": "PRESENT_REF", "zu diesem zeitpunkt": "PRESENT_REF",
    "bald": "FUTURE_REF", "zukünftig": "FUTURE_REF", "in zukunft": "FUTURE_REF",
    "demnächst": "FUTURE_REF", "in kürze": "FUTURE_REF", "in der folge": "FUTURE_REF",
    "folgezeit": "FUTURE_REF", "der folgezeit": "FUTURE_REF",
    "wenig später": "FUTURE_REF", "kurz darauf": "FUTURE_REF", "kurz danach": "FUTURE_REF",
    "kurze zeit später": "FUTURE_REF", "wenige tage später": "FUTURE_REF", "bald darauf": "FUTURE_REF",
    "kürzlich": "PAST_REF", "kurz zuvor": "PAST_REF", "kurz vorher": "PAST_REF", "neulich": "PAST_REF",
    "zwischenzeitlich": "PAST_REF", "einst": "PAST_REF", "früher": "PAST_REF", "damals": "PAST_REF",
    "bislang": "PRESENT_REF", "bisher": "PRESENT_REF",
}
# Refs that only count when the preceding context allows (sentence-initial etc.) —
# left out of the patterns because they are mostly not temporal in running text.
REFS_WEAK = ("früher", "damals", "bislang", "bisher", "aktuell", "einst")

SETS = {
    "täglich": "P1D", "wöchentlich": "P1W", "monatlich": "P1M", "jährlich": "P1Y",
    "stündlich": "PT1H", "alljährlich": "P1Y", "jedes jahr": "P1Y", "jeden tag": "P1D",
    "jede woche": "P1W", "jeden monat": "P1M", "tagtäglich": "P1D",
}

# Holidays and named days: fixed (month, day) or a function name understood by the tagger.
HOLIDAYS = {
    "neujahr": (1, 1), "neujahrstag": (1, 1), "silvester": (12, 31), "heiligabend": (12, 24),
    "heiliger abend": (12, 24), "weihnachten": (12, 25), "weihnachtstag": (12, 25),
    "tag der arbeit": (5, 1), "tag der deutschen einheit": (10, 3), "jahreswechsel": (1, 1),
    "d-day": (1944, 6, 6), "v-e-day": (1945, 5, 8), "tag der befreiung": (1945, 5, 8),
}

# Decade words: "zwanziger Jahre" -> 2 ("192" with the anchor century).
DECADE_WORDS = {
    "zehner": 1, "zwanziger": 2, "dreißiger": 3, "vierziger": 4, "fünfziger": 5,
    "sechziger": 6, "siebziger": 7, "achtziger": 8, "neunziger": 9,
}
ORDINALS = {
    "ersten": 1, "erste": 1, "erstes": 1, "zweiten": 2, "zweite": 2, "dritten": 3, "dritte": 3,
    "vierten": 4, "vierte": 4, "letzten": -1, "letzte": -1,
}
HALF_WORDS = {"jahreshälfte": "H", "halbjahr": "H", "halbjahres": "H", "quartal": "Q", "quartals": "Q"}

BC = r"(?:v\.\s?Chr\.|vor\s+Christus|v\.\s?u\.\s?Z\.|vor\s+unserer\s+Zeitrechnung)"
AD = r"(?:n\.\s?Chr\.|nach\s+Christus|n\.\s?u\.\s?Z\.)"

# Words after a bare 4-digit number that show it is not a year.
NOT_YEAR_AFTER = (
    "Euro", "Dollar", "Franken", "Mark", "Rubel", "Yuan", "Pfund", "Meter", "Kilometer", "km", "m", "kg",
    "Tonnen", "Menschen", "Soldaten", "Mann", "Tote", "Toten", "Opfer", "Einwohner", "Personen",
    "Stück", "Prozent", "%", "Grad", "Punkte", "Punkten", "Stimmen", "Seiten", "Fahrzeuge", "Schiffe",
    "Flugzeuge", "Panzer", "Geschütze", "Gefangene", "Verletzte", "Kilogramm", "Hektar", "Quadratkilometer",
    "Zuschauer", "Einheiten", "Dollars", "Liter", "Mio", "Millionen", "Milliarden",
)

# Pattern templates: (kind, regex). Macros: {DAY} {DAY0} {MONTH} {MONTHNUM} {YEAR} {YEAR4}
# {BC} {NUM} {FUZZY} {UNIT} {SEASON} {PART} {MOD} {DAYTIME} {WEEKDAY} {REL} {REF} {SET}
# {HOLIDAY} {DECADEWORD} {ORD} {HALF} {AFTER} {BEFORE} {UNITADJ} {VAGUELONG}
# A word boundary is added on both sides by the tagger.
YEARX = r"(?:\s*(?P<bc>{BC}))?"
PATTERNS = [
    # explicit day dates
    ("date", r"(?:(?P<weekday>{WEEKDAYNAME}),?\s+(?:(?:de[nm]|am)\s+)?)?{DAY}\s*{MONTH}(?:\s*,?\s*{YEAR})?" + YEARX),
    ("date", r"{DAY}\s?{MONTHNUM}\.\s?(?P<year>\d{4}|\d{2})(?!\d)"),
    ("date", r"(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?)?"),
    ("date", r"{DAY0}\s*(?:/|–|-|und|bis|oder)\s*(?:(?:zum|dem|den)\s+)?{DAY}\s*{MONTH}(?:\s*{YEAR})?" + YEARX),
    ("date", r"{DAYTIME}\s+(?:vom|zum|auf\s+den)\s+{DAY}(?:\s*{MONTH}(?:\s*{YEAR})?)?"),
    ("date", r"(?:(?P<part>frühen|späten)\s+)?{DAYTIME}\s+des\s+{DAY}\s*{MONTH}(?:\s*{YEAR})?"),
    ("date", r"(?:(?P<mod>[Gg]egen)\s+)?{DAYTIME}\s+des\s+{DAY}\s*{MONTH}(?:\s*{YEAR})?"),
    ("date", r"(?:im\s+)?Laufe\s+des\s+{DAY}\s*{MONTH}(?:\s*{YEAR})?"),
    # month, season, part of period
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?P<part>{PARTWORD})\s+)?{MONTH}(?:\s+(?:des\s+Jahres\s+|(?P<relyear>(?:des|im)\s+{REL}\s+Jahres?|desselben\s+Jahres))?{YEAR})?" + YEARX),
    ("date", r"{MONTH}\s+(?P<relyear>des\s+Jahres|desselben\s+Jahres|(?:des\s+)?{REL}\s+Jahres)"),
    ("date", r"(?P<part>{PARTWORD})\s+(?:des\s+Jahres\s+)?{YEAR}" + YEARX),
    ("date", r"(?P<part>{PARTWORD})\s+(?P<relyear>des\s+Jahres|(?:des\s+)?{REL}\s+Jahres)(?:\s+{YEAR})?"),
    ("date", r"(?P<part>{PARTWORD})\s+(?P<relmonth>des\s+Monats|(?:des\s+)?{REL}\s+Monats)"),
    ("date", r"(?P<part>Jahresbeginn|Jahresanfang|Jahresende|Jahresmitte|Jahresbeginns|Jahresendes)(?:\s+{YEAR})?"),
    ("date", r"(?:des\s+)?(?:(?P<part>frühen|späten)\s+)?{SEASON}(?:\s+(?:des\s+Jahres\s+)?{YEAR}" + YEARX + r"|\s+(?P<relyear>des\s+Jahres|(?:des\s+)?{REL}\s+Jahres))?"),
    ("date", r"(?:(?:de[nm]|im)\s+)?{REL}\s+{SEASON}"),
    ("date", r"(?:(?P<ord>{ORDWORD})\s+|(?P<ordnum>[1-4])\.\s*){HALF}(?:\s+{YEAR})?"),
    ("date", r"{HOLIDAY}(?:\s+{YEAR})?"),
    # years, decades, centuries
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?:das|dem)\s+)?(?:Jahr(?:e|es|en)?|Jahr\s+des\s+Herrn)\s+(?P<year>\d{1,4})(?!\d)" + YEARX),
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:das\s+Jahr\s+)?(?P<year>\d{1,4})\s*(?P<bc>{BC})"),
    ("date", r"(?:(?P<mod>[Uu]m|[Ee]twa|[Cc]a\.|[Cc]irca|[Gg]egen)\s+)?{YEAR4}(?:(?P<yearsep>/|–|-)(?P<yearnext>\d{2}(?!\d)|1\d{3}(?!\d)|20\d\d(?!\d)))?"),
    ("yearctx", r"(?P<mod>[Uu]m|[Ee]twa|[Cc]a\.)\s+(?P<year>\d{3})(?![\d.,])"),
    ("date", r"(?:(?:den|die|der)\s+)?(?:(?P<part>{PARTWORD})\s+der\s+)?(?P<decade>\d{2,3})0er(?:-|\s)?Jahren?" + YEARX),
    ("date", r"(?:(?:den|die|der)\s+)?(?:(?P<part>{PARTWORD})\s+der\s+)?{DECADEWORD}(?:-|\s)Jahren?"),
    ("date", r"(?:(?P<part>{PARTWORD})\s+(?:des|der)\s+)?(?P<century>\d{1,2})\.\s*(?:Jahrhunderts?|Jh\.)" + YEARX),
    # times of day
    ("date", r"(?:(?:um|gegen)\s+)?(?P<hour>[01]?\d|2[0-4])[:.](?P<minute>[0-5]\d)\s*Uhr(?P<tz>\s+(?:MEZ|MESZ|mitteleuropäischer\s+(?:Sommerz|Z)eit|Ortszeit|UTC|GMT))?"),
    ("date", r"{DAY}\s*{MONTH},\s*(?P<hour>[01]?\d|2[0-4])[:.](?P<minute>[0-5]\d)\s*Uhr(?P<tz>\s+(?:MEZ|MESZ|mitteleuropäischer\s+(?:Sommerz|Z)eit|Ortszeit))?"),
    ("date", r"(?P<hour>[01]?\d|2[0-4])\s*Uhr(?:\s+(?P<minute>[0-5]\d)(?!\d))?"),
    ("date", r"(?P<midnight>Mitternacht)"),
    ("date", r"(?:(?P<mod>[Gg]egen)\s+|am\s+|(?:(?:des|am|dem)\s+)?(?P<relday>(?:gleichen|selben|nächsten|folgenden))\s+|(?:(?:am|des|dem)\s+)?(?P<part>frühen|späten)\s+)?(?<!und\s){DAYTIME}(?!\s+des\s+\d|\s+und\s+Tag)"),
    # weekdays
    ("date", r"(?:(?:am|an\s+diesem|an\s+einem|diesen|(?P<rel2>vergangenen|letzten|kommenden|nächsten|vorigen))\s+)?{WEEKDAY}(?P<daytime2>morgen|vormittag|mittag|nachmittag|abend|nacht)?(?!\w)(?:\s+(?P<daytime3>früh|morgen|vormittag|nachmittag|abend))?"),
    ("date", r"Nacht\s+(?:auf|zum|zu)\s+(?:de[mn]\s+)?{WEEKDAY}"),
    # relative to a reference: "zwei Tage später", "nach drei Tagen", "vor vier Jahren"
    ("offset", r"(?:(?P<mod>{MODWORD})\s+)?{NUM}\s+(?:ganze[n]?\s+)?{UNIT}\s+(?P<dir>{AFTERWORD}|{BEFOREWORD})"),
    ("offset", r"(?P<dir>[Nn]ach)\s+{NUM}\s+{UNIT}"),
    ("duration", r"[Nn]ach\s+{FUZZY}\s+{UNIT}"),
    ("offset", r"(?P<dir>[Vv]or)\s+(?:(?P<mod>{MODWORD})\s+)?{NUM}\s+{UNIT}"),
    ("offset", r"(?P<dir>[Ii]n)\s+(?:(?P<mod>{MODWORD})\s+)?{NUM}\s+{UNIT}"),
    ("offset", r"{UNIT}\s+(?P<dir>darauf|danach|später)"),
    ("offset", r"(?:am\s+|des\s+)?(?P<dirword>Tag|Tags|Jahr|Monat)\s+(?P<dir>darauf|danach|zuvor|davor)"),
    ("rel", r"(?:(?:[Aa]m|[Aa]n|das|den)\s+)?(?:ganze[n]?\s+)?{REL}\s+(?:ganze[n]?\s+)?{UNIT}"),
    ("rel", r"(?:(?:das)\s+)?(?P<rword>Vorjahr|Vorjahres|Folgejahr|Folgejahres|Vormonat|Vormonats|Folgemonat|Vorwoche|Folgewoche|Folgetag|Vortag|Vortags|Wahljahr)"),
    ("rel", r"(?:Laufe\s+des\s+)(?P<unit>Jahres|Tages|Monats)(?:\s+{YEAR})?"),
    ("rel", r"(?:das\s+)?ganze\s+(?P<rel>folgende\s+)?(?P<unit>Jahr)"),
    ("ref", r"{REF}"),
    ("set", r"{SET}"),
    ("set", r"(?:jeden|jede|jedes)\s+{WEEKDAY}"),
    # durations
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?P<rel>letzten|nächsten|ersten|folgenden|vergangenen|kommenden)\s+)?{NUM}\s+(?:(?:ganze[n]?|lange[n]?|volle[n]?|aufeinanderfolgenden|weitere[n]?)\s+)?{UNIT}"),
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?{FUZZY}\s+{UNIT}"),
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?(?P<num>\d+|{NUMWORD}|ein)-?{UNITADJ}(?:e|en|er|es|em)?"),
    ("duration", r"(?P<num>\d+)-(?P<unit>Tage|Wochen|Monate|Jahre|Stunden)"),
    ("duration", r"{VAGUELONG}(?:e|en|er|es|em)?"),
    ("duration", r"(?:(?P<rel>folgenden|ersten|frühen|letzten|nächsten|kommenden)\s+)(?P<unit>Tage|Tagen|Wochen|Monaten|Jahren|Jahre|Monate)"),
    ("duration", r"(?P<fuzzyunit>Jahrzehnte|Jahrhunderte)"),
]

# One-word relative periods: word -> (unit, offset from the reference).
REL_WORDS = {
    "vorjahr": ("Y", -1), "vorjahres": ("Y", -1), "folgejahr": ("Y", 1), "folgejahres": ("Y", 1),
    "vormonat": ("M", -1), "vormonats": ("M", -1), "folgemonat": ("M", 1), "vorwoche": ("W", -1),
    "folgewoche": ("W", 1), "folgetag": ("D", 1), "vortag": ("D", -1), "vortags": ("D", -1),
    "wahljahr": ("Y", 0),
}
# Prepositions before a count that are relative to the article date ("vor vier Jahren",
# "in zwei Wochen"), and those meaning "before".
ARTICLE_RELATIVE_PREPS = ("vor", "in")
BEFORE_PREPS = ("vor",)
# Refs matched only in lower case ("Morgen" is a noun, "morgen" tomorrow).
REFS_LOWER_ONLY = ("morgen", "früher")
# Extra cue words (besides month/weekday/unit… names and digits) around which patterns are tried.
EXTRA_CUES = ("Uhr", "Jh", "Mitternacht", "Jahrhunderts", "Jahrhundert", "jahrzehnt", "jahre", "jahren",
              "jahrzehnte", "jahrhunderte", "jahrelang", "zeitpunkt", "zeitraum", "folgezeit", "zukunft")

# Article dating (`stages.dating`): words in a sentence that mark its dates as future (the article
# comes before them) — "am 30. März soll gewählt werden".
FUTURE_CUES = ("wird", "werden", "soll", "sollen", "sollte", "geplant", "planen", "plant", "bevorstehend",
               "bevorstehenden", "voraussichtlich", "künftig", "stattfinden", "findet", "beginnt", "endet",
               "läuft", "bis zum", "bis spätestens")
