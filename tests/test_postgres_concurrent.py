"""Two ingest processes at once on one database (PostgreSQL and SQLite).

Each article is stored once, ``seq`` is 1..N without collision, and every corpus
stage sees every article exactly once, in arrival order (watermark == N).
"""

from __future__ import annotations

import multiprocessing as mp
import os

from pg import store_db, write_variants  # noqa: F401  (fixture)

from lagebild.corpus import runner
from lagebild.store import Store


class TallyAdapter:
    """A corpus stage that remembers every seq it processed (state survives in the store)."""

    name = "tally"

    def __init__(self, settings) -> None:
        self.seqs: list[int] = []

    def load(self, state) -> None:
        self.seqs = list((state or {}).get("seqs", []))

    def process(self, seq, doc, conn, store) -> None:
        self.seqs.append(seq)

    def state(self):
        return {"seqs": self.seqs, "pid": os.getpid()}


def _ingest(db: str, folder: str, q) -> None:  # pragma: no cover - runs in a child
    from lagebild import Pipeline

    try:
        p = Pipeline(db=db, stages=["language"], corpus_stages=("dedup", "tally"), batch_size=3)
        rep = p.ingest([folder])
        q.put((len(rep.stored), len(rep.skipped), len(rep.errors)))
    except BaseException as e:  # report, don't hang the parent
        q.put(repr(e))


def _warm_up(db, text: str) -> None:
    """Load the stage and corpus models once in the parent; forked children inherit them."""
    from lagebild import Pipeline

    p = Pipeline(db=str(db), stages=["language"], corpus_stages=("dedup",))
    p.store.add_documents([p.process(text)])
    p.update_corpus()
    p.close()


def test_two_ingests_at_once(store_db, seed_texts, tmp_path, monkeypatch):
    monkeypatch.setitem(runner.ADAPTERS, "tally", f"{__name__}:TallyAdapter")
    write_variants(seed_texts, tmp_path / "a", 12, start=0)
    write_variants(seed_texts, tmp_path / "b", 12, start=6)  # 6 articles in both folders
    Store(store_db).close()
    _warm_up(tmp_path / "warm.db", seed_texts["000"])
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    procs = [ctx.Process(target=_ingest, args=(store_db, str(tmp_path / f), q)) for f in ("a", "b")]
    for p in procs:
        p.start()
    results = [q.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert all(isinstance(r, tuple) for r in results), results
    assert all(r[2] == 0 for r in results), results
    assert sum(r[0] for r in results) == 18  # each article stored by exactly one process
    st = Store(store_db)
    assert st.count() == 18
    rows = st.articles(limit=100)
    assert [r["seq"] for r in rows] == list(range(1, 19))
    assert len({r["doc_id"] for r in rows}) == 18
    wm, state = st.load_state("tally")
    assert wm == 18
    assert state["seqs"] == list(range(1, 19))  # exactly once, in arrival order
    assert st.load_state("dedup")[0] == 18
    assert {r["doc_id"] for r in st.rows("duplicates")} <= {r["doc_id"] for r in rows}
