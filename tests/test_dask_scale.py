"""Document stages on a Dask LocalCluster (2 worker processes, 1 thread each)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from pg import write_variants

from lagebild import Pipeline
from lagebild.errors import ClusterError
from lagebild.scale import dask_client, ingest_distributed
from lagebild.scale import worker as W
from lagebild.store import Store

STAGES: list[str] = []  # cleaning + metadata on the workers; the full chain is exercised by bench/scale.py


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        c.wait_for_workers(2, timeout=120)
        yield c


def _docs(p: Pipeline):
    return [d for _, d in p.store.iter_documents()]


def test_same_result_as_in_process_and_models_load_once(client, seed_texts, tmp_path):
    folder = tmp_path / "in"
    write_variants(seed_texts, folder, 10)
    (folder / "leer.txt").write_text("   \n", encoding="utf-8")  # a bad record: reported, skipped
    local = Pipeline(db=str(tmp_path / "local.db"), stages=STAGES, batch_size=5)  # same batches: same date order within each
    rep_l = local.ingest([folder], corpus=False)
    dist = Pipeline(db=str(tmp_path / "dask.db"), stages=STAGES, batch_size=5)
    rep_d = ingest_distributed(dist, [folder], corpus=False, client=client)
    assert rep_d.stored == rep_l.stored and len(rep_d.stored) == 10  # arrival order kept
    assert [type(e) for e in rep_d.errors] == [type(e) for e in rep_l.errors] and rep_d.errors
    assert _docs(dist) == _docs(local)  # identical annotations
    assert all(d.blocks and d.stages[0].startswith("ingest@") for d in _docs(dist))  # built on the workers
    again = ingest_distributed(dist, [folder], corpus=False, client=client)
    assert again.stored == [] and len(again.skipped) == 10
    builds = client.run(W.worker_info)
    assert all(info["builds"] <= 1 for info in builds.values()), builds  # models once per worker
    assert sum(info["builds"] for info in builds.values()) >= 1


def test_killed_worker_then_rerun_stores_nothing_twice(client, seed_texts, tmp_path):
    folder = tmp_path / "in"
    write_variants(seed_texts, folder, 40)
    p = Pipeline(db=str(tmp_path / "k.db"), stages=STAGES, batch_size=4)
    pids = [info["pid"] for info in client.run(W.worker_info).values()]
    killed = []
    p.store.close()
    watcher = Store(str(tmp_path / "k.db"))  # its own connection pool, read-only use

    def killer() -> None:
        deadline = time.time() + 120
        while time.time() < deadline and watcher.count() < 4:
            time.sleep(0.05)
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    t = threading.Thread(target=killer, daemon=True)
    t.start()
    try:
        first = ingest_distributed(p, [folder], corpus=False, client=client)
        n_first = len(first.stored)
    except ClusterError:  # allowed: a clear error, committed work kept
        n_first = p.store.count()
    t.join(timeout=130)
    assert killed, "the worker was never killed"
    client.wait_for_workers(2, timeout=120)  # the lean cluster replaced the killed worker (no nanny)
    assert pids[0] not in [info["pid"] for info in client.run(W.worker_info).values()]
    second = ingest_distributed(p, [folder], corpus=False, client=client)
    assert n_first + len(second.stored) == 40
    rows = p.store.articles(limit=100)
    assert [r["seq"] for r in rows] == list(range(1, 41))
    assert len({r["doc_id"] for r in rows}) == 40


def test_unreachable_scheduler_is_a_clear_error():
    from pg import _free_port

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        with dask_client(scheduler=f"tcp://127.0.0.1:{_free_port()}", timeout="2s"):
            pass


def test_cli_ingest_with_scheduler_address(client, seed_texts, tmp_path, monkeypatch):
    """`lagebild ingest --scheduler tcp://…` connects to a running cluster."""
    import json

    (tmp_path / "lagebild.toml").write_text("[lagebild]\nstages = [\"language\"]\n", encoding="utf-8")  # a short chain
    monkeypatch.setenv("LAGEBILD_CONFIG", str(tmp_path / "lagebild.toml"))

    from typer.testing import CliRunner

    from lagebild.cli import app

    write_variants(seed_texts, tmp_path / "in", 3)
    addr = client.scheduler.address
    assert addr.startswith("tcp://")
    res = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), "--scheduler", addr, "--no-corpus", "--json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.output[res.output.index("{") :])["stored"]) == 3


def test_fused_batches_give_the_same_events(client, seed_texts, tmp_path):
    """One task per batch (build + annotate) yields exactly what the checked three-task path
    yields, skips included: stored articles are dropped after annotation, in order."""
    from lagebild import ingest
    from lagebild.scale import map_documents

    folder = tmp_path / "in"
    write_variants(seed_texts, folder, 9)
    (folder / "leer.txt").write_text("  \n", encoding="utf-8")
    p = Pipeline(db=":memory:", stages=STAGES)
    items = list(ingest.iter_records([str(folder)]))
    first = [e for e in map_documents(client, items, settings=p.settings, stage_names=STAGES, existing=lambda ids: set(), batch_size=2, fuse_after=None)]
    stored = {d.doc_id for k, d in first if k == "doc"}
    stored = set(sorted(stored)[:4])

    def run(fuse_after):
        ev = map_documents(client, items, settings=p.settings, stage_names=STAGES, existing=lambda ids: {i for i in ids if i in stored},
                           batch_size=2, fuse_after=fuse_after)
        return [(k, v.doc_id if k == "doc" else v if k == "skip" else type(v).__name__) for k, v in ev]

    checked, fused = run(None), run(0)
    assert fused == checked
    assert [k for k, _ in fused].count("skip") == 4 and sum(k == "error" for k, _ in fused) == 1
    assert sum(k == "doc" for k, _ in fused) == 5
