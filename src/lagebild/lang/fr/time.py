"""French time vocabulary and timex patterns (data, not code).

Same structure as ``lang/de/time.py`` (see there and `lagebild.stages.timex_rules`).
Month names are lower case in French; a bare month name ("mars", "mai") needs
context (a day, a year, "en", "début"…). "été" is also a participle, so a season
needs an article or a preposition ("l'été", "en été", "cet été").
"""

DAYTIME_ANY_CASE = True
NOUN_AFTER_YEAR_CHECK = False
REL_SUFFIX = ""

MONTHS = {
    "janvier": 1, "janv.": 1, "février": 2, "fevrier": 2, "févr.": 2, "fév.": 2, "mars": 3, "avril": 4,
    "avr.": 4, "mai": 5, "juin": 6, "juillet": 7, "juil.": 7, "août": 8, "aout": 8, "septembre": 9,
    "sept.": 9, "octobre": 10, "oct.": 10, "novembre": 11, "nov.": 11, "décembre": 12, "decembre": 12,
    "déc.": 12,
}
WEEKDAYS = {"lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7}
NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "soixante-dix": 70, "quatre-vingts": 80,
    "quatre-vingt-dix": 90, "cent": 100, "mille": 1000, "un demi": 0.5, "une demi": 0.5,
}
FUZZY_NUMBERS = ("plusieurs", "quelques", "de nombreuses", "de nombreux", "nombreuses", "nombreux",
                 "certaines", "certains")
UNIT_SINGULAR = ("seconde", "minute", "heure", "jour", "journée", "semaine", "mois", "an", "année",
                 "décennie", "siècle", "trimestre", "semestre")
UNITS = {
    "seconde": "S", "secondes": "S", "minute": "MI", "minutes": "MI", "heure": "H", "heures": "H",
    "jour": "D", "jours": "D", "journée": "D", "journées": "D", "semaine": "W", "semaines": "W",
    "mois": "M", "an": "Y", "ans": "Y", "année": "Y", "années": "Y", "décennie": "DE", "décennies": "DE",
    "siècle": "CE", "siècles": "CE", "trimestre": "Q", "trimestres": "Q", "semestre": "H6",
}
UNIT_ADJ: dict = {}
VAGUE_LONG: dict = {}
SEASONS = {"printemps": "SP", "été": "SU", "automne": "FA", "hiver": "WI"}
PARTS = {"début": "START", "fin": "END", "mi": "MID", "milieu": "MID", "à la fin de": "END",
         "au début de": "START", "à la mi": "MID"}
PART_WORDS = ("début", "Début", "fin", "Fin", "mi", "Mi", "milieu")
MODS = {
    "environ": "APPROX", "près de": "APPROX", "presque": "APPROX", "quelque": "APPROX", "vers": "APPROX",
    "plus de": "MORE_THAN", "au moins": "EQUAL_OR_MORE", "moins de": "LESS_THAN", "au plus": "EQUAL_OR_LESS",
    "à peine": "LESS_THAN",
}
DAYTIMES = {"matin": "MO", "matinée": "MO", "après-midi": "AF", "soir": "EV", "soirée": "EV",
            "nuit": "NI", "midi": "MI"}
RELATIVE = {
    "dernier": -1, "dernière": -1, "derniers": -1, "dernières": -1, "passé": -1, "passée": -1,
    "écoulé": -1, "écoulée": -1, "précédent": -1, "précédente": -1,
    "prochain": 1, "prochaine": 1, "prochains": 1, "prochaines": 1, "suivant": 1, "suivante": 1,
    "à venir": 1, "ce": 0, "cet": 0, "cette": 0, "même": 0, "en cours": 0,
}
RELATIVE_NARRATIVE = ("précédent", "précédente", "suivant", "suivante", "même")
AFTER_WORDS = ("plus tard", "après", "dans")
BEFORE_WORDS = ("plus tôt", "auparavant", "avant", "il y a")
REFS = {
    "aujourd'hui": ("day", 0), "aujourd’hui": ("day", 0), "hier": ("day", -1), "demain": ("day", 1),
    "avant-hier": ("day", -2), "après-demain": ("day", 2),
    "ce matin": ("day", 0, "MO"), "cet après-midi": ("day", 0, "AF"), "ce soir": ("day", 0, "EV"),
    "cette nuit": ("day", 0, "NI"), "hier soir": ("day", -1, "EV"), "hier matin": ("day", -1, "MO"),
    "hier après-midi": ("day", -1, "AF"), "demain matin": ("day", 1, "MO"),
    "actuellement": "PRESENT_REF", "maintenant": "PRESENT_REF", "désormais": "PRESENT_REF",
    "en ce moment": "PRESENT_REF", "à l'heure actuelle": "PRESENT_REF", "à présent": "PRESENT_REF",
    "jusqu'ici": "PRESENT_REF", "jusqu’ici": "PRESENT_REF",
    "bientôt": "FUTURE_REF", "prochainement": "FUTURE_REF", "à l'avenir": "FUTURE_REF",
    "à l’avenir": "FUTURE_REF", "sous peu": "FUTURE_REF",
    "récemment": "PAST_REF", "dernièrement": "PAST_REF", "autrefois": "PAST_REF", "jadis": "PAST_REF",
    "naguère": "PAST_REF",
}
REFS_WEAK = ("maintenant", "désormais")
SETS = {"chaque année": "P1Y", "chaque jour": "P1D", "chaque semaine": "P1W", "chaque mois": "P1M",
        "tous les jours": "P1D", "tous les ans": "P1Y", "tous les mois": "P1M", "quotidiennement": "P1D",
        "annuellement": "P1Y", "toutes les semaines": "P1W"}
