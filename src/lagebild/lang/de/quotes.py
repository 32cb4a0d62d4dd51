"""German data for the quote stage: cue words, Konjunktiv I forms, role nouns, relays.

Data only (hand-written word lists); the rules that use them live in
``lagebild.stages.quote_rules``. All entries are lower case.
"""

from __future__ import annotations

# Regular (weak) speech/thought/writing verbs as stems. The stage generates the
# finite forms (stem + e/t/te/ten/en/et/ete/eten) and the participle (ge- + stem
# + t/et, no ge- for inseparable prefixes and -ier verbs).
WEAK_STEMS: tuple[str, ...] = (
    "sag", "erklär", "beton", "bestätig", "bericht", "meld", "kritisier", "forder",
    "warn", "äußer", "bezeichn", "behaupt", "vermut", "glaub", "mein", "hoff",
    "befürcht", "argumentier", "begründ", "bekräftig", "verkünd", "erläuter",
    "kommentier", "urteil", "bemerk", "versicher", "zitier", "antwort", "entgegn",
    "ergänz", "frag", "beklag", "klag", "lob", "mahn", "verlang", "dementier",
    "präzisier", "resümier", "prognostizier", "spekulier", "schätz", "appellier",
    "plädier", "protestier", "beteuer", "konstatier", "rechtfertig", "signalisier",
    "droh", "erwider", "bedauer", "begrüß", "beschwer", "folger", "schilder",
    "berücksichtig", "informier", "erinner", "verweis", "versprech", "twitter",
    "skandier", "verlautbar", "beschuldig", "bilanzier", "monier", "bemängel",
    "unterstell", "bezweifel", "zweifel", "wünsch", "vermeld", "ankündig",
    "prophezei",
)

# Irregular finite forms and participles (main clause or verb-final).
IRREGULAR_FORMS: tuple[str, ...] = (
    "schrieb", "schrieben", "schreibt", "schreiben", "schreibe", "geschrieben",
    "hieß", "heißt", "geheißen", "nannte", "nannten", "nennt", "nennen", "genannt",
    "sprach", "sprachen", "spricht", "gesprochen", "riet", "rät",
    "bat", "baten", "bittet", "gebeten", "empfahl", "empfiehlt", "empfohlen",
    "unterstrich", "unterstrichen", "unterstreicht", "widersprach", "widerspricht",
    "widersprochen", "bekannte", "bekennt", "beschrieb", "beschreibt", "beschrieben",
    "verwies", "verwiesen", "verglich", "verglichen", "vergleicht", "versprach",
    "versprochen", "verspricht", "dachte", "entschied", "entschieden", "beschloss",
    "beschlossen", "gestand", "gestanden", "rügte", "rügt", "gerügt",
)

# Separable verbs: (particle, finite forms of the base verb, participle).
SEPARABLE: tuple[tuple[str, str, str], ...] = (
    ("mit", "teile teilt teilte teilten teilen", "mitgeteilt"),
    ("bekannt", "gebe gibt gab gaben geben", "bekanntgegeben"),
    ("an", "kündige kündigt kündigte kündigten kündigen", "angekündigt"),
    ("hinzu", "füge fügt fügte fügten fügen", "hinzugefügt"),
    ("ein", "räume räumt räumte räumten räumen", "eingeräumt"),
    ("klar", "stelle stellt stellte stellten stellen", "klargestellt"),
    ("fest", "stelle stellt stellte stellten stellen", "festgestellt"),
    ("hin", "weise weist wies wiesen weisen", "hingewiesen"),
    ("zurück", "weise weist wies wiesen weisen", "zurückgewiesen"),
    ("aus", "führe führt führte führten führen", "ausgeführt"),
    ("hervor", "hebe hebt hob hoben heben", "hervorgehoben"),
    ("vor", "werfe wirft warf warfen werfen", "vorgeworfen"),
    ("an", "deute deutet deutete deuteten deuten", "angedeutet"),
    ("dar", "lege legt legte legten legen", "dargelegt"),
    ("zu", "sichere sichert sicherte sicherten sichern", "zugesichert"),
    ("ab", "lehne lehnt lehnte lehnten lehnen", "abgelehnt"),
    ("aus", "spreche spricht sprach sprachen sprechen", "ausgesprochen"),
    ("zu", "gebe gibt gab gaben geben", "zugegeben"),
    ("an", "gebe gibt gab gaben geben", "angegeben"),
    ("aus", "sage sagt sagte sagten sagen", "ausgesagt"),
    ("an", "merke merkt merkte merkten merken", "angemerkt"),
    ("ein", "wende wendet wandte wandten wenden", "eingewandt"),
    ("auf", "fordere fordert forderte forderten fordern", "aufgefordert"),
    ("auf", "rufe ruft rief riefen rufen", "aufgerufen"),
    ("fort", "fahre fährt fuhr fuhren fahren", "fortgefahren"),
    ("zu", "stimme stimmt stimmte stimmten stimmen", "zugestimmt"),
    ("vor", "schlage schlägt schlug schlugen schlagen", "vorgeschlagen"),
    ("fest", "halte hält hielt hielten halten", "festgehalten"),
    ("ab", "streite streitet stritt stritten streiten", "abgestritten"),
    ("aus", "gehe geht ging gingen gehen", "ausgegangen"),
    ("hinaus", "weise weist wies wiesen weisen", "hinausgewiesen"),
    ("nach", "lege legt legte legten legen", "nachgelegt"),
    ("heraus", "stelle stellt stellte stellten stellen", "herausgestellt"),
    ("zu", "sage sagt sagte sagten sagen", "zugesagt"),
    ("aus", "schließe schließt schloss schlossen schließen", "ausgeschlossen"),
    ("entgegen", "halte hält hielt hielten halten", "entgegengehalten"),
)

