"""Corpus stages resume after a crash with the same result as an uninterrupted run."""

from __future__ import annotations

import json

import pytest

from lagebild import Pipeline
from lagebild.corpus import adapters, runner
from lagebild.store import rows as R


def _snapshot(p: Pipeline) -> tuple:
    st = p.store
    stories = sorted((r["doc_id"], r["story_id"]) for r in st.rows("story_articles"))
    dups = sorted((r["doc_id"], r["other_id"], r["kind"]) for r in st.rows("duplicates"))
    ents = sorted((r["key"], r["n_mentions"]) for r in st.rows("entities"))
    return stories, dups, ents


@pytest.fixture(scope="module")
def annotated(tmp_path_factory, seeds_dir):
    """The seeds annotated once (document stages), stored without corpus stages."""
    db = tmp_path_factory.mktemp("resume") / "base.db"
    p = Pipeline(db=str(db))
    p.ingest([str(seeds_dir)], corpus=False)
    p.close()
    return db


def test_crash_in_clustering_then_resume(annotated, tmp_path, monkeypatch):
    import shutil

    clean_db, crash_db = tmp_path / "clean.db", tmp_path / "crash.db"
    shutil.copy(annotated, clean_db)
    shutil.copy(annotated, crash_db)
    clean = Pipeline(db=str(clean_db))
    clean.update_corpus()
    expected = _snapshot(clean)
    assert len({s for _, s in expected[0]}) == 3

    crash = Pipeline(db=str(crash_db))
    real = adapters.ClusterAdapter.process
    calls = {"n": 0}

    def boom(self, seq, doc, c, store):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("killed")
        return real(self, seq, doc, c, store)

    monkeypatch.setattr(adapters.ClusterAdapter, "process", boom)
    monkeypatch.setattr(runner, "run_corpus_stages", lambda store, settings, batch=2, checkpoint=True: _orig_run(store, settings, batch=2, checkpoint=checkpoint))
    monkeypatch.setattr(runner, "save_every", lambda n: 3)
    with pytest.raises(RuntimeError):
        crash.update_corpus()
    monkeypatch.setattr(adapters.ClusterAdapter, "process", real)
    crash.update_corpus()  # resume
    assert _snapshot(crash) == expected
    clean.close()
    crash.close()


_orig_run = runner.run_corpus_stages


def test_live_state_between_calls_matches_one_run(annotated, tmp_path, seeds_dir):
    """Server mode: state stays in memory between updates and is saved incrementally with
    every batch; a fresh process continuing from the saved rows gets the same stories."""
    import shutil

    from sqlalchemy import delete

    from lagebild.store import schema as S

    one_db, live_db = tmp_path / "one.db", tmp_path / "live.db"
    shutil.copy(annotated, one_db)
    shutil.copy(annotated, live_db)
    one = Pipeline(db=str(one_db))
    one.update_corpus()
    expected = _snapshot(one)
    one.close()

    # the same five articles, arriving one update at a time: hide all but the first k
    live = Pipeline(db=str(live_db))
    docs = [d for _, d in live.store.iter_documents()]
    with live.store.transaction() as c:
        c.execute(delete(S.articles).where(S.articles.c.seq > 1))
    for d in docs[1:]:
        live.update_corpus(checkpoint=False)
        live.store.add_documents([d])
    live.update_corpus(checkpoint=False)
    assert live.store.load_watermark("cluster") == 5  # saved with the batch, no checkpoint needed
    assert R.count(live.store, "dedup")["seg"] == 5  # one appended segment per update
    runner.forget(live.store)
    live.close()
    assert _snapshot(Pipeline(db=str(live_db))) == expected


# --- state as rows (schema 2) ---------------------------------------------------------
def _variant_docs(seed_texts, tmp_path, n: int) -> list:
    from pg import write_variants

    write_variants(seed_texts, tmp_path / "in", n)
    p = Pipeline(db=str(tmp_path / "base.db"), stages=[])
    p.ingest([tmp_path / "in"], corpus=False)
    docs = [d for _, d in p.store.iter_documents()]
    p.close()
    return docs


def _pipe(db) -> Pipeline:
    return Pipeline(db=str(db), stages=[], corpus_stages=("dedup", "cluster"))


