"""Corpus-stage state as rows (table ``corpus_rows``, schema 2): upsert, delete, read, pack.

A stage's state is kept as many small rows keyed by ``(name, kind, key)`` instead of
one JSON blob, so that a save writes only what changed since the previous save
(appended article segments, changed stories) in the same transaction as the stage's
output and watermark. `pack`/`unpack` turn named numpy arrays plus a JSON header into
one text value (base64 of an uncompressed ``.npz``; no pickle).
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any, Iterable, Iterator

import numpy as np
from sqlalchemy import and_, delete, select
from sqlalchemy.engine import Connection

from . import schema as S

T = S.corpus_rows


def upsert(store: Any, c: Connection, name: str, kind: str, rows: Iterable[tuple[str, str]]) -> int:
    """Insert or replace ``(key, data)`` rows of one stage and kind; returns how many."""
    vals = [{"name": name, "kind": kind, "key": k, "data": d} for k, d in rows]
    if not vals:
        return 0
    if store.is_postgres:
        from sqlalchemy.dialects.postgresql import insert as ins
    else:
        from sqlalchemy.dialects.sqlite import insert as ins  # type: ignore[assignment]
    q = ins(T)
    c.execute(q.on_conflict_do_update(index_elements=[T.c.name, T.c.kind, T.c.key], set_={"data": q.excluded.data}), vals)
    return len(vals)


def remove(c: Connection, name: str, kind: str | None = None, keys: Iterable[str] | None = None, *, below: str | None = None,
           prefix: str | None = None) -> None:
    """Delete rows of a stage: all, one kind, given keys, keys ordered before ``below``, or
    keys starting with ``prefix`` (which must end in ``|``)."""
    cond = [T.c.name == name]
    if kind is not None:
        cond.append(T.c.kind == kind)
    if below is not None:
        cond.append(T.c.key < below)
    if prefix is not None:
        assert prefix.endswith("|")
        cond += [T.c.key >= prefix, T.c.key < prefix[:-1] + "}"]  # "}" sorts right after "|"
    if keys is not None:
        keys = list(keys)
        if not keys:
            return
        for i in range(0, len(keys), 500):
            c.execute(delete(T).where(and_(*cond, T.c.key.in_(keys[i : i + 500]))))
        return
    c.execute(delete(T).where(and_(*cond)))


def read(store: Any, name: str, kind: str) -> Iterator[tuple[str, str]]:
    """``(key, data)`` of one stage and kind in key order, page by page (bounded memory)."""
    last = ""
    while True:
        with store.engine.connect() as c:
            rows = c.execute(select(T.c.key, T.c.data).where(T.c.name == name, T.c.kind == kind, T.c.key > last)
                             .order_by(T.c.key).limit(500)).all()
        if not rows:
            return
        for k, d in rows:
            yield k, d
        last = rows[-1][0]


def count(store: Any, name: str) -> dict[str, int]:
    from sqlalchemy import func

    with store.engine.connect() as c:
        return {k: int(n) for k, n in c.execute(select(T.c.kind, func.count()).where(T.c.name == name).group_by(T.c.kind)).all()}


def num_key(i: int) -> str:
    """Zero-padded, so that key order is numeric order."""
    return f"{i:012d}"


def pack(arrays: dict[str, np.ndarray], header: Any = None) -> str:
    """Named arrays + a JSON header as one text value: base64 of (4-byte header length,
    JSON {header, names, dtypes, shapes}, the arrays' raw bytes). No pickle, no zip."""
    arrs = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    meta = json.dumps({"h": header, "a": [[k, v.dtype.str, list(v.shape)] for k, v in arrs.items()]}, separators=(",", ":")).encode("utf-8")
    body = b"".join(v.tobytes() for v in arrs.values())
    return base64.b64encode(len(meta).to_bytes(4, "little") + meta + body).decode("ascii")


def unpack(data: str) -> tuple[dict[str, np.ndarray], Any]:
    raw = base64.b64decode(data)
    if raw[:4] == b"PK\x03\x04":  # an .npz (the first rows format, 2026-11-26 before 13:00)
        with np.load(io.BytesIO(raw), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        header = json.loads(arrays.pop("__header__").tobytes().decode("utf-8"))
        return arrays, header
    n = int.from_bytes(raw[:4], "little")
    meta = json.loads(raw[4 : 4 + n].decode("utf-8"))
    out, pos = {}, 4 + n
    for name, dt, shape in meta["a"]:
        dtype = np.dtype(dt)
        size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        out[name] = np.frombuffer(raw, dtype=dtype, count=size // dtype.itemsize if dtype.itemsize else 0, offset=pos).reshape(shape)
        pos += size
    return out, meta["h"]
