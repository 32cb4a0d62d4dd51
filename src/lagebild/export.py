"""Export a store to JSONL or Parquet, and import it into another store, losslessly.

What is written: every article as its complete annotated document (`lagebild.codec`)
with its arrival ``seq`` and ``ingested_at``, and every row of every other table
(entities, duplicates, stories, story_articles, storylines, claims, claim_support,
corpus_state, …; tables added to the schema later are included automatically).
The per-article annotation tables (sentences, mentions, quotes, timexes,
removals) are views of the document and are rebuilt from it on import.

- JSONL: one file. Line 1 ``{"type": "header", …}``; then ``{"type": "article",
  "seq", "ingested_at", "doc"}`` lines in arrival order; then ``{"type": "row",
  "table", "row"}`` lines; last ``{"type": "footer", "counts"}`` (an import
  refuses a file without it: truncated).
- Parquet: a folder with ``articles.parquet`` (``seq``, ``ingested_at``,
  ``doc_id``, ``lang``, ``date``, ``title``, ``doc`` = codec JSON), one
  ``<table>.parquet`` per other table, and ``manifest.json`` (header + counts).

Import into an **empty** store restores everything, ``seq`` included, in one
transaction (a failed import changes nothing). Into a store that already has
articles, only articles not yet stored are added (appended in arrival order) and
corpus-stage output is not merged: run ``lagebild update`` to bring it up to date.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Boolean, Float, Integer, func, select

from . import __version__, codec
from .errors import BadRecord, InputNotFound, SchemaTooNew, UnsupportedFormat
from .store import Store
from .store import schema as S

FORMAT = "lagebild-export"
FORMAT_VERSION = 1
DERIVED = ("removals", "sentences", "mentions", "quotes", "timexes")  # rebuilt from each document
PAGE = 1000


@dataclass
class ImportReport:
    articles: int = 0  # articles added
    skipped: int = 0  # articles already in the target store
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows added
    merged: bool = True  # False when corpus output was left out (target not empty)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "skipped": self.skipped, "rows": self.rows, "merged": self.merged}


def other_tables() -> list[str]:
    """Tables exported row by row: all but articles and the per-article views."""
    return [t.name for t in S.metadata.sorted_tables if t.name not in ("articles", "lagebild_meta") and t.name not in DERIVED]


def _header(store: Store) -> dict[str, Any]:
    return {
        "type": "header",
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": store.schema_version(),
        "lagebild": __version__,
        "exported_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }


def _iter_articles(store: Store) -> Iterator[tuple[int, str, str]]:
    """(seq, ingested_at, doc_json) in arrival order, page by page (bounded memory)."""
    a = S.articles
    last = 0
    while True:
        with store.engine.connect() as c:
            rows = c.execute(select(a.c.seq, a.c.ingested_at, a.c.doc_json).where(a.c.seq > last).order_by(a.c.seq).limit(PAGE)).all()
        if not rows:
            return
        yield from ((int(s), str(t), str(j)) for s, t, j in rows)
        last = rows[-1][0]


def _iter_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    tbl = S.metadata.tables[table]
    order = list(tbl.primary_key.columns) or list(tbl.columns)
    offset = 0
    while True:
        with store.engine.connect() as c:
            rows = c.execute(select(tbl).order_by(*order).limit(PAGE).offset(offset)).mappings().all()
        if not rows:
            return
        yield from (dict(r) for r in rows)
        offset += len(rows)


def export_store(store: Store, path: str | Path, fmt: str = "jsonl") -> dict[str, int]:
    """Write the whole store to ``path`` (a .jsonl file, or a folder for parquet). Returns counts."""
    path = Path(path)
    if fmt == "jsonl":
        return _export_jsonl(store, path)
    if fmt == "parquet":
        from .export_parquet import export_parquet

        return export_parquet(store, path, _header(store))
    raise UnsupportedFormat(f"export format must be jsonl or parquet, got {fmt!r}")


def _export_jsonl(store: Store, path: Path) -> dict[str, int]:
    counts: dict[str, int] = {"articles": 0}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    with tmp.open("w", encoding="utf-8") as f:
        f.write(dump(_header(store)) + "\n")
        for seq, at, js in _iter_articles(store):
            f.write(dump({"type": "article", "seq": seq, "ingested_at": at, "doc": json.loads(js)}) + "\n")
            counts["articles"] += 1
        for t in other_tables():
            counts[t] = 0
            for row in _iter_rows(store, t):
                f.write(dump({"type": "row", "table": t, "row": row}) + "\n")
                counts[t] += 1
        f.write(dump({"type": "footer", "counts": counts}) + "\n")
    tmp.replace(path)  # never leave a half-written export under the final name
    return counts


# --- import -------------------------------------------------------------------
Item = tuple[str, Any]  # ("article", (seq, ingested_at, Document)) | ("row", (table, dict))


def _read_jsonl(path: Path) -> tuple[dict[str, Any], Iterator[Item]]:
    f = path.open(encoding="utf-8")
    first = f.readline()
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        f.close()
        raise BadRecord("not a lagebild export (line 1 is not JSON)", path=str(path), where="line 1") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        f.close()
        raise BadRecord("not a lagebild export (no header line)", path=str(path), where="line 1")

    def items() -> Iterator[Item]:
        footer = None
        with f:
            for n, line in enumerate(f, start=2):
                if not line.strip():
                    continue
                try:
                    o = json.loads(line)
                    kind = o["type"]
                    if kind == "article":
                        yield "article", (int(o["seq"]), o.get("ingested_at"), codec.doc_from_dict(o["doc"]))
                    elif kind == "row":
                        yield "row", (o["table"], o["row"])
                    elif kind == "footer":
                        footer = o
                    else:
                        raise ValueError(f"unknown line type {kind!r}")
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
                    raise BadRecord(f"broken export line: {e}", path=str(path), where=f"line {n}") from None
        if footer is None:
            raise BadRecord("export is truncated (no footer line); nothing was imported", path=str(path))

    return header, items()


def import_store(store: Store, path: str | Path) -> ImportReport:
    """Load an export (JSONL file or parquet folder) into ``store``. See the module doc."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound("export not found", path=str(path))
    if path.is_dir():
        from .export_parquet import read_parquet

        header, items = read_parquet(path)
    else:
        header, items = _read_jsonl(path)
    if int(header.get("schema_version", 0)) > S.SCHEMA_VERSION:
        raise SchemaTooNew(f"export has schema version {header['schema_version']}, newer than this lagebild ({S.SCHEMA_VERSION}); upgrade lagebild", path=str(path))
    known = set(other_tables())
    rep = ImportReport()
    with store.transaction() as c:
        store.lock_writes(c)
        empty = not c.execute(select(func.count()).select_from(S.articles)).scalar()
        rep.merged = empty
        seq = int(c.execute(select(func.max(S.articles.c.seq))).scalar() or 0)
        pending: dict[str, list[dict[str, Any]]] = {}
        for kind, val in items:
            if kind == "article":
                file_seq, at, doc = val
                if not empty and c.execute(select(S.articles.c.doc_id).where(S.articles.c.doc_id == doc.doc_id)).first():
                    rep.skipped += 1
                    continue
                seq = file_seq if empty else seq + 1
                store._insert_doc(c, doc, seq, ingested_at=at)
                rep.articles += 1
                continue
            table, row = val
            if table not in known:
                raise BadRecord(f"unknown table {table!r} in export (from a newer lagebild?)", path=str(path))
            if not empty:
                continue
            buf = pending.setdefault(table, [])
            buf.append(row)
            if len(buf) >= PAGE:
                store.insert_ignore(c, table, buf)
                rep.rows[table] = rep.rows.get(table, 0) + len(buf)
                buf.clear()
        for table, buf in pending.items():
            store.insert_ignore(c, table, buf)
            rep.rows[table] = rep.rows.get(table, 0) + len(buf)
    return rep


def _arrow_type(col: Any) -> str:
    """Column type name for parquet: int64, float64, bool or string."""
    t = col.type
    if isinstance(t, Boolean):
        return "bool"
    if isinstance(t, Integer):
        return "int64"
    if isinstance(t, Float):
        return "float64"
    return "string"
