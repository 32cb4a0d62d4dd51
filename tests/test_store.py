"""The store: idempotent writes, lossless round trip, state with watermark, migrations."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import time

import pytest

from lagebild.errors import NotFound, SchemaTooNew
from lagebild.model import DateInfo, Document, Field, Mention, Metadata, Person, Quote, Removal, Span, Timex, make_doc_id
from lagebild.store import Store
from lagebild.store import schema as S


def _doc(text: str, **kw) -> Document:
    return Document(doc_id=make_doc_id(text), text=text, raw=text, **kw)


def _rich_doc(seed_text: str) -> Document:
    text = seed_text.strip()
    i = text.index("Putin")
    return Document(
        doc_id=make_doc_id(text),
        text=text,
        raw="Foto: X / EPA\n" + text,
        meta=Metadata(
            title=Field(text.splitlines()[0], "rule:first-line", 0.9),
            agency=Field("Reuters", "rule:dateline", 0.95),
            authors=(Person("Ju-min Park", "author", "rule:byline"), Person("Birgit Mittwollen", "editor", "rule:credit")),
            date=DateInfo("2024-06", "month", "header:date", 1.0),
            dateline=Field("Seoul/Moskau", "rule:dateline"),
        ),
        lang="de",
        lang_confidence=0.99,
        removed=(Removal(0, 13, "photo_caption", "Foto: X / EPA"),),
        blocks=(Span(0, len(text.splitlines()[0]), "title"),),
        sentences=(Span(0, 40),),
        entities=(Mention(i, i + 5, "PER", 0.9, "entities@1", "putin"),),
        quotes=(Quote("direct", (Span(i, i + 20),), (Span(i + 21, i + 26),), Span(i, i + 5), "putin"),),
        timexes=(Timex(0, 4, "DATE", "2024-06-19", None, "2024-06"),),
    )


def test_roundtrip_is_lossless(tmp_path, seed_texts):
    st = Store(str(tmp_path / "a.db"))
    d = _rich_doc(seed_texts["002"])
    assert st.add_documents([d]) == [(d.doc_id, True)]
    back = st.get(d.doc_id)
    assert back == d
    # prefixes resolve; too short or unknown ones are clear errors
    assert st.get(d.doc_id[:6]).doc_id == d.doc_id
    with pytest.raises(NotFound):
        st.get("zz")
    with pytest.raises(NotFound):
        st.get("ffffffff")


def test_idempotent_and_plain_tables(tmp_path, seed_texts):
    path = tmp_path / "b.db"
    st = Store(str(path))
    docs = [_doc(t) for t in seed_texts.values()]
    first = st.add_documents(docs)
    assert all(new for _, new in first)
    again = st.add_documents(docs + docs[:1])
    assert not any(new for _, new in again)
    assert st.count() == 5
    # any SQLite tool can read it
    con = sqlite3.connect(path)
    assert con.execute("select count(*) from articles").fetchone()[0] == 5
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    seqs = [r[0] for r in con.execute("select seq from articles order by seq")]
    assert seqs == [1, 2, 3, 4, 5]


def test_state_and_watermark(tmp_path, seed_texts):
    st = Store(str(tmp_path / "c.db"))
    assert st.load_state("dedup") == (0, None)
    with st.transaction() as c:
        st.save_state(c, "dedup", 3, {"n": 3, "sigs": [1, 2]})
    with st.transaction() as c:
        st.save_state(c, "dedup", 4, {"n": 4})
    assert st.load_state("dedup") == (4, {"n": 4})


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "d.db"
    Store(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("update lagebild_meta set value='99' where key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew):
        Store(str(path))


def test_forward_migration_runs(tmp_path, monkeypatch):
    from lagebild.store import migrations

    path = tmp_path / "e.db"
    Store(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("update lagebild_meta set value='0' where key='schema_version'")
    con.commit()
    con.close()
    called = []
    monkeypatch.setitem(migrations.MIGRATIONS, 0, lambda c: called.append(True))
    st = Store(str(path))
    assert called == [True]
    assert st.schema_version() == S.SCHEMA_VERSION == 2


def _writer(path: str, texts: list[str]) -> None:  # pragma: no cover - runs in a child
    st = Store(path)
    for i, t in enumerate(texts):
        st.add_documents([_doc(f"{t}\nVariante {i}")])
        time.sleep(0.002)


def test_killed_writer_keeps_committed_and_resumes(tmp_path, seed_texts):
    """A writer killed mid-run loses nothing it committed; a re-run adds the rest once."""
    path = str(tmp_path / "k.db")
    Store(path).close()
    texts = [seed_texts["000"]] * 300
    ctx = mp.get_context("fork")
    proc = ctx.Process(target=_writer, args=(path, texts))
    proc.start()
    deadline = time.time() + 20
    st = Store(path)
    while st.count() < 20 and time.time() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    n_before = st.count()
    assert 20 <= n_before <= 300
    _writer(path, texts)  # the re-run
    assert st.count() == 300
    con = sqlite3.connect(path)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_update_document_keeps_links(tmp_path, seed_texts):
    from sqlalchemy import insert

    from lagebild.store import schema as S

    st = Store(str(tmp_path / "u.db"))
    a, b = _doc(seed_texts["000"]), _doc(seed_texts["003"])
    st.add_documents([a, b])
    with st.transaction() as c:
        c.execute(insert(S.duplicates).values(doc_id=b.doc_id, other_id=a.doc_id, kind="paraphrase", score=0.9))
        c.execute(insert(S.story_articles).values(story_id="S1", doc_id=b.doc_id, score=1.0, seq=2))
    st.update_document(b.with_(meta=Metadata(date=DateInfo("2024-06-20", "day", "estimate:story", 0.4, True, "2024-06-17", "2024-06-23"))))
    assert st.get(b.doc_id).meta.date.value == "2024-06-20"
    assert st.rows("duplicates", doc_id=b.doc_id) and st.rows("story_articles", doc_id=b.doc_id)
    assert [r["seq"] for r in st.rows("articles", doc_id=b.doc_id)] == [2]