# Verbs whose quoted object is the message: "bezeichnete X als „…“", "nannte X „…“".
OBJECT_QUOTE_VERBS: tuple[str, ...] = ("bezeichn", "nenn", "nann", "genannt", "lob", "kritisier", "sprach", "sprech", "beschrieb", "beschreib")

# Words that look like verb forms generated from stems but are not cues.
NOT_CUES: frozenset[str] = frozenset(
    {"meine", "meinen", "meiner", "meinem", "frage", "fragen", "klage", "klagen", "lobe",
     "hoffen", "schätzen", "warnen", "drohen", "meldung", "forderungen"}
)

# Cue prepositions and particles.
PREP_BEFORE_SOURCE: frozenset[str] = frozenset({"laut", "gemäß", "lt."})
POSTPOSITIONS: frozenset[str] = frozenset({"zufolge"})
# "nach Angaben der Polizei": nouns after "nach" that make it a cue.
NACH_NOUNS: frozenset[str] = frozenset(
    {
        "angaben", "ansicht", "meinung", "aussage", "aussagen", "auffassung",
        "einschätzung", "informationen", "worten", "darstellung", "berichten",
        "schätzungen", "auskunft", "mitteilung", "erkenntnissen", "überzeugung",
        "einschätzungen", "ansicht", "vorstellung", "vorstellungen", "überzeugung",
        "berechnungen", "recherchen", "erklärungen", "prognosen", "zeugenaussagen",
        "medienberichten", "polizeiangaben", "regierungsangaben", "behördenangaben",
        "angaben", "meinung", "studie", "umfrage", "analyse", "erkenntnissen", "worten",
        "expertenmeinung", "aussagen", "bericht", "berichten", "darstellung", "nachricht",
        "schätzung", "vernehmen", "ankündigung", "erkenntnisstand", "kenntnisstand", "planungen",
        "quellenlage", "wunsch", "hinweis", "hinweisen", "beobachtern", "ermittlungen",
        "veröffentlichung", "vorhersage", "endergebnis", "gesetzentwurf", "gesetzesentwurf",
    }
)
# "Seiner Meinung nach", "Dem Vernehmen nach": "nach" after these nouns is a postposition cue.
NACH_POSTPOSITION_NOUNS: frozenset[str] = frozenset(
    {"meinung", "ansicht", "auffassung", "einschätzung", "überzeugung", "vernehmen", "angaben", "darstellung", "aussage", "worten"}
)
# Adverbs that are cue and source at once ("Demnach sei …").
SELF_SOURCE_CUES: frozenset[str] = frozenset({"demnach"})
# Verbs of subordinate "wie X sagte"-clauses are cue verbs; "so" after a comma is a cue.
SO_WORDS: frozenset[str] = frozenset({"so"})
# Adverbs that may follow the source of "…, so X weiter."
SO_TRAILING: frozenset[str] = frozenset(
    {"weiter", "zudem", "außerdem", "abschließend", "ebenfalls", "auch", "dazu", "damals", "gestern", "heute", "jedoch", "aber", "später", "zuvor", "wörtlich"}
)
WIE_WORDS: frozenset[str] = frozenset({"wie"})
IMPERSONAL: tuple[tuple[str, str], ...] = (("heißt", "es"), ("hieß", "es"))
# "In der Mitteilung heißt es": the document after these prepositions is the source.
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"in", "im", "auf", "bei", "beim"})

