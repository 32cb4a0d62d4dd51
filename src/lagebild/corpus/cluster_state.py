"""Mutable aggregates behind story clustering: `Aggregate` (a story or a
storyline: centroids of terms, title, entities, embedding; time span; languages)
and the small helpers to (de)serialise them. No decisions are made here."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cluster_chars import CharSig
from .features import ArticleVec, Vec, add_into, decode_array, encode_array, norm, prune

EPOCH = _dt.date(1970, 1, 1)
MEMBER_EMBS = 4


def parse_date(s: str | None) -> float | None:
    """ISO 8601 date or datetime (also ``YYYY-MM``) -> days since 1970 (float)."""
    if not s or not isinstance(s, str):
        return None
    s = s.strip()
    try:
        if len(s) == 7 and s[4] == "-":
            d = _dt.date(int(s[:4]), int(s[5:7]), 1)
            return float((d - EPOCH).days)
        if len(s) == 4 and s.isdigit():
            return float((_dt.date(int(s), 1, 1) - EPOCH).days)
        dt = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return (dt - _dt.datetime(1970, 1, 1)).total_seconds() / 86400.0


def format_day(t: float | None) -> str | None:
    if t is None or not math.isfinite(t):
        return None
    try:
        return (EPOCH + _dt.timedelta(days=math.floor(t))).isoformat()
    except OverflowError:  # pragma: no cover
        return None


@dataclass
class Aggregate:
    """A story or a storyline. Centroids are sums of unit vectors (pruned)."""

    id: str
    seq: int
    first_t: float
    last_t: float
    size: int = 0
    langs: dict[str, int] = field(default_factory=dict)
    terms: Vec = field(default_factory=dict)
    title: Vec = field(default_factory=dict)
    ents: Vec = field(default_factory=dict)
    surfaces: dict[str, str] = field(default_factory=dict)
    emb_sum: np.ndarray | None = None
    members: list[str] = field(default_factory=list)
    parent: str | None = None  # storyline of a story
    live: bool = True
    slot: int = -1
    indexed: list[str] = field(default_factory=list)
    norms: tuple[float, float, float] = (0.0, 0.0, 0.0)
    gold: str | None = None  # only when teaching
    member_embs: list[np.ndarray] = field(default_factory=list)  # the first MEMBER_EMBS members (live stories only)
    # character n-gram signatures of the members while the story is small (`StoryClusterer` keeps them
    # up to the join model's `small_max_size`; empty otherwise, and in states saved before the fifth pass)
    member_chars: list[CharSig] = field(default_factory=list)
    # for the cross-lingual e5 term of that check (ninth pass), under the same rule: the members' title + lead
    # texts and their e5 vectors (None until a cross-lingual decision needed them; computed lazily)
    member_leads: list[str] = field(default_factory=list)
    member_e5: list[np.ndarray | None] = field(default_factory=list)

    def add(self, v: ArticleVec, t: float, lang: str | None, member: str | None, keep_terms: int, keep_ents: int) -> None:
        self.size += 1
        self.first_t = min(self.first_t, t)
        self.last_t = max(self.last_t, t)
        if lang:
            self.langs[lang] = self.langs.get(lang, 0) + 1
        add_into(self.terms, v.terms)
        add_into(self.title, v.title)
        add_into(self.ents, v.ents)
        if len(self.terms) > 2 * keep_terms:
            self.terms = prune(self.terms, keep_terms)
        if len(self.title) > 2 * keep_terms:
            self.title = prune(self.title, keep_terms)
        if len(self.ents) > 2 * keep_ents:
            self.ents = prune(self.ents, keep_ents)
        for k, s in v.surfaces.items():
            if k in self.ents and k not in self.surfaces:
                self.surfaces[k] = s
        if len(self.surfaces) > 4 * keep_ents:
            self.surfaces = {k: s for k, s in self.surfaces.items() if k in self.ents}
        if v.emb is not None:
            self.emb_sum = v.emb.astype(np.float32).copy() if self.emb_sum is None else self.emb_sum + v.emb
            if len(self.member_embs) < MEMBER_EMBS:
                self.member_embs.append(np.asarray(v.emb, dtype=np.float32))
        if member is not None:
            self.members.append(member)
        self.refresh()

    def absorb(self, other: "Aggregate", keep_terms: int, keep_ents: int) -> None:
        self.size += other.size
        self.first_t = min(self.first_t, other.first_t)
        self.last_t = max(self.last_t, other.last_t)
        for k, n in other.langs.items():
            self.langs[k] = self.langs.get(k, 0) + n
        add_into(self.terms, other.terms)
        add_into(self.title, other.title)
        add_into(self.ents, other.ents)
        self.terms, self.title, self.ents = prune(self.terms, keep_terms), prune(self.title, keep_terms), prune(self.ents, keep_ents)
        for k, s in other.surfaces.items():
            self.surfaces.setdefault(k, s)
        if other.emb_sum is not None:
            self.emb_sum = other.emb_sum.copy() if self.emb_sum is None else self.emb_sum + other.emb_sum
        self.member_embs = (self.member_embs + other.member_embs)[:MEMBER_EMBS]
        self.member_chars = self.member_chars + other.member_chars if self.member_chars and other.member_chars else []
        if self.member_leads and other.member_leads:
            self.member_leads, self.member_e5 = self.member_leads + other.member_leads, self.member_e5 + other.member_e5
        else:
            self.member_leads, self.member_e5 = [], []
        self.members.extend(other.members)
        self.refresh()

    def refresh(self) -> None:
        self.norms = (norm(self.terms), norm(self.title), norm(self.ents))

    def unit_emb(self) -> np.ndarray | None:
        if self.emb_sum is None:
            return None
        n = float(np.linalg.norm(self.emb_sum))
        return self.emb_sum / n if n > 0 else self.emb_sum

    def compact(self, keep_terms: int, keep_ents: int) -> None:
        """Shrink a retired aggregate to what labels and storylines need."""
        self.terms = prune(self.terms, keep_terms)
        self.title = prune(self.title, keep_terms)
        self.ents = prune(self.ents, keep_ents)
        self.surfaces = {k: s for k, s in self.surfaces.items() if k in self.ents}
        self.member_embs = []
        self.member_chars = []
        self.member_leads, self.member_e5 = [], []
        self.refresh()

    def max_member_cos(self, e: np.ndarray) -> float | None:
        if not self.member_embs:
            return None
        return float(max(float(np.dot(m, e)) for m in self.member_embs))

    def to_state(self) -> dict[str, Any]:
        return {"id": self.id, "seq": self.seq, "first_t": self.first_t, "last_t": self.last_t, "size": self.size,
                "langs": self.langs, "terms": self.terms, "title": self.title, "ents": self.ents,
                "surfaces": self.surfaces, "emb_sum": encode_array(self.emb_sum), "members": self.members,
                "parent": self.parent, "live": self.live, "slot": self.slot, "indexed": self.indexed, "gold": self.gold,
                "member_embs": [encode_array(m) for m in self.member_embs],
                "member_chars": [c.to_state() for c in self.member_chars],
                # only when kept (ninth pass), so states without the cross-lingual check stay as before
                **({"member_leads": self.member_leads, "member_e5": [encode_array(m) for m in self.member_e5]}
                   if self.member_leads else {})}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "Aggregate":
        a = cls(d["id"], int(d["seq"]), float(d["first_t"]), float(d["last_t"]), int(d["size"]), dict(d["langs"]),
                dict(d["terms"]), dict(d["title"]), dict(d["ents"]), dict(d["surfaces"]), decode_array(d["emb_sum"]),
                list(d["members"]), d.get("parent"), bool(d["live"]), int(d["slot"]), list(d["indexed"]), gold=d.get("gold"),
                member_embs=[m for m in (decode_array(x) for x in d.get("member_embs", [])) if m is not None],
                member_chars=[CharSig.from_state(x) for x in d.get("member_chars", [])],
                member_leads=[str(x) for x in d.get("member_leads", [])],
                member_e5=[decode_array(x) for x in d.get("member_e5", [])])
        if len(a.member_e5) != len(a.member_leads):
            a.member_leads, a.member_e5 = [], []
        a.refresh()
        return a
