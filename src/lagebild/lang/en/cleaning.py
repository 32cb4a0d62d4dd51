"""English cleaning and metadata data (see lagebild.lang.de.cleaning for the format)."""

from __future__ import annotations

LINE_RULES: tuple[tuple[str, str], ...] = (
    ("photo_credit", r"(?i)(?:photo|photograph|image|picture|credit)\s*:\s*(?!.*[a-z]{4,}[.!?]\W*$)\S.{0,150}"),
    ("teaser_link", r"(?i)(?:read more|read also|related|more on this story|see also|recommended)\s*[:>…].{0,300}"),
    ("teaser_link", r"(?i)(?:➤|►|▶|→)\s*read .{0,300}"),
    ("copyright", r"(?i).{0,200}\b(?:all rights reserved|click for restrictions)\b.{0,200}"),
    ("contact", r"(?i).{0,200}(?:contact|newsroom|tips)\b.{0,200}@[\w.-]+\.\w{2,}.{0,200}"),
    ("promo", r"(?i).{0,120}\b(?:newsletter|app|podcast)\b.{0,120}\b(?:sign up|subscribe|download|install|free)\b.{0,80}"),
    ("promo", r"(?i)(?:sign up|subscribe) (?:to|for) .{0,150}"),
    ("promo", r"(?i)follow us on\b.{0,150}"),
)
PREFIX_RULES: tuple[tuple[str, str], ...] = (
    ("photo_credit", r"(?:Photo|Image)\s*:\s*(?:[^/\n]{1,60}?\s*/\s*){0,6}[A-Za-z.\-]*?[A-Z]{2,}(?=[A-Z][a-z])"),
)
TRAILING_RULES: tuple[tuple[str, str], ...] = (
    ("trailing_comments", r"(?i)(?:\d+\s+)?comments?|leave a comment|share this article|share"),
)
BYLINE_RULES: tuple[str, ...] = (
    r"(?i:by)\s+(?P<names>[A-Z][\w'.\-]+(?:\s+[A-Z][\w'.\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w'.\-]+(?:\s+[A-Z][\w'.\-]+){0,3}){0,4})",
)
CREDIT_LINE = r"\(\s*(?i:reporting by|writing by|additional reporting by|editing by)\b.*\)"
CREDIT_ROLES: tuple[tuple[str, str], ...] = (
    (r"(?i)(?:additional )?reporting by\s+", "material"),
    (r"(?i)writing by\s+", "writer"),
    (r"(?i)editing by\s+", "editor"),
)
CONTACT_CLAUSE = r"(?i)contact|e-mail"
NAME_SEPARATORS = r"\s*(?:,|;|\band\b|&)\s*"
DATELINE_RULES: tuple[str, ...] = (
    r"(?P<place>[A-Z][\w.'\-]*(?:[ /][A-Z][\w.'\-]*){0,3})(?:,\s*(?P<date>\w+\.?\s+\d{1,2}))?\s*\((?P<agency>[A-Za-z][A-Za-z/ .-]{0,30})\)\s*[-–—:]\s*",
)
HEADER_DATE = r"(?i)\s*date\s+(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\b\s*"
CITED_MEDIA_PATTERNS: tuple[str, ...] = (
    r"(?i:news agency|agency|broadcaster|newspaper|state media outlet)\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)",
    r"(?i:according to|reported|told)\s+(?:the\s+)?(?P<name>[A-Z][\w-]*[A-Z][\w-]*)",
)
INTERVIEWER_PATTERNS: tuple[str, ...] = (
    r"\btold\s+(?P<name>AFP|Reuters|AP|the Associated Press|Bloomberg)\b",
    r"\bin an interview with\s+(?P<name>AFP|Reuters|AP|Bloomberg)\b",
)
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
