"""Event timeline: dated events per article, merged per story in time order.

An event is a sentence with a resolved DATE timex (the most specific one in the
sentence), its actors (entity mentions in the sentence) and a *background* flag
for history well before the article date (the 1961 treaty in a 2024 article).
`merge_timeline(docs)` merges the events of a story's articles: events with the
same normalised time and overlapping actors become one event citing every doc_id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from ..model import Document, Timex
from ..stages.timex_norm import parse_value

BACKGROUND_YEARS = 2  # events this many years or more before the article are background
_SENT = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class TimelineEvent:
    time: str  # normalised TIMEX value ("2024-06-19", "2019-04", "1961")
    sentence: str
    actors: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    background: bool = False
    sort_key: str = ""
    mod: str | None = None


@dataclass
class _Acc:
    ev: TimelineEvent
    docs: list[str] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)


def _sentences(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    return [(m.start(), m.end()) for m in _SENT.finditer(doc.text)]


def _sort_key(value: str) -> str | None:
    p = parse_value(value)
    if p is None or p.year is None:
        return None
    y = -p.year if p.bc else p.year
    return f"{y + 10000:05d}-{p.month or 0:02d}-{p.day or 0:02d}"


def _specificity(t: Timex) -> int:
    return len(t.value or "")


def _article_year(doc: Document) -> int | None:
    d = doc.meta.date if doc.meta else None
    p = parse_value(d.value) if d else None
    return p.year if p else None


def article_events(doc: Document) -> list[TimelineEvent]:
    """Dated events of one article (one per sentence with a resolvable DATE)."""
    year = _article_year(doc)
    out = []
    for s, e in _sentences(doc):
        tx = [t for t in doc.timexes if s <= t.start < e and t.type in ("DATE", "TIME") and t.value
              and _sort_key(t.value)]
        if not tx:
            continue
        best = max(tx, key=_specificity)
        value = best.value.split("T")[0] if best.value else ""
        key = _sort_key(value)
        if key is None:
            continue
        actors = tuple(dict.fromkeys(m.key or doc.text[m.start:m.end] for m in doc.entities
                                     if s <= m.start < e and m.label in ("PER", "ORG", "LOC")))
        p = parse_value(value)
        background = bool(year and p and p.year and (p.bc or p.year <= year - BACKGROUND_YEARS))
        out.append(TimelineEvent(value, doc.text[s:e].strip(), actors, (doc.doc_id,), background, key, best.mod))
    return out


def merge_timeline(docs: Iterable[Document]) -> list[TimelineEvent]:
    """One story's events from all its articles, in time order, each citing its doc_ids."""
    acc: list[_Acc] = []
    for doc in docs:
        for ev in article_events(doc):
            target = None
            for a in acc:
                if a.ev.time == ev.time and (not a.actors or not ev.actors or a.actors & set(ev.actors)):
                    target = a
                    break
            if target is None:
                acc.append(_Acc(ev, list(ev.doc_ids), set(ev.actors)))
            else:
                for d in ev.doc_ids:
                    if d not in target.docs:
                        target.docs.append(d)
                target.actors.update(ev.actors)
                # background only if every citing article treats it as background
                if not ev.background and target.ev.background:
                    target.ev = TimelineEvent(**{**target.ev.__dict__, "background": False})
    merged = []
    for a in acc:
        actors = tuple(sorted(a.actors))
        merged.append(TimelineEvent(a.ev.time, a.ev.sentence, actors, tuple(a.docs), a.ev.background,
                                    a.ev.sort_key, a.ev.mod))
    merged.sort(key=lambda e: (e.sort_key, e.doc_ids))
    return merged
