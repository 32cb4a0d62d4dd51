"""German entity gazetteers and rule words (data, not code).

Used by the `entities` stage's rule layer (`lagebild.stages.ner_rules`). Country
and city names come from CLDR via babel at run time (`CLDR_LOCALE`); the lists
here add what CLDR lacks (short forms, agencies, organisations, capitals) and
what must never be tagged (ambiguous words). Entries are matched case-sensitively
on token boundaries; a LOC/ORG entry also matches with a genitive "s".
"""

CLDR_LOCALE = "de"

# News agencies and media that are cited as sources (ORG).
AGENCIES: tuple[str, ...] = (
    "dpa", "AFP", "Reuters", "AP", "KCNA", "KNA", "KNS", "Yonhap", "Tass", "TASS", "Ria Nowosti", "RIA Nowosti",
    "Interfax", "Xinhua", "APA", "epd", "SDA", "Keystone-SDA", "ANSA", "EFE", "Kyodo", "Bloomberg", "Sputnik",
    "Ukrinform", "Unian", "Anadolu", "Rodong Sinmun", "CNN", "BBC", "ARD", "ZDF", "ORF", "SRF", "AP News",
)

# Organisations (ORG).
ORGANISATIONS: tuple[str, ...] = (
    "Nato", "NATO", "UN", "UNO", "Uno", "EU", "UN-Sicherheitsrat", "Uno-Sicherheitsrat", "UNO-Sicherheitsrat",
    "Sicherheitsrat", "Vereinte Nationen", "Vereinten Nationen", "Europäische Union", "Europäischen Union",
    "Kreml", "Pentagon", "Weißes Haus", "Weiße Haus", "Weißen Haus", "CSIS", "IAEA", "IAEO", "OSZE", "WHO",
    "G7", "G20", "Brics", "BRICS", "Bundeswehr", "Bundestag", "Bundesrat", "Bundesregierung", "Europarat",
    "EU-Kommission", "Europäische Kommission", "Europäischen Kommission", "Europaparlament", "EZB", "IWF",
    "Weltbank", "OPEC", "Opec", "Asean", "ASEAN", "Afrikanische Union", "Arbeiterpartei", "Duma", "Staatsduma",
    "Hamas", "Hisbollah", "Taliban", "Wagner-Gruppe", "Gazprom", "Rosneft", "Roskosmos", "CIA", "FBI", "FSB", "KGB",
    "SPD", "CDU", "CSU", "FDP", "AfD", "Grüne", "Grünen", "ÖVP", "FPÖ", "SPÖ", "Neos", "UN-Generalversammlung",
)

# Places CLDR does not name (capitals and cities often in the news; LOC).
PLACES: tuple[str, ...] = (
    "USA", "Nordkorea", "Südkorea", "Russland", "Ukraine", "Krim", "Donbass", "Gazastreifen", "Westjordanland",
    "Berlin", "Wien", "Bern", "Zürich", "Genf", "Paris", "London", "Washington", "Peking", "Tokio", "Seoul",
    "Moskau", "Kiew", "Kyjiw", "Minsk", "Pjöngjang", "Wladiwostok", "Sankt Petersburg", "St. Petersburg",
    "Brüssel", "Rom", "Madrid", "Warschau", "Prag", "Budapest", "Ankara", "Istanbul", "Teheran", "Jerusalem",
    "Tel Aviv", "Kairo", "Neu-Delhi", "Delhi", "Taipeh", "Hanoi", "Ulan Bator", "Astana", "Chabarowsk",
    "Sibirien", "Fernost", "Wostotschny", "Baikonur",
    # spaceports are places (GermEval tags facilities LOC); the full names win over a model ORG
    "Raumfahrtzentrum Wostotschny", "Weltraumbahnhof Wostotschny", "Kosmodrom Wostotschny", "Kosmodrom Baikonur",
    "Demokratische Volksrepublik Korea", "Demokratischen Volksrepublik Korea", "DVRK", "Russische Föderation",
    "Russischen Föderation", "Volksrepublik China",
    "Korea", "Koreanische Halbinsel", "Europa", "Asien", "Afrika", "Amerika", "Nahost",
    "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden", "Graz", "Linz",
    "Salzburg", "Innsbruck", "Basel", "Lausanne", "Straßburg", "Den Haag", "Amsterdam", "Stockholm", "Oslo",
    "Helsinki", "Kopenhagen", "Lissabon", "Athen", "Belgrad", "Bukarest", "Sofia", "Vilnius", "Riga", "Tallinn",
    "Charkiw", "Odessa", "Mariupol", "Bachmut", "Cherson", "Saporischschja", "Donezk", "Luhansk",
)

# CLDR territory codes that are not places (or ambiguous as common nouns).
CLDR_SKIP_TERRITORIES: tuple[str, ...] = ("001", "EU", "EZ", "UN", "ZZ", "QO", "XA", "XB")
CLDR_ORG_TERRITORIES: tuple[str, ...] = ("EU", "UN")

