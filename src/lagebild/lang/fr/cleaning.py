"""French cleaning and metadata data (see lagebild.lang.de.cleaning for the format)."""

from __future__ import annotations

LINE_RULES: tuple[tuple[str, str], ...] = (
    ("photo_credit", r"(?i)(?:photo|crédit photo|crédits?|illustration)\s*:\s*(?!.*[a-zéèàùç]{4,}[.!?]\W*$)\S.{0,150}"),
    ("teaser_link", r"(?i)(?:lire aussi|à lire aussi|lire la suite|voir aussi|sur le même sujet)\s*[:>…]?.{0,300}"),
    ("copyright", r"(?i).{0,200}\b(?:tous droits réservés|reproduction interdite)\b.{0,200}"),
    ("contact", r"(?i).{0,200}(?:contact|rédaction)\b.{0,200}@[\w.-]+\.\w{2,}.{0,200}"),
    ("promo", r"(?i).{0,120}\b(?:newsletter|lettre d'information|application|appli)\b.{0,120}\b(?:abonnez|inscrivez|téléchargez|gratuit)\w*.{0,80}"),
    ("promo", r"(?i)suivez-nous sur\b.{0,150}"),
)
PREFIX_RULES: tuple[tuple[str, str], ...] = ()
TRAILING_RULES: tuple[tuple[str, str], ...] = (
    ("trailing_comments", r"(?i)(?:\d+\s+)?commentaires?|réagir|partager"),
)
BYLINE_RULES: tuple[str, ...] = (
    r"(?i:par)\s+(?P<names>[A-ZÉ][\w'.\-]+(?:\s+[A-ZÉ][\w'.\-]+){0,3}(?:\s*(?:,|et|&)\s*[A-ZÉ][\w'.\-]+(?:\s+[A-ZÉ][\w'.\-]+){0,3}){0,4})",
)
CREDIT_LINE = r"\(\s*(?i:avec|rédigé par|édité par)\b.*\)"
CREDIT_ROLES: tuple[tuple[str, str], ...] = (
    (r"(?i)avec\s+", "material"),
    (r"(?i)rédigé par\s+", "writer"),
    (r"(?i)édité par\s+", "editor"),
)
CONTACT_CLAUSE = r"(?i)contact"
NAME_SEPARATORS = r"\s*(?:,|;|\bet\b|&)\s*"
DATELINE_RULES: tuple[str, ...] = (
    r"(?P<place>[A-ZÉ][\w.'\-]*(?:[ /][A-ZÉ][\w.'\-]*){0,3})(?:,\s*(?P<date>\d{1,2}\s+\w+))?\s*\((?P<agency>[A-Za-z][A-Za-z/ .-]{0,30})\)\s*[-–—:]\s*",
)
HEADER_DATE = r"(?i)\s*date\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\b\s*"
CITED_MEDIA_PATTERNS: tuple[str, ...] = (
    r"(?i:agence|journal|chaîne|quotidien)\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)",
    r"(?i:selon|a rapporté|rapporte)\s+(?:l'|le\s+|la\s+)?(?P<name>[A-Z][\w-]*[A-Z][\w-]*)",
)
INTERVIEWER_PATTERNS: tuple[str, ...] = (
    r"\b(?:a déclaré|a dit|a confié|a expliqué|a indiqué)\s+à\s+(?:l'|la\s+)?(?P<name>AFP|Reuters|AP)\b",
    r"\binterrogé par\s+(?:l'|la\s+)?(?P<name>AFP|Reuters|AP)\b",
)
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "février": 2, "févr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6,
    "juillet": 7, "juil": 7, "août": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "décembre": 12, "déc": 12,
}
