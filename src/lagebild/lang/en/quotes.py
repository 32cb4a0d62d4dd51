"""English data for the quote stage (same names as lang/de/quotes.py; a basic set:
direct quotes with "said X" / "X said", "according to X")."""

from __future__ import annotations

WEAK_STEMS: tuple[str, ...] = ()
IRREGULAR_FORMS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "explained",
    "noted", "warned", "argued", "insisted", "claimed", "announced", "reported", "wrote",
    "writes", "replied", "answered", "asked", "stressed", "emphasised", "emphasized",
    "declared", "confirmed", "denied", "suggested", "commented", "remarked", "tweeted",
)
SEPARABLE: tuple[tuple[str, str, str], ...] = ()
NOT_CUES: frozenset[str] = frozenset()
OBJECT_QUOTE_VERBS: tuple[str, ...] = ("called", "described")
PREP_BEFORE_SOURCE: frozenset[str] = frozenset({"per"})
PREP2_BEFORE_SOURCE: frozenset[tuple[str, str]] = frozenset({("according", "to")})
# "told him that …", "told reporters …": the addressee right after the cue
ADDRESSEE_AFTER_CUE: frozenset[str] = frozenset({"him", "her", "them", "us", "me", "reporters", "journalists", "lawmakers", "parliament"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "whose", "whom"})
POSTPOSITIONS: frozenset[str] = frozenset()
NACH_NOUNS: frozenset[str] = frozenset()
SELF_SOURCE_CUES: frozenset[str] = frozenset()
SO_WORDS: frozenset[str] = frozenset()
WIE_WORDS: frozenset[str] = frozenset({"as"})
# "“…,” Kim said.": a frame with the subject first may follow its message
SUBJECT_FIRST_POSTPOSED = True
IMPERSONAL: tuple[tuple[str, str], ...] = ()
AUXILIARIES: frozenset[str] = frozenset({"has", "had", "have", "was", "were", "is", "will", "would"})
KONJUNKTIV: frozenset[str] = frozenset()
KONJUNKTIV_STRONG: frozenset[str] = frozenset()
SUBORDINATORS: frozenset[str] = frozenset({"that", "whether", "if", "how", "why"})
PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "it", "i", "we"})
ROLE_NOUNS: frozenset[str] = frozenset({"president", "minister", "spokesman", "spokeswoman", "expert", "professor", "analyst", "leader"})
DEMONSTRATIVES: frozenset[str] = frozenset({"the", "this", "that"})
MEDIA_WORDS: frozenset[str] = frozenset({"afp", "reuters", "ap", "dpa", "kcna", "tass", "agency", "newspaper", "reporters", "journalists", "television"})
ADDRESSEE_NOUNS: frozenset[str] = frozenset({"reporters", "journalists"})
SOURCE_STOP: frozenset[str] = frozenset({"on", "in", "at", "to", "after", "before", "during", "with", "and", "but", "that", "when", "while", "for", "from", "earlier", "later", "today", "yesterday", "also", "told", "on"})
ARTICLES: frozenset[str] = frozenset({"the", "a", "an", "this", "that", "his", "her", "their", "its"})
FRONT_ADVERBIAL: frozenset[str] = frozenset({"on", "in", "at", "after", "before", "during", "later", "earlier", "today", "yesterday", "also", "then", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last", "this"})
SOURCE_LEADING_CONJ: frozenset[str] = frozenset({"and", "but", "while", "as", "so"})
APOSTROPHES: frozenset[str] = frozenset({"’", "'"})
STWR_WRITING_STEMS: tuple[str, ...] = ("wrote", "writes", "tweeted")
STWR_THOUGHT_STEMS: tuple[str, ...] = ("think", "believe")
