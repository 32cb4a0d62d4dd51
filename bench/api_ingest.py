"""Ingest throughput: the CLI/Python API path vs `POST /articles` (issue 11).

    nice .venv/bin/python bench/api_ingest.py [--n 60] [--batch 10]

Both ingest the same N German Wikinews texts (SpkAtt, detokenised) into fresh SQLite
stores with the full default pipeline and corpus stages; both are warmed with one
article first so that model loading is not timed. The API path runs the real app
(writer in its own process, as `lagebild serve`) through an in-process HTTP client.
"""

from __future__ import annotations

import argparse
import json
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


def cli(items: list[dict], d: Path) -> float:
    from lagebild import Pipeline

    p = Pipeline(db=str(d / "cli.db"))
    warm, rest = items[0], items[1:]
    (d / "w.jsonl").write_text(json.dumps(warm, ensure_ascii=False) + "\n", encoding="utf-8")
    p.ingest([str(d / "w.jsonl")])
    (d / "in.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rest), encoding="utf-8")
    t = time.perf_counter()
    rep = p.ingest([str(d / "in.jsonl")])
    dt = time.perf_counter() - t
    assert len(rep.stored) == len(rest), rep.to_dict()
    p.close()
    return len(rest) / dt


def api(items: list[dict], d: Path, batch: int) -> float:
    from fastapi.testclient import TestClient

    from lagebild.web.app import create_app

    app = create_app(str(d / "api.db"), token="bench", writer_process=True)
    h = {"Authorization": "Bearer bench"}
    with TestClient(app) as c:
        assert c.post("/articles", json=items[0], headers=h).status_code == 201
        rest = items[1:]
        t = time.perf_counter()
        for i in range(0, len(rest), batch):
            r = c.post("/articles", json=rest[i : i + batch], headers=h)
            assert r.status_code == 201, r.text
        dt = time.perf_counter() - t
    return len(rest) / dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--batch", type=int, default=10)
    a = ap.parse_args()
    items = texts(a.n)
    with tempfile.TemporaryDirectory() as d:
        c = cli(items, Path(d))
        w = api(items, Path(d), a.batch)
    print(json.dumps({"articles": a.n, "cli_articles_per_s": round(c, 2), "api_articles_per_s": round(w, 2), "api_batch": a.batch, "ratio": round(w / c, 2)}))


if __name__ == "__main__":
    main()
