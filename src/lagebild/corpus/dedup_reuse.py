"""Passage-level reuse: exact hashes of normalised sentence-sized units.

An article is cut into paragraphs (given, or blank-line / line breaks) and each
paragraph into sentence-sized units. Every unit of at least `MIN_UNIT_WORDS`
words gets a 64-bit hash of its normalised words, so quote style, spacing and
punctuation do not matter. Units shared by two articles are merged into runs
(consecutive on both sides) and reported as passages with character ranges on
both sides. A unit hash already seen in more than `BOILERPLATE_DF` articles is
treated as boilerplate (copyright lines, teasers) and ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .dedup_minhash import hash64, norm_words

MIN_UNIT_WORDS = 5
MAX_UNITS = 2000  # per article; bounded work on adversarial input
BOILERPLATE_DF = 20

# credit and copyright lines, links and addresses are never reused text
_NOT_TEXT = re.compile(r"copyright|©|\(c\)|https?:|www\.|@\w|alle rechte|all rights|tous droits", re.I)
_PARA = re.compile(r"\n\s*\n|\n")
# sentence end: . ! ? … (optionally followed by closing quotes/brackets), then space
# and an upper-case letter, digit or opening quote. Not after a single letter or digit+dot.
_SENT = re.compile(r"(?<=[.!?…])[»«“”\"'’)\]]*\s+(?=[„»«\"'‚(\[]?[A-ZÄÖÜ0-9])")
_ABBREV = re.compile(r"(?:\b\w{1,3}|\b[A-ZÄÖÜ]\w{0,3}|\d+)\.$")


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    para: int
    nwords: int
    key: int  # 64-bit hash of the normalised words (0 = too short to index)


def paragraph_spans(text: str, given: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    if given:
        n = len(text)
        return [(max(0, int(s)), min(n, int(e))) for s, e in given if 0 <= int(s) < int(e) <= n]
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _SENT.finditer(text, start, end):
        head = text[max(pos, m.start() - 12) : m.start()]
        if _ABBREV.search(head) and not head.rstrip().endswith(("!", "?")) and len(head.split()[-1]) <= 4:
            # "Dr.", "z.B.", "5." — probably not a sentence end
            if not re.search(r"[a-zäöüß]{5,}\.$", head):
                continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


def units(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> list[Unit]:
    out: list[Unit] = []
    for pi, (ps, pe) in enumerate(paragraph_spans(text, paragraphs)):
        for s, e in sentence_spans(text, ps, pe):
            w = norm_words(text[s:e])
            ok = len(w) >= MIN_UNIT_WORDS and not _NOT_TEXT.search(text, s, e)
            key = (hash64(" ".join(w)) or 1) if ok else 0
            out.append(Unit(s, e, pi, len(w), key))
            if len(out) >= MAX_UNITS:
                return out
    return out


@dataclass(frozen=True, slots=True)
class Match:
    q_unit: int  # index into the query's units
    d_row: int  # global unit row of the indexed article
    d_pos: int  # position of that unit within its article
    d_start: int
    d_end: int
    nwords: int


def merge_runs(matches: list[Match], q_units: Sequence[Unit]) -> list[tuple[int, int, int, int, int]]:
    """Runs of shared units, consecutive on both sides, as
    (q_start, q_end, d_start, d_end, words)."""
    runs: list[list[Match]] = []
    for m in sorted(matches, key=lambda m: (m.q_unit, m.d_pos)):
        if runs:
            last = runs[-1][-1]
            if m.q_unit == last.q_unit:
                continue  # same unit twice in the other article: keep the first
            if 0 < m.q_unit - last.q_unit <= 2 and 0 < m.d_pos - last.d_pos <= 2:
                runs[-1].append(m)
                continue
        runs.append([m])
    out = []
    for r in runs:
        qs, qe = q_units[r[0].q_unit].start, q_units[r[-1].q_unit].end
        out.append((qs, qe, r[0].d_start, r[-1].d_end, sum(m.nwords for m in r)))
    return out
