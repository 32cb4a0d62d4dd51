"""German cleaning and metadata data (patterns only; the engine is lagebild.ingest.clean).

Patterns are Python regular expressions (compiled case-sensitively unless they
start with ``(?i)``). ``LINE_RULES`` match a *whole* line (after stripping);
``PREFIX_RULES`` match at the start of a line and remove only the match, keeping
the rest of the line; ``TRAILING_RULES`` remove whole lines only at the end of
the article. Add outlets by adding patterns here, not code.
"""

from __future__ import annotations

# (rule name, pattern) — the whole stripped line must match.
LINE_RULES: tuple[tuple[str, str], ...] = (
    # photo credits / captions on their own line
    # (not when a sentence is glued on: then a PREFIX_RULE removes only the credit)
    ("photo_credit", r"(?i)(?:foto|fotos|bild|bilder|grafik|video|quelle foto)\s*:\s*(?!.*[a-zäöüß]{4,}[.!?]\W*$)\S.{0,150}"),
    ("photo_credit", r"©(?!.*[a-zäöüß]{4,}[.!?]\W*$).{0,200}"),
    # agency slugs: TOPSHOT-RUSSIA-NKOREA-POLITICS-DIPLOMACY
    ("agency_slug", r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+){2,}"),
    # teaser links
    ("teaser_link", r"(?:➤|►|▶|→|»|>>)\s*(?i:mehr lesen|lesen sie|mehr zum thema|mehr dazu|zum artikel|weiterlesen|auch interessant|video).{0,300}"),
    ("teaser_link", r"(?i)(?:lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|das könnte sie auch interessieren|weitere artikel|weiterlesen|zum thema)\s*[:>…].{0,300}"),
    ("teaser_link", r"(?i)(?:lesen sie auch|mehr zum thema|weiterlesen)"),
    # copyright / licensing lines
    ("copyright", r"(?i)(?:quelle:\s*)?\(c\)\s*(?:copyright\b)?.{0,300}"),
    ("copyright", r"(?i).{0,200}\b(?:click for restrictions|alle rechte vorbehalten|all rights reserved)\b.{0,200}"),
    ("copyright", r"(?i)copyright\b.{0,200}"),
    # newsroom contact lines with e-mail addresses
    ("contact", r"(?i).{0,200}(?:rückfragen|wenden sie sich|kontakt|redaktion unter|newsroom).{0,200}@[\w.-]+\.\w{2,}.{0,200}"),
    # newsletter / app promotions
    ("promo", r"(?i).{0,120}\b(?:newsletter|app|push-nachrichten|whatsapp-kanal|telegram-kanal)\b.{0,120}\b(?:abonnieren|herunterladen|anmelden|installieren|bestellen|kostenlos|hier)\b.{0,80}"),
    ("promo", r"(?i)(?:jetzt|hier)\s+(?:anmelden|abonnieren|registrieren|downloaden|herunterladen)\b.{0,150}"),
    ("promo", r"(?i)folgen sie uns (?:auf|bei)\b.{0,150}"),
    ("promo", r"(?i)(?:anzeige|werbung|sponsored)"),
)

# (rule name, pattern) — matched at the start of a line; the match is removed and
# the rest of the line kept. A caption credit glued to the next sentence:
# "Foto: Gavriil Grigorov / SPUTNIK / KREMLIN / EPAWährend seines Besuchs…"
PREFIX_RULES: tuple[tuple[str, str], ...] = (
    (
        "photo_credit",
        r"(?:Foto|Fotos|Bild|Bilder)\s*:\s*(?:[^/\n]{1,60}?\s*/\s*){0,6}[A-Za-z.\-]*?[A-Z]{2,}(?=[A-ZÄÖÜ][a-zäöüß])",
    ),
    # "Foto: IMAGO/SNA/Gavriil GrigorovEin Sprecher…": a lower->upper case change glues credit and text
    ("photo_credit", r"(?:Foto|Fotos|Bild|Bilder)\s*:\s*[^\n]{1,80}?/[^\n]{0,60}?[a-zäöüß](?=[A-ZÄÖÜ][a-zäöüß]+\b)"),
    ("photo_credit", r"(?:Foto|Bild)\s*:\s*(?:APA|dpa|AFP|Reuters|AP|EPA|imago|IMAGO|Getty Images)[^\s.]*\s+(?=[A-ZÄÖÜ])"),
)

# Lines removed only at the very end of the article.
TRAILING_RULES: tuple[tuple[str, str], ...] = (
    ("trailing_comments", r"(?i)(?:\d+\s+)?kommentare?(?:\s*\(\d+\))?|kommentar schreiben|zu den kommentaren|kommentieren"),
    ("trailing_share", r"(?i)(?:teilen|artikel teilen|drucken|feedback|zum seitenanfang|nach oben)"),
    ("agency_tag", r"\(?(?:APA|dpa|AFP|Reuters|AP|KNA|epd|red|apa|afp|reuters|Bloomberg)(?:\s*/\s*[A-Za-z]{2,10}){0,3}\)?\.?"),
)

