"""Storylines: a coarser second level that links stories over months.

A new story is linked to the live storyline whose actors, places and topics it
shares most (entity cosine, embedding cosine, term cosine of the story's first
article against the storyline's centroids); otherwise it opens a storyline.
Every later article of the story also updates its storyline's centroids.
Storylines silent for ``max_silence_days`` (default 365) are retired.

The link score is a linear blend ``w_emb * cos_emb + w_ents * cos_ents + w_terms * cos_terms
>= threshold``. The hand-set blend (0.45, 0.35, 0.20) with threshold 0.42 is the default; a
fitted blend is used only when ``models/cluster/storylines.json`` exists (written by
``bench/storylines.py``, which measures both on storyline data: docs/bench/storylines.md).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .cluster_state import Aggregate
from .features import ArticleVec, dot, top_keys

HAND_WEIGHTS = (0.45, 0.35, 0.20)  # cos_emb, cos_ents, cos_terms
HAND_THRESHOLD = 0.42
PARAMS_PATH = Path(__file__).resolve().parents[1] / "models" / "cluster" / "storylines.json"


@lru_cache(maxsize=4)
def load_params(path: Path | None = None) -> tuple[tuple[float, float, float], float, dict[str, Any]]:
    """(weights, threshold, meta) of the storyline link: the fitted file when present, else the hand-set blend."""
    path = PARAMS_PATH if path is None else Path(path)
    if not path.is_file():
        return HAND_WEIGHTS, HAND_THRESHOLD, {"source": "hand-set"}
    d = json.loads(path.read_text(encoding="utf-8"))
    w = tuple(float(x) for x in d["weights"])
    if len(w) != 3:
        raise ValueError(f"{path}: 'weights' needs 3 numbers (emb, ents, terms)")
    return (w[0], w[1], w[2]), float(d["threshold"]), dict(d.get("meta", {}))


class StorylineLinker:
    def __init__(self, threshold: float | None = None, max_silence_days: float = 365.0, prefix: str = "L",
                 keep_terms: int = 200, keep_ents: int = 80,
                 weights: tuple[float, float, float] | None = None) -> None:
        fitted_w, fitted_thr, _ = load_params()
        self.weights = tuple(weights) if weights is not None else fitted_w
        self.threshold = fitted_thr if threshold is None else float(threshold)
        self.max_silence_days = max_silence_days
        self.prefix = prefix
        self.keep_terms = keep_terms
        self.keep_ents = keep_ents
        self.lines: dict[str, Aggregate] = {}
        self.live: dict[str, None] = {}  # insertion-ordered set
        self.counter = 0
        self._index: dict[str, dict[str, None]] = {}  # top entity/term key -> live storylines
        self.max_candidates = 20
        self._last_retire = float("-inf")

    # -- decisions ---------------------------------------------------------------
    @staticmethod
    def signals(v: ArticleVec, line: Aggregate) -> tuple[float, float, float]:
        """(cos_emb, cos_ents, cos_terms) of an article vector against a storyline's centroids."""
        nt, _, ne = line.norms
        c_terms = dot(v.terms, line.terms) / nt if nt else 0.0
        c_ents = dot(v.ents, line.ents) / ne if ne else 0.0
        c_emb = 0.0
        if v.emb is not None and line.emb_sum is not None:
            u = line.unit_emb()
            c_emb = float(np.dot(v.emb, u)) if u is not None else 0.0
        return c_emb, c_ents, c_terms

    def score(self, v: ArticleVec, line: Aggregate) -> float:
        w, x = self.weights, self.signals(v, line)
        return w[0] * x[0] + w[1] * x[1] + w[2] * x[2]

    def link_new_story(self, story_id: str, v: ArticleVec, t: float, now: float) -> tuple[str, float]:
        """Storyline for a story just opened with article vector `v` at time `t`."""
        self._retire(now)
        best, best_s = None, -1.0
        hits: dict[str, float] = {}
        for key in top_keys(v.ents, 12) + top_keys(v.terms, 12):
            w = v.ents.get(key, 0.0) + v.terms.get(key, 0.0)
            for lid in self._index.get(key, ()):
                hits[lid] = hits.get(lid, 0.0) + w
        cands = sorted(hits, key=lambda lid: (-hits[lid], self.lines[lid].seq))[: self.max_candidates]
        for lid in cands:
            line = self.lines[lid]
            s = self.score(v, line)
            if s > best_s or (s == best_s and best is not None and line.seq < best.seq):
                best, best_s = line, s
        if best is None or best_s < self.threshold:
            self.counter += 1
            lid = f"{self.prefix}{self.counter:07d}"
            best = Aggregate(lid, self.counter, t, t)
            self.lines[lid] = best
            self.live[lid] = None
            best_s = 1.0
        best.members.append(story_id)
        return best.id, best_s

    def add_article(self, line_id: str, v: ArticleVec, t: float, lang: str | None) -> None:
        line = self.lines[line_id]
        line.add(v, t, lang, None, self.keep_terms, self.keep_ents)
        if not line.live:  # a retired storyline revived by a late article
            line.live = True
            self.live[line_id] = None
            self._reindex(line)
        elif line.size & (line.size - 1) == 0 or line.size % 32 == 0:
            self._reindex(line)

    def _reindex(self, line: Aggregate) -> None:
        want = (top_keys(line.ents, 20) + top_keys(line.terms, 10)) if line.live else []
        old, new = set(line.indexed), set(want)
        for k in old - new:
            post = self._index.get(k)
            if post is not None:
                post.pop(line.id, None)
                if not post:
                    del self._index[k]
        for k in want:
            if k not in old:
                self._index.setdefault(k, {})[line.id] = None
        line.indexed = want

    def story_merged(self, kept_line: str | None, absorbed_story: str, absorbed_line: str | None) -> None:
        if absorbed_line and absorbed_line in self.lines:
            members = self.lines[absorbed_line].members
            if absorbed_story in members:
                members.remove(absorbed_story)

    def _retire(self, now: float) -> None:
        if now - self._last_retire < 1.0:  # at most once per (pseudo-)day
            return
        self._last_retire = now
        cutoff = now - self.max_silence_days
        for lid in [lid for lid in self.live if self.lines[lid].last_t < cutoff]:
            line = self.lines[lid]
            line.live = False
            self._reindex(line)
            line.compact(60, 30)
            del self.live[lid]

    # -- state ------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "weights": list(self.weights), "max_silence_days": self.max_silence_days, "prefix": self.prefix,
                "counter": self.counter, "live": list(self.live), "last_retire": self._last_retire if self._last_retire > float("-inf") else None,
                "lines": [a.to_state() for a in self.lines.values()]}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> StorylineLinker:
        # states saved before the blend was stored keep the hand-set blend they were built with
        w = d.get("weights")
        obj = cls(float(d["threshold"]), float(d["max_silence_days"]), d.get("prefix", "L"),
                  weights=tuple(float(x) for x in w) if w else HAND_WEIGHTS)  # type: ignore[arg-type]
        obj.counter = int(d["counter"])
        obj._last_retire = float(d["last_retire"]) if d.get("last_retire") is not None else float("-inf")
        for s in d["lines"]:
            a = Aggregate.from_state(s)
            obj.lines[a.id] = a
        obj.live = {lid: None for lid in d["live"]}
        for a in obj.lines.values():
            for k in a.indexed:
                obj._index.setdefault(k, {})[a.id] = None
        return obj
