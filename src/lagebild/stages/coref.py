"""In-document name coreference: one key per actor within an article.

- short forms to full names ("Putin" -> "Wladimir Putin", "Kim" -> the Kim last
  named in full before it), genitive/inflected forms ("Kim Jong Uns", "Putins");
- role nouns and descriptions ("der Kremlchef", "Russlands Präsident") to the
  person: first an apposition in the same article ("Russlands Präsident Wladimir
  Putin"), then the office-holder gazetteer valid at the article date;
- "so dieser Experte" to the last named person before it.

Every mention gets ``key`` = "<TYPE>:<transliteration-neutral name key>" of its
cluster's canonical (longest) name; role mentions are added as new PER mentions
(source "coref:role"). The corpus registry (`lagebild.corpus.entities`) then
merges keys across articles and languages.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..corpus.exonyms import place_key
from ..corpus.names import name_key, same_name, strip_genitive, token_key, tokens
from ..lang import get as get_lang
from ..model import Document, Mention, Quote
from . import register

VERSION = "3"
HOLDERS_CSV = Path(__file__).resolve().parents[1] / "lang" / "office_holders.csv"


@dataclass(frozen=True)
class Holder:
    role: str
    name: str
    type: str
    start: str
    end: str | None


@lru_cache(maxsize=4)
def load_holders(extra: str | None = None) -> tuple[Holder, ...]:
    """The shipped gazetteer plus an optional user CSV (same columns)."""
    out: list[Holder] = []
    for path in [HOLDERS_CSV] + ([Path(extra)] if extra else []):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out.append(Holder(row["role"], row["name"], row.get("type") or "PER", row["start"], row.get("end") or None))
    return tuple(out)


def holder_at(role: str, date: str | None) -> Holder | None:
    """Who held `role` at ISO `date` (any precision); None when unknown or ambiguous."""
    holders = [h for h in load_holders(os.environ.get("LAGEBILD_ROLES")) if h.role == role]
    if not holders:
        return None
    if not date:
        current = [h for h in holders if h.end is None]
        return current[0] if len(current) == 1 else None
    d = date[:10]
    hits = [h for h in holders if h.start[: len(d)] <= d and (h.end is None or d < h.end[: len(d)] or (len(d) < 10 and h.end.startswith(d)))]
    names = {h.name for h in hits}
    return hits[0] if len(names) == 1 else None


@lru_cache(maxsize=4)
def _role_patterns(lang: str):
    from .. import lang as langdata

    mod = langdata.get(lang, "roles")
    if mod is None:
        return (), ()
    roles = tuple((re.compile(p, re.IGNORECASE), r) for p, r in mod.ROLE_PATTERNS)
    anaph = tuple(re.compile(p, re.IGNORECASE) for p in getattr(mod, "ANAPHORIC_DESCRIPTIONS", ()))
    return roles, anaph


@dataclass
class _Cluster:
    label: str
    canonical: str
    members: list[int] = field(default_factory=list)

    @property
    def key(self) -> str:
        if self.label == "LOC":  # "Moskau", "Moscow" and "Moscou" are one place
            pk = place_key(self.canonical)
            if pk is not None:
                return pk
        return f"{self.label}:{name_key(self.canonical)}"


def _surface(text: str, m: Mention) -> str:
    s = text[m.start : m.end].strip(" \t\n\"'„“”»«‚‘’.,;:")
    return re.sub(r"\s+", " ", s)


def resolve(doc: Document) -> Document:
    text = doc.text
    ments = sorted(doc.entities, key=lambda m: (m.start, m.end))
    if not text:
        return doc
    date = doc.meta.date.value if doc.meta.date else None
    # 1. cluster named mentions: longer names first, then short forms
    order = sorted(range(len(ments)), key=lambda i: (-len(tokens(_surface(text, ments[i]))), ments[i].start))
    clusters: list[_Cluster] = []
    assign: dict[int, _Cluster] = {}
    known = {name_key(_surface(text, m)) for m in ments}
    for i in order:
        m = ments[i]
        surf = strip_genitive(_surface(text, m), known)
        toks = tokens(surf)
        if not toks:
            continue
        best: _Cluster | None = None
        if len(toks) >= 2 or m.label != "PER":
            for c in clusters:
                if c.label == m.label and same_name(surf, c.canonical) >= 0.88:
                    best = c
                    break
        else:  # a single-token person name: a part of a full name seen in the article
            tk = token_key(toks[0])
            cands = [c for c in clusters if c.label == "PER" and tk in {token_key(t) for t in tokens(c.canonical)}]
            if len(cands) > 1:  # "Kim" with Kim Jong Un and Kim Il Sung: the last full mention before it
                before = [(max((ments[j].start for j in c.members if ments[j].start < m.start), default=-1), c) for c in cands]
                before.sort(key=lambda x: x[0])
                best = before[-1][1] if before[-1][0] >= 0 else max(cands, key=lambda c: len(c.members))
            elif cands:
                best = cands[0]
        if best is None:
            best = _Cluster(m.label, surf)
            clusters.append(best)
        best.members.append(i)
        assign[i] = best
    out = [m if i not in assign else Mention(m.start, m.end, m.label, m.confidence, m.source, assign[i].key) for i, m in enumerate(ments)]

    # 2. role nouns: apposition in the article first, then the gazetteer at the article date
    roles, anaph = _role_patterns(doc.lang or "de")
    covered = [(m.start, m.end) for m in out]
    local_roles: dict[str, str] = {}
    role_hits = []
    for pat, role in roles:
        for rm in pat.finditer(text):
            role_hits.append((rm.start(), rm.end(), role))
    role_hits.sort()
    by_start = {m.start: m for m in out if m.label == "PER" and m.key}
    added: list[Mention] = []
    for s, e, role in role_hits:
        if any(a <= s < b for a, b in covered):
            continue
        nxt = re.match(r"[\s,]*(?:\(\d+\)\s*)?", text[e:])
        follow = by_start.get(e + (nxt.end() if nxt else 0))
        if follow is not None:  # "Russlands Präsident Wladimir Putin"
            local_roles[role] = follow.key
            continue
        key = local_roles.get(role)
        conf = 0.85
        if key is None:
            h = holder_at(role, date)
            if h is None:
                continue
            key = f"{h.type}:{name_key(h.name)}"
            conf = 0.7 if date else 0.5
        added.append(Mention(s, e, "PER", conf, f"coref:role@{VERSION}", key))
        covered.append((s, e))
    # 3. "so dieser Experte": the last named person before it
    for pat in anaph:
        for am in pat.finditer(text):
            if any(a <= am.start() < b for a, b in covered):
                continue
            prev = [m for m in out if m.label == "PER" and m.key and m.end <= am.start()]
            if prev:
                added.append(Mention(am.start(), am.end(), "PER", 0.6, f"coref:anaphor@{VERSION}", prev[-1].key))
    allm = sorted(out + added, key=lambda m: (m.start, m.end))
    return doc.with_(entities=tuple(allm), quotes=_key_speakers(doc, allm))


_COMPLEMENT = re.compile(r"\b(?:von|vom|der|des|bei|beim|am|an|im|in|für|aus|zu|zur|zum)\s+(?:\S+\s+){0,2}$", re.I)


def _speaker_mention(text: str, span, ments: list[Mention]) -> Mention | None:
    """The mention that names the speaker: a person anywhere in the speaker phrase
    ("Der russische Experte Artjom Lukin von der Fernost-Universität" -> Lukin); an
    organisation or place only when it ends the phrase and is not the complement of a
    head noun ("Der Leiter des Instituts …", "Professor … an der Dongguk Universität",
    "Nordkoreas Staatsmedien" name no speaker)."""
    hit = [m for m in ments if m.key and m.start < span.end and span.start < m.end]
    per = [m for m in hit if m.label == "PER"]
    if per:
        return max(per, key=lambda m: (m.end - m.start, -m.start))
    end = span.start + len(text[span.start : span.end].rstrip(" \t\n,;:.\"'“”»«"))
    # an organisation or place names the speaker only as the head of the phrase: not as a
    # complement ("Der Leiter des Instituts …") nor a modifier ("Nordkoreas Staatsmedien",
    # "Washington und Seoul")
    free = [m for m in hit if m.end >= end and not _COMPLEMENT.search(text[span.start : max(span.start, m.start)])]
    return max(free, key=lambda m: (m.end - m.start, -m.start)) if free else None


def _key_speakers(doc: Document, ments: list[Mention]):
    """Give each quote's speaker the key of the mention that names it."""
    from dataclasses import replace

    self_source = _self_source_words(doc.lang or "de")
    new: dict[int, Quote] = {}
    last = None  # the last quote whose speaker is named, in text order
    order = sorted(range(len(doc.quotes)), key=lambda i: (doc.quotes[i].start, doc.quotes[i].end))
    for i in order:
        q = doc.quotes[i]
        key = q.speaker_key
        sp = q.speaker
        if sp is not None and doc.text[sp.start : sp.end].strip().lower() in self_source:
            # "Russland solle demnach …": "demnach" names no one; the source is the one
            # the previous report came from
            near = last is not None and 0 <= q.start - last.end <= MAX_SELF_SOURCE_GAP
            new[i] = replace(q, speaker=last.speaker, speaker_key=last.speaker_key, speaker_ref=q.speaker_ref or (sp if q.start <= sp.start < q.end else None)) if near else q
            continue
        if sp is not None and key is None:
            m = _speaker_mention(doc.text, sp, ments)
            if m is not None:
                key = m.key
        q = q if key == q.speaker_key else replace(q, speaker_key=key)
        if sp is not None:
            last = q
        new[i] = q
    return tuple(new[i] for i in range(len(doc.quotes)))


MAX_SELF_SOURCE_GAP = 1500  # characters between the report and the "demnach" sentence


def _self_source_words(lang: str) -> frozenset[str]:
    return frozenset(getattr(get_lang(lang, "quotes"), "SELF_SOURCE_CUES", ()))


@register("coref", version=VERSION, requires=("entities",), assigns=("entities", "quotes"))
def make_coref_stage():
    return resolve