# Words never tagged by the rule layer (common nouns/names that collide with CLDR
# city or country names).
AMBIGUOUS: tuple[str, ...] = (
    "Welt", "Regina", "Casey", "Davis", "Palmer", "Mawson", "Troll", "Center", "Knox", "Marengo", "Darwin",
    "Vostok", "Macquarie", "Lord Howe", "Rothera", "Syowa", "McMurdo", "Dawson", "Creston", "Eucla", "Tell City",
    "Monticello", "Beulah", "Salem", "Petersburg", "Vincennes", "Winamac", "Vevay", "Nome", "Sitka", "Metlakatla",
    "Menominee", "Boise", "Thule", "Danmarkshavn", "Scoresbysund", "Godthab", "Chatham", "Norfolk", "Kosrae",
    "Kanton", "Marquesas", "Gambier", "Pitcairn", "Easter", "Galapagos", "Midway", "Wake", "Johnston",
    "Fortaleza", "Recife", "Maceio", "Belem", "Santarem", "Araguaina", "Bahia", "Cuiaba", "Campo Grande",
    "Porto Velho", "Boa Vista", "Manaus", "Eirunepe", "Rio Branco", "Noronha", "Merida", "Matamoros",
    "Ojinaga", "Chihuahua", "Hermosillo", "Mazatlan", "Monterrey", "Tijuana", "Cancún", "Bahia Banderas",
)

# Role nouns: a capitalised name right after one of these is a person; role words
# themselves are never part of an entity ("Kremlsprecher Dmitri Peskow" → PER "Dmitri Peskow").
ROLE_WORDS: tuple[str, ...] = (
    "Präsident", "Präsidenten", "Präsidentin", "Staatschef", "Staatschefs", "Machthaber", "Machthabers",
    "Regierungschef", "Regierungschefin", "Ministerpräsident", "Ministerpräsidentin", "Kanzler", "Kanzlerin",
    "Bundeskanzler", "Bundeskanzlerin", "Minister", "Ministerin", "Außenminister", "Außenministerin",
    "Verteidigungsminister", "Verteidigungsministerin", "Innenminister", "Innenministerin", "Finanzminister",
    "Finanzministerin", "Sprecher", "Sprecherin", "Kremlsprecher", "Kreml-Sprecher", "Regierungssprecher",
    "Regierungssprecherin", "Präsidialamtssprecher", "Botschafter", "Botschafterin", "Generalsekretär",
    "Generalsekretärin", "Experte", "Experten", "Expertin", "Professor", "Professorin", "Prof.", "Dr.",
    "Analyst", "Analystin", "Politologe", "Politologin", "Historiker", "Historikerin", "Korrespondent",
    "Korrespondentin", "Reporter", "Reporterin", "Diplomat", "Diplomatin", "General", "Generalin", "Oberst",
    "Admiral", "Kommandeur", "Vizepräsident", "Vizepräsidentin", "Vize", "Parteichef", "Parteichefin",
    "Papst", "König", "Königin", "Prinz", "Prinzessin", "Herr", "Herrn", "Frau", "Autor", "Autorin", "Sänger", "Sängerin",
    "Trainer", "Trainerin", "Bürgermeister", "Bürgermeisterin", "Abgeordnete", "Abgeordneter", "Senator",
    "Senatorin", "Gouverneur", "Gouverneurin", "Direktor", "Direktorin", "Leiter", "Leiterin", "Chef", "Chefin",
    "Sicherheitsberater", "Sicherheitsberaterin", "Kommunikationsdirektor", "Koordinator", "Schwester", "Bruder",
    "Tochter", "Sohn", "Vater", "Mutter", "Ehefrau", "Ehemann", "Staatsgründer", "Großvater", "Diktator",
)

# Capitalised words that end a name after a role word (never part of a person name).
NOT_NAME_WORDS: tuple[str, ...] = (
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonnabend", "Sonntag",
    "Januar", "Jänner", "Februar", "Feber", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen",
    "Er", "Sie", "Es", "Wir", "Ihr", "Nach", "Vor", "Bei", "Mit", "Von", "Für", "Auf", "In", "Im", "Am",
    "Und", "Oder", "Aber", "Auch", "Dies", "Diese", "Dieser", "Kreml", "Regierung", "Russlands", "Nordkoreas",
)

# Demonyms and adjectives derived from place names are not entities in the
# product (GermEval tags them LOCderiv); listed so the rule layer never tags them.
DEMONYM_ENDINGS: tuple[str, ...] = ("isch", "ische", "ischen", "ischer", "isches", "ischem")

# Family names written first (Korean, Chinese, Vietnamese names in German news):
# a PER mention right after one of these is extended to include it ("Jo [Chun Ryong]"),
# and a short name part right after such a mention is included ("[Kim Jong] Un").
FAMILY_NAMES_FIRST: tuple[str, ...] = (
    "Kim", "Ri", "Pak", "Park", "Choe", "Choi", "Jo", "Cho", "Jang", "Kang", "Yun", "Yoon", "Moon", "Lee", "Han",
    "Hyon", "Jong", "Kwon", "Song", "Yoo", "Shin", "Hwang", "Xi", "Li", "Wang", "Zhang", "Liu", "Chen", "Nguyen",
)

# Official state names -> CLDR territory code (exonym merging: "Demokratische Volksrepublik
# Korea" is Nordkorea); inflected forms listed as they appear in running text.
OFFICIAL_NAMES: dict[str, str] = {
    "USA": "US",
    "Demokratische Volksrepublik Korea": "KP", "Demokratischen Volksrepublik Korea": "KP", "DVRK": "KP",
    "Republik Korea": "KR", "Russische Föderation": "RU", "Russischen Föderation": "RU",
    "Volksrepublik China": "CN", "Vereinigte Staaten": "US", "Vereinigten Staaten": "US",
    "Vereinigte Staaten von Amerika": "US", "Vereinigten Staaten von Amerika": "US",
    "Bundesrepublik Deutschland": "DE", "Vereinigtes Königreich": "GB", "Vereinigten Königreich": "GB",
    "Islamische Republik Iran": "IR", "Islamischen Republik Iran": "IR",
}
