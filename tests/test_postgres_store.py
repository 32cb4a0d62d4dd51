"""The store suite on both backends (SQLite file, throwaway PostgreSQL), plus PostgreSQL faults."""

from __future__ import annotations

import pytest
from pg import pg_db, server, store_db  # noqa: F401  (fixtures)
from sqlalchemy import text
from test_store import _doc, _rich_doc

from lagebild.errors import NotFound, SchemaTooNew, StoreError
from lagebild.store import Store
from lagebild.store.upgrade import read_version, upgrade_database


def _set_version(st: Store, v: int) -> None:
    with st.engine.begin() as c:
        c.execute(text("update lagebild_meta set value = :v where key = 'schema_version'"), {"v": str(v)})


def test_roundtrip_is_lossless(store_db, seed_texts):
    st = Store(store_db)
    d = _rich_doc(seed_texts["002"])
    assert st.add_documents([d]) == [(d.doc_id, True)]
    assert st.get(d.doc_id) == d
    assert st.get(d.doc_id[:6]).doc_id == d.doc_id
    with pytest.raises(NotFound):
        st.get("ffffffff")
    # the queryable tables hold the same annotations
    assert [r["text"] for r in st.rows("mentions")] == ["Putin"]
    assert st.rows("removals")[0]["rule"] == "photo_caption"


def test_idempotent_seq_and_state(store_db, seed_texts):
    st = Store(store_db)
    docs = [_doc(t) for t in seed_texts.values()]
    assert all(new for _, new in st.add_documents(docs))
    assert not any(new for _, new in st.add_documents(docs + docs[:1]))
    assert st.count() == 5
    assert [r["seq"] for r in st.articles()] == [1, 2, 3, 4, 5]
    assert st.existing([docs[0].doc_id, "nope"]) == {docs[0].doc_id}
    assert st.load_state("dedup") == (0, None)
    with st.transaction() as c:
        st.save_state(c, "dedup", 3, {"n": 3, "sigs": [1, 2]})
    with st.transaction() as c:
        st.save_state(c, "dedup", 4, {"n": 4})
    assert st.load_state("dedup") == (4, {"n": 4})


def test_schema_versions_and_migrations(store_db, monkeypatch):
    from lagebild.store import migrations

    from lagebild.store import schema as S

    assert upgrade_database(store_db) == (None, S.SCHEMA_VERSION)  # creates the schema
    assert read_version(store_db) == S.SCHEMA_VERSION == 2
    st = Store(store_db)
    _set_version(st, 0)
    st.close()
    called = []
    monkeypatch.setitem(migrations.MIGRATIONS, 0, lambda c: called.append(True))
    assert upgrade_database(store_db) == (0, S.SCHEMA_VERSION)
    assert called == [True]
    st = Store(store_db)
    _set_version(st, 99)
    st.close()
    with pytest.raises(SchemaTooNew):
        Store(store_db)


def test_unreachable_postgres_is_a_clear_error():
    srv = server()
    with pytest.raises(StoreError, match="cannot connect"):
        Store(srv.url("no_such_database_here"))


def test_database_going_away_keeps_committed_work_and_resumes(pg_db, seed_texts):
    """The server drops our connections mid-ingest: StoreError; a re-run adds the rest once."""
    srv = server()
    name = pg_db.rsplit("/", 1)[1]
    st = Store(pg_db)
    docs = [_doc(f"{seed_texts['001']}\nFassung {i}") for i in range(30)]
    st.add_documents(docs[:10])
    srv.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    srv.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    with pytest.raises(StoreError, match="unavailable|cannot connect"):
        for i in range(10, 30, 5):
            st.add_documents(docs[i : i + 5])
    srv.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert st.count() == 10  # committed work kept (the pool reconnects)
    res = st.add_documents(docs)
    assert sum(new for _, new in res) == 20
    assert st.count() == 30
    assert [r["seq"] for r in st.articles(limit=100)] == list(range(1, 31))


def test_corpus_state_rows_on_both_backends(store_db, seed_texts):
    """Corpus-stage state as rows (schema 2): upserts replace, range deletes, ordered reads,
    packed arrays — and a dedup/cluster run saved in steps loads back into the same state."""
    import numpy as np

    from lagebild import Pipeline
    from lagebild.corpus import runner
    from lagebild.store import rows as R

    st = Store(store_db)
    with st.transaction() as c:
        R.upsert(st, c, "x", "seg", [(R.num_key(i), f"v{i}") for i in range(5)])
        R.upsert(st, c, "x", "seg", [(R.num_key(1), "new")])
        R.remove(c, "x", "seg", below=R.num_key(2))
    assert list(R.read(st, "x", "seg")) == [(R.num_key(i), f"v{i}") for i in range(2, 5)]
    arrays, header = R.unpack(R.pack({"a": np.arange(3, dtype=np.uint64)}, {"h": [1]}))
    assert header == {"h": [1]} and arrays["a"].tolist() == [0, 1, 2]
    st.close()

    p = Pipeline(db=store_db, stages=[], corpus_stages=("dedup", "cluster"))
    texts = [f"{t}\n\nFassung {i}." for i, t in enumerate(sorted(seed_texts.values()) * 2)]
    for k in range(0, len(texts), 4):
        p.store.add_documents([p.process(t) for t in texts[k : k + 4]])
        runner.run_corpus_stages(p.store, p.settings, batch=3, checkpoint=False)
    for name in ("dedup", "cluster"):
        fresh = runner.get_adapter(name, p.settings)
        wm, state = p.store.load_state(name)
        fresh.load(state, p.store)
        assert wm == 10 and fresh.state() == runner._LIVE[(p.store.url, name)].adapter.state(), name
    runner.forget(p.store)
    p.close()
