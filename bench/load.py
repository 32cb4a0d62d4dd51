"""Bounded load benchmark for `lagebild serve` on loopback.

    .venv/bin/python bench/load.py --db /tmp/lb-load.db --synthetic 10000   # 10k-article store in ~1-2 min
    .venv/bin/lagebild dossiers --rebuild --db /tmp/lb-load.db                # precompute the dossiers
    .venv/bin/python bench/load.py --db /tmp/lb-load.db --clients 50 --seconds 30

Starts uvicorn on 127.0.0.1 and a free port in this process, then runs N
concurrent httpx clients reading story pages (HTML and JSON, random stories of the
first pages) and the story list for a fixed time while one writer posts an
article every ``--post-every`` seconds (one article is posted before the clock starts,
so that the writer process has loaded its models: steady state; ``--no-warm`` to time
the cold start too). Prints requests/s, p50/p95/p99 latency, failures per kind and
the load averages. Synthetic articles are random mixes of sentences of the five
seed articles (real German text, artificial combinations); say so when reporting.

``--synthetic N`` builds a large store quickly WITHOUT running the NLP pipeline per
article: the five seeds are ingested once through the real pipeline (document and
corpus stages), then N variants are written with ``store.add_documents`` in batches
(new doc_id, new title suffix, outlet and date, one appended sentence; the seed
annotations are reused, offsets stay valid) and grouped into synthetic stories of
1–60 articles (``stories`` / ``story_articles`` rows; IDs ``S9xxxxxx`` so they never
collide with the clusterer's). The corpus-stage watermarks are moved past them, so
articles posted later go through the real corpus stages.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import re
import socket
import statistics
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def synthetic_records(n: int, seed: int = 0) -> list[dict]:
    rnd = random.Random(seed)
    sents: list[str] = []
    for p in sorted(SEEDS.glob("*.txt")):
        txt = re.sub(r"\s+", " ", p.read_text(encoding="utf-8"))
        sents += [s for s in re.split(r"(?<=[.!?\"“])\s+(?=[A-ZÄÖÜ„\"])", txt) if 40 < len(s) < 400]
    out = []
    for i in range(n):
        pick = rnd.sample(sents, k=min(len(sents), rnd.randint(6, 12)))
        day = f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        out.append({"title": pick[0][:90], "text": "\n\n".join(pick) + f"\n\nMeldung {i} ({seed}).", "date": day, "outlet": f"Synth{i % 17}"})
    return out


def build(db: str, seconds: float, chunk: int = 50) -> int:
    from lagebild import Pipeline

    p = Pipeline(db=db)
    t0 = time.time()
    k = 0
    with tempfile.TemporaryDirectory() as td:
        while time.time() - t0 < seconds:
            path = Path(td) / f"c{k}.jsonl"
            path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in synthetic_records(chunk, seed=1000 + k)), encoding="utf-8")
            rep = p.ingest([path])
            k += 1
            print(f"  built {p.store.count()} articles ({time.time() - t0:.0f} s; last chunk {rep.seconds:.1f} s)", flush=True)
    n = p.store.count()
    p.close()
    return n


def story_sizes(total: int, rnd: random.Random) -> list[int]:
    """Realistic story sizes: many singletons and small stories, a long tail up to 60."""
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(min(60, max(1, int(rnd.paretovariate(1.3)))))
    sizes[-1] -= sum(sizes) - total
    return [n for n in sizes if n > 0]


def build_synthetic(db: str, n: int, batch: int = 500, seed: int = 7) -> dict:
    """A store of 5 real seeds + n annotated variants in synthetic stories (see the module doc)."""
    import datetime as dt
    import hashlib

    from sqlalchemy import insert, select, update

    from lagebild import Pipeline
    from lagebild.model import DateInfo, Field
    from lagebild.store import schema as S

    t0 = time.time()
    rnd = random.Random(seed)
    p = Pipeline(db=db)
    p.ingest([SEEDS])  # the only real NLP: five articles, document + corpus stages
    store = p.store
    seeds = [d for _, d in store.iter_documents()][:5]
    day0 = dt.date(2024, 1, 1)
    sizes = story_sizes(n, rnd)
    docs, stories, links = [], [], []
    k = 0
    for si, size in enumerate(sizes):
        sid = f"S9{si:06d}"
        base = rnd.randrange(len(seeds))
        start = day0 + dt.timedelta(days=rnd.randrange(700))
        days = []
        for j in range(size):
            src = seeds[base] if rnd.random() < 0.8 else rnd.choice(seeds)
            day = start + dt.timedelta(days=min(j // 3, 20))
            days.append(day.isoformat())
            did = hashlib.sha1(f"synthetic:{seed}:{k}".encode()).hexdigest()[:16]
            meta = src.meta
            title = f"{(meta.title.value if meta.title else 'Meldung')[:80]} ({k})"
            meta = dataclasses.replace(meta, title=Field(title, "bench"), outlet=Field(f"Synth{k % 23}", "bench"), date=DateInfo(day.isoformat(), source="bench"), url=None, source_path=f"synthetic:{k}")
            docs.append(src.with_(doc_id=did, text=src.text + f"\n\nMeldung {k} von Synth{k % 23}.", meta=meta))
            links.append({"story_id": sid, "doc_id": did, "score": 1.0})
            k += 1
        stories.append({"story_id": sid, "label": docs[-1].meta.title.value[:60], "first_seen": min(days), "last_seen": max(days), "size": size,
                        "detail_json": json.dumps({"entities": [], "terms": [], "languages": ["de"], "aliases": []})})
        if len(docs) >= batch or si == len(sizes) - 1:
            store.add_documents(docs)
            with store.engine.connect() as c:
                seqs = dict(c.execute(select(S.articles.c.doc_id, S.articles.c.seq).where(S.articles.c.doc_id.in_([d.doc_id for d in docs]))).all())
            with store.engine.begin() as c:
                c.execute(insert(S.stories), stories)
                c.execute(insert(S.story_articles), [{**l, "seq": seqs[l["doc_id"]]} for l in links])
            docs, stories, links = [], [], []
            print(f"  {store.count()} articles ({time.time() - t0:.0f} s)", flush=True)
    top = store.max_seq()
    with store.engine.begin() as c:  # corpus stages: skip the synthetic articles
        c.execute(update(S.corpus_state).values(watermark=top))
    out = {"articles": store.count(), "stories": len(sizes), "seconds": round(time.time() - t0, 1), "largest": max(sizes)}
    p.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, token: str, workers: int = 1):
    """uvicorn in its own process (as `lagebild serve` runs), so the load generator does not share its GIL."""
    import os
    import subprocess
    import sys

    import httpx

    port = free_port()
    code = (
        "import uvicorn; "
        f"uvicorn.run('lagebild.web.app:create_app', factory=True, host='127.0.0.1', port={port}, log_level='warning', workers={workers}, timeout_keep_alive=30)"
    )
    env = {**os.environ, "LAGEBILD_DB": db, "LAGEBILD_API_TOKEN": token}
    env.setdefault("LAGEBILD_WRITER_PROCESS", "1")  # as `lagebild serve` runs by default
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def _cpu(pid: int) -> tuple[float, float, float]:
    """CPU seconds so far of the server process, of its children (writer), and of this process."""
    import psutil

    srv = psutil.Process(pid)
    kids = 0.0
    for ch in srv.children(recursive=True):
        try:
            kids += sum(ch.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return sum(srv.cpu_times()[:2]), kids, time.process_time()


async def run_load(base: str, token: str, clients: int, seconds: float, post_every: float, think: float = 0.0, warm: bool = True, on_start=None) -> dict:
    import httpx

    ids: list[str] = []
    if warm and post_every > 0:  # steady state: the writer process has loaded its models before the clock starts
        async with httpx.AsyncClient(base_url=base, timeout=600, headers={"authorization": f"Bearer {token}"}) as c:
            r = await c.post("/articles", json=synthetic_records(1, seed=int(time.time()) + 99)[0])
            assert r.status_code in (200, 201), r.text
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        for page in range(1, 101):  # every story (up to 10,000), not only the first page
            j = (await c.get(f"/stories.json?per_page=100&page={page}")).json()
            ids += [s["story_id"] for s in j["stories"]]
            if not j["has_next"]:
                break
    ids = ids or ["none"]
    lat: dict[str, list[float]] = {"story": [], "story.json": [], "list": [], "post": []}
    fails: dict[str, int] = {k: 0 for k in lat}
    errors: dict[str, int] = {}
    end = time.perf_counter() + seconds
    rnd = random.Random(1)

    async def reader(i: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            while time.perf_counter() < end:
                r = rnd.random()
                kind, url = ("list", "/stories") if r < 0.2 else (("story.json", f"/stories/{rnd.choice(ids)}.json") if r < 0.4 else ("story", f"/stories/{rnd.choice(ids)}"))
                t = time.perf_counter()
                try:
                    resp = await c.get(url)
                    ok = resp.status_code == 200
                    if not ok:
                        errors[f"{kind} HTTP {resp.status_code}"] = errors.get(f"{kind} HTTP {resp.status_code}", 0) + 1
                except httpx.HTTPError as e:
                    ok = False
                    errors[f"{kind} {type(e).__name__}"] = errors.get(f"{kind} {type(e).__name__}", 0) + 1
                lat[kind].append(time.perf_counter() - t)
                fails[kind] += not ok
                if think:
                    await asyncio.sleep(rnd.uniform(0, 2 * think))

    async def writer() -> None:
        recs = synthetic_records(1000, seed=int(time.time()))
        async with httpx.AsyncClient(base_url=base, timeout=120, headers={"authorization": f"Bearer {token}"}) as c:
            k = 0
            while time.perf_counter() < end:
                t = time.perf_counter()
                try:
                    resp = await c.post("/articles", json=recs[k])
                    ok = resp.status_code in (200, 201)
                except httpx.HTTPError:
                    ok = False
                lat["post"].append(time.perf_counter() - t)
                fails["post"] += not ok
                k += 1
                await asyncio.sleep(max(0.0, post_every - (time.perf_counter() - t)))

    cpu0 = on_start() if on_start else (0.0, 0.0, 0.0)
    t0 = time.perf_counter()
    await asyncio.gather(*(reader(i) for i in range(clients)), *([writer()] if post_every > 0 else []))
    wall = time.perf_counter() - t0
    return {"wall": wall, "lat": lat, "fails": fails, "errors": errors, "cpu0": cpu0}


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--build-seconds", type=float, default=0, help="First add synthetic articles through the pipeline for this long.")
    ap.add_argument("--synthetic", type=int, default=0, help="Only build a store of this many annotated seed variants in synthetic stories, then exit.")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--think", type=float, default=0.0, help="Mean pause of each client between requests (0: closed loop, saturation).")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    ap.add_argument("--post-every", type=float, default=1.0, help="Seconds between posted articles (one writer; 0: no writer).")
    ap.add_argument("--no-warm", action="store_true", help="Do not post one article (writer model loading) before the clock starts.")
    a = ap.parse_args()
    if a.synthetic:
        print(build_synthetic(a.db, a.synthetic))
        return
    if a.build_seconds:
        build(a.db, a.build_seconds)
    token = "bench-token"
    proc, base = start_server(a.db, token, a.workers)
    load0 = os.getloadavg()
    try:
        res = asyncio.run(run_load(base, token, a.clients, a.seconds, a.post_every, a.think, warm=not a.no_warm, on_start=lambda: _cpu(proc.pid)))
        cpu1 = _cpu(proc.pid)
        load1 = os.getloadavg()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    from lagebild.store import Store

    n = Store(a.db).count()
    reads = sum(len(v) for k, v in res["lat"].items() if k != "post")
    print(f"store: {n} articles after the run · {a.clients} clients · {res['wall']:.1f} s")
    print(f"reads: {reads / res['wall']:.1f} requests/s, failures {sum(v for k, v in res['fails'].items() if k != 'post')}")
    cpu0 = res["cpu0"]
    print(f"CPU during the run: server {cpu1[0] - cpu0[0]:.1f} s ({(cpu1[0] - cpu0[0]) / max(1, reads) * 1000:.2f} ms per read), "
          f"writer process(es) {cpu1[1] - cpu0[1]:.1f} s, load generator {cpu1[2] - cpu0[2]:.1f} s")
    print(f"load average (1/5/15 min) at start {' '.join(f'{x:.2f}' for x in load0)}, at end {' '.join(f'{x:.2f}' for x in load1)}")
    if res["errors"]:
        print(f"read errors: {res['errors']}")
    for k, v in res["lat"].items():
        print(f"  {k:<11} n={len(v):>6}  p50 {pct(v, 50):7.1f} ms  p95 {pct(v, 95):7.1f} ms  p99 {pct(v, 99):7.1f} ms  mean {statistics.fmean(v) * 1000 if v else float('nan'):7.1f} ms  failures {res['fails'][k]}")


if __name__ == "__main__":
    main()
