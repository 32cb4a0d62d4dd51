"""The store: SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL.

Writes happen in transactions; a batch of documents is committed together with
nothing else, so a run killed at any moment keeps every committed article and a
re-run skips them (articles are keyed by content-derived ``doc_id``). Corpus
stages keep a *watermark* (the last ``articles.seq`` they processed) in
``corpus_state``, committed in the same transaction as their output, so they
catch up exactly once after an interruption.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .. import codec
from ..errors import NotFound, SchemaTooNew, StoreError
from ..model import Document
from . import schema as S


def db_url(db: str) -> str:
    """A plain path means an SQLite file; anything with ``://`` is a SQLAlchemy URL."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://") :]
        if db.startswith("postgres://"):
            return "postgresql+psycopg://" + db[len("postgres://") :]
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """Articles, annotations, corpus-stage output and state in one database."""

    def __init__(self, db: str = "lagebild.db", *, create: bool = True):
        self.db = db
        self.url = db_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            path = Path(self.url[len("sqlite:///") :])
            if not create and not path.exists():
                raise StoreError("database file not found", path=str(path))
            if str(path) not in ("", ":memory:"):
                path.parent.mkdir(parents=True, exist_ok=True)
        self.is_postgres = self.url.startswith("postgresql")
        try:
            kw: dict[str, Any] = {"pool_pre_ping": True} if self.is_postgres else {}
            self.engine: Engine = create_engine(self.url, future=True, **kw)
        except (SQLAlchemyError, ImportError) as e:
            raise StoreError(f"cannot open database {db!r}: {e}") from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        event.listen(self.engine, "handle_error", _unavailable_is_store_error)
        self._init_schema()

    # --- concurrency: several processes may write to one database ------------
    def lock_writes(self, c: Connection, what: str = "articles") -> None:
        """Serialise writers for the rest of transaction ``c`` (call it first).

        PostgreSQL: a transaction-scoped advisory lock per ``what``. SQLite: the
        database write lock taken up front (``BEGIN IMMEDIATE``), so a reader
        that later writes never fails on a stale snapshot; waits up to busy_timeout.
        """
        if self.is_postgres:
            c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(what)})
        elif self.is_sqlite:
            c.exec_driver_sql("BEGIN IMMEDIATE")

    @contextlib.contextmanager
    def corpus_lock(self, name: str = "corpus") -> Iterator[None]:
        """Hold an exclusive, process-crash-safe lock while corpus stages run.

        Two ingests on one database must not run the same corpus stage at once
        (each would read the same watermark). PostgreSQL: a session advisory lock
        on its own connection (released when the process dies). SQLite: ``flock``
        on ``<db>.lock`` beside the file.
        """
        if self.is_postgres:
            with self.engine.connect() as c:
                c.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _lock_key(name)})
                c.commit()
                try:
                    yield
                finally:
                    with contextlib.suppress(SQLAlchemyError, StoreError):
                        c.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _lock_key(name)})
                        c.commit()
            return
        path = self.url[len("sqlite:///") :] if self.is_sqlite else ""
        if not path or path == ":memory:":
            yield
            return
        import fcntl

        with open(f"{path}.lock", "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def insert_ignore(self, c: Connection, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows, skipping those whose primary/unique key exists (both backends)."""
        if not rows:
            return
        tbl = S.metadata.tables[table]
        if self.is_postgres:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            c.execute(pg_insert(tbl).on_conflict_do_nothing(), rows)
        elif self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert as sq_insert

            c.execute(sq_insert(tbl).on_conflict_do_nothing(), rows)
        else:  # pragma: no cover - other backends: one at a time
            for r in rows:
                with contextlib.suppress(SQLAlchemyError):
                    with c.begin_nested():
                        c.execute(insert(tbl).values(**r))

    # --- schema -----------------------------------------------------------
    def _init_schema(self) -> None:
        try:
            with self.engine.begin() as c:
                self.lock_writes(c, "schema")  # two processes opening a new/old database at once
                S.metadata.create_all(c)
                row = c.execute(select(S.meta_kv.c.value).where(S.meta_kv.c.key == "schema_version")).first()
                if row is None:
                    c.execute(insert(S.meta_kv).values(key="schema_version", value=str(S.SCHEMA_VERSION)))
                elif int(row[0]) > S.SCHEMA_VERSION:
                    raise SchemaTooNew(
                        f"database schema version {row[0]} is newer than this lagebild ({S.SCHEMA_VERSION}); upgrade lagebild"
                    )
                elif int(row[0]) < S.SCHEMA_VERSION:
                    from .migrations import upgrade

                    upgrade(c, int(row[0]), S.SCHEMA_VERSION)
        except OperationalError as e:
            raise StoreError(f"cannot use database {self.db!r}: {e.orig}") from None

    def schema_version(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(S.meta_kv.c.value).where(S.meta_kv.c.key == "schema_version")).scalar_one())

    def close(self) -> None:
        self.engine.dispose()

    # --- articles ----------------------------------------------------------
    def add_documents(self, docs: Iterable[Document]) -> list[tuple[str, bool]]:
        """Store documents not yet stored, in one transaction. Returns (doc_id, new)."""
        docs = list(docs)
        if not docs:
            return []
        out: list[tuple[str, bool]] = []
        with self.engine.begin() as c:
            self.lock_writes(c)  # seq = max + 1 must not collide between concurrent writers
            ids = [d.doc_id for d in docs]
            existing = set(c.execute(select(S.articles.c.doc_id).where(S.articles.c.doc_id.in_(ids))).scalars())
            seq = (c.execute(select(func.max(S.articles.c.seq))).scalar() or 0)
            seen: set[str] = set()
            for d in docs:
                if d.doc_id in existing or d.doc_id in seen:
                    out.append((d.doc_id, False))
                    continue
                seen.add(d.doc_id)
                seq += 1
                self._insert_doc(c, d, seq)
                out.append((d.doc_id, True))
        return out

    @staticmethod
    def _article_values(d: Document) -> dict[str, Any]:
        m = d.meta
        date = m.date
        return dict(
            title=m.title.value if m.title else None,
            url=m.url,
            outlet=m.outlet.value if m.outlet else None,
            agency=m.agency.value if m.agency else None,
            lang=d.lang,
            date=date.value if date else None,
            date_precision=date.precision if date else None,
            date_estimated=bool(date.estimated) if date else False,
            date_earliest=date.earliest if date else None,
            date_latest=date.latest if date else None,
            date_confidence=date.confidence if date else None,
            dateline=m.dateline.value if m.dateline else None,
            authors="; ".join(f"{p.name} ({p.role})" for p in m.authors) or None,
            source_path=m.source_path,
            n_chars=len(d.text),
            text=d.text,
            raw=d.raw,
            doc_json=codec.dumps(d.with_(tokens=())),
        )

    def _insert_doc(self, c: Connection, d: Document, seq: int, ingested_at: str | None = None) -> None:
        c.execute(insert(S.articles).values(doc_id=d.doc_id, seq=seq, ingested_at=ingested_at or _now(), **self._article_values(d)))
        self._insert_annotations(c, d)

    def _insert_annotations(self, c: Connection, d: Document) -> None:
        t = d.text
        if d.removed:
            c.execute(insert(S.removals), [dict(doc_id=d.doc_id, idx=i, start=r.start, end=r.end, rule=r.rule, text=r.text) for i, r in enumerate(d.removed)])
        if d.sentences:
            c.execute(insert(S.sentences), [dict(doc_id=d.doc_id, idx=i, start=s.start, end=s.end, text=t[s.start : s.end]) for i, s in enumerate(d.sentences)])
        if d.entities:
            c.execute(
                insert(S.mentions),
                [
                    dict(doc_id=d.doc_id, idx=i, start=e.start, end=e.end, label=e.label, text=t[e.start : e.end], entity_key=e.key, confidence=e.confidence)
                    for i, e in enumerate(d.entities)
                ],
            )
        if d.quotes:
            rows = []
            for i, q in enumerate(d.quotes):
                rows.append(
                    dict(
                        doc_id=d.doc_id,
                        idx=i,
                        kind=q.kind,
                        start=q.start,
                        end=q.end,
                        message=" … ".join(t[s.start : s.end] for s in q.message),
                        cue=" ".join(t[s.start : s.end] for s in q.cue) or None,
                        speaker=t[q.speaker.start : q.speaker.end] if q.speaker else None,
                        speaker_key=q.speaker_key,
                        addressee=t[q.addressee.start : q.addressee.end] if q.addressee else None,
                        relay=t[q.relay.start : q.relay.end] if q.relay else None,
                        confidence=q.confidence,
                    )
                )
            c.execute(insert(S.quotes), rows)
        if d.timexes:
            c.execute(
                insert(S.timexes),
                [dict(doc_id=d.doc_id, idx=i, start=x.start, end=x.end, text=t[x.start : x.end], type=x.type, value=x.value, mod=x.mod) for i, x in enumerate(d.timexes)],
            )

    def update_document(self, d: Document) -> None:
        """Replace a stored document's annotations (e.g. after re-dating it from its story)."""
        with self.engine.begin() as c:
            self.lock_writes(c)
            self.replace_document(c, d)

    def replace_document(self, c: Connection, d: Document) -> None:
        """In an open transaction: update the article row in place (seq, links and story rows
        stay) and replace its annotation rows."""
        n = c.execute(update(S.articles).where(S.articles.c.doc_id == d.doc_id).values(**self._article_values(d))).rowcount
        if not n:
            raise NotFound(f"no article {d.doc_id}")
        for tbl in (S.removals, S.sentences, S.mentions, S.quotes, S.timexes):
            c.execute(delete(tbl).where(tbl.c.doc_id == d.doc_id))
        self._insert_annotations(c, d)

    def existing(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored (one query)."""
        ids = list(ids)
        if not ids:
            return set()
        with self.engine.connect() as c:
            return set(c.execute(select(S.articles.c.doc_id).where(S.articles.c.doc_id.in_(ids))).scalars())

    def resolve_id(self, prefix: str) -> str:
        """Full doc_id from an unambiguous prefix (at least 4 characters)."""
        prefix = prefix.strip()
        with self.engine.connect() as c:
            if c.execute(select(S.articles.c.doc_id).where(S.articles.c.doc_id == prefix)).first():
                return prefix
            if len(prefix) < 4:
                raise NotFound(f"no article {prefix!r} (give at least 4 characters of the ID)")
            rows = c.execute(select(S.articles.c.doc_id).where(S.articles.c.doc_id.like(prefix.replace("%", "") + "%")).limit(3)).scalars().all()
        if not rows:
            raise NotFound(f"no article {prefix!r}")
        if len(rows) > 1:
            raise NotFound(f"article ID prefix {prefix!r} is ambiguous ({', '.join(rows)}, …)")
        return rows[0]

    def get(self, doc_id: str) -> Document:
        doc_id = self.resolve_id(doc_id)
        with self.engine.connect() as c:
            row = c.execute(select(S.articles.c.doc_json).where(S.articles.c.doc_id == doc_id)).first()
        return codec.loads(row[0])

    def count(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(S.articles)).scalar_one())

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        cols = [S.articles.c[k] for k in ("doc_id", "seq", "title", "outlet", "agency", "lang", "date", "date_precision", "date_estimated", "n_chars", "source_path")]
        with self.engine.connect() as c:
            rows = c.execute(select(*cols).order_by(S.articles.c.seq).limit(limit).offset(offset)).mappings().all()
        return [dict(r) for r in rows]

    def iter_documents(self, after_seq: int = 0, batch: int = 200) -> Iterator[tuple[int, Document]]:
        last = after_seq
        while True:
            with self.engine.connect() as c:
                rows = c.execute(
                    select(S.articles.c.seq, S.articles.c.doc_json).where(S.articles.c.seq > last).order_by(S.articles.c.seq).limit(batch)
                ).all()
            if not rows:
                return
            for seq, js in rows:
                yield seq, codec.loads(js)
            last = rows[-1][0]

    def max_seq(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.max(S.articles.c.seq))).scalar() or 0)

    # --- corpus-stage state -------------------------------------------------
    def load_watermark(self, name: str) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(S.corpus_state.c.watermark).where(S.corpus_state.c.name == name)).scalar() or 0)

    def load_state(self, name: str) -> tuple[int, Any | None]:
        with self.engine.connect() as c:
            row = c.execute(select(S.corpus_state.c.watermark, S.corpus_state.c.state).where(S.corpus_state.c.name == name)).first()
        if row is None:
            return 0, None
        return int(row[0]), (json.loads(row[1], object_hook=_state_hook) if row[1] else None)

    def save_state(self, c: Connection, name: str, watermark: int, state: Any) -> None:
        js = json.dumps(state, separators=(",", ":"), default=_state_default)
        n = c.execute(update(S.corpus_state).where(S.corpus_state.c.name == name).values(watermark=watermark, state=js, updated_at=_now())).rowcount
        if not n:
            c.execute(insert(S.corpus_state).values(name=name, watermark=watermark, state=js, updated_at=_now()))

    def transaction(self):
        """A transaction for a corpus-stage batch: output rows + state together."""
        return self.engine.begin()

    # --- generic reads for corpus stages/reports -----------------------------
    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        tbl = S.metadata.tables[table]
        q = select(tbl)
        for k, v in where.items():
            q = q.where(tbl.c[k] == v)
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings().all()]


def _lock_key(what: str) -> int:
    """A stable signed 64-bit key for a PostgreSQL advisory lock."""
    import hashlib

    return int.from_bytes(hashlib.sha1(f"lagebild:{what}".encode()).digest()[:8], "big", signed=True)


def _unavailable_is_store_error(ctx) -> StoreError | None:
    """A database that cannot be reached or went away is a clear StoreError."""
    if getattr(ctx, "is_pre_ping", False):
        return None
    orig = ctx.original_exception
    from sqlalchemy.exc import IntegrityError

    if isinstance(orig, IntegrityError) or (ctx.sqlalchemy_exception is not None and isinstance(ctx.sqlalchemy_exception, IntegrityError)):
        return None
    gone = ctx.is_disconnect or ctx.connection is None or isinstance(ctx.sqlalchemy_exception, OperationalError)
    if not gone:
        return None
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    if ctx.connection is None:
        return StoreError(f"cannot connect to the database ({first})")
    return StoreError(f"database unavailable ({first}); committed work is kept, run the same command again to resume")


def _state_default(o: Any) -> Any:
    """JSON for corpus-stage state: bytes as base64, numpy values as lists/scalars."""
    import base64

    if isinstance(o, (bytes, bytearray, memoryview)):
        return {"__b64__": base64.b64encode(bytes(o)).decode("ascii")}
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    raise TypeError(f"cannot store {type(o).__name__} in corpus state")


def _state_hook(d: dict) -> Any:
    if len(d) == 1 and "__b64__" in d:
        import base64

        return base64.b64decode(d["__b64__"])
    return d


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")  # first: the next pragma may wait for another writer
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