def test_state_rows_load_to_the_same_state(seed_texts, tmp_path):
    """Saved a few articles at a time, the rows load back into exactly the in-memory state
    (dedup index and clusterer), and each save appended only its own articles."""
    docs = _variant_docs(seed_texts, tmp_path, 14)
    p = _pipe(tmp_path / "rows.db")
    for k in range(0, len(docs), 4):
        p.store.add_documents(docs[k : k + 4])
        runner.run_corpus_stages(p.store, p.settings, batch=3, checkpoint=False)
    st = p.store
    for name in ("dedup", "cluster"):
        mem = runner._LIVE[(st.url, name)].adapter
        fresh = runner.get_adapter(name, p.settings)
        wm, state = st.load_state(name)
        assert wm == 14 and state["format"] == "rows-1" and len(json.dumps(state)) < 20_000  # scalars only
        fresh.load(state, st)
        assert fresh.state() == mem.state(), name
    segs = [R.unpack(d)[1] for _, d in R.read(st, "dedup", "seg")]
    assert [h["a"] for h in segs] == [0, 3, 4, 7, 8, 11, 12] and sum(len(h["ids"]) for h in segs) == 14
    assert any(h["links"] for h in segs) and any(h["adj"] or h["links"] for h in segs[1:])
    runner.forget(st)
    p.close()


def test_old_state_blob_is_migrated_by_db_upgrade(seed_texts, tmp_path):
    """A schema-1 store (state as one JSON blob per stage) is upgraded by `lagebild db upgrade`;
    the stages continue from the blob, write rows, and end as a run that never stopped."""
    import sqlite3

    from typer.testing import CliRunner

    from lagebild.cli import app

    docs = _variant_docs(seed_texts, tmp_path, 12)
    clean = _pipe(tmp_path / "clean.db")
    clean.store.add_documents(docs)
    clean.update_corpus()
    expected = _snapshot(clean)
    runner.forget(clean.store)
    clean.close()

    db = tmp_path / "old.db"
    old = _pipe(db)
    old.store.add_documents(docs[:7])
    old.update_corpus()
    with old.store.transaction() as c:  # rewrite as schema 1 would have left it
        for name in ("dedup", "cluster"):
            live = runner._LIVE[(old.store.url, name)]
            old.store.save_state(c, name, live.processed, live.adapter.state())
    runner.forget(old.store)
    old.close()
    con = sqlite3.connect(db)
    con.execute("drop table corpus_rows")
    con.execute("update lagebild_meta set value='1' where key='schema_version'")
    con.commit()
    con.close()

    res = CliRunner().invoke(app, ["db", "upgrade", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output[res.output.index("{") :]) == {"from": 1, "to": 2}
    new = _pipe(db)
    assert "format" not in new.store.load_state("dedup")[1] and R.count(new.store, "dedup") == {}
    new.store.add_documents(docs[7:])
    new.update_corpus()
    assert _snapshot(new) == expected
    assert new.store.load_state("dedup")[1]["format"] == "rows-1"
    assert R.count(new.store, "cluster")["story"] >= 1
    runner.forget(new.store)
    new.close()


def test_member_lists_are_appended_and_rewritten_when_shrunk(tmp_path):
    """Story/storyline member lists are saved as appended chunks; a list that lost a member
    (merge, split) is rewritten; loading gives the lists back exactly."""
    from types import SimpleNamespace

    from lagebild.corpus.cluster_rows import _Members
    from lagebild.store import Store

    st = Store(str(tmp_path / "m.db"))
    mem = _Members("smem")
    a, b = SimpleNamespace(id="S1", members=["x1", "x2"]), SimpleNamespace(id="S2", members=["y1"])

    def save(*aggs):
        with st.transaction() as c:
            mem.save(c, st, "cluster", list(aggs))

    save(a, b)
    a.members += ["x3"]
    save(a)
    assert [k for k, _ in R.read(st, "cluster", "smem")] == ["S1|000000000", "S1|000000002", "S2|000000000"]  # appended
    a.members.remove("x2")
    a.members.append("x4")
    save(a)
    assert [k for k, _ in R.read(st, "cluster", "smem")] == ["S1|000000000", "S2|000000000"]  # rewritten
    b.members.append("y2")
    save(b)
    assert _Members("smem").load(st, "cluster") == {"S1": ["x1", "x3", "x4"], "S2": ["y1", "y2"]}
