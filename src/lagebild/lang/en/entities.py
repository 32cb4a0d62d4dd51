"""English entity gazetteers and rule words (data, not code).

English has no statistical NER model in lagebild yet: the `entities` stage uses
these lists, CLDR country/city names (``CLDR_LOCALE``) and the role rule only.
"""

CLDR_LOCALE = "en"

AGENCIES: tuple[str, ...] = (
    "AFP", "Reuters", "AP", "Associated Press", "KCNA", "Yonhap", "TASS", "Tass", "RIA Novosti", "Interfax",
    "Xinhua", "Kyodo", "Bloomberg", "dpa", "ANSA", "EFE", "Sputnik", "Ukrinform", "Anadolu", "BBC", "CNN",
)

ORGANISATIONS: tuple[str, ...] = (
    "NATO", "Nato", "UN", "United Nations", "EU", "European Union", "UN Security Council", "Security Council",
    "Kremlin", "Pentagon", "White House", "State Department", "CSIS", "IAEA", "OSCE", "WHO", "G7", "G20", "BRICS",
    "European Commission", "European Parliament", "IMF", "World Bank", "OPEC", "ASEAN", "African Union",
    "Workers' Party", "Duma", "State Duma", "Hamas", "Hezbollah", "Taliban", "Wagner Group", "Gazprom", "Rosneft",
    "Roscosmos", "CIA", "FBI", "FSB", "KGB", "Congress", "Senate",
)

PLACES: tuple[str, ...] = (
    "US", "USA", "U.S.", "North Korea", "South Korea", "Russia", "Ukraine", "Crimea", "Donbas", "Gaza", "West Bank",
    "Berlin", "Vienna", "Paris", "London", "Washington", "Beijing", "Tokyo", "Seoul", "Moscow", "Kyiv", "Kiev",
    "Minsk", "Pyongyang", "Vladivostok", "Vostochny", "St. Petersburg", "Brussels", "Rome", "Madrid", "Warsaw",
    "Prague", "Ankara", "Istanbul", "Tehran", "Jerusalem", "Tel Aviv", "Cairo", "New Delhi", "Taipei", "Hanoi",
    "Siberia", "Korean Peninsula", "Europe", "Asia", "Africa", "Middle East", "Kharkiv", "Odesa", "Mariupol",
)

CLDR_SKIP_TERRITORIES: tuple[str, ...] = ("001", "EU", "EZ", "UN", "ZZ", "QO", "XA", "XB")
CLDR_ORG_TERRITORIES: tuple[str, ...] = ("EU", "UN")

AMBIGUOUS: tuple[str, ...] = (
    "World", "Regina", "Casey", "Davis", "Palmer", "Mawson", "Troll", "Center", "Knox", "Marengo", "Darwin",
    "Vostok", "Macquarie", "Lord Howe", "Dawson", "Creston", "Eucla", "Tell City", "Monticello", "Beulah",
    "Salem", "Petersburg", "Vincennes", "Winamac", "Vevay", "Nome", "Sitka", "Menominee", "Boise", "Thule",
    "Chatham", "Norfolk", "Easter", "Midway", "Wake", "Johnston", "Jersey", "Guernsey", "Chad", "Georgia",
    "Jordan", "Niger", "Turkey", "Victoria", "Phoenix", "Denver", "Mayotte",
)

ROLE_WORDS: tuple[str, ...] = (
    "President", "Vice President", "Prime Minister", "Minister", "Chancellor", "Leader", "leader", "Premier",
    "Secretary", "Spokesman", "Spokeswoman", "spokesman", "spokeswoman", "Ambassador", "General", "Admiral",
    "Colonel", "Senator", "Governor", "Mayor", "Professor", "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs",
    "Ms", "King", "Queen", "Prince", "Princess", "Pope", "Chairman", "Director", "analyst", "expert",
    "professor", "president", "minister", "dictator",
)

NOT_NAME_WORDS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "The", "A", "An", "He", "She", "It", "They", "We", "In", "On", "At", "Of", "And", "But", "Kremlin",
)

FAMILY_NAMES_FIRST: tuple[str, ...] = (
    "Kim", "Ri", "Pak", "Park", "Choe", "Choi", "Jo", "Cho", "Jang", "Kang", "Yun", "Yoon", "Moon", "Lee", "Han",
    "Hyon", "Kwon", "Song", "Yoo", "Shin", "Hwang", "Xi", "Li", "Wang", "Zhang", "Liu", "Chen", "Nguyen",
)

# Official state names -> CLDR territory code (exonym merging).
OFFICIAL_NAMES: dict[str, str] = {
    "USA": "US",
    "Democratic People's Republic of Korea": "KP", "DPRK": "KP", "Republic of Korea": "KR",
    "Russian Federation": "RU", "People's Republic of China": "CN", "United States of America": "US",
    "Federal Republic of Germany": "DE", "Islamic Republic of Iran": "IR",
}