AUXILIARIES: frozenset[str] = frozenset(
    {
        "hat", "hatte", "haben", "hatten", "habe", "hätte", "hätten", "ist", "war", "sind",
        "waren", "wurde", "wurden", "wird", "werden", "worden", "sei", "seien",
        "soll", "sollen", "sollte", "sollten", "will", "wollte", "wollten", "kann", "konnte",
        "könne", "habe", "hätte",
    }
)

# Konjunktiv I (and common Konjunktiv II substitutes) that mark reported speech.
KONJUNKTIV: frozenset[str] = frozenset(
    {
        "sei", "seien", "seiest", "habe", "werde", "könne", "müsse", "solle", "wolle",
        "dürfe", "möge", "wisse", "gebe", "gehe", "stehe", "komme", "liege", "bleibe",
        "brauche", "handele", "handle", "gelte", "zeige", "fehle", "lasse", "trage",
        "sehe", "halte", "mache", "bestehe", "arbeite", "plane", "wolle", "befinde",
        "verfüge", "diene", "führe", "falle", "erhalte", "beginne", "finde", "nehme",
        "heiße", "reiche", "spiele", "bedeute", "erfolge", "existiere", "lebe", "sitze",
        "stamme", "stimme", "treffe", "trete", "wachse", "wirke", "zähle", "hätten",
        "wären", "würden", "habest", "werdest", "könnten", "müssten", "seie",
    }
)
# Reportative modals: right after an attributed sentence, "X soll … haben" is free
# indirect speech of the same speaker.
REPORTATIVE_MODALS: frozenset[str] = frozenset({"soll", "sollen"})
# Strong markers only (used for continuation sentences without a cue).
KONJUNKTIV_STRONG: frozenset[str] = frozenset(
    {"sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge",
     "gebe", "wisse", "gehe", "stehe", "komme", "liege", "bleibe", "handele", "handle", "gelte"}
)

# Conjunctions that coordinate a second verb with the same subject ("… und begrüßte …").
COORD_CONJ: frozenset[str] = frozenset({"und", "sowie", "oder"})
# Words that open only an accusative/dative object, never a nominative subject.
OBJECT_ONLY: frozenset[str] = frozenset(
    {"den", "dem", "einen", "einem", "ihn", "ihm", "ihnen", "diesen", "diesem", "seinen", "seinem", "ihren", "ihrem"}
)
# A fronted single demonstrative is the object ("Das sagte er"); the subject follows.
OBJECT_DEMONSTRATIVES: frozenset[str] = frozenset({"das", "dies", "dieses"})

# Pronouns that open a relative clause after "Noun,".
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"der", "die", "das", "dem", "den", "deren", "dessen", "welche", "welcher", "welches"})

SUBORDINATORS: frozenset[str] = frozenset({"dass", "daß", "ob", "wie", "warum", "weshalb", "wer", "was", "wann", "wo", "wieso"})

PRONOUNS: frozenset[str] = frozenset({"er", "sie", "es", "ihr", "ich", "wir", "man"})
# "Für ihn sei …": a sentence-initial preposition + pronoun giving whose view a
# Konjunktiv-I sentence reports; the pronoun is the (resolved) speaker.
VIEW_PREPOSITIONS: frozenset[str] = frozenset({"für"})
VIEW_PRONOUNS: frozenset[str] = frozenset({"ihn", "sie"})
# Object pronouns that refer back to a named speaker like subject pronouns do.
OBJECT_PRONOUNS: frozenset[str] = frozenset({"ihn", "ihm"})

# Role nouns that refer back to a named person ("der Kremlchef", "dieser Experte").
ROLE_NOUNS: frozenset[str] = frozenset(
    {
        "kremlchef", "präsident", "staatschef", "regierungschef", "kanzler", "kanzlerin",
        "minister", "ministerin", "außenminister", "experte", "expertin", "sprecher",
        "sprecherin", "professor", "professorin", "politiker", "politikerin", "machthaber",
        "diktator", "staatsoberhaupt", "analyst", "analystin", "forscher", "forscherin",
        "wissenschaftler", "wissenschaftlerin", "chef", "chefin", "vorsitzende",
        "vorsitzender", "premier", "premierminister", "ministerpräsident", "bürgermeister",
        "abgeordnete", "abgeordneter", "anwalt", "anwältin", "richter", "richterin",
        "botschafter", "diplomat", "gast", "gastgeber", "führer", "kreml-chef",
    }
)
DEMONSTRATIVES: frozenset[str] = frozenset(
    {"der", "die", "dieser", "diese", "jener", "jene", "des", "dem", "den", "deren"}
)

