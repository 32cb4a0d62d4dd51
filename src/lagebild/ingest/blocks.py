"""Block labels for cleaned paragraphs: title, lead, heading, paragraph, list_item."""

from __future__ import annotations

import re

_LIST = re.compile(r"^(?:[•·▪‣◦●■□➢*]|[-–](?=\s)|\d{1,2}[.)](?=\s))")
_END = (".", ":", ";", ",")
MAX_TITLE = 220
MAX_HEADING = 130
MAX_LEAD = 450


def is_list_item(text: str) -> bool:
    return bool(_LIST.match(text))


def is_all_caps(text: str) -> bool:
    if len(text) > 200:
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) >= 0.8 and " " in text.strip()


def headline_like(text: str, limit: int = MAX_TITLE) -> bool:
    """Short, no sentence-final period (an ellipsis is fine: cut-off headlines)."""
    t = text.rstrip()
    if not t or len(t) > limit or len(t.split()) > 30:
        return False
    if t.endswith(("...", "…")):
        return True
    return not t.endswith(_END)


def heading_like(text: str) -> bool:
    if is_list_item(text):
        return False
    if is_all_caps(text) and len(text) <= 200:
        return True
    return headline_like(text, MAX_HEADING) and len(text.split()) <= 16 and not text.endswith(("...", "…"))


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).casefold().strip()


def classify_blocks(blocks: list[str], title_hint: str | None = None) -> list[str]:
    """One label per block. ``title_hint`` is a title the reader found (HTML, JSON)."""
    n = len(blocks)
    labels = ["paragraph"] * n
    for i, b in enumerate(blocks):
        if is_list_item(b):
            labels[i] = "list_item"
        elif heading_like(b) and (i + 1 < n or is_all_caps(b)):
            labels[i] = "heading"
    title_at = None
    if title_hint:
        hint = _norm(title_hint)
        for i, b in enumerate(blocks[:3]):
            if hint and _norm(b) == hint:
                title_at = i
                break
    if title_at is None and n >= 2 and headline_like(blocks[0]) and not is_list_item(blocks[0]):
        title_at = 0
        # kicker + headline: "Annäherung zweier Atommächte" / "Putin nimmt Einladung … an"
        if (
            headline_like(blocks[1])
            and n >= 3
            and len(blocks[0].split()) <= 6
            and len(blocks[1].split()) > len(blocks[0].split())
            and not is_all_caps(blocks[1])
        ):
            title_at = 1
    if title_at is not None:
        labels[title_at] = "title"
        for i in range(title_at):
            labels[i] = "heading"
    start = title_at + 1 if title_at is not None else 0
    if start < n - 1 and labels[start] == "paragraph" and len(blocks[start]) <= MAX_LEAD:
        labels[start] = "lead"
    return labels
