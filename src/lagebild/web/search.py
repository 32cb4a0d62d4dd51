"""Full-text search over articles: SQLite FTS5 or PostgreSQL full-text search, LIKE elsewhere.

On PostgreSQL the query is ``plainto_tsquery('simple', q)`` (no query syntax from
the user, no stemming so names match as written) against a GIN expression index
created lazily on ``to_tsvector('simple', title || ' ' || text)``, ranked by
``ts_rank``, with ``ts_headline`` snippets.

The FTS table (``web_fts``) is created lazily on the first search and brought up
to date (articles with a higher ``seq`` than any indexed one) before every
query, so new articles are found without a restart. The user's query is never
passed to FTS5 as syntax: each word becomes a quoted phrase (AND of words).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import or_, select, text

from ..store import schema as S

_lock = threading.Lock()
_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)


def fts_query(q: str) -> str:
    words = _WORD.findall(q)[:20]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _ensure_fts(store) -> bool:
    """Create/update the FTS5 table; False when FTS5 is not available."""
    if not store.is_sqlite:
        return False
    with _lock:
        try:
            with store.engine.begin() as c:
                c.exec_driver_sql(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS web_fts USING fts5(doc_id UNINDEXED, seq UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
                )
                last = c.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM web_fts").scalar() or 0
                c.execute(
                    text("INSERT INTO web_fts(doc_id, seq, title, text) SELECT doc_id, seq, coalesce(title, ''), text FROM articles WHERE seq > :last ORDER BY seq"),
                    {"last": int(last)},
                )
        except Exception:  # noqa: BLE001 - no FTS5 compiled in: fall back to LIKE
            return False
    return True


_PG_DOC = "to_tsvector('simple', coalesce(title, '') || ' ' || text)"
_pg_ready: set[str] = set()


def _ensure_pg_index(store) -> None:
    if store.url in _pg_ready:
        return
    with _lock, store.engine.begin() as c:
        c.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING gin ({_PG_DOC})")
    _pg_ready.add(store.url)


def _search_pg(store, q: str, limit: int, offset: int) -> list[dict[str, Any]]:
    _ensure_pg_index(store)
    sql = text(
        "SELECT doc_id, title, date, lang, "
        "ts_headline('simple', text, query, 'StartSel=\x02, StopSel=\x03, MaxFragments=1, MaxWords=30, MinWords=12') AS snippet "
        f"FROM articles, plainto_tsquery('simple', :q) AS query WHERE {_PG_DOC} @@ query "
        f"ORDER BY ts_rank({_PG_DOC}, query) DESC, seq DESC LIMIT :lim OFFSET :off"
    )
    with store.engine.connect() as c:
        return [dict(r) for r in c.execute(sql, {"q": q, "lim": limit, "off": offset}).mappings().all()]


def search(store, q: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Articles matching every word of ``q``: doc_id, title, date, lang, snippet (plain text)."""
    q = (q or "").strip()[:500]
    if not q:
        return []
    if not store.is_sqlite and store.url.startswith("postgresql"):
        return _search_pg(store, q, limit, offset)
    fq = fts_query(q)
    if fq and _ensure_fts(store):
        sql = text(
            "SELECT f.doc_id AS doc_id, a.title AS title, a.date AS date, a.lang AS lang, "
            "snippet(web_fts, 3, char(2), char(3), ' … ', 16) AS snippet "
            "FROM web_fts f JOIN articles a ON a.doc_id = f.doc_id "
            "WHERE web_fts MATCH :q ORDER BY bm25(web_fts) LIMIT :lim OFFSET :off"
        )
        with store.engine.connect() as c:
            rows = [dict(r) for r in c.execute(sql, {"q": fq, "lim": limit, "off": offset}).mappings().all()]
        return rows
    words = _WORD.findall(q)[:10] or [q]
    cond = [or_(S.articles.c.text.ilike(f"%{w}%"), S.articles.c.title.ilike(f"%{w}%")) for w in words]
    with store.engine.connect() as c:
        rows = c.execute(
            select(S.articles.c.doc_id, S.articles.c.title, S.articles.c.date, S.articles.c.lang, S.articles.c.text).where(*cond).order_by(S.articles.c.seq.desc()).limit(limit).offset(offset)
        ).mappings().all()
    out = []
    for r in rows:
        t = r["text"]
        i = max(0, t.lower().find(words[0].lower()))
        out.append({"doc_id": r["doc_id"], "title": r["title"], "date": r["date"], "lang": r["lang"], "snippet": t[max(0, i - 80) : i + 120]})
    return out


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split an FTS snippet (matches between \\x02 and \\x03) into (text, is_match) parts for escaping."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split("[\x02\x03]", snippet or "")):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return parts
