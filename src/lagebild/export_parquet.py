"""Parquet flavour of `lagebild.export`: a folder with one file per table (needs pyarrow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Iterator

from . import codec
from .errors import BadRecord, ConfigError
from .store import Store
from .store import schema as S

ARTICLE_COLUMNS = (("seq", "int64"), ("ingested_at", "string"), ("doc_id", "string"), ("lang", "string"), ("date", "string"), ("title", "string"), ("doc", "string"))


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("parquet export needs pyarrow: pip install 'lagebild[parquet]'") from None
    return pa, pq


def _schema(cols: tuple[tuple[str, str], ...] | list[tuple[str, str]]):
    pa, _ = _pa()
    types = {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "string": pa.string()}
    return pa.schema([(n, types[t]) for n, t in cols])


def _write(path: Path, cols, rows: Iterator[dict[str, Any]], page: int = 1000) -> int:
    pa, pq = _pa()
    schema = _schema(cols)
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as w:
        buf: list[dict[str, Any]] = []
        for r in rows:
            buf.append(r)
            if len(buf) >= page:
                w.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            w.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n


def export_parquet(store: Store, folder: Path, header: dict[str, Any]) -> dict[str, int]:
    from .export import _arrow_type, _iter_articles, _iter_rows, other_tables

    _pa()
    tmp = folder.with_name(folder.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)

    def articles() -> Iterator[dict[str, Any]]:
        for seq, at, js in _iter_articles(store):
            d = json.loads(js)
            meta = d.get("meta") or {}
            yield {
                "seq": seq,
                "ingested_at": at,
                "doc_id": d["doc_id"],
                "lang": d.get("lang"),
                "date": (meta.get("date") or {}).get("value"),
                "title": (meta.get("title") or {}).get("value"),
                "doc": js,
            }

    counts = {"articles": _write(tmp / "articles.parquet", ARTICLE_COLUMNS, articles())}
    for t in other_tables():
        tbl = S.metadata.tables[t]
        cols = [(c.name, _arrow_type(c)) for c in tbl.columns]
        counts[t] = _write(tmp / f"{t}.parquet", cols, _iter_rows(store, t))
    (tmp / "manifest.json").write_text(json.dumps({**header, "counts": counts}, indent=2), encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    tmp.replace(folder)
    return counts


def read_parquet(folder: Path) -> tuple[dict[str, Any], Iterator[tuple[str, Any]]]:
    from .export import FORMAT

    _, pq = _pa()
    man = folder / "manifest.json"
    try:
        header = json.loads(man.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        raise BadRecord("not a lagebild parquet export (no manifest.json)", path=str(folder)) from None
    if header.get("format") != FORMAT:
        raise BadRecord("not a lagebild parquet export", path=str(man))
    counts: dict[str, int] = header.get("counts") or {}

    def items() -> Iterator[tuple[str, Any]]:
        for name in ["articles"] + [t for t in counts if t != "articles"]:
            f = folder / f"{name}.parquet"
            if not f.exists():
                raise BadRecord(f"{name}.parquet is missing; nothing was imported", path=str(folder))
            n = 0
            for batch in pq.ParquetFile(str(f)).iter_batches(batch_size=1000):
                for r in batch.to_pylist():
                    n += 1
                    if name == "articles":
                        yield "article", (int(r["seq"]), r["ingested_at"], codec.loads(r["doc"]))
                    else:
                        yield "row", (name, r)
            if n != counts.get(name, n):
                raise BadRecord(f"{name}.parquet has {n} rows, the manifest says {counts[name]}; nothing was imported", path=str(folder))

    return header, items()
