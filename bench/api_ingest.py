"""Ingest throughput: the CLI/Python API path vs `POST /articles` (issue 11).

    nice .venv/bin/python bench/api_ingest.py [--n 60] [--batch 10] [--repeat 2]

Both ingest the same N German Wikinews texts (SpkAtt, detokenised) into fresh SQLite
stores with the full default pipeline and corpus stages; each runs in a fresh process and is
warmed with one article first so that model loading is not timed (the API path also waits until the
warm-up article's dossier is built). The API path runs the real app (writer in its
own process, as `lagebild serve`) through an in-process HTTP client; its clock stops at
the last response. The dossiers of the touched stories (work the CLI does not do) are
built by the writer process between writes; the time and CPU until they are all
current is reported separately (``dossiers_*``).

The machine is shared, so besides wall-clock articles/s the script reports
articles per CPU-second: CPU time of every process involved (the run's process — for
the API also the HTTP client and the app — plus its children, i.e. the writer
process), split for the API into server/client, write jobs and dossier builds
(``ingest_cpu_ratio`` leaves the dossier builds out), and the load averages. With ``--repeat`` the two
paths alternate (CLI, API, CLI, API, …) so that a change in machine load hits both;
with ``--together`` they run at the same time from a common start (after both warm-ups),
each pair seeing the same load (on 2 cores they also compete with each other).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def texts(n: int) -> list[dict]:
    from lagebild.eval import spkatt

    out = []
    for d in spkatt.load(SHARED / "data" / "spkatt2023" / "unlabelled"):
        out.append({"title": d.title, "text": d.text, "date": d.date})
        if len(out) >= n + 1:
            break
    return out


def cpu_seconds() -> float:
    """User + system CPU of this process and its live children (the writer process)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for ch in me.children(recursive=True):
        try:
            total += sum(ch.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return total


def cli(items: list[dict], d: Path, ready=None) -> dict:
    from lagebild import Pipeline

    p = Pipeline(db=str(d / "cli.db"))
    warm, rest = items[0], items[1:]
    (d / "w.jsonl").write_text(json.dumps(warm, ensure_ascii=False) + "\n", encoding="utf-8")
    p.ingest([str(d / "w.jsonl")])
    (d / "in.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rest), encoding="utf-8")
    if ready:
        ready()
    c, t = cpu_seconds(), time.perf_counter()
    rep = p.ingest([str(d / "in.jsonl")])
    dt, dc = time.perf_counter() - t, cpu_seconds() - c
    assert len(rep.stored) == len(rest), rep.to_dict()
    p.close()
    return {"articles_per_s": len(rest) / dt, "articles_per_cpu_s": len(rest) / dc, "seconds": dt, "cpu_s": dc}


def api(items: list[dict], d: Path, batch: int, ready=None) -> dict:
    from fastapi.testclient import TestClient

    from lagebild.web.app import create_app

    app = create_app(str(d / "api.db"), token="bench", writer_process=True)
    w = app.state.writer
    h = {"Authorization": "Bearer bench"}
    with TestClient(app) as c:
        assert c.post("/articles", json=items[0], headers=h).status_code == 201
        assert w.wait_rebuilt(300)  # warm: models loaded, the first dossier built
        rest = items[1:]
        if ready:
            ready()
        s0 = dict(w.stats)
        c0, p0, t = cpu_seconds(), time.process_time(), time.perf_counter()
        for i in range(0, len(rest), batch):
            r = c.post("/articles", json=rest[i : i + batch], headers=h)
            assert r.status_code == 201, r.text
        dt, dc, dp = time.perf_counter() - t, cpu_seconds() - c0, time.process_time() - p0
        s1 = dict(w.stats)
        assert w.wait_rebuilt(600)
        dt2, dc2 = time.perf_counter() - t - dt, cpu_seconds() - c0 - dc
        s2 = dict(w.stats)
        stories = c.get("/stories.json?per_page=100").json()["stories"]
        assert sum(s["size"] for s in stories) == len(items)  # live: every article listed, no restart
        stale = [s["story_id"] for s in stories if c.get(f"/stories/{s['story_id']}.json").headers["x-dossier-stale"] != "0"]
        assert not stale, stale
    split = {  # where the CPU of the timed window went
        "server_and_client_cpu_s": dp,  # this process: HTTP client, app, JSON, IPC
        "writer_cpu_s": s1["write_cpu_s"] - s0["write_cpu_s"],  # pipeline + store + corpus stages + response, in the child
        "dossier_cpu_s_during": s1["dossier_cpu_s"] - s0["dossier_cpu_s"],  # rebuilds that ran between writes
        "dossiers_built_during": s1["dossiers_built"] - s0["dossiers_built"],
        "dossiers_built_after": s2["dossiers_built"] - s1["dossiers_built"],
    }
    ingest_cpu = split["server_and_client_cpu_s"] + split["writer_cpu_s"]
    return {"articles_per_s": len(rest) / dt, "articles_per_cpu_s": len(rest) / dc, "seconds": dt, "cpu_s": dc,
            "ingest_cpu_s": ingest_cpu, **split, "dossiers_seconds_after": dt2, "dossiers_cpu_s_after": dc2, "stories": len(stories)}


def _fresh(kind: str, items: list[dict], d: str, batch: int, barrier=None, queue=None) -> dict:
    """One path in a fresh process: no model, embedding cache or corpus state carried over.
    With a barrier, wait after the warm-up until the other path is warm too (``--together``)."""
    ready = (lambda: barrier.wait(timeout=900)) if barrier is not None else None
    r = cli(items, Path(d), ready) if kind == "cli" else api(items, Path(d), batch, ready)
    if queue is not None:
        queue.put((kind, r))
    return r


def _together(items: list[dict], batch: int) -> dict[str, dict]:
    """Both paths at the same time, timed from a common start: each sees the same machine load."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2:
        ps = [ctx.Process(target=_fresh, args=(k, items, d, batch, barrier, queue)) for k, d in (("cli", d1), ("api", d2))]
        for p in ps:
            p.start()
        out = dict(queue.get(timeout=1800) for _ in ps)
        for p in ps:
            p.join(timeout=120)
    return out


def main() -> None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=1, help="Alternate CLI and API runs this many times each.")
    ap.add_argument("--together", action="store_true", help="Run the two paths at the same time (paired under the same load) instead of one after the other.")
    a = ap.parse_args()
    items = texts(a.n)
    load = [os.getloadavg()]
    runs: dict[str, list[dict]] = {"cli": [], "api": []}
    for _ in range(a.repeat):
        if a.together:
            for kind, r in _together(items, a.batch).items():
                runs[kind].append(r)
            load.append(os.getloadavg())
            continue
        for kind in ("cli", "api"):
            with tempfile.TemporaryDirectory() as d, ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as ex:
                runs[kind].append(ex.submit(_fresh, kind, items, d, a.batch).result())
            load.append(os.getloadavg())

    def total(k: str, den: str) -> float:
        return sum(len(items) - 1 for _ in runs[k]) / sum(r[den] for r in runs[k])

    cli_w, api_w = total("cli", "seconds"), total("api", "seconds")
    cli_c, api_c = total("cli", "cpu_s"), total("api", "cpu_s")
    print(json.dumps({
        "articles": a.n, "timed_articles": len(items) - 1, "api_batch": a.batch, "repeat": a.repeat, "together": a.together,
        "cli_articles_per_s": round(cli_w, 2), "api_articles_per_s": round(api_w, 2), "ratio": round(api_w / cli_w, 3),
        "cli_articles_per_cpu_s": round(cli_c, 2), "api_articles_per_cpu_s": round(api_c, 2), "cpu_ratio": round(api_c / cli_c, 3),
        # the API's CPU without the dossier builds (the CLI builds none): server + client + writer's write jobs
        "api_articles_per_ingest_cpu_s": round(sum(len(items) - 1 for _ in runs["api"]) / sum(r["ingest_cpu_s"] for r in runs["api"]), 2),
        "ingest_cpu_ratio": round(sum(len(items) - 1 for _ in runs["api"]) / sum(r["ingest_cpu_s"] for r in runs["api"]) / cli_c, 3),
        "api_dossiers_seconds_after_last_response": [round(r["dossiers_seconds_after"], 2) for r in runs["api"]],
        "runs": {k: [{x: round(y, 3) if isinstance(y, float) else y for x, y in r.items()} for r in v] for k, v in runs.items()},
        "loadavg_1_5_15": [[round(x, 2) for x in l] for l in load],
    }, indent=1))


if __name__ == "__main__":
    main()
