"""Stage ``timex``: temporal expressions, normalised TIMEX2-style.

Rule-based (patterns are data in ``lang/<xx>/time.py``): every rule's regex is run
over the text, overlapping candidates are reduced to the longest (then the
earliest rule), and the survivors are resolved in text order, so that narrative
expressions ("zwei Tage später") see the last mentioned date.

Use `tag(text, lang, anchor)` without a Document. In the stage, the anchor is the
article date (``doc.meta.date``); the mode is *news* unless the explicit dates of
the text lie mostly years before the article date (history, Wikipedia), then
*narrative* (anchor = last mentioned date).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from ..model import Document, Timex
from . import register
from .timex_norm import PDate, parse_value
from .timex_resolve import Ctx, resolve
from .timex_rules import RuleSet, ruleset

VERSION = "2"
SOURCE = f"timex@{VERSION}"
Mode = Literal["auto", "news", "narrative"]

MAX_CANDIDATES = 50_000  # bound work on adversarial input (e.g. 10,000 bare numbers)
_LEAD_STRIP = re.compile(r"^(?:(?:in|im|am|an|vom|zum|bis|seit|ab)\s+|um\s+(?=\d{1,2}(?:[:.]\d\d)?\s*Uhr))", re.IGNORECASE)
_YEARISH = re.compile(r"(?<![\d.,])(1[0-9]{3}|20[0-9]{2})(?![\d])")


_WORD = re.compile(r"\w+")
_BEFORE, _AFTER = 45, 70  # context a pattern may span around a cue word


def _windows(rs: RuleSet, text: str) -> list[tuple[int, int]]:
    """Text regions around cue words (digits, month names, units…); rules run only there."""
    spans: list[tuple[int, int]] = []
    cues, parts = rs.cues, rs.cue_parts
    for m in _WORD.finditer(text):
        w = m.group(0)
        lw = w.lower()
        if lw in cues or any(c.isdigit() for c in w) or (len(lw) > 6 and any(p in lw for p in parts)):
            s = max(0, m.start() - _BEFORE)
            e = min(len(text), m.end() + _AFTER)
            if spans and s <= spans[-1][1]:
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    out = []
    for s, e in spans:  # widen to whitespace so no window starts or ends inside a word
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        out.append((s, e))
    return out


def _candidates(rs: RuleSet, text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    cands: list[tuple[int, int, int, re.Match[str]]] = []
    seen: set[tuple[int, int, int]] = set()
    for ws, we in _windows(rs, text):
        for rule in rs.rules:
            for m in rule.regex.finditer(text, ws, we):
                key = (m.start(), m.end(), rule.index)
                if m.end() > m.start() and key not in seen:
                    seen.add(key)
                    cands.append((m.start(), m.end(), rule.index, m))
                    if len(cands) > MAX_CANDIDATES:
                        return cands
    return cands


def _select(cands: list[tuple[int, int, int, re.Match[str]]], n: int) -> list[tuple[int, int, int, re.Match[str]]]:
    """Longest non-overlapping candidates (ties: earlier rule)."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken = bytearray(n + 1)
    out = []
    for c in cands:
        s, e = c[0], c[1]
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        out.append(c)
    out.sort(key=lambda c: c[0])
    return out


def guess_mode(text: str, dct: PDate | None) -> str:
    """'narrative' when the explicit years are mostly long before the article date."""
    if dct is None or dct.year is None:
        return "narrative"
    years = [int(y) for y in _YEARISH.findall(text[:100_000])]
    if len(years) < 5:
        return "news"
    old = sum(1 for y in years if y < dct.year - 5)
    return "narrative" if old / len(years) > 0.6 else "news"


def tag(text: str, lang: str | None = "de", anchor: str | None = None, *, mode: Mode = "auto",
        sentences: tuple[tuple[int, int], ...] | None = None) -> list[Timex]:
    """Temporal expressions in ``text``; ``anchor`` is the article date ("2024-06-20", "2024-06", …)."""
    rs = ruleset(lang or "de")
    if rs is None or not text or not rs.trigger.search(text):
        return []
    dct = parse_value(anchor) if anchor else None
    m = guess_mode(text, dct) if mode == "auto" else mode
    ctx = Ctx(rs.data, dct, narrative=(m == "narrative"))
    chosen = _select(_candidates(rs, text), len(text))
    out: list[Timex] = []
    for s, e, idx, match in chosen:
        kind = rs.rules[idx].kind
        g = {k: v for k, v in match.groupdict().items() if v is not None}
        if g.get("year") and not _plausible_year(rs, text, s, e, g, kind):
            continue
        if kind == "yearctx":  # "Um 449": a year only in a BC narrative
            if not (ctx.ref is not None and ctx.ref.bc):
                continue
            kind = "date"
        span_text = text[s:e]
        _section(ctx, text, s, e, g)
        if g.get("yearnext"):  # "1911/12", "1939/1940": two expressions
            e = match.start("yearsep")
            span_text = text[s:e]
        try:
            ttype, value, mod = resolve(kind, ctx, g, span_text)
        except (ValueError, OverflowError, KeyError):
            ttype, value, mod = "DATE", None, None
        s2 = match.start("day") if g.get("day0") else s + _lead(kind, span_text, rs.lang)
        for xs, xe, xv in _extra_spans(match, g, value):
            out.append(Timex(xs, xe, ttype, xv, mod, anchor=_anchor_str(ctx), confidence=0.8, source=SOURCE))
        out.append(Timex(s2, e, ttype, value, mod, anchor=_anchor_str(ctx),
                         confidence=0.9 if value else 0.5, source=SOURCE))
        weak = (kind == "rel" or bool(g.get("relyear"))) and value is not None and len(value) == 4
        if not weak:
            _update_ref(ctx, value)
    out.sort(key=lambda t: (t.start, t.end))
    return out


