"""Paraphrased and translated reuse: sentence embeddings plus agreement checks.

Each article's sentence-sized units are embedded with `lagebild.embed.encode`
(multilingual; "use" by default) and kept, int8-quantised, in a sliding window
of the most recent articles (syndicated copy runs within days, so the window
bounds memory and time). A new article is compared with window articles whose
mean vector is close; sentence pairs that are mutual best matches above a
threshold are *aligned*. Many aligned sentences = a paraphrased or translated
copy; two or more aligned sentences that also agree on wording inside the
sentence (a shared content-word trigram, or numbers / names for another
language) = a reused quote block or passage.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .dedup_minhash import hash64, norm_words

MIN_WORDS = 6
MAX_UNITS = 80
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-ZÄÖÜ][\w-]{2,}")


@dataclass(frozen=True)
class SemConfig:
    backend: str = "use"
    window: int = 2000  # articles kept for semantic comparison
    candidate_min: float = 0.45  # mean-vector cosine to look closer
    max_candidates: int = 20
    align_min: float = 0.72  # sentence cosine for an aligned pair (same language)
    align_min_xling: float = 0.70
    doc_fraction: float = 0.6  # aligned share of the shorter article -> whole-article reuse
    doc_min_units: int = 3
    passage_pairs: int = 2  # aligned + agreeing sentence pairs for a passage link
    passage_min: float = 0.72

    @classmethod
    def for_backend(cls, backend: str, **overrides: Any) -> "SemConfig":
        """Thresholds calibrated per embedding model (e5 cosines are compressed:
        unrelated German sentences score ~0.85, reworded quotes ~0.95)."""
        base: dict[str, Any] = dict(BACKEND_THRESHOLDS.get(backend, {}))
        base.update(overrides)
        return cls(backend=backend, **base)


BACKEND_THRESHOLDS: dict[str, dict[str, float]] = {
    "use": {},
    "e5": {"candidate_min": 0.88, "align_min": 0.93, "align_min_xling": 0.92, "passage_min": 0.93},
}


@dataclass
class SemEntry:
    doc: int
    lang: str | None
    vecs: np.ndarray  # int8 (n, d), row = unit vector * 127
    spans: list[tuple[int, int]]
    trigrams: list[frozenset[int]]
    anchors: list[frozenset[str]]
    doc_vec: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @property
    def nbytes(self) -> int:
        return int(self.vecs.nbytes + self.doc_vec.nbytes + 16 * len(self.spans))


@dataclass(frozen=True)
class SemMatch:
    pairs: list[tuple[int, int, float]]  # (q unit, d unit, cosine)
    agreeing: list[tuple[int, int, float]]
    frac: float  # aligned share of the shorter article's units
    cosine: float  # mean-vector cosine


def _trigrams(words: list[str]) -> frozenset[int]:
    out = set()
    for i in range(len(words) - 2):
        tri = words[i : i + 3]
        if max(len(w) for w in tri) >= 6:
            out.add(hash64(" ".join(tri)))
    return frozenset(out)


def _anchors(text: str) -> frozenset[str]:
    nums = {n.replace(".", "").replace(",", "") for n in _NUM.findall(text)}
    names = {m.group(0).casefold()[:5] for m in _NAME.finditer(text)}
    return frozenset(nums | names)


class SemanticWindow:
    """The most recent ``config.window`` articles. Their mean vectors live in one
    preallocated ring matrix, so a candidate query is one matrix-vector product
    over the window (no per-query stacking); entries are also reachable by article."""

    def __init__(self, config: SemConfig | None = None) -> None:
        self.config = config or SemConfig()
        self.entries: deque[SemEntry] = deque()
        self.by_doc: dict[int, SemEntry] = {}
        self._mat = np.zeros((0, 0), dtype=np.float32)  # ring of doc vectors, window rows
        self._head = 0  # ring slot of the oldest entry

    def prepare(self, doc: int, text: str, spans: Sequence[tuple[int, int]], lang: str | None) -> SemEntry:
        from ..embed import encode

        keep = []
        for s, e in spans:
            w = norm_words(text[s:e])
            if len(w) >= MIN_WORDS:
                keep.append((s, e, w))
            if len(keep) >= MAX_UNITS:
                break
        texts = [text[s:e] for s, e, _ in keep]
        vecs = encode(texts, backend=self.config.backend) if texts else np.zeros((0, 1), dtype=np.float32)
        q = np.clip(np.rint(vecs * 127), -127, 127).astype(np.int8)
        dv = vecs.mean(axis=0) if len(vecs) else np.zeros(vecs.shape[1], dtype=np.float32)
        nrm = float(np.linalg.norm(dv)) or 1.0
        return SemEntry(doc, lang, q, [(s, e) for s, e, _ in keep], [_trigrams(w) for *_, w in keep],
                        [_anchors(text[s:e]) for s, e, _ in keep], (dv / nrm).astype(np.float32))

    def add(self, entry: SemEntry) -> None:
        if len(entry.spans) == 0:
            return
        cap = max(1, self.config.window)
        if self._mat.shape != (cap, len(entry.doc_vec)):  # first entry (or a new dimension): start the ring
            self._mat = np.zeros((cap, len(entry.doc_vec)), dtype=np.float32)
            for i, e in enumerate(self.entries):
                self._mat[i] = e.doc_vec
            self._head = 0
        if len(self.entries) == cap:  # the oldest entry leaves; its slot takes the new one
            old = self.entries.popleft()
            self.by_doc.pop(old.doc, None)
            self._head = (self._head + 1) % cap
        self._mat[(self._head + len(self.entries)) % cap] = entry.doc_vec
        self.entries.append(entry)
        self.by_doc[entry.doc] = entry

    def candidates(self, q: SemEntry, extra: set[int] = frozenset()) -> list[SemEntry]:  # type: ignore[assignment]
        if not self.entries or not len(q.spans) or len(q.doc_vec) != self._mat.shape[1]:
            return []
        n, cap = len(self.entries), len(self._mat)
        # einsum: a plain loop, not a multi-threaded BLAS call (whose thread start-up costs
        # 10-20x the product itself for one vector, far more on a loaded machine)
        if n < cap:
            sims = np.einsum("ij,j->i", self._mat[:n], q.doc_vec)
        else:
            sims = np.einsum("ij,j->i", self._mat, q.doc_vec)[(self._head + np.arange(n)) % cap]  # oldest first
        order = np.argsort(-sims, kind="stable")[: self.config.max_candidates]
        out = [self.entries[i] for i in order.tolist() if sims[i] >= self.config.candidate_min]
        have = {e.doc for e in out}
        out += [self.by_doc[d] for d in sorted(extra) if d in self.by_doc and d not in have]
        return out

    def compare(self, q: SemEntry, d: SemEntry) -> SemMatch:
        cfg = self.config
        if not len(q.spans) or not len(d.spans):
            return SemMatch([], [], 0.0, 0.0)
        s = np.einsum("ik,jk->ij", q.vecs.astype(np.float32), d.vecs.astype(np.float32)) / (127.0 * 127.0)
        xling = bool(q.lang and d.lang and q.lang != d.lang)
        thr = cfg.align_min_xling if xling else cfg.align_min
        best_d = s.argmax(axis=1)
        best_q = s.argmax(axis=0)
        pairs = [(i, int(j), float(s[i, j])) for i, j in enumerate(best_d.tolist())
                 if best_q[j] == i and s[i, j] >= thr]
        strong = [(i, j, c) for i, j, c in pairs if c >= cfg.passage_min]
        if xling:  # no shared wording across languages: numbers and names must agree
            shared = [len(q.anchors[i] & d.anchors[j]) for i, j, _ in strong]
            agreeing = strong if shared and sum(shared) >= 3 and max(shared) >= 2 else []
        else:
            agreeing = [(i, j, c) for i, j, c in strong if q.trigrams[i] & d.trigrams[j]]
        frac = len(pairs) / min(len(q.spans), len(d.spans))
        return SemMatch(pairs, agreeing, frac, float(q.doc_vec @ d.doc_vec))

    def state_dict(self) -> dict[str, Any]:
        ents = list(self.entries)
        return {
            "docs": [e.doc for e in ents],
            "langs": [e.lang or "" for e in ents],
            "spans": [[list(x) for x in e.spans] for e in ents],
            "vecs": [e.vecs.tobytes() for e in ents],
            "dims": int(ents[0].vecs.shape[1]) if ents else 0,
            "trigrams": [[sorted(t) for t in e.trigrams] for e in ents],
            "anchors": [[sorted(a) for a in e.anchors] for e in ents],
            "doc_vecs": [e.doc_vec.tobytes() for e in ents],
        }

    @classmethod
    def from_state(cls, d: dict[str, Any], config: SemConfig | None = None) -> "SemanticWindow":
        w = cls(config)
        dims = int(d.get("dims", 0))
        for i, doc in enumerate(d.get("docs", [])):
            vecs = np.frombuffer(d["vecs"][i], dtype=np.int8).reshape(-1, dims).copy()
            w.add(SemEntry(
                int(doc), d["langs"][i] or None, vecs, [tuple(x) for x in d["spans"][i]],  # type: ignore[misc]
                [frozenset(int(h) for h in t) for t in d["trigrams"][i]],
                [frozenset(a) for a in d["anchors"][i]],
                np.frombuffer(d["doc_vecs"][i], dtype=np.float32).copy()))
        return w