HOLIDAYS = {"jour de l'an": (1, 1), "jour de l’an": (1, 1), "nouvel an": (1, 1), "noël": (12, 25),
            "réveillon de noël": (12, 24), "saint-sylvestre": (12, 31), "fête nationale": (7, 14),
            "fête du travail": (5, 1)}
DECADE_WORDS = {"20": 2, "30": 3, "40": 4, "50": 5, "60": 6, "70": 7, "80": 8, "90": 9,
                "vingt": 2, "trente": 3, "quarante": 4, "cinquante": 5, "soixante": 6, "soixante-dix": 7,
                "quatre-vingt": 8, "quatre-vingt-dix": 9}
ORDINALS = {"premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3,
            "quatrième": 4, "dernier": -1, "dernière": -1}
HALF_WORDS = {"semestre": "H", "trimestre": "Q", "moitié": "H"}
BC = r"(?:av\.\s?J\.?-?C\.|avant\s+J\.?-?C\.|avant\s+Jésus-Christ|av\.\s?n\.\s?è\.|avant\s+notre\s+ère)"
NOT_YEAR_AFTER = (
    "euros", "dollars", "roubles", "yuans", "wons", "personnes", "morts", "soldats", "habitants", "km",
    "kilomètres", "mètres", "tonnes", "kg", "%", "pour cent", "victimes", "voix", "pages", "hommes",
    "femmes", "enfants", "millions", "milliards", "fois", "blessés", "prisonniers", "véhicules", "chars",
    "missiles", "obus", "navires", "avions",
)

LEAD_STRIP = (r"^(?:le|en|depuis|dès|jusqu['’](?:en|au|à)|à\s+partir\s+d(?:u|e|['’])|au|à|vers|dans|entre|et"
              r"|avant|après|d['’]ici|pendant|durant|au\s+mois\s+de)\s+")
LEAD_KEEP = None
NIGHT_BEFORE = r"(?i)(?:dans\s+)?la\s+nuit"
ARTICLE_RELATIVE_PREPS = ("il y a", "dans")
BEFORE_PREPS = ("il y a",)

_AP = "['’]"
_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?:er)?(?!\d)"
_YEARPART = r"(?:\s+{YEAR}(?:\s*(?P<bc>{BC}))?)"
_CTX = (r"(?:en|depuis|dès|jusqu" + _AP + r"(?:en|à)|avant|après|entre|et|à\s+partir\s+de|au\s+mois\s+de"
        r"|pendant|durant|fin|début)")
