"""Run every benchmark script and `lagebild eval` on the shared data, printing each figure.

    python bench/run_all.py --data ../shared/data [--evals-only]

Each script records its own figures; docs/BENCHMARKS.md lists them with the
command that produced them. This runner is a convenience, not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def evals(data: Path) -> list[list[str]]:
    return [
        ["eval", "ner", "--data", str(data / "germeval2014" / "NER-de-dev.tsv")],
        ["eval", "sentences", "--data", str(data / "spkatt2023" / "train")],
        ["eval", "quotes", "--data", str(data / "spkatt2023" / "train")],
        ["eval", "timex", "--data", str(data / "wikiwarsde")],
        ["eval", "dating", "--data", str(data / "spkatt2023" / "train")],
        ["eval", "pairs", "--data", str(data / "semeval2022-pairs" / "training_set.csv")],
        ["eval", "summary", "--data", str(data / "wikinewssum-en" / "clusters.jsonl")],
    ]


SCRIPTS = ["ingest.py", "sentences.py", "ner.py", "quotes.py", "timex.py", "dedup.py", "cluster.py", "summary.py", "entities.py", "scale.py", "load.py"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--evals-only", action="store_true")
    a = ap.parse_args()
    lb = [sys.executable, "-m", "lagebild.cli"]
    failed = 0
    for args in evals(a.data):
        print("$ lagebild " + " ".join(args), flush=True)
        failed += subprocess.call(lb + args + ["--json"]) != 0
    if not a.evals_only:
        for s in SCRIPTS:
            if (HERE / s).exists():
                print(f"$ python bench/{s}", flush=True)
                failed += subprocess.call([sys.executable, str(HERE / s)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