# Media and agencies: a "gegenüber X"/"laut X" naming one of these is a relay.
MEDIA_WORDS: frozenset[str] = frozenset(
    {
        "afp", "dpa", "reuters", "ap", "kcna", "tass", "interfax", "ria", "apa", "kna",
        "epd", "sda", "ddp", "bloomberg", "xinhua", "yonhap", "nachrichtenagentur",
        "agentur", "zeitung", "sender", "fernsehen", "fernsehsender", "radio", "rundfunk",
        "magazin", "blatt", "tageszeitung", "wochenzeitung", "nachrichtenmagazin", "bild",
        "spiegel", "zdf", "ard", "ntv", "n-tv", "cnn", "bbc", "sportschau", "deutschlandradio",
        "deutschlandfunk", "staatsmedien", "medien", "staatsfernsehen", "onlineausgabe",
        "interview", "presse", "journalisten", "reportern", "reporter",
    }
)
# Time nouns that may stand between a cue and "gegenüber X" ("sagte am Abend gegenüber …").
TIME_NOUNS: frozenset[str] = frozenset({"abend", "morgen", "mittag", "nachmittag", "vormittag", "wochenende", "rande"})
# Nouns after "zu" that make a fixed phrase, not an addressee ("zu Ehren", "zu Beginn").
ZU_NOT_ADDRESSEE: frozenset[str] = frozenset(
    {"ehren", "beginn", "ende", "recht", "hause", "fuß", "gast", "protokoll", "wort", "zeiten", "lasten", "gunsten", "anfang", "tode", "füßen"}
)
# Heads of compound medium names ("US-Zeitschrift", "Financial Times", "Spiegel Online").
MEDIA_SUFFIXES: tuple[str, ...] = (
    "zeitung", "zeitschrift", "magazin", "agentur", "sender", "blatt", "fernsehen", "radio", "times", "online", "post", "presse",
)
# Nouns that are addressees when they follow the speaker ("sagte Putin Reportern").
ADDRESSEE_NOUNS: frozenset[str] = frozenset(
    {"reportern", "journalisten", "journalistinnen", "medienvertretern", "zuhörern", "abgeordneten"}
)

# Tokens that end a source noun phrase after a cue verb.
SOURCE_STOP: frozenset[str] = frozenset(
    {
        "am", "im", "in", "bei", "beim", "nach", "vor", "auf", "gegenüber", "zu", "zum", "zur",
        "laut", "während", "mit", "über", "unter", "an", "aus", "seit", "gestern", "heute",
        "morgen", "dazu", "zudem", "außerdem", "auch", "bereits", "noch", "weiter", "jedoch",
        "aber", "und", "oder", "dann", "dort", "hier", "nun", "jetzt", "später", "zuvor",
        "damals", "erneut", "später", "deshalb", "daher", "etwa", "so", "nicht", "kürzlich",
        "ebenfalls", "allerdings", "lediglich", "vergangene", "vergangenen", "letzte",
        "letzten", "daraufhin", "demnach", "darin", "darüber", "dabei", "seinerseits",
        "ihrerseits", "inzwischen", "mittlerweile", "bislang", "bisher", "sich", "dies",
        "das", "es", "wie", "dass", "ob", "für", "gegen", "durch", "ohne", "um", "vom",
        "einem", "sonntag", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
        "samstag", "wörtlich", "ausdrücklich", "öffentlich", "schriftlich", "offiziell",
        "hingegen", "dagegen", "indes", "indessen", "nachdem", "wiederum", "zufolge", "denn",
    }
)
ARTICLES: frozenset[str] = frozenset(
    {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem",
     "einen", "dieser", "diese", "dieses", "diesem", "diesen", "sein", "seine", "seiner",
     "seinem", "seinen", "ihr", "ihre", "ihrer", "ihrem", "ihren", "vom", "mehrere",
     "zahlreiche", "viele", "einige", "alle", "beide", "beiden", "kein", "keine"}
)
# Adverbs/prepositions that can open a main clause before the finite verb (the
# subject then follows the verb).
FRONT_ADVERBIAL: frozenset[str] = frozenset(
    {
        "am", "im", "in", "bei", "beim", "nach", "vor", "auf", "gegenüber", "zu", "zum",
        "während", "mit", "über", "unter", "an", "aus", "seit", "gestern", "heute", "dazu",
        "zudem", "außerdem", "auch", "bereits", "weiter", "jedoch", "dann", "dort", "hier",
        "nun", "jetzt", "später", "zuvor", "damals", "erneut", "deshalb", "daher", "dabei",
        "daraufhin", "zugleich", "gleichzeitig", "ebenso", "ferner", "schließlich",
        "zunächst", "anschließend", "bislang", "bisher", "inzwischen", "allerdings",
        "so", "darin", "darauf", "damit", "dennoch", "trotzdem", "ebenfalls",
        "vergangene", "vergangenen", "letzte", "letzten", "zuletzt", "kürzlich", "als",
        "erst", "schon", "gerade", "einst", "jüngst", "unlängst", "neulich", "seither",
        "mittlerweile", "wiederholt", "mehrfach", "vorige", "vorigen",
    }
)

