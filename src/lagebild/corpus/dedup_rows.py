"""A `DedupIndex` saved as rows (``corpus_rows``): each save writes only what changed.

- ``seg`` rows, one per save (key: save number): everything the index learnt about the
  articles indexed since the previous save — IDs, MinHash signatures, shingle and word
  counts, exact-text and sentence-unit keys, units, publication days, copy links, own
  passage links — plus the entries of older articles that changed since (union-find
  parents of the syndication groups, found by comparing with a copy of the last save).
- ``sem`` rows, one per article in the semantic window (key: article number); rows
  that left the window are deleted.
- The scalars (config, LSH parameters, counts, stream clock, the bounded per-agency
  queues) stay in ``corpus_state.state``.

A save costs O(articles since the last save) in bytes written (a vectorised scan of
the group arrays and the key index is all that touches the whole corpus). Loading
reads the segments in order and rebuilds the key indexes (LSH bands from the
signatures) with bulk loads; the result answers like the index that was saved (the
persisted and the rebuilt key indexes hold the same values per key, in the same order).
"""

from __future__ import annotations

from array import array
from collections import deque
from dataclasses import fields
from typing import Any

import numpy as np

from ..store import rows as R
from . import dedup_minhash as mh
from .dedup_semantic import SemanticWindow, SemEntry
from .syndication import Groups

FORMAT = "rows-1"


def _u32(a: array) -> np.ndarray:
    return np.frombuffer(a, dtype=np.uint32) if len(a) else np.zeros(0, dtype=np.uint32)


def _keys_for(bi: mh.BandIndex, a: int, b: int) -> np.ndarray:
    """The key of each value in [a, b) of an index that holds one key per value."""
    out = np.zeros(b - a, dtype=np.uint64)
    if len(bi._vals):
        m = bi._vals >= a
        out[bi._vals[m].astype(np.int64) - a] = bi._keys[m]
    for k, vs in bi._buf.items():
        for v in vs:
            if v >= a:
                out[v - a] = k
    return out


def _link_row(lk: Any) -> dict[str, Any]:
    """A copy link as plain values (`dataclasses.asdict` deep-copies: ~20x slower)."""
    from .dedup import Link, Passage

    d = {f: getattr(lk, f) for f in _fields(Link)}
    d["passages"] = [[getattr(p, f) for f in _fields(Passage)] for p in lk.passages]
    return d


def _link_from_row(d: dict[str, Any]) -> Any:
    from .dedup import Link, Passage

    return Link(**{**d, "passages": tuple(Passage(*p) for p in d["passages"])})


_FIELDS: dict[type, list[str]] = {}


def _fields(cls: type) -> list[str]:
    if cls not in _FIELDS:
        _FIELDS[cls] = [f.name for f in fields(cls)]
    return _FIELDS[cls]


def _sem_encode(e: SemEntry) -> str:
    tri = [np.fromiter(sorted(t), dtype=np.uint64, count=len(t)) for t in e.trigrams]
    return R.pack({"vecs": e.vecs, "doc_vec": e.doc_vec, "tri": np.concatenate(tri) if tri else np.zeros(0, np.uint64),
                   "tri_len": np.asarray([len(t) for t in tri], dtype=np.uint32)},
                  {"doc": e.doc, "lang": e.lang, "spans": [list(x) for x in e.spans], "anchors": [sorted(a) for a in e.anchors]})


