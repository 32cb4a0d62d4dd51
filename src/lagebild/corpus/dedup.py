"""Near-duplicates and syndication: a streaming corpus stage (river-style).

``DedupIndex.learn_one(item)`` indexes one article and returns its copy links:

- **exact** — same normalised text;
- **near** — MinHash Jaccard on word 4-shingles >= 0.5, or one article contained
  in the other (shortened copies; containment from Jaccard and shingle counts,
  or from shared sentence units) >= 0.7;
- **passage** — one or more shared sentence units (>= 15 words), e.g. a quote
  block or background paragraph, with the shared character ranges on both sides;
- **paraphrase** / **translated** — sentence embeddings align most sentences
  (whole-article scope) or a block of >= 2 sentences that also agree on wording
  or numbers/names (passage scope); ``translated`` when the languages differ;
- **same_agency** — same agency credit, within a few days, on the same topic:
  shared provenance without text overlap. Not a copy.

Syndication groups join articles with document-scope copy links; the group's
original is its earliest member (by date; articles without a date are placed at
the stream clock; then arrival order). An article linked only by a passage
points to the earliest article it shares a passage with.

State survives restarts: ``state_dict()`` is a dict of plain values and bytes,
``DedupIndex.from_state(d)`` continues from it; ``to_bytes``/``from_bytes`` wrap
it as JSON. The MinHash part costs 512 bytes of signature + 42 x 12 bytes of
band postings per article (see docs/bench/dedup.md). To share the LSH between
machines, pass ``lsh=DatasketchLSH(storage_config={"type": "redis", ...})``.
"""

from __future__ import annotations

import base64
import json
from array import array
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

import numpy as np

from . import dedup_minhash as mh
from .dedup_reuse import BOILERPLATE_DF, Match, merge_runs, units
from .dedup_semantic import SemConfig, SemanticWindow
from .syndication import Groups, day_number

COPY_KINDS = ("exact", "near", "passage", "translated", "paraphrase")
STATE_VERSION = 1


@dataclass(frozen=True)
class DedupInput:
    id: str
    text: str
    date: str | None = None  # ISO 8601 (or an estimate); None = unknown
    lang: str | None = None
    agency: str | None = None  # "Reuters", "AFP", "dpa" …
    title: str | None = None
    paragraphs: Sequence[tuple[int, int]] | None = None  # char ranges into text


def input_from_document(doc: Any) -> DedupInput:
    """A `DedupInput` from a `lagebild.model.Document` (date: the estimate if that is all there is)."""
    meta = doc.meta
    paras = tuple((b.start, b.end) for b in doc.blocks if b.label != "title") or None
    return DedupInput(doc.doc_id, doc.text, meta.date.value if meta.date else None, doc.lang,
                      str(meta.agency.value) if meta.agency else None, doc.title, paras)


@dataclass(frozen=True)
class Passage:
    start: int  # in this article
    end: int
    other_start: int  # in the other article
    other_end: int


@dataclass(frozen=True)
class Link:
    other: str
    kind: str  # exact | near | passage | translated | paraphrase | same_agency
    scope: str = "document"  # document | passage
    jaccard: float = 0.0  # MinHash estimate
    containment: float = 0.0  # share of this article found in the other
    other_containment: float = 0.0  # share of the other article found in this one
    similarity: float | None = None  # embedding cosine (mean vectors), when computed
    passages: tuple[Passage, ...] = ()

    @property
    def is_copy(self) -> bool:
        return self.kind in COPY_KINDS


@dataclass(frozen=True)
class DedupResult:
    id: str
    links: tuple[Link, ...]
    original: str | None  # the article this one copies (group original), None if it is one
    group: str  # id of the group's original (itself when alone or first)


