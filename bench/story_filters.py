"""Time the story list with each filter once (issue 9): `queries.stories` and the uncached `/stories.json`.

    nice .venv/bin/python bench/story_filters.py --db /tmp/sf/10k.db    # a COPY of the bench/load.py 10k store

Each figure is one call after a warm-up call of the unfiltered list (so the SQLite pages
are cached as they are in a running server); the row count is of the whole filtered list.
"""

from __future__ import annotations

import argparse
import time

from lagebild import queries
from lagebild.store import Store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    store = Store(args.db)
    every = queries.stories(store, limit=1_000_000)
    top = every[0]
    line = next((r["storyline_id"] for r in every if r["storyline_id"]), None)
    cases = [
        ("none", {}),
        ("since (newest day)", {"since": top["last_seen"]}),
        ("until", {"until": "2024-01-31"}),
        ("since+until", {"since": "2024-01-01", "until": "2024-03-31"}),
        ("lang=de", {"lang": "de"}),
        ("lang=en", {"lang": "en"}),
        ("min_size=5", {"min_size": 5}),
        ("entity=Putin", {"entity": "Putin"}),
        ("entity=Путин", {"entity": "Путин"}),
        ("entity=Peskow", {"entity": "Peskow"}),
        ("entity unknown (fuzzy scan)", {"entity": "Niemand Unbekannt"}),
        ("storyline", {"storyline": line}),
        ("q (label)", {"q": "putin"}),
        ("all combined", {"since": "2024-01-01", "lang": "de", "min_size": 2, "entity": "Peskow"}),
    ]
    print(f"{store.count()} articles, {len(every)} live stories")
    print("| filter | stories | queries.stories (21 rows) | /stories.json uncached |")
    print("|---|---|---|---|")
    from fastapi.testclient import TestClient

    from lagebild.web.app import create_app

    client = TestClient(create_app(args.db, background=False))
    client.get("/stories.json")
    for name, kw in cases:
        t = time.perf_counter()
        queries.stories(store, limit=21, **kw)
        ms = (time.perf_counter() - t) * 1000
        n = len(queries.stories(store, limit=1_000_000, **kw))
        t = time.perf_counter()
        r = client.get("/stories.json", params={k: str(v) for k, v in kw.items()})
        web = (time.perf_counter() - t) * 1000
        assert r.status_code == 200, r.text
        print(f"| {name} | {n} | {ms:.1f} ms | {web:.1f} ms |")


if __name__ == "__main__":
    main()
