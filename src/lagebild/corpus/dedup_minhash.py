"""MinHash signatures and a compact, append-only LSH index for the dedup stage.

Signatures are datasketch `MinHash` values (scheme ``affine32``: one uint32 per
permutation), computed on hashed word 4-shingles of the normalised text. They
are stored as a flat uint32 matrix: 128 permutations = 512 bytes per article.

`BandIndex` is the LSH storage: one sorted ``(uint64 key, uint32 value)`` table
plus a small unsorted write buffer that is merged geometrically (an LSM tree
with one level). A query is one vectorised binary search over all band keys,
O(bands · log N), so query time stays flat from 10k to 1M articles, and each
posting costs 12 bytes. The same structure indexes exact-text and passage
hashes. `DatasketchLSH` is the drop-in alternative that keeps the bands in
datasketch's `MinHashLSH` (whose ``storage_config`` can point to Redis or
Cassandra when one machine is not enough).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

NUM_PERM = 128
BANDS = 42
ROWS = 3  # BANDS * ROWS <= NUM_PERM; S-curve midpoint ~ (1/42)^(1/3) = 0.29
SHINGLE = 4
SEED = 1
MAX_WORDS = 50_000  # longer texts are truncated for hashing (bounded time)
_CHUNK = 8192

_WORD = re.compile(r"\w+")
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64)


def norm_words(text: str) -> list[str]:
    """NFKC, casefold, word characters only (punctuation/quote style ignored)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def hash64(s: str) -> int:
    """Stable 64-bit hash (blake2b), independent of PYTHONHASHSEED."""
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=262_144)
def _word_hash(w: str) -> int:
    return hash64(w)


def _mix64(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(33))
        x = x * np.uint64(0xFF51AFD7ED558CCD)
        x = x ^ (x >> np.uint64(33))
        x = x * np.uint64(0xC4CEB9FE1A85EC53)
        return x ^ (x >> np.uint64(33))


