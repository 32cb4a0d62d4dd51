"""Prior-shift variants of the small-story check (issue 9; docs/bench/prior_study.md).

    nice .venv/bin/python bench/prior_study.py tune            # all variants on the seven tune streams
    nice .venv/bin/python bench/prior_study.py dev shipped X   # the dev streams, named variants only

Runs the shipped join model (src/lagebild/models/cluster/join.json, USE embeddings, cross-lingual e5 term on)
with `dataclasses.replace`d prior-shift settings and prints B3 P/R/F1 per stream, the number of gold stories
of >= 2 articles that the run splits, and the selection vote (the two Wikinews orders one vote, then de, deen,
dehard, dehardx, dedated one each). Predictions go to out/prior_study/VARIANT/STREAM.json (for identity checks).
`PRIOR_STUDY_SRC=DIR` runs another source tree's lagebild (e.g. `git archive HEAD src | tar -x -C /tmp/old`).
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

if os.environ.get("PRIOR_STUDY_SRC"):  # imported before bench/cluster.py puts this tree's src first
    sys.path.insert(0, os.environ["PRIOR_STUDY_SRC"])
    import lagebild  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from cluster import ROOT, embedded, run, vote  # noqa: E402

from lagebild.corpus import cluster_model  # noqa: E402
from lagebild.eval.clustering import score  # noqa: E402

STREAMS = ("wikinews-shuffled", "wikinews-dateish", "de", "deen", "dehard", "dehardx", "dedated")
# Pre-registered grid (docs/bench/prior_study.md), at most six variants.
VARIANTS: dict[str, dict] = {
    "shipped": {},
    "noshift": {"small_prior": None},
    "floor0.5": {"small_prior_floor": 0.5},
    "floor0.8": {"small_prior_floor": 0.8},
    "w100": {"small_prior_weight": 100.0},
    "decay0.98": {"small_prior_decay": 0.98},
}
OUT = ROOT / "out" / "prior_study"


def split_stories(rows: list[dict], pred: dict[str, str]) -> tuple[int, int]:
    """(gold stories of >= 2 articles that are not wholly in one predicted cluster, such stories)."""
    gold: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        gold[r["cluster"]].append(r["id"])
    multi = [ids for ids in gold.values() if len(ids) >= 2]
    return sum(len({pred[i] for i in ids}) > 1 for ids in multi), len(multi)


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "tune"
    names = sys.argv[2:] or list(VARIANTS)
    base = cluster_model.load()
    data = {s: embedded(f"{s}-{part}") for s in STREAMS}
    table: dict[str, list[float]] = {}
    for v in names:
        model = replace(base, **VARIANTS[v])
        f1s = []
        for s in STREAMS:
            rows, items = data[s]
            pred, dt, _ = run(items, model)
            sc = score(rows, pred)
            k, n = split_stories(rows, pred)
            f1s.append(sc["b3_f1"])
            print(f"{v:10s} {s}-{part:4s}: B3 P/R/F1 {sc['b3_precision']:.1f}/{sc['b3_recall']:.1f}/{sc['b3_f1']:.1f} "
                  f"clusters {sc['clusters']} split {k}/{n} ({dt:.0f} s)", flush=True)
            out = OUT / v
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{s}-{part}.json").write_text(json.dumps(pred, sort_keys=True), encoding="utf-8")
        table[v] = f1s
        print(f"{v:10s} vote {vote(f1s):.2f} (wikinews {np.mean(f1s[:2]):.1f}, "
              + ", ".join(f"{s} {f:.1f}" for s, f in zip(STREAMS[2:], f1s[2:])) + ")", flush=True)
    print("\nsummary", part)
    for v, f1s in table.items():
        print(f"{v:10s} vote {vote(f1s):.2f}  " + " ".join(f"{f:.1f}" for f in f1s))


if __name__ == "__main__":
    main()