def _sem_decode(data: str) -> SemEntry:
    arrs, h = R.unpack(data)
    bounds = np.cumsum(np.concatenate([[0], arrs["tri_len"].astype(np.int64)]))
    tri = arrs["tri"].tolist()
    trigrams = [frozenset(tri[a:b]) for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    return SemEntry(int(h["doc"]), h["lang"], arrs["vecs"].copy(), [tuple(x) for x in h["spans"]],  # type: ignore[misc]
                    trigrams, [frozenset(a) for a in h["anchors"]], arrs["doc_vec"].copy())


class DedupRows:
    """What of one `DedupIndex` is saved; `save` writes the rest."""

    def __init__(self) -> None:
        self.n = 0  # articles saved
        self.n_units = 0
        self.segments = 0
        self.parent = np.zeros(0, dtype=np.uint32)  # group arrays as last saved
        self.first = np.zeros(0, dtype=np.uint32)
        self.sem_last = -1  # last article whose semantic entry is saved
        self.clear = True  # the stored rows are not ours (fresh state, old blob): delete them first

    def save(self, index: Any, c: Any, store: Any, name: str) -> dict[str, Any]:
        """Write the changes since the last save; return the scalars for ``corpus_state``."""
        if self.clear:
            R.remove(c, name)
            self.clear = False
        a, b = self.n, len(index.ids)
        ua, ub = self.n_units, len(index._u_doc)
        g = index.groups
        parent, first = _u32(g.parent), _u32(g.first)
        p_idx = np.nonzero(parent[:a] != self.parent)[0].astype(np.uint32)
        f_idx = np.nonzero(first[:a] != self.first)[0].astype(np.uint32)
        if b > a or len(p_idx) or len(f_idx):
            arrays = {
                "sigs": index._sigs[a:b], "nsh": _u32(index._nsh)[a:b], "nwords": _u32(index._nwords)[a:b],
                "exact": _keys_for(index._exact, a, b), "day": np.frombuffer(g.day, dtype=np.int32)[a:b] if b > a else np.zeros(0, np.int32),
                "parent": parent[a:b], "first": first[a:b], "p_idx": p_idx, "p_val": parent[p_idx], "f_idx": f_idx, "f_val": first[f_idx],
                "unit_key": _keys_for(index._unit_index, ua, ub),
                **{"u_" + k: _u32(getattr(index, "_u_" + k))[ua:ub] for k in ("doc", "pos", "start", "end", "words")},
            }
            header = {"a": a, "ids": index.ids[a:b], "ua": ua,
                      "links": {str(i): [_link_row(lk) for lk in index._links[i]] for i in range(a, b) if index._links.get(i)},
                      "adj": {str(i): own for i in range(a, b) if (own := [d for d in index._passage_adj.get(i, ()) if d < i])}}
            R.upsert(store, c, name, "seg", [(R.num_key(self.segments), R.pack(arrays, header))])
            self.segments += 1
        self.n, self.n_units = b, ub
        self.parent, self.first = parent.copy(), first.copy()
        # the semantic window: new entries in, entries that left it out
        ents = index.semantic.entries
        new = []
        for e in reversed(ents):
            if e.doc <= self.sem_last:
                break
            new.append(e)
        R.upsert(store, c, name, "sem", [(R.num_key(e.doc), _sem_encode(e)) for e in reversed(new)])
        if ents:
            R.remove(c, name, "sem", below=R.num_key(ents[0].doc))
            self.sem_last = ents[-1].doc
        lsh = index.lsh
        lsh_meta = {"backend": "compact", "bands": lsh.bands, "rows": lsh.rows} if isinstance(lsh, mh.CompactLSH) else lsh.state_dict()
        return {"format": FORMAT, "config": index.config.to_dict(), "lsh": lsh_meta, "n": b, "n_units": ub,
                "segments": self.segments, "clock": g.clock, "sem_last": self.sem_last,
                "agency": {k: [list(x) for x in v] for k, v in index._agency.items()}}

    @classmethod
    def load(cls, store: Any, name: str, scalars: dict[str, Any], lsh: Any = None) -> tuple[Any, DedupRows]:
        """Rebuild the index from ``scalars`` and the stage's rows."""
        from .dedup import DedupConfig, DedupIndex

        cfg = DedupConfig.from_dict(scalars["config"])
        meta = scalars["lsh"]
        if lsh is None:
            lsh = mh.CompactLSH(int(meta["bands"]), int(meta["rows"])) if meta.get("backend") == "compact" else \
                mh.DatasketchLSH(meta.get("storage"), int(meta["bands"]), int(meta["rows"]))
        index = DedupIndex(cfg, lsh=lsh)
        ids: list[str] = []
        parts: dict[str, list[np.ndarray]] = {}
        patches: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        links: dict[int, list[Any]] = {}
        adj: dict[int, list[int]] = {}
        for _, data in R.read(store, name, "seg"):
            arrs, h = R.unpack(data)
            if int(h["a"]) != len(ids):
                from ..errors import StoreError

                raise StoreError(f"dedup state rows are not contiguous (segment at {h['a']}, expected {len(ids)})")
            ids.extend(h["ids"])
            for k in ("sigs", "nsh", "nwords", "exact", "day", "parent", "first", "unit_key", "u_doc", "u_pos", "u_start", "u_end", "u_words"):
                parts.setdefault(k, []).append(arrs[k])
            patches.append((arrs["p_idx"], arrs["p_val"], arrs["f_idx"], arrs["f_val"]))
            links.update({int(i): [_link_from_row(x) for x in ls] for i, ls in h["links"].items()})
            adj.update({int(i): list(v) for i, v in h["adj"].items()})
        n = len(ids)
        if n != int(scalars["n"]):
            from ..errors import StoreError

            raise StoreError(f"dedup state rows hold {n} articles, the state says {scalars['n']}")

        def cat(k: str, dtype: Any, shape: tuple[int, ...] = (0,)) -> np.ndarray:
            return np.concatenate(parts[k]).astype(dtype, copy=False) if parts.get(k) else np.zeros(shape, dtype=dtype)

        index.ids, index._pos = ids, {x: i for i, x in enumerate(ids)}
        sigs = cat("sigs", np.uint32, (0, mh.NUM_PERM)).reshape(-1, mh.NUM_PERM)
        index._sigs = sigs.copy()
        index._nsh, index._nwords = array("I", cat("nsh", np.uint32).tobytes()), array("I", cat("nwords", np.uint32).tobytes())
        if n:
            index._exact.bulk_load(cat("exact", np.uint64), np.arange(n, dtype=np.uint32))
            if isinstance(index.lsh, mh.CompactLSH):
                keys = mh.band_keys_many(sigs, index.lsh.bands, index.lsh.rows)
                index.lsh.index.bulk_load(keys.reshape(-1), np.repeat(np.arange(n, dtype=np.uint32), keys.shape[1]))
            elif not getattr(index.lsh, "persistent", False):
                for i in range(n):
                    index.lsh.insert(i, sigs[i])
        for k in ("doc", "pos", "start", "end", "words"):
            setattr(index, "_u_" + k, array("I", cat("u_" + k, np.uint32).tobytes()))
        nu = len(index._u_doc)
        if nu:
            index._unit_index.bulk_load(cat("unit_key", np.uint64), np.arange(nu, dtype=np.uint32))
        parent, first = cat("parent", np.uint32).copy(), cat("first", np.uint32).copy()
        for pi, pv, fi, fv in patches:
            parent[pi], first[fi] = pv, fv
        g = Groups()
        g.parent, g.first = array("I", parent.tobytes()), array("I", first.tobytes())
        g.day, g.clock = array("i", cat("day", np.int32).tobytes()), int(scalars["clock"])
        index.groups = g
        index._links = links
        for i in sorted(adj):  # replayed in arrival order: the same lists as when learnt
            for d in adj[i]:
                index._passage_adj.setdefault(i, []).append(d)
                index._passage_adj.setdefault(d, []).append(i)
        index._agency = {k: deque((tuple(x) for x in v), maxlen=cfg.agency_recent) for k, v in scalars["agency"].items()}  # type: ignore[misc]
        w = SemanticWindow(cfg.sem)
        for _, data in R.read(store, name, "sem"):
            w.add(_sem_decode(data))
        index.semantic = w
        tr = cls()
        tr.n, tr.n_units, tr.segments, tr.sem_last, tr.clear = n, nu, int(scalars["segments"]), int(scalars["sem_last"]), False
        tr.parent, tr.first = parent.copy(), first.copy()
        return index, tr
