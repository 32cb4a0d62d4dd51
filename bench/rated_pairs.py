"""What the SemEval-derived streams' gold can and cannot say: the clusterer's decisions over annotated pairs.

The German streams of bench/make_streams.py (de, deen, dehard, dehardx, dedated) take their multi-article
stories from SemEval-2022 pairs rated "same" (Overall <= 1.5) and assume that every two articles not linked by
such pairs are different stories. Annotators rated only selected pairs, so a join of two articles nobody rated
counts as a precision error in B3 even when both report the same event. This script runs the shipped clusterer
over a stream (as `bench/cluster.py streams` does: cached USE vectors, e5 vectors for the lazy terms) and sorts
every pair of articles it puts into one story:

- gold-same (the stream's gold joins them: rated same, directly or through a chain of rated-same pairs),
- rated different (Overall >= 3.0), rated ambiguous (1.5 < Overall < 3.0), never rated;

and every gold-same pair it keeps apart (rated same directly, or joined only through the chain). "Pairwise
precision over rated pairs" = gold-same joins / (gold-same + rated-different joins): a figure that does not
depend on the assumption about unrated pairs.

    OPENBLAS_NUM_THREADS=1 nice .venv/bin/python bench/rated_pairs.py --splits tune dev [--show dehard-dev]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import cluster as bench_cluster

NAMES = ("de", "deen", "dehard", "dehardx", "dedated")


def ratings(shared: Path) -> dict[frozenset[str], float]:
    """Overall rating per unordered pair of article IDs (non-augmented rows; IDs are digits only)."""
    csv.field_size_limit(1 << 30)
    out: dict[frozenset[str], float] = {}
    with (shared / "data/semeval2022-pairs/training_set.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            a, _, b = r["pair_id"].partition("_")
            if a.isdigit() and b.isdigit():
                out[frozenset((a, b))] = float(r["Overall"])
    return out


def kind(rating: float | None) -> str:
    if rating is None:
        return "unrated"
    return "rated different" if rating >= 3.0 else ("rated same" if rating <= 1.5 else "rated ambiguous")


def check(rows: list[dict], pred: dict[str, str], rated: dict[frozenset[str], float]) -> tuple[Counter, list]:
    gold = {r["id"]: r["cluster"] for r in rows}
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_pred[pred[r["id"]]].append(r["id"])
        by_gold[r["cluster"]].append(r["id"])
    n: Counter = Counter()
    wrong: list[tuple[str, str, str]] = []
    for ids in by_pred.values():
        for a, b in itertools.combinations(ids, 2):
            if gold[a] == gold[b]:
                n["joined: gold-same"] += 1
            else:
                k = kind(rated.get(frozenset((a, b))))
                n[f"joined: {k}"] += 1
                wrong.append((a, b, k))
    for ids in by_gold.values():
        for a, b in itertools.combinations(ids, 2):
            if pred[a] != pred[b]:
                n["apart: rated same" if frozenset((a, b)) in rated else "apart: same by chain"] += 1
    return n, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--splits", nargs="+", default=["tune", "dev"])
    ap.add_argument("--names", nargs="+", default=list(NAMES))
    ap.add_argument("--show", nargs="*", default=[], help="streams whose wrong joins are printed (first 230 characters)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    rated = ratings(args.shared)
    print("| stream | joined pairs: gold-same / rated different / rated ambiguous / never rated | pairwise precision over "
          "rated pairs | gold-same pairs kept apart: rated same / same by chain |")
    print("|---|---|---|---|")
    for split in args.splits:
        for name in args.names:
            stream = f"{name}-{split}"
            rows, items = bench_cluster.embedded(stream)
            pred, _, _ = bench_cluster.run(items)
            n, wrong = check(rows, pred, rated)
            tp, fp = n["joined: gold-same"], n["joined: rated different"]
            prec = f"{100 * tp / (tp + fp):.1f}" if tp + fp else "-"
            print(f"| {stream} | {tp} / {fp} / {n['joined: rated ambiguous']} / {n['joined: unrated']} | {prec} | "
                  f"{n['apart: rated same']} / {n['apart: same by chain']} |")
            if stream in args.show:
                text = {r["id"]: " ".join((r["title"] + " " + r["text"]).split())[:230] for r in rows}
                for a, b, k in wrong:
                    print(f"  -- {a} {b} ({k})\n     A: {text[a]}\n     B: {text[b]}")


if __name__ == "__main__":
    main()
