"""Benchmark `lagebild eval summary` on ../shared/data/wikinewssum-en: ours vs the lead baseline.

    nice .venv/bin/python bench/summary.py [--data PATH] [--out docs/bench/summary.md]

Scores the whole shared file and the fixed dev split (every 5th cluster, index % 5 == 0;
nothing is tuned on it yet), prints both and writes docs/bench/summary.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from lagebild.eval.summary import evaluate

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "wikinewssum-en" / "clusters.jsonl"
DATE = "2026-11-26"


def _row(name: str, res: dict, secs: float) -> str:
    d = res["details"]
    return (
        f"| {name} | {d['scored']} | {res['rouge1']:.2f} | {res['rouge2']:.2f} | {res['rougeL']:.2f} "
        f"| {d['lead_rouge1']:.2f} | {d['lead_rouge2']:.2f} | {d['lead_rougeL']:.2f} "
        f"| {d['mean_summary_words']:.0f} / {d['mean_reference_words']:.0f} | {secs:.0f} s |"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "bench" / "summary.md")
    a = ap.parse_args()
    rows = []
    for name, kw in (("all (shared half)", {}), ("dev (every 5th)", {"every": 5, "offset": 0})):
        t = time.perf_counter()
        res = evaluate(a.data, None, **kw)
        secs = time.perf_counter() - t
        print(name, res)
        rows.append(_row(name, res, secs))
    text = f"""# Summary benchmark (`lagebild eval summary`)

Date: {DATE}. Data: `../shared/data/wikinewssum-en/clusters.jsonl` (51 Wikinews articles,
45 with source articles; the other half of the sample is held out). For each cluster the
*source articles* are summarised (claims from `corpus/claims.py`, MMR in `report/summary.py`)
to a word budget = the reference's word count clamped to [40, 250], only sources in the
reference's (detected) language; the Wikinews text is the reference. ROUGE F × 100,
`rouge_score` with Porter stemming. Lead = first body sentences of the first source(s)
under the same budget. Dev = every 5th cluster (index % 5 == 0); no parameter was tuned.

Command: `nice .venv/bin/python bench/summary.py`
(same figures as `lagebild eval summary --data ../shared/data/wikinewssum-en/clusters.jsonl --json`
for the first row). Machine: 2 shared cores, USE embeddings.

| split | clusters scored | R-1 | R-2 | R-L | lead R-1 | lead R-2 | lead R-L | words ours / ref | time |
|---|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
    a.out.write_text(text, encoding="utf-8")
    print("wrote", a.out)


if __name__ == "__main__":
    main()
