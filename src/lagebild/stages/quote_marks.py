"""Pairing of quotation marks over tokens, robust to broken real-world copy.

Handles »…«, „…“, "…", ‚…‘, « … », a quote that opens in one style and closes
in another, nesting („… ‚…‘ …“ and „… „…“ …“), quotes over several sentences,
and quotes that never close (closed at the end of their paragraph, or at the
end of their sentence when the paragraph is long). One pass, linear time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

DOUBLE = frozenset("„“”\"»«‟〝〞＂")
SINGLE = frozenset("‚‘’‹›'‛")
ALWAYS_OPEN = frozenset("„‚〝")
MAX_OPEN_SENTENCES = 6  # an unclosed quote runs at most this many sentences


@dataclass(frozen=True, slots=True)
class Region:
    """Quoted tokens ``[open_tok, end_tok]`` (inclusive, marks included)."""

    open_tok: int
    end_tok: int
    closed: bool
    depth: int


def _direction(text: str, start: int, end: int, ch: str) -> str:
    """'open', 'close' or 'ambig' from the characters around the mark."""
    if ch in ALWAYS_OPEN:
        return "open"
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left_space = before.isspace() or before in "([{–-/" or before in ALWAYS_OPEN
    right_space = after.isspace() or after in ".,;:!?)]}…–-" or after in DOUBLE or after in SINGLE
    if left_space and not right_space:
        return "open"
    if right_space and not left_space:
        return "close"
    if ch in "»" and not right_space:
        return "open"
    if ch in "«":
        return "close" if not left_space else "open"
    return "ambig"


def find_regions(
    text: str,
    tokens: Sequence[tuple[int, int]],
    sent_of: Sequence[int],
    para_of: Sequence[int],
) -> list[Region]:
    """All quoted regions (outermost and nested) over the token sequence."""
    regions: list[Region] = []
    stack: list[tuple[int, bool]] = []  # (token index, is_double)

    def close_all(upto: int) -> None:
        # unclosed quotes end at `upto`, or at the end of their own sentence when too long
        while stack:
            i, dbl = stack.pop()
            if not dbl:
                continue
            end = upto
            if sent_of[upto] - sent_of[i] >= MAX_OPEN_SENTENCES:
                end = i
                while end + 1 <= upto and sent_of[end + 1] == sent_of[i]:
                    end += 1
            regions.append(Region(i, end, False, len([s for s in stack if s[1]])))

    n = len(tokens)
    for k in range(n):
        if k > 0 and para_of[k] != para_of[k - 1] and stack:
            close_all(k - 1)
        s, e = tokens[k]
        tok = text[s:e]
        if len(tok) != 1 or (tok not in DOUBLE and tok not in SINGLE):
            continue
        d = _direction(text, s, e, tok)
        if tok in SINGLE:
            has_single_open = any(not dbl for _, dbl in stack)
            if d == "close" or (d == "ambig" and has_single_open):
                if has_single_open:
                    while stack:
                        i, dbl = stack.pop()
                        if not dbl:
                            regions.append(Region(i, k, True, len([x for x in stack if x[1]])))
                            break
            elif d == "open" and tok in "‚‹‘'" and k + 1 < n:
                stack.append((k, False))
            continue
        n_double = sum(1 for _, dbl in stack if dbl)
        if d == "ambig":
            d = "close" if n_double else "open"
        if d == "open":
            stack.append((k, True))
        elif n_double:
            while stack:
                i, dbl = stack.pop()
                if dbl:
                    regions.append(Region(i, k, True, len([x for x in stack if x[1]])))
                    break
    if stack and n:
        close_all(n - 1)
    regions.sort(key=lambda r: (r.open_tok, -r.end_tok))
    return regions


def outer_regions(regions: list[Region]) -> list[Region]:
    """Outermost, non-overlapping regions in text order."""
    out: list[Region] = []
    for r in regions:
        if out and r.open_tok <= out[-1].end_tok:
            continue
        out.append(r)
    return out