# Bylines: the line (after stripping) must match; group "names" holds the authors.
BYLINE_RULES: tuple[str, ...] = (
    r"[-–—]?\s*(?i:von)\s+(?P<names>[A-ZÄÖÜ][\w'.\-]+(?:\s+[A-ZÄÖÜ][\w'.\-]+){0,3}(?:\s*(?:,|und|&)\s*[A-ZÄÖÜ][\w'.\-]+(?:\s+[A-ZÄÖÜ][\w'.\-]+){0,3}){0,4})",
    r"(?i:autor(?:in|en)?|text)\s*:\s*(?P<names>[A-ZÄÖÜ][\w'.\-]+(?:\s+[A-ZÄÖÜ][\w'.\-]+){0,3}(?:\s*(?:,|und|&)\s*[A-ZÄÖÜ][\w'.\-]+(?:\s+[A-ZÄÖÜ][\w'.\-]+){0,3}){0,4})",
)

# Credit paragraph in parentheses at the end of agency copy:
# "(Mit Material von A und B; geschrieben von C; Redigiert von D.; Bei Rückfragen …)"
CREDIT_LINE = r"\(\s*(?i:mit material von|geschrieben von|redigiert von|bearbeitet von|recherche|mitarbeit)\b.*\)"
# Clause (within the credit paragraph) -> role.
CREDIT_ROLES: tuple[tuple[str, str], ...] = (
    (r"(?i)mit material (?:von|aus)\s+", "material"),
    (r"(?i)(?:mitarbeit|recherche)(?:\s+von)?\s*:?\s*", "material"),
    (r"(?i)geschrieben von\s+", "writer"),
    (r"(?i)(?:redigiert|bearbeitet|redaktion)(?:\s+von)?\s*:?\s*", "editor"),
)
# Clause starts that belong to the contact part of a credit paragraph.
CONTACT_CLAUSE = r"(?i)bei rückfragen|wenden sie sich|kontakt"

# Name list separators.
NAME_SEPARATORS = r"\s*(?:,|;|\bund\b|&)\s*"

# Datelines at the start of the first paragraph.
# "Seoul/Moskau (Reuters) - …", "BERLIN (dpa) – …", "Wien, 12. März (APA) - …"
DATELINE_RULES: tuple[str, ...] = (
    r"(?P<place>[A-ZÄÖÜ][\w.'\-]*(?:[ /][A-ZÄÖÜ][\w.'\-]*){0,3})(?:,\s*(?P<date>\d{1,2}\.\s*\w+\.?(?:\s*\d{4})?))?\s*\((?P<agency>[A-Za-z][A-Za-z/ .-]{0,30})\)\s*[-–—:]\s*",
    r"\((?P<place>[A-ZÄÖÜ][\w.'\-]*(?:[ /-][A-ZÄÖÜ][\w.'\-]*){0,3})\)\s*[-–—:]?\s*(?=[„\"»«A-ZÄÖÜ])",
)

# Header line of captured agency copy: " date 2024-06 Quelle: …"
HEADER_DATE = r"(?i)\s*date\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\b\s*"

# Phrases that show a medium being cited (group "name").
CITED_MEDIA_PATTERNS: tuple[str, ...] = (
    r"(?i:nachrichtenagentur(?:en)?|agentur|sender|zeitung|fernsehsender|staatsmedien|portal|blatt|magazin)\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)",
    r"(?i:laut|berichtete|meldete|berichtet|meldet|zufolge|gegenüber|sagte der|sagte dem|sagte)\s+(?:der\s+|dem\s+|die\s+)?(?P<name>[A-Z][\w-]*[A-Z][\w-]*)",
)
# Speaking *to* an agency: evidence that the copy is that agency's own.
INTERVIEWER_PATTERNS: tuple[str, ...] = (
    r"\bgegenüber\s+(?:der\s+)?(?P<name>AFP|dpa|Reuters|AP|APA|KNA|epd)\b",
    r"\b(?:kommentierte|sagte|erklärte|betonte)\s+(?:der\s+|dem\s+)?(?P<name>AFP|dpa|Reuters|AP|APA|KNA|epd)\b",
    r"\b(?:im Gespräch mit|im Interview mit)\s+(?:der\s+|dem\s+)?(?P<name>AFP|dpa|Reuters|AP|APA|KNA|epd)\b",
)

MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "jan": 1, "jän": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "mär": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}