PATTERNS = [
    # day dates: "19 juin 2024", "mercredi 19 juin", "1er janvier", "19/06/2024"
    ("date", r"(?:(?P<weekday>{WEEKDAYNAME})\s+)?" + _DAY + r"\s+{MONTH}" + _YEARPART + "?"),
    ("date", r"(?P<day>0?[1-9]|[12]\d|3[01])/(?P<monthnum>0?[1-9]|1[0-2])/(?P<year>\d{4})(?!\d)"),
    ("date", r"(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?)?"),
    # months: need a year, a part word, a preposition or a relative word
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?P<part>{PARTWORD})\s*-?\s*)?{MONTH}" + _YEARPART),
    ("date", r"(?P<part>{PARTWORD})\s*-?\s*(?:d['’]|de\s+)?{MONTH}"),
    ("date", _CTX + r"\s+{MONTH}"),
    ("date", r"(?:en\s+)?{MONTH}\s+(?P<monthdir>dernier|prochain)"),
    ("date", r"(?P<part>{PARTWORD})\s*-?\s*{YEAR}"),
    ("date", r"(?:à\s+la\s+|au\s+|en\s+)?(?P<part>début|fin|milieu)\s+(?:de\s+l['’]|d['’]|de\s+cette\s+)(?P<relyear>année|an)(?:\s+(?:{REL}))?"),
    ("date", r"(?:à\s+la\s+|au\s+|en\s+)?(?P<part>début|fin|milieu)\s+(?:du|de\s+ce)\s+(?P<relmonth>mois)(?:\s+(?:{REL}))?"),
    # seasons: "l'été dernier", "au printemps 2023", "cet hiver", "en été"
    ("date", r"(?:[Ll]['’]|[Ee]n\s+|[Aa]u\s+)?{SEASON}\s+(?:de\s+)?{YEAR}"),
    ("date", r"(?:[Ll]['’]|[Ll]e\s+|[Aa]u\s+)?{SEASON}\s+(?:{REL})"),
    ("date", r"(?:{REL})\s+{SEASON}"),
    ("date", r"(?:[Ll]['’]|[Ee]n\s+|[Aa]u\s+)(?:(?P<part>début|fin)\s+de\s+l['’])?{SEASON}"),
    # halves and quarters: "premier semestre 2024", "au troisième trimestre"
    ("date", r"(?:le\s+|au\s+)?(?P<ord>{ORDWORD})\s+{HALF}(?:\s+(?:de\s+)?{YEAR})?"),
    ("date", r"{HOLIDAY}(?:\s+{YEAR})?"),
    # years, decades, centuries, BC
    ("date", r"(?:(?P<mod>{MODWORD})\s+)?(?:l['’]an\s+)?(?P<year>\d{1,4})\s*(?P<bc>{BC})"),
    ("date", r"(?:(?P<mod>[Vv]ers|[Ee]nviron)\s+)?(?:l['’]an\s+)?{YEAR4}(?:(?P<yearsep>/|–|-)(?P<yearnext>\d{2}(?!\d)|1\d{3}(?!\d)|20\d\d(?!\d)))?"),
    ("date", r"(?:les\s+|des\s+)?années\s+(?:(?P<part>{PARTWORD})\s+)?(?P<decade>1\d\d|20\d)0"),
    ("date", r"(?:les\s+|des\s+)?années\s+{DECADEWORD}"),
    ("date", r"(?:le\s+)?(?P<century>\d{1,2})(?:e|ème)\s+siècle" + r"(?:\s*(?P<bc>{BC}))?"),
    # times of day: "à 15h30", "vers 10 heures"
    ("date", r"(?:(?:à|vers)\s+)?(?P<hour>[01]?\d|2[0-3])\s?h\s?(?P<minute>[0-5]\d)?(?!\w)"),
    ("date", r"(?:à|vers)\s+(?P<hour>[01]?\d|2[0-3])\s+heures?(?:\s+(?P<minute>[0-5]\d))?"),
    ("date", r"(?P<midnight>minuit)"),
    ("date", r"dans\s+la\s+{DAYTIME}"),
    # weekdays: "mercredi", "mercredi soir", "jeudi dernier", "dans la nuit de mercredi à jeudi"
    ("date", r"(?:(?:[Ll]e|[Cc]e)\s+)?{WEEKDAY}(?:\s+(?P<daytime3>matin|après-midi|soir))?(?:\s+(?P<rel2>dernier|prochain))?"),
    ("date", r"(?:[Dd]ans\s+)?(?:la|La)\s+nuit\s+(?:de\s+|du\s+)(?:{WEEKDAYNAME})\s+(?:à|au)\s+{WEEKDAY}"),
    # offsets: "il y a deux ans", "trois jours plus tard", "dans deux semaines"
    ("offset", r"(?P<dir>[Ii]l\s+y\s+a)\s+(?:(?P<mod>{MODWORD})\s+)?{NUM}\s+{UNIT}"),
    ("offset", r"(?:(?P<mod>{MODWORD})\s+)?{NUM}\s+{UNIT}\s+(?P<dir>plus\s+tard|plus\s+tôt|après|auparavant)"),
    ("offset", r"(?P<dir>[Dd]ans)\s+{NUM}\s+{UNIT}"),
    # relative periods: "la semaine dernière", "l'an dernier", "cette année", "le lendemain"
    ("rel", r"(?:[Ll][ae]\s+|[Ll]['’])?{UNIT}\s+(?:{REL})"),
    ("rel", r"(?:{REL})\s+{UNIT}"),
    ("rel", r"(?:[Ll]e\s+|[Ll]a\s+)?(?P<rword>lendemain|surlendemain|veille)"),
    ("ref", r"{REF}"),
    ("set", r"{SET}"),
    ("set", r"(?:chaque|tous\s+les)\s+{WEEKDAY}s?"),
    # durations: "24 ans", "plusieurs semaines", "des années"
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?(?:(?:les|ces)\s+)?{NUM}\s+(?:(?P<rel>derniers|dernières|prochains|prochaines|premiers|premières)\s+)?{UNIT}"),
    ("duration", r"(?:(?P<mod>{MODWORD})\s+)?{FUZZY}\s+{UNIT}"),
    ("duration", r"(?<=des\s)(?P<fuzzyunit>années|décennies|mois|semaines|siècles)"),
]
REL_WORDS = {"lendemain": ("D", 1), "surlendemain": ("D", 2), "veille": ("D", -1)}
EXTRA_CUES = ("il", "siècle", "minuit", "lendemain", "veille", "heures", "nuit")

# Article dating: words marking a sentence's dates as future (the article comes before them).
FUTURE_CUES = ("doit", "doivent", "devrait", "devraient", "prévu", "prévue", "aura", "auront", "sera", "seront",
               "va", "vont", "prochain", "prochaine")