def shingle_hashes(words: list[str], k: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the word k-shingles (uint32, sorted)."""
    words = words[:MAX_WORDS]
    if not words:
        return np.zeros(0, dtype=np.uint32)
    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    k = min(k, len(h))
    n = len(h) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc + h[j : j + n] * _MULT[j % len(_MULT)]
    return np.unique((_mix64(acc) >> np.uint64(32)).astype(np.uint32))


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations


def _identity(x: Any) -> Any:
    return x


def signature(hv: np.ndarray, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """datasketch MinHash (affine32) of pre-hashed shingles, as uint32[num_perm]."""
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity, scheme="affine32",
                permutations=_permutations(num_perm, seed))
    for i in range(0, len(hv), _CHUNK):
        m.update_batch(hv[i : i + _CHUNK])
    return np.asarray(m.hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """One uint64 key per band (band number mixed in, so one table serves all bands)."""
    return band_keys_many(sig[None, :], bands, rows)[0]


def band_keys_many(sigs: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """Band keys of many signatures at once: uint64 (n, bands)."""
    m = sigs[:, : bands * rows].astype(np.uint64).reshape(len(sigs), bands, rows)
    acc = np.broadcast_to(np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), m.shape[:2])
    with np.errstate(over="ignore"):
        for j in range(rows):
            acc = _mix64(acc ^ (m[:, :, j] * _MULT[(j + 1) % len(_MULT)]))
    return acc


def jaccard_many(sig: np.ndarray, sigs: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of one signature against each row of `sigs`."""
    if len(sigs) == 0:
        return np.zeros(0, dtype=np.float64)
    return (sigs == sig[None, :]).mean(axis=1)


class BandIndex:
    """Multimap uint64 key -> uint32 values: sorted arrays + a write buffer."""

    def __init__(self, min_buffer: int = 4096) -> None:
        self._keys = np.zeros(0, dtype=np.uint64)
        self._vals = np.zeros(0, dtype=np.uint32)
        self._buf: dict[int, list[int]] = {}
        self._nbuf = 0
        self._min_buffer = min_buffer

    def __len__(self) -> int:
        return len(self._keys) + self._nbuf

    @property
    def nbytes(self) -> int:
        return int(self._keys.nbytes + self._vals.nbytes) + 12 * self._nbuf

    def insert(self, keys: np.ndarray, value: int) -> None:
        for k in keys.tolist():
            self._buf.setdefault(k, []).append(value)
        self._nbuf += len(keys)
        # buffer <= 1/8 of the table and <= 256k postings; the merge is linear (timsort on two runs)
        if self._nbuf > max(self._min_buffer, min(len(self._keys) // 8, 1 << 18)):
            self.flush()

    def bulk_load(self, keys: np.ndarray, vals: np.ndarray) -> None:
        """Add many postings at once (restart, benchmarks)."""
        self.flush()
        keys = np.concatenate([self._keys, keys.astype(np.uint64)])
        vals = np.concatenate([self._vals, vals.astype(np.uint32)])
        order = np.argsort(keys, kind="stable")
        self._keys, self._vals = keys[order], vals[order]

    def flush(self) -> None:
        if not self._nbuf:
            return
        ks = np.fromiter((k for k, v in self._buf.items() for _ in v), dtype=np.uint64, count=self._nbuf)
        vs = np.fromiter((x for v in self._buf.values() for x in v), dtype=np.uint32, count=self._nbuf)
        self._buf, self._nbuf = {}, 0
        self.bulk_load(ks, vs)

    def query(self, keys: np.ndarray, limit: int | None = None) -> list[np.ndarray]:
        """Values for each key (one array per key, in insertion order); with ``limit``
        only the most recent ``limit`` values of each key (bounded work per key)."""
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        out = []
        for k, a, b in zip(keys.tolist(), lo.tolist(), hi.tolist()):
            extra = self._buf.get(k)
            if limit is not None:
                if extra and len(extra) > limit:
                    extra = extra[-limit:]
                a = max(a, b - (limit - (len(extra) if extra else 0)))
            main = self._vals[a:b]
            out.append(np.concatenate([main, np.asarray(extra, dtype=np.uint32)]) if extra else main)
        return out

    def query_union(self, keys: np.ndarray, limit: int | None = None) -> np.ndarray:
        parts = self.query(keys, limit)
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.uint32)

    def query_counts(self, keys: np.ndarray, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Distinct values over all keys and how many of the keys each one matched."""
        parts = self.query(keys, limit)
        if not parts:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(parts), return_counts=True)

    def state_dict(self) -> dict[str, Any]:
        self.flush()
        return {"keys": self._keys.tobytes(), "vals": self._vals.tobytes()}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "BandIndex":
        idx = cls()
        idx._keys = np.frombuffer(d["keys"], dtype=np.uint64).copy()
        idx._vals = np.frombuffer(d["vals"], dtype=np.uint32).copy()
        return idx


class LSHBackend(Protocol):
    """Where the LSH bands live. Values are dense article numbers (0, 1, 2, …)."""

    def insert(self, doc: int, sig: np.ndarray) -> None: ...
    def query(self, sig: np.ndarray) -> np.ndarray: ...
    def state_dict(self) -> dict[str, Any]: ...
    @property
    def nbytes(self) -> int: ...


class CompactLSH:
    """Default in-process backend: all bands in one `BandIndex`."""

    def __init__(self, bands: int = BANDS, rows: int = ROWS, index: BandIndex | None = None) -> None:
        self.bands, self.rows = bands, rows
        self.index = index or BandIndex()

    def insert(self, doc: int, sig: np.ndarray) -> None:
        self.index.insert(band_keys(sig, self.bands, self.rows), doc)

    def query(self, sig: np.ndarray) -> np.ndarray:
        return self.index.query_union(band_keys(sig, self.bands, self.rows))

    def query_counts(self, sig: np.ndarray, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Candidates with the number of bands they share; at most the ``limit`` most
        recent articles per band (a band shared by thousands of articles costs O(limit))."""
        return self.index.query_counts(band_keys(sig, self.bands, self.rows), limit)

    @property
    def nbytes(self) -> int:
        return self.index.nbytes

    def state_dict(self) -> dict[str, Any]:
        return {"backend": "compact", "bands": self.bands, "rows": self.rows, **self.index.state_dict()}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> "CompactLSH":
        return cls(int(d["bands"]), int(d["rows"]), BandIndex.from_state(d))


class DatasketchLSH:
    """Bands in datasketch `MinHashLSH` (same b, r), e.g. with
    ``storage_config={"type": "redis", "basename": b"lagebild", "redis": {...}}``
    so that several workers share one index. Keys are the article numbers."""

    def __init__(self, storage_config: dict[str, Any] | None = None, bands: int = BANDS, rows: int = ROWS,
                 num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.storage_config = storage_config or {"type": "dict"}
        self.bands, self.rows, self.num_perm = bands, rows, num_perm
        self.lsh = MinHashLSH(num_perm=num_perm, params=(bands, rows), storage_config=self.storage_config)
        self._n = 0

    @property
    def persistent(self) -> bool:
        return self.storage_config.get("type") in {"redis", "cassandra"}

    def _lean(self, sig: np.ndarray) -> Any:
        from datasketch import LeanMinHash

        return LeanMinHash(seed=SEED, hashvalues=sig, scheme="affine32")

    def insert(self, doc: int, sig: np.ndarray) -> None:
        key = str(doc)
        if self.persistent and key in self.lsh:
            return
        self.lsh.insert(key, self._lean(sig))
        self._n += 1

    def query(self, sig: np.ndarray) -> np.ndarray:
        return np.unique(np.asarray([int(k) for k in self.lsh.query(self._lean(sig))], dtype=np.uint32))

    @property
    def nbytes(self) -> int:
        return 0 if self.persistent else 12 * self.bands * self._n  # lower bound; dicts cost more

    def state_dict(self) -> dict[str, Any]:
        cfg = {k: v for k, v in self.storage_config.items() if k in {"type", "basename"}}
        return {"backend": "datasketch", "bands": self.bands, "rows": self.rows, "storage": cfg}
