"""Prior-shift variants of the small-story check (issue 9; docs/bench/prior_study.md).

    nice .venv/bin/python bench/prior_study.py tune            # all variants on the seven tune streams
    nice .venv/bin/python bench/prior_study.py dev shipped X   # the dev streams, named variants only
    nice .venv/bin/python bench/prior_study.py mono tune [V..] # tenth pass: the monolingual e5 term's bands
    OPENBLAS_NUM_THREADS=1 nice .venv/bin/python bench/prior_study.py mono-cost dev  # its CPU, cold e5 cache
    nice .venv/bin/python bench/prior_study.py tune shipped nowindow  # eleventh pass: the 30-day window vs none

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
from rated_pairs import check as rated_check, ratings  # noqa: E402

STREAMS = ("wikinews-shuffled", "wikinews-dateish", "de", "deen", "dehard", "dehardx", "dedated")
# Pre-registered grid (docs/bench/prior_study.md), at most six variants.
VARIANTS: dict[str, dict] = {
    "shipped": {},
    "noshift": {"small_prior": None},
    "floor0.5": {"small_prior_floor": 0.5},
    "floor0.8": {"small_prior_floor": 0.8},
    "w100": {"small_prior_weight": 100.0},
    "decay0.98": {"small_prior_decay": 0.98},
    # eleventh pass (docs/bench/clustering.md): the shipped model's 30-day window of the prior shift, taken away
    "nowindow": {"small_prior_window_days": None},
}
# Tenth pass (docs/bench/clustering.md): the monolingual e5 term for uncertain small-story decisions, band
# [lo, hi] on the check's probability after the prior shift; pre-registered grid, at most six variants.
MONO_VARIANTS: dict[str, tuple[float, float] | None] = {
    "off": None,
    "b05-80": (0.05, 0.8),
    "b02-90": (0.02, 0.9),
    "b10-60": (0.1, 0.6),
    "b20-60": (0.2, 0.6),
    "all": (0.0, 1.0),
}
OUT = ROOT / "out" / "prior_study"


def mono_coef(model: cluster_model.JoinModel) -> tuple[float, float]:
    """(b, c) of the monolingual naive-Bayes e5 update: the cross-lingual term's e5 calibration (LR over
    [e5 cosine, cross] on the leak-free tune pairs, `fit-xling --xling-variant nb`) at cross = 0, minus its
    prior log-odds."""
    cal = model.meta["xling_calibration"]
    return float(cal["coef_cos"]), float(cal["intercept"]) - cluster_model.logit(float(cal["prior"]))


def mono_models(base: cluster_model.JoinModel, names: list[str]) -> dict[str, cluster_model.JoinModel]:
    out = {}
    for v in names:
        band = MONO_VARIANTS[v]
        out[v] = replace(base, mono_band=band, mono_coef=mono_coef(base) if band is not None else None)
    return out


def split_stories(rows: list[dict], pred: dict[str, str]) -> tuple[int, int]:
    """(gold stories of >= 2 articles that are not wholly in one predicted cluster, such stories)."""
    gold: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        gold[r["cluster"]].append(r["id"])
    multi = [ids for ids in gold.values() if len(ids) >= 2]
    return sum(len({pred[i] for i in ids}) > 1 for ids in multi), len(multi)


def mono_cost(part: str) -> None:
    """CPU of the shipped clusterer on de-PART with the monolingual e5 term off and on (shipped model; the e5
    cache emptied before each run, the e5 model loaded beforehand; USE vectors precomputed, as in `scale`)."""
    import cluster as B
    from cluster_xling import cold_e5_run

    from lagebild import embed

    B.WARM_E5 = False
    model = cluster_model.load()
    embed.encode(["warm-up"], backend="e5")
    rows, items = embedded(f"de-{part}")
    for on in (False, True):
        cpu, wall, f1, c = cold_e5_run(model, rows, items, xling=True, mono=on)
        print(f"de-{part} mono e5 term {'on' if on else 'off'}: {cpu:.1f} ms CPU / article ({wall:.1f} wall), "
              f"e5 texts {c.small.e5_calls} ({c.small.e5_calls / len(items):.3f}/article), mono-e5 decisions "
              f"{c.small.mono_decisions}, B3 F1 {f1:.1f}", flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "mono-cost":
        mono_cost(sys.argv[2] if len(sys.argv) > 2 else "dev")
        return
    mono = len(sys.argv) > 1 and sys.argv[1] == "mono"
    argv = sys.argv[2:] if mono else sys.argv[1:]
    part = argv[0] if argv else "tune"
    names = argv[1:] or list(MONO_VARIANTS if mono else VARIANTS)
    base = cluster_model.load()
    if mono:
        from lagebild.corpus import cluster_small

        cluster_small.MONO = True  # new clusterers: the term acts wherever the model has a band
        base = replace(base, mono_band=None, mono_coef=None)
        models = mono_models(base, names)
    else:
        models = {v: replace(base, **VARIANTS[v]) for v in names}
    data = {s: embedded(f"{s}-{part}") for s in STREAMS}
    rated = ratings(ROOT.parent / "shared")
    table: dict[str, list[float]] = {}
    for v in names:
        model = models[v]
        f1s = []
        for s in STREAMS:
            rows, items = data[s]
            pred, dt, c = run(items, model)
            sc = score(rows, pred)
            k, n = split_stories(rows, pred)
            f1s.append(sc["b3_f1"])
            cost = (f" mono-e5 decisions {c.small.mono_decisions}, e5 texts {c.small.e5_calls} "
                    f"({c.small.e5_calls / len(items):.3f}/article)" if mono else "")
            n_rated = rated_check(rows, pred, rated)[0] if not s.startswith("wikinews") else None
            view = (f" annotated pairs joined same/different {n_rated['joined: gold-same']}/"
                    f"{n_rated['joined: rated different']}, unrated {n_rated['joined: unrated']}, rated-same apart "
                    f"{n_rated['apart: rated same']}" if n_rated is not None else "")
            print(f"{v:10s} {s}-{part:4s}: B3 P/R/F1 {sc['b3_precision']:.1f}/{sc['b3_recall']:.1f}/{sc['b3_f1']:.1f} "
                  f"clusters {sc['clusters']} split {k}/{n}{cost}{view} ({dt:.0f} s)", flush=True)
            out = OUT / (f"mono-{v}" if mono else v)
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