@dataclass(frozen=True)
class DedupConfig:
    near_jaccard: float = 0.5
    near_containment: float = 0.7
    containment_min_jaccard: float = 0.2
    min_shingles: int = 15  # containment needs this many shingles on the contained side
    min_passage_words: int = 15
    semantic: bool = True
    sem: SemConfig = field(default_factory=SemConfig)
    agency_days: int = 3
    agency_min_cosine: float = 0.5
    agency_recent: int = 200
    # bounded work per article however often a text is reused (docs/bench/scale.md):
    max_per_key: int = 64  # most recent articles read per LSH band / exact-hash key
    max_candidates: int = 48  # candidates verified per article, strongest evidence first
    per_group: int = 2  # of those, at most this many members of one syndication group

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DedupConfig":
        d = dict(d)
        d["sem"] = SemConfig(**d.get("sem", {}))
        return cls(**d)


class DedupIndex:
    def __init__(self, config: DedupConfig | None = None, lsh: mh.LSHBackend | None = None) -> None:
        self.config = config or DedupConfig()
        self.lsh: mh.LSHBackend = lsh or mh.CompactLSH()
        self.ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._sigs = np.zeros((0, mh.NUM_PERM), dtype=np.uint32)
        self._nsh = array("I")  # shingle count per article
        self._nwords = array("I")  # indexed unit words per article
        self._exact = mh.BandIndex()
        self._unit_index = mh.BandIndex()
        self._u_doc, self._u_pos, self._u_start, self._u_end, self._u_words = (array("I") for _ in range(5))
        self.groups = Groups()
        self._links: dict[int, list[Link]] = {}
        self._passage_adj: dict[int, list[int]] = {}
        self._agency: dict[str, deque[tuple[int, int]]] = {}
        self.semantic = SemanticWindow(self.config.sem)

    def __len__(self) -> int:
        return len(self.ids)

    # ------------------------------------------------------------------ learn
    def learn_one(self, item: DedupInput) -> DedupResult:
        if item.id in self._pos:  # idempotent: the same article again
            return self.result(item.id)
        cfg = self.config
        idx = len(self.ids)
        words = mh.norm_words(item.text)
        hv = mh.shingle_hashes(words)
        sig = mh.signature(hv)
        exact_key = np.asarray([mh.hash64(" ".join(words)) or 1], dtype=np.uint64)
        q_units = units(item.text, item.paragraphs)
        q_words = sum(u.nwords for u in q_units if u.key) or 1
        nq = max(1, len(hv))

        exact_docs = set(self._exact.query_union(exact_key, cfg.max_per_key).tolist())
        unit_matches = self._unit_matches(q_units)
        cands = self._candidates(sig, exact_docs, unit_matches)
        links: dict[int, Link] = {}
        for d in sorted(cands):
            link = self._classify(d, sig, nq, q_words, d in exact_docs, unit_matches.get(d, []), q_units)
            if link is not None:
                links[d] = link

        sem_entry = None
        if cfg.semantic and item.text.strip():
            sem_entry = self.semantic.prepare(idx, item.text, [(u.start, u.end) for u in q_units], item.lang)
            self._semantic_links(sem_entry, sig, links, set(cands) - set(links))
        if item.agency:
            self._agency_links(idx, item, sem_entry, links)

        # ---- insert
        self.ids.append(item.id)
        self._pos[item.id] = idx
        self._append_sig(sig)
        self._nsh.append(nq)
        self._nwords.append(q_words)
        self._exact.insert(exact_key, idx)
        self.lsh.insert(idx, sig)
        self._insert_units(idx, q_units)
        self.groups.add(day_number(item.date))
        if sem_entry is not None:
            self.semantic.add(sem_entry)
        for d, link in links.items():
            if link.is_copy and link.scope == "document":
                self.groups.union(idx, d)
            elif link.is_copy:
                self._passage_adj.setdefault(idx, []).append(d)
                self._passage_adj.setdefault(d, []).append(idx)
        if links:
            self._links[idx] = [links[d] for d in sorted(links)]
        return self.result(item.id)

    # ------------------------------------------------------------------ query
    def original_of(self, doc_id: str) -> str | None:
        i = self._pos[doc_id]
        root = self.groups.original(i)
        if root != i:
            return self.ids[root]
        best = None
        for j in self._passage_adj.get(i, []):
            o = self.groups.original(j)
            if self.groups._key(o) < self.groups._key(i) and (best is None or self.groups._key(o) < self.groups._key(best)):
                best = o
        return self.ids[best] if best is not None else None

    def links_of(self, doc_id: str) -> list[Link]:
        """Links found when the article arrived (to earlier articles)."""
        return list(self._links.get(self._pos[doc_id], []))

    def group_of(self, doc_id: str) -> list[str]:
        """All articles in the same syndication group ("also ran in …"), in arrival order."""
        r = self.groups.find(self._pos[doc_id])
        return [self.ids[i] for i in range(len(self.ids)) if self.groups.find(i) == r]

    def result(self, doc_id: str) -> DedupResult:
        i = self._pos[doc_id]
        return DedupResult(doc_id, tuple(self._links.get(i, [])), self.original_of(doc_id),
                           self.ids[self.groups.original(i)])

    # ------------------------------------------------------------ internals
    def _append_sig(self, sig: np.ndarray) -> None:
        n = len(self.ids)
        if n > len(self._sigs):
            grown = np.zeros((max(1024, 2 * len(self._sigs)), mh.NUM_PERM), dtype=np.uint32)
            grown[: len(self._sigs)] = self._sigs
            self._sigs = grown
        self._sigs[n - 1] = sig

    def _insert_units(self, idx: int, q_units: list[Any]) -> None:
        for p, u in enumerate(q_units):
            if not u.key:
                continue
            row = len(self._u_doc)
            self._u_doc.append(idx)
            self._u_pos.append(p)
            self._u_start.append(u.start)
            self._u_end.append(u.end)
            self._u_words.append(min(u.nwords, 2**31))
            self._unit_index.insert(np.asarray([u.key], dtype=np.uint64), row)

    def _candidates(self, sig: np.ndarray, exact_docs: set[int], unit_matches: dict[int, list[Match]]) -> set[int]:
        """The earlier articles worth verifying, bounded however popular a text is.

        Evidence: exact text, then LSH bands shared plus sentence units shared. One
        syndication group counts at most ``per_group`` times (its members are copies of
        each other: linking to one of them puts the article in the group), and at most
        ``max_candidates`` are verified. Ties go to the older article."""
        cfg = self.config
        query_counts = getattr(self.lsh, "query_counts", None)
        if query_counts is not None:
            docs, hits = query_counts(sig, cfg.max_per_key)
            score = dict(zip(docs.tolist(), hits.tolist()))
        else:
            score = {d: 1 for d in self.lsh.query(sig).tolist()}
        for d, ms in unit_matches.items():
            score[d] = score.get(d, 0) + 3 * len(ms)
        for d in exact_docs:
            score[d] = score.get(d, 0) + 1000
        if len(score) <= cfg.max_candidates:
            return set(score)
        out: set[int] = set()
        per: dict[int, int] = {}
        for d in sorted(score, key=lambda x: (-score[x], x)):
            g = self.groups.find(d)
            if per.get(g, 0) >= cfg.per_group:
                continue
            per[g] = per.get(g, 0) + 1
            out.add(d)
            if len(out) >= cfg.max_candidates:
                break
        return out

    def _unit_matches(self, q_units: list[Any]) -> dict[int, list[Match]]:
        keyed = [(i, u) for i, u in enumerate(q_units) if u.key]
        if not keyed:
            return {}
        out: dict[int, list[Match]] = {}
        rows_per = self._unit_index.query(np.asarray([u.key for _, u in keyed], dtype=np.uint64))
        for (qi, u), rows in zip(keyed, rows_per):
            if not len(rows):
                continue
            if len(rows) > BOILERPLATE_DF:  # count distinct articles, stopping once it is boilerplate
                docs: set[int] = set()
                for r in rows.tolist():
                    docs.add(self._u_doc[r])
                    if len(docs) > BOILERPLATE_DF:
                        break
                if len(docs) > BOILERPLATE_DF:
                    continue
            for r in rows.tolist():
                out.setdefault(self._u_doc[r], []).append(
                    Match(qi, r, self._u_pos[r], self._u_start[r], self._u_end[r], u.nwords))
        return out

    def _classify(self, d: int, sig: np.ndarray, nq: int, q_words: int, exact: bool,
                  matches: list[Match], q_units: list[Any]) -> Link | None:
        cfg = self.config
        other = self.ids[d]
        j = float(mh.jaccard_many(sig, self._sigs[d : d + 1])[0])
        nd = self._nsh[d]
        inter = j * (nq + nd) / (1 + j)
        cq, cd = min(1.0, inter / nq), min(1.0, inter / nd)
        runs = merge_runs(matches, q_units) if matches else []
        shared = sum(r[4] for r in runs)
        uq, ud = min(1.0, shared / q_words), min(1.0, shared / max(1, self._nwords[d]))
        passages = tuple(Passage(a, b, c, e) for a, b, c, e, _ in runs)
        cq, cd = max(cq, uq), max(cd, ud)
        if exact:
            return Link(other, "exact", "document", 1.0, 1.0, 1.0, None, passages)
        contained = (j >= cfg.containment_min_jaccard and min(nq, nd) >= cfg.min_shingles
                     and max(cq, cd) >= cfg.near_containment)
        if j >= cfg.near_jaccard or contained or max(uq, ud) >= cfg.near_containment:
            return Link(other, "near", "document", round(j, 4), round(cq, 4), round(cd, 4), None, passages)
        if shared >= cfg.min_passage_words:
            return Link(other, "passage", "passage", round(j, 4), round(cq, 4), round(cd, 4), None, passages)
        return None

    def _semantic_links(self, q: Any, sig: np.ndarray, links: dict[int, Link], extra: set[int]) -> None:
        cfg = self.config.sem
        for d in self.semantic.candidates(q, extra):
            if d.doc in links:
                continue
            m = self.semantic.compare(q, d)
            xling = bool(q.lang and d.lang and q.lang != d.lang)
            kind = "translated" if xling else "paraphrase"
            n_short = min(len(q.spans), len(d.spans))
            if m.frac >= cfg.doc_fraction and n_short >= cfg.doc_min_units and len(m.pairs) >= cfg.doc_min_units:
                use = m.pairs
                scope = "document"
            elif len(m.agreeing) >= cfg.passage_pairs:
                use = m.agreeing
                scope = "passage"
            else:
                continue
            passages = tuple(Passage(*q.spans[i], *d.spans[k]) for i, k, _ in sorted(use))
            j = float(mh.jaccard_many(sig, self._sigs[d.doc : d.doc + 1])[0])
            links[d.doc] = Link(self.ids[d.doc], kind, scope, round(j, 4), round(m.frac, 4), round(m.frac, 4),
                                round(m.cosine, 4), passages)

    def _agency_links(self, idx: int, item: DedupInput, q: Any, links: dict[int, Link]) -> None:
        cfg = self.config
        key = item.agency.strip().casefold() if item.agency else ""
        day = day_number(item.date)
        recent = self._agency.setdefault(key, deque(maxlen=cfg.agency_recent))
        window = self.semantic.by_doc if q is not None else {}
        for d, dday in recent:
            if d in links or (day is not None and dday is not None and abs(day - dday) > cfg.agency_days):
                continue
            cos = float(window[d].doc_vec @ q.doc_vec) if q is not None and d in window and len(q.spans) else None
            if cos is not None and cos < cfg.agency_min_cosine:
                continue
            if cos is None and q is not None:
                continue
            links[d] = Link(self.ids[d], "same_agency", "document", similarity=None if cos is None else round(cos, 4))
        recent.append((idx, day if day is not None else self.groups.clock))

    # ----------------------------------------------------------------- state
    def state_dict(self) -> dict[str, Any]:
        """Plain values and bytes only (JSON after base64, see `to_bytes`)."""
        n = len(self.ids)
        links = {str(i): [asdict(lk) for lk in ls] for i, ls in self._links.items() if ls}
        return {
            "version": STATE_VERSION,
            "config": self.config.to_dict(),
            "ids": list(self.ids),
            "sigs": self._sigs[:n].tobytes(),
            "nsh": self._nsh.tobytes(),
            "nwords": self._nwords.tobytes(),
            "exact": self._exact.state_dict(),
            "lsh": self.lsh.state_dict(),
            "units": {k: getattr(self, "_u_" + k).tobytes() for k in ("doc", "pos", "start", "end", "words")},
            "unit_index": self._unit_index.state_dict(),
            "groups": self.groups.state_dict(),
            "links": links,
            "passage_adj": {str(k): v for k, v in self._passage_adj.items()},
            "agency": {k: [list(x) for x in v] for k, v in self._agency.items()},
            "semantic": self.semantic.state_dict(),
        }

    @classmethod
    def from_state(cls, d: dict[str, Any], lsh: mh.LSHBackend | None = None) -> "DedupIndex":
        from ..errors import BadData

        if d.get("version") != STATE_VERSION:
            raise BadData(f"dedup state version {d.get('version')!r} is not {STATE_VERSION}")
        self = cls(DedupConfig.from_dict(d["config"]), lsh=lsh)
        self.ids = list(d["ids"])
        self._pos = {x: i for i, x in enumerate(self.ids)}
        self._sigs = np.frombuffer(d["sigs"], dtype=np.uint32).reshape(-1, mh.NUM_PERM).copy()
        self._nsh.frombytes(d["nsh"])
        self._nwords.frombytes(d["nwords"])
        self._exact = mh.BandIndex.from_state(d["exact"])
        if lsh is None:
            if d["lsh"].get("backend") == "compact":
                self.lsh = mh.CompactLSH.from_state(d["lsh"])
            else:
                self.lsh = mh.DatasketchLSH(d["lsh"].get("storage"), int(d["lsh"]["bands"]), int(d["lsh"]["rows"]))
        if not (isinstance(self.lsh, mh.CompactLSH) and len(self.lsh.index)) and not getattr(self.lsh, "persistent", False):
            for i in range(len(self.ids)):
                self.lsh.insert(i, self._sigs[i])
        for k in ("doc", "pos", "start", "end", "words"):
            getattr(self, "_u_" + k).frombytes(d["units"][k])
        self._unit_index = mh.BandIndex.from_state(d["unit_index"])
        self.groups = Groups.from_state(d["groups"])
        self._links = {int(i): [_link_from(x) for x in ls] for i, ls in d["links"].items()}
        self._passage_adj = {int(k): list(v) for k, v in d["passage_adj"].items()}
        self._agency = {k: deque((tuple(x) for x in v), maxlen=self.config.agency_recent)  # type: ignore[misc]
                        for k, v in d["agency"].items()}
        self.semantic = SemanticWindow.from_state(d["semantic"], self.config.sem)
        return self

    def to_bytes(self) -> bytes:
        return json.dumps(_encode_bytes(self.state_dict()), separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, lsh: mh.LSHBackend | None = None) -> "DedupIndex":
        return cls.from_state(_decode_bytes(json.loads(data)), lsh=lsh)

    def memory(self) -> dict[str, int]:
        """Bytes held per component (arrays only; Python object overhead excluded)."""
        n = len(self.ids)
        return {
            "articles": n,
            "signatures": n * mh.NUM_PERM * 4 + 4 * n,
            "lsh": self.lsh.nbytes,
            "exact": self._exact.nbytes,
            "units": self._unit_index.nbytes + 20 * len(self._u_doc),
            "semantic": sum(e.nbytes for e in self.semantic.entries),
        }


def _link_from(x: dict[str, Any]) -> Link:
    x = dict(x)
    x["passages"] = tuple(Passage(**p) for p in x.get("passages", ()))
    return Link(**x)


def _encode_bytes(o: Any) -> Any:
    if isinstance(o, (bytes, bytearray)):
        return {"__b64__": base64.b64encode(bytes(o)).decode("ascii")}
    if isinstance(o, dict):
        return {k: _encode_bytes(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_encode_bytes(v) for v in o]
    return o


def _decode_bytes(o: Any) -> Any:
    if isinstance(o, dict):
        if set(o) == {"__b64__"}:
            return base64.b64decode(o["__b64__"])
        return {k: _decode_bytes(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_decode_bytes(v) for v in o]
    return o