# Single quotation marks that may be apostrophes.
APOSTROPHES: frozenset[str] = frozenset({"’", "'", "‘", "‚", "‛"})

STWR_WRITING_STEMS: tuple[str, ...] = ("schrieb", "schreib", "geschrieben", "twitter", "veröffentlich")
STWR_THOUGHT_STEMS: tuple[str, ...] = ("glaub", "hoff", "befürcht", "denk", "dacht", "vermut", "wünsch", "meint", "meinte", "find", "fand")

# Finite cue verbs that, without a message clause, make the whole sentence Reported
# speech ("Müntefering sprach von einem Riesenerfolg", "X nannte als Grund …").
REPORTED_CUES: frozenset[str] = frozenset(
    {
        "sprach", "sprachen", "spricht", "sprechen", "nannte", "nannten", "nennt",
        "berichtet", "berichten", "berichteten", "warf vor", "werfen vor", "wirft vor",
        "warfen vor", "warnte", "warnt", "warnten", "bezeichnete", "bezeichneten",
        "forderte", "fordert", "forderten", "gab bekannt", "gaben bekannt", "gab an",
        "verlangte", "verlangt", "verlangten", "kritisierte", "kritisierten",
        "sprach aus", "sprachen aus",
        "geht aus", "gehen aus", "ging aus", "gingen aus", "würdigte", "würdigten", "begrüßte",
        "begrüßten", "verglich", "klagte", "klagten", "lehnte ab", "lehnten ab", "wies zurück",
        "wiesen zurück", "empfahl", "schätzte", "schätzten", "kündigte an", "kündigten an",
    }
)

# Cue verbs whose reflexive "sich" is part of the cue ("äußerte sich").
REFLEXIVE_CUES: tuple[str, ...] = ("äußer", "geäußert", "beschwer", "zeigt", "gezeigt", "einig", "geeinigt", "wandt", "wendet")
# Pronominal adverbs inside a separable cue ("geht davon aus", "wies darauf hin").
CUE_PRONOMINAL_ADVERBS: frozenset[str] = frozenset({"davon", "darauf", "dafür", "darüber", "damit", "daran", "dazu"})
# Cue verbs whose "als" belongs to the cue ("bezeichnete X als …").
ALS_CUES: tuple[str, ...] = ("bezeichn", "nannt", "nenn", "genannt", "würdig", "kritisier")

# Cue verbs whose object noun phrase is the addressee ("warf der Regierung vor",
# "forderte die Öffentlichkeit auf", "bat den Papst").
ADDR_OBJECT_CUES: tuple[str, ...] = (
    "warf vor", "wirft vor", "werfen vor", "warfen vor", "vorgeworfen", "vorwarf", "vorwirft",
    "forderte auf", "fordert auf", "forderten auf", "aufgefordert", "aufforderte", "auffordert",
    "bat", "bittet", "baten", "gebeten", "riet", "rät", "empfahl", "versicherte", "versichert",
    "dankte", "dankt", "versprach", "verspricht", "mahnte", "ermahnte", "appellierte an",
    "sicherte zu", "sichert zu", "zugesichert", "schlug vor", "schlägt vor", "vorgeschlagen",
    "empfiehlt", "empfohlen", "drängte", "drängt", "beschuldigte", "beschuldigt",
)

# Passives of addressee verbs: their subject (or fronted dative) is the addressee
# ("Klien wurde vorgeworfen, …", "Ihm wird vorgeworfen, …").
PASSIVE_AUXILIARIES: frozenset[str] = frozenset({"wird", "wurde", "werden", "wurden", "worden"})
PASSIVE_ADDR_PARTICIPLES: frozenset[str] = frozenset(
    {"vorgeworfen", "aufgefordert", "gebeten", "beschuldigt", "empfohlen", "zugesichert", "aufgerufen", "ermahnt", "gewarnt"}
)

# "Dafür spricht …", "Dagegen sprach, dass …": "sprechen für/gegen" (to argue for/against,
# of facts) is no speech act.
NON_SPEECH_FRAMES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"spricht", "sprach", "sprechen", "sprachen", "spreche"}), frozenset({"dafür", "dagegen", "dafur"})),
)
