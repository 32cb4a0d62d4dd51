"""Streaming, cross-lingual story clustering with stable IDs (issue "Stories").

`StoryClusterer.learn_one(item)` places one article at a time, in arrival
order, never re-clustering the past:

1. represent the article (`features.vectorise`: lemmatised TF-IDF with an
   incrementally updated IDF, title TF-IDF, entity keys, and a multilingual
   embedding of title + lead);
2. retrieve a bounded set of candidate stories among the *live* ones only
   (inverted index over each story's top terms/entities + brute-force cosine
   over the live embedding centroids); stories silent for `max_silence_days`
   are retired from the candidate set, so cost per article stays flat;
3. score each candidate with the calibrated join model (`cluster_model`):
   logistic regression over the signals, minus a time decay for silence;
4. join the best story if its probability passes the fitted threshold, else
   open a new story. When the best story is small (<= 2 articles: the pair case,
   where a wrong join costs most in a stream of mostly one-article stories), the
   small-story check decides instead (`cluster_small`): an LR over the join logit and the
   character 4-5-gram TF-IDF cosine to the story's members (`cluster_chars`), with its
   prior shifted online to this stream's share of small-story joins (Saerens et al.
   2002), all fitted on tune data by ``bench/cluster.py fit-small``; when that small story has no article in
   the arriving article's language, a multilingual-e5-small cosine of title + lead to its members adjusts the
   check (computed lazily, only then: ``bench/cluster.py fit-xling``). A near-duplicate (``original``) joins its original's story.
   When the article also clearly belongs to a second story, the two merge: the
   older ID survives and the younger becomes an alias;
5. second pass: after a join, the grown story is compared with its nearest live
   stories (embedding centroids); when the join model scores one of them above
   `converge_threshold` (fitted on tune streams), the two merge the same way.

Pages that are not articles (`cluster_pages.page_kind`: error pages, login or
paywall stubs) stay stories of their own outside the candidate index; a huge dump
that joins a story does not move its centroid.

IDs are sequential (``S0000001``), never reused. Everything is deterministic
(ties broken by story age) and the whole state round-trips through
`state_dict()` / `from_state()` (JSON-serialisable).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import cluster_model, cluster_small, features
from .cluster_edits import ManualEdits
from .cluster_pages import page_kind
from .cluster_small import SmallCheck
from .cluster_state import Aggregate, format_day, parse_date
from .features import ArticleVec, DocFreq, dot, lead_text, top_keys, vectorise
from .labels import key_entities, key_terms, label
from .storylines import StorylineLinker

STATE_VERSION = 1


@dataclass(frozen=True)
class ClusterInput:
    id: str
    date: str | None = None  # ISO 8601; None: arrival order is the clock
    lang: str | None = None
    title: str = ""
    text: str = ""
    entities: tuple[str, ...] | None = None  # canonical entity keys, when known
    original: str | None = None  # id of the article this one copies (dedup)
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Assignment:
    story_id: str
    is_new: bool
    score: float  # join probability (1.0 for a new story's founder or a syndicated copy)
    storyline_id: str | None
    merged: tuple[str, ...] = ()  # story IDs absorbed into story_id by this article


def embed_inputs(items: Sequence[ClusterInput], backend: str | None = "default") -> list[ClusterInput]:
    """The same items with ``embedding`` filled in, encoded in batches ("default": the clustering
    default backend, `cluster_model.default_backend()`; it must match the clusterer's)."""
    from dataclasses import replace

    from ..embed import encode

    backend = cluster_model.resolve_backend(backend)
    todo = [i for i, it in enumerate(items) if it.embedding is None]
    mat = encode([lead_text(items[i].title, items[i].text) for i in todo], backend=backend) if todo else None
    out = list(items)
    for row, i in enumerate(todo):
        out[i] = replace(items[i], embedding=mat[row])  # type: ignore[index]
    return out


class StoryClusterer(ManualEdits):
    def __init__(self, *, model: cluster_model.JoinModel | None = None, embed_backend: str | None = "default",
                 max_silence_days: float = 30.0, undated_per_day: float = 500.0, max_candidates: int = 24,
                 emb_candidates: int = 8, merge_threshold: float = 0.9, keep_terms: int = 300, keep_ents: int = 100,
                 index_terms: int = 25, index_ents: int = 12, storyline_threshold: float | None = None,
                 converge_threshold: float | str | None = "model", converge_candidates: int = 4,
                 detect_pages: bool = True, ent_keys: int | None = None, xling: bool | None = None) -> None:
        embed_backend = cluster_model.resolve_backend(embed_backend)
        self.model = model or cluster_model.load(backend=embed_backend)
        self.embed_backend = embed_backend  # None: no embedding signal unless items carry one (then: the "use" model)
        self.max_silence_days = max_silence_days
        self.undated_per_day = undated_per_day
        self.max_candidates = max_candidates
        self.emb_candidates = emb_candidates
        self.merge_threshold = merge_threshold
        # second-pass merges: "model" = the join model's fitted value (None there: off)
        self.converge_threshold: float | None = (self.model.converge_threshold if converge_threshold == "model"
                                                 else None if converge_threshold is None else float(converge_threshold))
        self.converge_candidates = converge_candidates
        self.detect_pages = detect_pages
        # entity-key scheme of `features.vectorise` (None: `features.ENT_KEYS`; 2: language-neutral); a state
        # saved before the sixth pass has none recorded and keeps scheme 1, so its stories and new articles share keys
        self.ent_keys = int(features.ENT_KEYS if ent_keys is None else ent_keys)
        self.non_articles: dict[str, str] = {}  # article id -> "stub" | "dump"
        self.keep_terms, self.keep_ents = keep_terms, keep_ents
        self.index_terms, self.index_ents = index_terms, index_ents
        self.df = DocFreq()
        # the small-story check's cross-lingual e5 term (ninth pass; None: `cluster_small.XLING`); it acts only
        # when the join model has fitted weights for it. A state saved before the ninth pass keeps it off.
        self.xling = bool(cluster_small.XLING if xling is None else xling)
        self.small = SmallCheck(self.xling)  # the small-story check's running state (cluster_small)
        self._light = False  # state_dict without the large count tables (the row store saves those itself)
        self.now = 0.0
        self.n_seen = 0
        self.counter = 0
        self.stories: dict[str, Aggregate] = {}
        self.aliases: dict[str, str] = {}
        self.merges: list[dict[str, Any]] = []
        self.splits: list[dict[str, Any]] = []
        self.article_story: dict[str, str] = {}
        self.storylines = StorylineLinker(threshold=storyline_threshold)  # None: the linker's own (fitted file, else hand-set)
        self._index: dict[str, dict[str, None]] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._emb: np.ndarray | None = None
        self._slot_story: list[str | None] = []
        self._free: list[int] = []
        self._gold: dict[str, str] = {}

    # -- public API ----------------------------------------------------------------
    def resolve(self, story_id: str) -> str:
        while story_id in self.aliases:
            story_id = self.aliases[story_id]
        return story_id

    def story_of(self, article_id: str) -> str | None:
        sid = self.article_story.get(article_id)
        return self.resolve(sid) if sid else None

    def learn_one(self, item: ClusterInput) -> Assignment:
        t, v = self._prepare(item)
        if item.original is not None and item.original in self.article_story:
            story = self.stories[self.resolve(self.article_story[item.original])]
            self._add(story, item, v, t)
            return Assignment(story.id, False, 1.0, story.parent)
        kind = page_kind(item.title, item.text, item.lang) if self.detect_pages else None
        if kind == "stub":
            self.non_articles[item.id] = kind
            story = self._park(item, t)
            return Assignment(story.id, True, 1.0, None)
        cands, X, gaps = self._candidates(item, v, t)
        probs = self.model.proba(X, gaps) if cands else np.zeros(0)
        ranks = self.model.rank(X, gaps) if cands else np.zeros(0)
        order = sorted(range(len(cands)), key=lambda i: (-ranks[i], cands[i].seq))
        p_best, thr = (self.small.decide(self.model, cands[order[0]], X[order[0]], float(gaps[order[0]]), float(probs[order[0]]),
                                           self.now)
                       if order else (0.0, self.model.threshold))
        if not order or p_best < thr:
            score = 1.0 - p_best
            story = self._new_story(v, t)
            self._add(story, item, v, t)
            return Assignment(story.id, True, score, story.parent)
        best = cands[order[0]]
        if kind == "dump":  # a member, but its 100k characters do not move the story
            self.non_articles[item.id] = kind
            self._add_member(best, item, t)
            return Assignment(best.id, False, p_best, best.parent)
        merged: list[str] = []
        if (len(order) > 1 and probs[order[1]] >= self.merge_threshold and probs[order[0]] >= self.merge_threshold
                and not self._kept_apart(best, cands[order[1]])):
            other = cands[order[1]]
            keep, gone = (best, other) if best.seq < other.seq else (other, best)
            self._merge(keep, gone, item.id)
            best = keep
            merged.append(gone.id)
        self._add(best, item, v, t)
        best = self._converge(best, item.id, merged)
        return Assignment(best.id, False, p_best, best.parent, tuple(merged))

    def learn_many(self, items: Sequence[ClusterInput], batch: int = 256) -> list[Assignment]:
        """`learn_one` over items in order, embedding them in batches first."""
        out: list[Assignment] = []
        for i in range(0, len(items), batch):
            chunk = items[i : i + batch]
            if self.embed_backend:
                chunk = embed_inputs(chunk, self.embed_backend)
            out.extend(self.learn_one(it) for it in chunk)
        return out

    def teach_one(self, item: ClusterInput, gold: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Teacher forcing for fitting the join model: features of the article
        against its candidates, labels (candidate is the gold story), silence gaps;
        then the article joins its gold story."""
        t, v = self._prepare(item)
        cands, X, gaps = self._candidates(item, v, t)
        y = np.array([1.0 if c.gold == gold else 0.0 for c in cands])
        self.join_gold(item, v, t, gold)
        return X, y, gaps

    def join_gold(self, item: ClusterInput, v: ArticleVec, t: float, gold: str) -> None:
        """Teacher forcing: the prepared article joins the story of its gold cluster (opened on
        first sight; `_add` revives a retired one)."""
        sid = self._gold.get(gold)
        if sid is None:
            story = self._new_story(v, t)
            story.gold = gold
            self._gold[gold] = story.id
        else:
            story = self.stories[sid]
        self._add(story, item, v, t)

    def stories_summary(self, min_size: int = 1) -> list[dict[str, Any]]:
        aliases: dict[str, list[str]] = {}
        for a, b in self.aliases.items():
            aliases.setdefault(self.resolve(b), []).append(a)
        out = []
        for s in self.stories.values():
            if s.id in self.aliases or s.size < min_size:
                continue
            ents = key_entities(s, df=self.df)
            out.append({"id": s.id, "aliases": sorted(aliases.get(s.id, [])), "size": s.size, "label": label(s, df=self.df),
                        "entities": ents, "terms": key_terms(s, exclude=ents, df=self.df), "first_seen": format_day(s.first_t),
                        "last_seen": format_day(s.last_t), "languages": sorted(s.langs), "storyline": s.parent,
                        "live": s.live, "articles": list(s.members)})
        return out

    def storylines_summary(self) -> list[dict[str, Any]]:
        out = []
        for line in self.storylines.lines.values():
            stories = [sid for sid in line.members if sid not in self.aliases]
            if not stories:
                continue
            ents = key_entities(line, df=self.df)
            out.append({"id": line.id, "label": label(line, df=self.df), "entities": ents, "terms": key_terms(line, exclude=ents, df=self.df),
                        "stories": stories, "size": line.size, "first_seen": format_day(line.first_t),
                        "last_seen": format_day(line.last_t), "languages": sorted(line.langs)})
        return out

    # -- internals ------------------------------------------------------------------
    def _park(self, item: ClusterInput, t: float) -> Aggregate:
        """A story of its own for a non-article page: outside the candidate index and storylines."""
        self.counter += 1
        story = Aggregate(f"S{self.counter:07d}", self.counter, t, t, live=False)
        self.stories[story.id] = story
        self._add_member(story, item, t)
        return story

    def _add_member(self, story: Aggregate, item: ClusterInput, t: float) -> None:
        """Count an article as a member without changing the story's centroids."""
        story.size += 1
        story.first_t, story.last_t = min(story.first_t, t), max(story.last_t, t)
        if item.lang:
            story.langs[item.lang] = story.langs.get(item.lang, 0) + 1
        story.members.append(item.id)
        self.article_story[item.id] = story.id
        self.small.keep(self.model, story, None)
        if story.slot >= 0 or story.indexed:
            heapq.heappush(self._heap, (story.last_t, story.seq, story.id))

    def _converge(self, story: Aggregate, at: str, merged: list[str]) -> Aggregate:
        """Second pass: merge the grown story with a live story whose centroid now matches it."""
        if self.converge_threshold is None or story.size < 2 or self._emb is None:
            return story
        u = story.unit_emb()
        if u is None:
            return story
        n = len(self._slot_story)
        sims = self._emb[:n] @ u
        k = min(self.converge_candidates + 1, n)
        idx = np.argpartition(-sims, k - 1)[:k]
        others = [self.stories[sid] for i in sorted(idx.tolist(), key=lambda i: (-sims[i], i))
                  if (sid := self._slot_story[i]) is not None and sid != story.id and sims[i] > 0.0]
        others = [o for o in others if not self._kept_apart(story, o)]
        if not others:
            return story
        nt, ntt, ne = story.norms
        v = ArticleVec({k2: x / nt for k2, x in story.terms.items()} if nt else {},
                       {k2: x / ntt for k2, x in story.title.items()} if ntt else {},
                       {k2: x / ne for k2, x in story.ents.items()} if ne else {}, u)
        lang = max(story.langs, key=lambda lg: (story.langs[lg], lg)) if story.langs else None
        X = np.array([self._features(v, lang, o) for o in others], dtype=np.float64)
        gaps = np.array([max(0.0, story.first_t - o.last_t, o.first_t - story.last_t) for o in others])
        probs = self.model.proba(X, gaps)
        best = int(np.argmax(probs))
        if probs[best] < self.converge_threshold:
            return story
        other = others[best]
        keep, gone = (story, other) if story.seq < other.seq else (other, story)
        self._merge(keep, gone, at)
        merged.append(gone.id)
        return keep

    def _embedding(self, item: ClusterInput) -> np.ndarray | None:
        if item.embedding is not None:
            e = np.asarray(item.embedding, dtype=np.float32)
            n = float(np.linalg.norm(e))
            return e / n if n > 0 else None
        if not self.embed_backend:
            return None
        from ..embed import encode

        return encode([lead_text(item.title, item.text)], backend=self.embed_backend)[0]

    def _prepare(self, item: ClusterInput) -> tuple[float, ArticleVec]:
        self.n_seen += 1
        t = parse_date(item.date)
        if t is None:
            t = self.now + 1.0 / self.undated_per_day
        self.now = max(self.now, t) if self.n_seen > 1 else t
        v = vectorise(item.title, item.text, item.lang, self.df, item.entities, ent_keys=self.ent_keys)
        v.emb = self._embedding(item)
        self.small.prepare(self.model, item.title, item.text)
        self._retire()
        return t, v

    def _candidates(self, item: ClusterInput, v: ArticleVec, t: float) -> tuple[list[Aggregate], np.ndarray, np.ndarray]:
        scores: dict[str, float] = {}
        for key in top_keys(v.terms, self.index_terms) + top_keys(v.ents, self.index_ents):
            post = self._index.get(key)
            if not post or len(post) > 2000:  # too common to discriminate
                continue
            w = v.terms.get(key, 0.0) + v.ents.get(key, 0.0)
            for sid in post:
                scores[sid] = scores.get(sid, 0.0) + w
        chosen = sorted(scores, key=lambda s: (-scores[s], self.stories[s].seq))[: self.max_candidates]
        if v.emb is not None and self._emb is not None and len(self._slot_story) > len(self._free):
            n = len(self._slot_story)
            sims = self._emb[:n] @ v.emb
            k = min(self.emb_candidates, n)
            idx = np.argpartition(-sims, k - 1)[:k]
            for i in sorted(idx.tolist(), key=lambda i: (-sims[i], i)):
                sid = self._slot_story[i]
                if sid is not None and sims[i] > 0.0 and sid not in chosen:
                    chosen.append(sid)
        cands = [self.stories[s] for s in chosen]
        X = np.array([self._features(v, item.lang, c) for c in cands], dtype=np.float64).reshape(len(cands), len(cluster_model.FEATURES))
        gaps = np.array([max(0.0, t - c.last_t, c.first_t - t) for c in cands], dtype=np.float64)
        return cands, X, gaps

    def _features(self, v: ArticleVec, lang: str | None, s: Aggregate) -> list[float]:
        nt, ntt, ne = s.norms
        c_terms = dot(v.terms, s.terms) / nt if nt else 0.0
        c_title = dot(v.title, s.title) / ntt if ntt else 0.0
        c_ents = dot(v.ents, s.ents) / ne if ne else 0.0
        c_emb = 0.0
        if v.emb is not None and s.emb_sum is not None:
            n = float(np.linalg.norm(s.emb_sum))
            c_emb = float(np.dot(v.emb, s.emb_sum)) / n if n > 0 else 0.0
        c_max = c_emb
        if v.emb is not None:
            m = s.max_member_cos(v.emb)
            if m is not None:
                c_max = max(m, c_emb)
        cross = 0.0 if (lang is None or lang in s.langs or not s.langs) else 1.0
        return [c_terms, c_title, c_emb, c_ents, cross, c_emb * cross, c_ents * cross, c_max, 1.0 if s.size <= 1 else 0.0]

    def _new_story(self, v: ArticleVec | None, t: float) -> Aggregate:
        self.counter += 1
        story = Aggregate(f"S{self.counter:07d}", self.counter, t, t)
        self.stories[story.id] = story
        if v is not None:
            story.parent, _ = self.storylines.link_new_story(story.id, v, t, self.now)
        return story

    def _add(self, story: Aggregate, item: ClusterInput, v: ArticleVec, t: float) -> None:
        if not story.live:
            self._revive(story)
        story.add(v, t, item.lang, item.id, self.keep_terms, self.keep_ents)
        self.small.keep(self.model, story, self.small.sig)
        self.article_story[item.id] = story.id
        if story.parent is not None:
            self.storylines.add_article(story.parent, v, t, item.lang)
        self._reindex(story)
        heapq.heappush(self._heap, (story.last_t, story.seq, story.id))

    def _reindex(self, story: Aggregate) -> None:
        want = top_keys(story.terms, self.index_terms) + top_keys(story.ents, self.index_ents)
        if not story.live:
            want = []
        old = set(story.indexed)
        new = set(want)
        for k in old - new:
            post = self._index.get(k)
            if post is not None:
                post.pop(story.id, None)
                if not post:
                    del self._index[k]
        for k in want:
            if k not in old:
                self._index.setdefault(k, {})[story.id] = None
        story.indexed = want
        u = story.unit_emb() if story.live else None
        if u is not None:
            if story.slot < 0:
                story.slot = self._alloc_slot(story.id, u.shape[0])
            assert self._emb is not None
            self._emb[story.slot] = u
        elif story.slot >= 0 and not story.live:
            self._slot_story[story.slot] = None
            assert self._emb is not None
            self._emb[story.slot] = 0.0
            self._free.append(story.slot)
            story.slot = -1

    def _alloc_slot(self, sid: str, dim: int) -> int:
        if self._emb is None:
            self._emb = np.zeros((256, dim), dtype=np.float32)
        if self._free:
            self._free.sort()
            slot = self._free.pop(0)
            self._slot_story[slot] = sid
            return slot
        slot = len(self._slot_story)
        if slot >= self._emb.shape[0]:
            grown = np.zeros((max(self._emb.shape[0] * 2, slot + 256), self._emb.shape[1]), dtype=np.float32)
            grown[:slot] = self._emb[:slot]
            self._emb = grown
        self._slot_story.append(sid)
        return slot

    def _retire(self) -> None:
        cutoff = self.now - self.max_silence_days
        while self._heap and self._heap[0][0] < cutoff:
            last_t, _, sid = heapq.heappop(self._heap)
            story = self.stories.get(sid)
            if story is None or not story.live or story.last_t != last_t or sid in self.aliases:
                continue
            story.live = False
            self._reindex(story)
            story.compact(60, 30)

    def _revive(self, story: Aggregate) -> None:
        story.live = True
        self._reindex(story)

    def _merge(self, keep: Aggregate, gone: Aggregate, at: str | None, log: dict[str, Any] | None = None) -> None:
        keep.absorb(gone, self.keep_terms, self.keep_ents)
        self.small.merged(self.model, keep, gone)
        gone.live = False
        self._reindex(gone)
        self.aliases[gone.id] = keep.id
        for m in gone.members:
            self.article_story[m] = keep.id
        self.storylines.story_merged(keep.parent, gone.id, gone.parent)
        self.merges.append({"kept": keep.id, "absorbed": gone.id, "at_article": at, **(log or {})})
        self._reindex(keep)
        heapq.heappush(self._heap, (keep.last_t, keep.seq, keep.id))

    # -- state ------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        cfg = {k: getattr(self, k) for k in ("embed_backend", "max_silence_days", "undated_per_day", "max_candidates",
                                              "emb_candidates", "merge_threshold", "keep_terms", "keep_ents",
                                              "index_terms", "index_ents", "converge_threshold",
                                              "converge_candidates", "detect_pages", "ent_keys", "xling")}
        return {"version": STATE_VERSION, "config": cfg, "model": self.model.to_json(), "df": self.df.state_dict(),
                "now": self.now, "n_seen": self.n_seen, "counter": self.counter,
                "stories": [s.to_state() for s in self.stories.values()], "aliases": self.aliases,
                "merges": self.merges, "splits": self.splits, "article_story": self.article_story,
                "storylines": self.storylines.state_dict(), "free": list(self._free), "n_slots": len(self._slot_story),
                "gold": self._gold, "non_articles": self.non_articles, **self.small.state_dict(light=self._light)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StoryClusterer:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported cluster state version {state.get('version')!r}")
        try:
            model = cluster_model.JoinModel.from_json(state["model"])
        except ValueError:  # saved with an older feature set: continue with the shipped model
            model = cluster_model.load(backend=state["config"].get("embed_backend"))
        cfg = dict(state["config"])
        cfg.setdefault("ent_keys", 1)  # saved before language-neutral entity keys: keep the keys its stories hold
        cfg.setdefault("xling", False)  # saved before the cross-lingual e5 term: decide as then
        obj = cls(model=model, **cfg)
        obj.df = DocFreq.from_state(state["df"])
        obj.small = SmallCheck.from_state(state, obj.xling)
        obj.now, obj.n_seen, obj.counter = float(state["now"]), int(state["n_seen"]), int(state["counter"])
        obj.aliases, obj.merges, obj.splits = dict(state["aliases"]), list(state["merges"]), list(state["splits"])
        obj.article_story = dict(state["article_story"])
        obj._gold = dict(state.get("gold", {}))
        obj.non_articles = dict(state.get("non_articles", {}))
        obj.storylines = StorylineLinker.from_state(state["storylines"])
        obj._slot_story = [None] * int(state["n_slots"])
        obj._free = list(state["free"])
        for d in state["stories"]:
            s = Aggregate.from_state(d)
            obj.stories[s.id] = s
            for k in s.indexed:
                obj._index.setdefault(k, {})[s.id] = None
            if s.slot >= 0:
                u = s.unit_emb()
                if obj._emb is None:
                    obj._emb = np.zeros((max(256, len(obj._slot_story)), u.shape[0]), dtype=np.float32)  # type: ignore[union-attr]
                obj._slot_story[s.slot] = s.id
                obj._emb[s.slot] = u  # type: ignore[index]
            if s.live and s.id not in obj.aliases:
                heapq.heappush(obj._heap, (s.last_t, s.seq, s.id))
        return obj
