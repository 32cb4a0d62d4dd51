"""Corpus stages resume after a crash with the same result as an uninterrupted run."""

from __future__ import annotations

import pytest

from lagebild import Pipeline
from lagebild.corpus import adapters, runner


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
    """Server mode: state stays in memory between updates (no save per call), then a checkpoint;
    a fresh process continuing from the checkpoint gets the same stories as one run."""
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
    saved_wm = live.store.load_watermark("cluster")
    assert saved_wm < 5  # nothing forced a save of the cluster state yet
    live.close()  # checkpoint
    assert Pipeline(db=str(live_db)).store.load_watermark("cluster") == 5
    assert _snapshot(Pipeline(db=str(live_db))) == expected
