"""Scale benchmark: Dask worker throughput, store size/throughput, corpus-stage cost growth.

    nice .venv/bin/python bench/scale.py workers --n 120
    nice .venv/bin/python bench/scale.py size --sizes 1000,10000,100000 --corpus-upto 10000

Texts: the German SpkAtt Wikinews articles (../shared/data/spkatt2023, detokenised
with `lagebild.eval.spkatt`). ``workers`` runs the full default document-stage chain
(build + annotate) on real texts. ``size`` annotates a pool of real texts once and
then makes *synthetic* articles by recombining runs of whole sentences from three
pool articles (annotations shifted with them), dated ~500 a day: distinct texts, real
annotation density, not near-copies. Results go to stdout as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("LAGEBILD_SHARED", REPO.parent / "shared")) / "data" / "spkatt2023"


def spkatt_records(n: int) -> list[Any]:
    from lagebild.eval import spkatt
    from lagebild.ingest import RawRecord

    files = sorted((DATA / "train").glob("*.json")) + sorted((DATA / "unlabelled").glob("*.json"))
    recs = []
    for f in files[:n]:
        d = spkatt.read_file(f)
        recs.append(RawRecord(body=f"{d.title or ''}\n\n{d.text}", origin=f"spkatt/{f.name}", reader="text"))
    return recs


def _load() -> float:
    return os.getloadavg()[0]


# --- 1 vs 2 workers ----------------------------------------------------------------
def _warm(names: tuple[str, ...], settings: Any, rec: Any) -> int:
    from lagebild import ingest
    from lagebild.scale import worker as W

    p = W.pipeline_for(names, settings)
    p.annotate(ingest.build_document(rec))
    return os.getpid()


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def bench_workers(n: int, worker_counts: list[int]) -> list[dict]:
    from lagebild import Pipeline, ingest
    from lagebild.scale.runner import dask_client, map_documents

    recs = spkatt_records(n + 4)
    warm, recs = recs[:4], recs[4:]
    p = Pipeline(db=":memory:")
    names, settings = tuple(p.stage_names), p.settings
    out = []
    for r in warm:  # in-process baseline
        p.annotate(ingest.build_document(r))
    t0, c0, l0 = time.perf_counter(), _cpu(), _load()
    for r in recs:
        p.annotate(ingest.build_document(r))
    dt = time.perf_counter() - t0
    out.append({"bench": "doc_stages", "mode": "in-process", "n": len(recs), "seconds": round(dt, 2), "docs_per_s": round(len(recs) / dt, 2), "cpu_s_per_doc": round((_cpu() - c0) / len(recs), 4), "load": round((l0 + _load()) / 2, 1), "stages": list(names)})
    print(json.dumps(out[-1]), flush=True)
    for w in worker_counts:
        with dask_client(workers=w) as client:
            client.wait_for_workers(w, timeout=300)
            client.run(_warm, names, settings, warm[0])  # models load once per worker, before timing
            cpu0 = sum(client.run(_cpu).values())
            t0, l0, d0 = time.perf_counter(), _load(), _cpu()
            k = sum(1 for kind, _ in map_documents(client, recs, settings=settings, stage_names=names, existing=lambda ids: set()) if kind == "doc")
            dt, driver = time.perf_counter() - t0, _cpu() - d0
            cpu = sum(client.run(_cpu).values()) - cpu0
        row = {"bench": "doc_stages", "mode": f"dask {w} worker(s)", "n": k, "seconds": round(dt, 2), "docs_per_s": round(k / dt, 2), "worker_cpu_s_per_doc": round(cpu / k, 4), "driver_cpu_s_per_doc": round(driver / k, 4), "load": round((l0 + _load()) / 2, 1)}
        # what w dedicated cores would do: w / (CPU seconds per document), the driver on its own core
        row["capacity_docs_per_s"] = round(w / (cpu / k), 1)
        out.append(row)
        print(json.dumps(out[-1]), flush=True)
    by = {r["mode"]: r for r in out if "mode" in r}
    if "dask 1 worker(s)" in by and "dask 2 worker(s)" in by:
        one, two = by["dask 1 worker(s)"], by["dask 2 worker(s)"]
        out.append({"bench": "doc_stages", "ratio_2_vs_1_wall": round(two["docs_per_s"] / one["docs_per_s"], 2), "ratio_2_vs_1_cpu": round(two["capacity_docs_per_s"] / one["capacity_docs_per_s"], 2)})
        print(json.dumps(out[-1]), flush=True)
    return out


# --- synthetic articles --------------------------------------------------------------
def annotated_pool(n: int) -> list[Any]:
    from lagebild import Pipeline, ingest

    p = Pipeline(db=":memory:")
    return [p.annotate(ingest.build_document(r)) for r in spkatt_records(n)]


def _inside(items, s: int, e: int, shift: int):
    return [replace(x, start=x.start - s + shift, end=x.end - s + shift) for x in items if x.start >= s and x.end <= e]


def synth(pool: list[Any], k: int) -> Any:
    """Article k: runs of 2–4 whole sentences from three pool articles, annotations shifted."""
    from lagebild.model import DateInfo, Document, Field, Metadata, Quote, make_doc_id

    rng = random.Random(k)
    parts: list[str] = []
    sents, ents, tims, quotes = [], [], [], []
    pos = 0
    for d in rng.sample(pool, 3):
        if not d.sentences:
            continue
        i = rng.randrange(len(d.sentences))
        j = min(len(d.sentences), i + rng.randint(2, 4))
        s, e = d.sentences[i].start, d.sentences[j - 1].end
        if parts:
            pos += 2  # "\n\n"
        sents += _inside(d.sentences, s, e, pos)
        ents += _inside(d.entities, s, e, pos)
        tims += _inside(d.timexes, s, e, pos)
        for q in d.quotes:
            if q.start >= s and q.end <= e:
                sh = pos - s
                mv = lambda sp: None if sp is None else replace(sp, start=sp.start + sh, end=sp.end + sh)  # noqa: E731
                quotes.append(replace(q, message=tuple(mv(x) for x in q.message), cue=tuple(mv(x) for x in q.cue), speaker=mv(q.speaker), addressee=mv(q.addressee), relay=mv(q.relay)))
        parts.append(d.text[s:e])
        pos += e - s
    text = "\n\n".join(parts)
    day = 1 + (k // 500) % 28
    month = 1 + (k // (500 * 28)) % 12
    title = text[: sents[0].end] if sents else text[:80]
    return Document(
        doc_id=make_doc_id(text),
        text=text,
        raw=text,
        meta=Metadata(title=Field(title, "bench:synthetic"), date=DateInfo(f"2024-{month:02d}-{day:02d}", "day", "bench:synthetic")),
        lang="de",
        lang_confidence=1.0,
        sentences=tuple(sents),
        entities=tuple(ents),
        timexes=tuple(tims),
        quotes=tuple(q for q in quotes if isinstance(q, Quote)),
        stages=pool[0].stages,
    )


def _db_size(store: Any) -> int:
    from sqlalchemy import text

    if store.is_sqlite:
        path = store.url[len("sqlite:///") :]
        with store.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    with store.engine.connect() as c:
        return int(c.execute(text("select pg_database_size(current_database())")).scalar())


def bench_size(sizes: list[int], corpus_upto: int, window: int, db: str | None, pool_n: int) -> list[dict]:
    from lagebild.corpus.runner import run_corpus_stages
    from lagebild.settings import load_settings
    from lagebild.store import Store

    t0 = time.perf_counter()
    pool = annotated_pool(pool_n)
    print(json.dumps({"bench": "pool", "articles": len(pool), "seconds": round(time.perf_counter() - t0, 1)}), flush=True)
    tmp = tempfile.mkdtemp(prefix="lagebild-scale-")
    store = Store(db or f"{tmp}/scale.db")
    settings = load_settings(db=store.db)
    stages = list(settings.corpus_stages)
    out: list[dict] = []
    k = 0

    cpu_w = 0.0  # CPU seconds of this process spent writing (load-independent)

    def write_until(n: int) -> float:
        nonlocal k, cpu_w
        spent = 0.0
        while k < n:
            batch = [synth(pool, i) for i in range(k, min(n, k + 200))]
            t, c = time.perf_counter(), time.process_time()
            store.add_documents(batch)
            spent += time.perf_counter() - t
            cpu_w += time.process_time() - c
            k += len(batch)
        return spent

    def corpus(timed: bool) -> tuple[dict[str, float], dict[str, float]]:
        """Streaming mode (as the server runs): state stays in memory between calls
        (checkpoint=False); a state save is timed separately and amortised over the
        save interval `runner.save_every(size)`."""
        from lagebild.corpus.runner import _LIVE, save_every

        wall, cpu = {}, {}
        for name in stages:
            t, c = time.perf_counter(), time.process_time()
            n = run_corpus_stages(store, replace(settings, corpus_stages=(name,)), checkpoint=False).get(name, 0)
            if timed and n:
                w, cp = (time.perf_counter() - t) / n, (time.process_time() - c) / n
                live = _LIVE.get((store.url, name))
                save = 0.0
                if live is not None:
                    t2 = time.perf_counter()
                    with store.transaction() as conn:
                        store.save_state(conn, name, live.processed, live.adapter.state())
                    live.saved, live.since_save = live.processed, 0
                    save = time.perf_counter() - t2
                every = save_every(live.processed if live else n)
                wall[name] = round(1000 * (w + save / every), 2)
                cpu[name] = round(1000 * cp, 2)
                wall[name + "_state_save_s"] = round(save, 3)
        return wall, cpu

    prev = 0
    for size in sizes:
        do_corpus = size <= corpus_upto
        cpu_w = 0.0
        spent = write_until(size - window if do_corpus else size)
        if do_corpus:
            corpus(False)  # catch up to size - window (untimed)
            spent += write_until(size)
            per, per_cpu = corpus(True)  # the last `window` articles, at corpus size ~size
        n_new = size - prev
        row = {"bench": "size", "articles": size, "store_docs_per_s": round(n_new / spent, 1), "store_docs_per_cpu_s": round(n_new / max(cpu_w, 1e-9), 1), "db_mb": round(_db_size(store) / 1e6, 1), "mb_per_1k": round(_db_size(store) / 1e6 / size * 1000, 2), "backend": "sqlite" if store.is_sqlite else "postgresql", "load": round(_load(), 1)}
        if do_corpus:
            row["corpus_ms_per_article"] = per
            row["corpus_cpu_ms_per_article"] = per_cpu
        out.append(row)
        print(json.dumps(row), flush=True)
        prev = size
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("workers", help="document-stage throughput: in-process, 1 and 2 Dask workers")
    w.add_argument("--n", type=int, default=120)
    w.add_argument("--workers", default="1,2")
    s = sub.add_parser("size", help="store throughput + size at corpus sizes; corpus-stage cost per article")
    s.add_argument("--sizes", default="1000,10000,100000")
    s.add_argument("--corpus-upto", type=int, default=10000, help="run corpus stages up to this size")
    s.add_argument("--window", type=int, default=200, help="articles timed per corpus-stage measurement")
    s.add_argument("--pool", type=int, default=150, help="real articles annotated for recombination")
    s.add_argument("--db", default=None, help="a postgresql:// URL (default: a temporary SQLite file)")
    a = ap.parse_args(argv)
    if a.cmd == "workers":
        bench_workers(a.n, [int(x) for x in a.workers.split(",")])
    else:
        bench_size([int(x) for x in a.sizes.split(",")], a.corpus_upto, a.window, a.db, a.pool)


if __name__ == "__main__":
    sys.exit(main())
