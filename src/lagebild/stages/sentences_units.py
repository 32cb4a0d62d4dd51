"""Step 1 of the sentence splitter (`lagebild.stages.sent_split`): units.

The text is cut into units that no sentence may cross: the given blocks (or
blank-line separated paragraphs), and inside them single lines — headings, bullet
items and one-paragraph-per-line text. A line that continues a sentence (the next
line starts lower-case, the line ends with a comma or a hyphen) is joined; a
hard-wrapped paragraph (many lines of similar length without final punctuation) is
one unit. Linear in the length of the text. Also the small text helpers the other
steps share (`word_before`, the opening and closing marks).
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["BULLET_START", "CLOSERS", "OPENERS", "units", "word_before"]

CLOSERS = "\"'»«“”’‘)]›‹"
OPENERS = "\"'»«„“‚‘‹›([{-–—•*·▪➤"

BULLET_START = re.compile(r"[ \t]*(?:[-–—•*·▪➤►■□✓]|\d{1,2}[.)]|[a-z][)])\s")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_FINAL_PUNCT = tuple(".!?…:;\"'»«“”’‘)")


def _paragraphs(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    """Blank-line separated paragraphs of text[s:e]."""
    pos = s
    for m in _BLANK_LINES.finditer(text, s, e):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < e:
        out.append((pos, e))


def _regions(text: str, blocks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The blocks (clipped, sorted; gaps with content added), or blank-line paragraphs."""
    n = len(text)
    out: list[tuple[int, int]] = []
    if not blocks:
        _paragraphs(text, 0, n, out)
        return out
    pos = 0
    for s, e in sorted((max(0, min(s, n)), max(0, min(e, n))) for s, e in blocks):
        s = max(s, pos)
        if e <= s:
            continue
        if s > pos:
            _paragraphs(text, pos, s, out)
        out.append((s, e))
        pos = e
    if pos < n:
        _paragraphs(text, pos, n, out)
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    body = [ln.strip() for ln in lines[:-1] if ln.strip()]
    if len(body) < 2:
        return False
    longest = max(len(ln) for ln in body)
    if longest > 120:
        return False
    open_ends = sum(1 for ln in body if not ln.endswith(_FINAL_PUNCT))
    similar = sum(1 for ln in body if len(ln) >= 0.6 * longest)
    return open_ends >= 0.6 * len(body) and similar >= 0.75 * len(body)


def units(text: str, blocks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units of `text` (offsets), in order; blocks are ``(start, end)`` offsets."""
    units: list[tuple[int, int]] = []
    for rs, re_ in _regions(text, blocks):
        region = text[rs:re_]
        if "\n" not in region:
            units.append((rs, re_))
            continue
        lines = region.split("\n")
        wrapped = _hard_wrapped(lines)
        start = rs
        pos = rs
        for i, line in enumerate(lines[:-1]):
            pos += len(line) + 1  # offset just after this line's newline
            nxt = lines[i + 1]
            if _continues(line, nxt, wrapped):
                continue
            units.append((start, pos - 1))
            start = pos
        units.append((start, re_))
    return units


def _continues(line: str, nxt: str, wrapped: bool) -> bool:
    """Does the sentence on `line` go on on the next line?"""
    cur = line.rstrip()
    following = nxt.lstrip()
    if not cur or not following:
        return False
    if BULLET_START.match(nxt):
        return False
    if wrapped:
        return True
    if cur.endswith(_FINAL_PUNCT[:4]):
        return False
    first = following[0]
    if first.islower():
        return True
    return cur.endswith((",", "-")) and not cur.endswith(" -")


def word_before(u: str, i: int) -> tuple[str, int]:
    """The non-space run ending at index i (exclusive), stripped of brackets/quotes."""
    j = i
    stop = max(0, i - 100)
    while j > stop and not u[j - 1].isspace():
        j -= 1
    w = u[j:i].strip(CLOSERS + OPENERS)
    return w, j
