"""Bounded load benchmark for `lagebild serve` on loopback.

    .venv/bin/python bench/load.py --db /tmp/lb-load.db --build-seconds 300   # synthetic store (optional)
    .venv/bin/python bench/load.py --db /tmp/lb-load.db --clients 50 --seconds 30

Starts uvicorn on 127.0.0.1 and a free port in this process, then runs N
concurrent httpx clients reading story pages (HTML and JSON, random stories of the
first pages) and the story list for a fixed time while one writer posts an
article every ``--post-every`` seconds. Prints requests/s, p50/p95/p99 latency and
failures per kind. Synthetic articles are random mixes of sentences of the five
seed articles (real German text, artificial combinations); say so when reporting.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import socket
import statistics
import tempfile
import threading
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, token: str):
    import uvicorn

    from lagebild.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, token=token), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    while not server.started:
        time.sleep(0.05)
    return server, th, f"http://127.0.0.1:{port}"


async def run_load(base: str, token: str, clients: int, seconds: float, post_every: float) -> dict:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        stories = (await c.get("/stories.json?per_page=100")).json()["stories"]
    ids = [s["story_id"] for s in stories] or ["none"]
    lat: dict[str, list[float]] = {"story": [], "story.json": [], "list": [], "post": []}
    fails: dict[str, int] = {k: 0 for k in lat}
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
                except httpx.HTTPError:
                    ok = False
                lat[kind].append(time.perf_counter() - t)
                fails[kind] += not ok

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

    t0 = time.perf_counter()
    await asyncio.gather(*(reader(i) for i in range(clients)), writer())
    wall = time.perf_counter() - t0
    return {"wall": wall, "lat": lat, "fails": fails}


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--build-seconds", type=float, default=0, help="First add synthetic articles for this long.")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--post-every", type=float, default=1.0, help="Seconds between posted articles (one writer).")
    a = ap.parse_args()
    if a.build_seconds:
        build(a.db, a.build_seconds)
    token = "bench-token"
    server, th, base = start_server(a.db, token)
    try:
        res = asyncio.run(run_load(base, token, a.clients, a.seconds, a.post_every))
    finally:
        server.should_exit = True
        th.join(timeout=10)
    from lagebild.store import Store

    n = Store(a.db).count()
    reads = sum(len(v) for k, v in res["lat"].items() if k != "post")
    print(f"store: {n} articles after the run · {a.clients} clients · {res['wall']:.1f} s")
    print(f"reads: {reads / res['wall']:.1f} requests/s, failures {sum(v for k, v in res['fails'].items() if k != 'post')}")
    for k, v in res["lat"].items():
        print(f"  {k:<11} n={len(v):>6}  p50 {pct(v, 50):7.1f} ms  p95 {pct(v, 95):7.1f} ms  p99 {pct(v, 99):7.1f} ms  mean {statistics.fmean(v) * 1000 if v else float('nan'):7.1f} ms  failures {res['fails'][k]}")


if __name__ == "__main__":
    main()