_LEAD_KEEP = r"(?i)am\s+(Abend|Morgen|Nachmittag|Vormittag|Mittag)\b"


@lru_cache(maxsize=8)
def _lead_rx(lang: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """Per-language leading-preposition regexes (``LEAD_STRIP``/``LEAD_KEEP`` in the data; German default)."""
    d = ruleset(lang).data if ruleset(lang) else None
    strip = getattr(d, "LEAD_STRIP", None)
    keep = getattr(d, "LEAD_KEEP", None) if strip else _LEAD_KEEP
    return (re.compile(strip, re.IGNORECASE) if strip else _LEAD_STRIP), (re.compile(keep) if keep else None)


def _lead(kind: str, span_text: str, lang: str = "de") -> int:
    """Leading preposition excluded from the extent (``am 3. Mai`` -> ``3. Mai``), except where
    the convention keeps it (``am selben Tag``, ``nach zwei Tagen``, ``am Abend``)."""
    if kind in ("offset", "rel", "ref"):
        return 0
    strip, keep = _lead_rx(lang)
    m = strip.match(span_text)
    if m and (keep is None or keep.match(span_text) is None):
        return m.end()
    return 0


def _extra_spans(match: re.Match[str], g: dict, value: str | None) -> list[tuple[int, int, str | None]]:
    """First day of a range ("27./28. September": 27. gets its own timex) or second year ("1911/12")."""
    out: list[tuple[int, int, str | None]] = []
    if g.get("day0") and value and len(value) >= 10:
        day0 = int(g["day0"])
        v0 = value[:8] + f"{day0:02d}" + value[10:]
        s, e = match.span("day0")
        out.append((s, e + 1, v0 if parse_value(v0[:10]) else None))
    if g.get("yearnext") and value and len(value) == 4 and value.isdigit():
        nxt = g["yearnext"]
        y = int(value[:4 - len(nxt)] + nxt) if len(nxt) < 4 else int(nxt)
        s, e = match.span("yearnext")
        if 0 < y - int(value) <= 100:
            out.append((s, e, f"{y:04d}"))
    return out


_CAP_WORD = re.compile(r"[ \t]+([A-ZÄÖÜ][a-zäöüß]+)")
_TIME_PREP = re.compile(r"(?:\b(?:im|in|seit|bis|ab|von|vom|nach|vor|um|Jahre?s?|Jahren|zwischen|Anfang|Ende|Mitte|"
                        r"Sommer|Winter|Herbst|Frühjahr|des|Beginn|Jahrgang)\s+|[(\[/–-]\s*)$")


def _plausible_year(rs: RuleSet, text: str, s: int, e: int, g: dict, kind: str) -> bool:
    """A bare 4-digit number followed by a noun ("1370 Landungsboote") is a count, not a year,
    unless a temporal preposition precedes it ("im Jahr 1939 Deutschland…")."""
    if g.get("month") or g.get("monthnum") or g.get("bc") or g.get("season") or g.get("part") or kind != "date":
        return True
    if not getattr(rs.data, "NOUN_AFTER_YEAR_CHECK", True):  # only where nouns are capitalised (German)
        return True
    if len(g["year"]) != 4 or text[max(0, s - 6):s].rstrip().endswith(("Jahr", "Jahre", "Jahres", "Jahren")):
        return True
    m = _CAP_WORD.match(text, e)
    if m is None or m.group(1) in ("Und", "Bis") or rs.data.MONTHS.get(m.group(1).lower()):
        return True
    return bool(_TIME_PREP.search(text[max(0, s - 14):s]))


_HEADING_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")


def _section(ctx: Ctx, text: str, s: int, e: int, g: dict) -> None:
    """A heading line with a year ("1862", "Westfront 1944/1945") sets the section year."""
    if not ctx.narrative or not g.get("year"):
        return
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    line = text[ls:le]
    if len(line) > 90 or line.rstrip().endswith((".", ":", ";", ",")):
        return
    m = _HEADING_YEAR.search(line)
    if m:
        ctx.section_year = int(m.group(1))


def _anchor_str(ctx: Ctx) -> str | None:
    a = ctx.ref if ctx.narrative else ctx.dct
    return a.value() if a else None


def _update_ref(ctx: Ctx, value: str | None) -> None:
    p = parse_value(value)
    if p is None or value is None or value.startswith(("P", "X")):
        return
    ctx.ref = p
    ctx.history.append(p)
    if len(ctx.history) > 32:
        del ctx.history[:16]


def _doc_anchor(doc: Document) -> str | None:
    d = doc.meta.date if doc.meta else None
    return d.value if d else None


@register("timex", version=VERSION, requires=("sentences",), assigns=("timexes",))
def make_timex_stage():
    def run(doc: Document) -> Document:
        lang = doc.lang or "de"
        if ruleset(lang) is None:  # documented fallback: unsupported language -> no timexes
            return doc.with_(timexes=())
        return doc.with_(timexes=tuple(tag(doc.text, lang, _doc_anchor(doc))))

    return run
