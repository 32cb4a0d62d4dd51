"""French data for the quote stage (same names as lang/de/quotes.py; a basic set:
direct quotes with "a déclaré X", « … », selon X)."""

from __future__ import annotations

WEAK_STEMS: tuple[str, ...] = ()
IRREGULAR_FORMS: tuple[str, ...] = (
    "dit", "déclaré", "déclare", "affirmé", "affirme", "expliqué", "explique", "ajouté",
    "ajoute", "souligné", "souligne", "estimé", "estime", "assuré", "assure", "indiqué",
    "indique", "annoncé", "annonce", "précisé", "précise", "averti", "écrit", "répondu",
    "confié", "insisté", "martelé", "jugé", "commenté", "rapporté", "selon",
)
SEPARABLE: tuple[tuple[str, str, str], ...] = ()
NOT_CUES: frozenset[str] = frozenset()
OBJECT_QUOTE_VERBS: tuple[str, ...] = ("qualifié", "qualifie")
PREP_BEFORE_SOURCE: frozenset[str] = frozenset({"selon", "d'après"})
POSTPOSITIONS: frozenset[str] = frozenset()
NACH_NOUNS: frozenset[str] = frozenset()
SELF_SOURCE_CUES: frozenset[str] = frozenset()
SO_WORDS: frozenset[str] = frozenset()
WIE_WORDS: frozenset[str] = frozenset({"comme"})
IMPERSONAL: tuple[tuple[str, str], ...] = ()
AUXILIARIES: frozenset[str] = frozenset({"a", "ont", "avait", "avaient", "est", "sont", "était"})
KONJUNKTIV: frozenset[str] = frozenset()
KONJUNKTIV_STRONG: frozenset[str] = frozenset()
SUBORDINATORS: frozenset[str] = frozenset({"que", "qu", "si", "comment", "pourquoi"})
PRONOUNS: frozenset[str] = frozenset({"il", "elle", "ils", "elles", "je", "nous", "on"})
ROLE_NOUNS: frozenset[str] = frozenset({"président", "ministre", "porte-parole", "expert", "professeur", "analyste", "dirigeant"})
DEMONSTRATIVES: frozenset[str] = frozenset({"le", "la", "ce", "cet", "cette"})
MEDIA_WORDS: frozenset[str] = frozenset({"afp", "reuters", "ap", "dpa", "kcna", "tass", "agence", "journal", "journalistes", "télévision", "presse"})
ADDRESSEE_NOUNS: frozenset[str] = frozenset({"journalistes"})
SOURCE_STOP: frozenset[str] = frozenset({"à", "au", "aux", "en", "dans", "lors", "après", "avant", "pendant", "avec", "et", "mais", "que", "mercredi", "lundi", "mardi", "jeudi", "vendredi", "samedi", "dimanche", "aussi", "encore"})
ARTICLES: frozenset[str] = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "ce", "cette", "son", "sa", "ses", "leur"})
FRONT_ADVERBIAL: frozenset[str] = frozenset({"à", "en", "dans", "après", "avant", "pendant", "mercredi", "lundi", "aussi", "puis"})
APOSTROPHES: frozenset[str] = frozenset({"’", "'"})
STWR_WRITING_STEMS: tuple[str, ...] = ("écrit",)
STWR_THOUGHT_STEMS: tuple[str, ...] = ("pense", "croit")
