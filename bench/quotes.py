"""Benchmark of the quote stage: SpkAtt-2023 scores on the project's train/dev split
and throughput of the stage alone (documents already split into sentences/tokens).

    nice .venv/bin/python bench/quotes.py [--data ../shared/data/spkatt2023/train] [--json]
    nice .venv/bin/python bench/quotes.py --speed-only [--repeats 5]   # throughput only
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from lagebild.eval import spkatt
from lagebild.eval.quotes import evaluate_files, spk_document
from lagebild.stages.quotes import make_quotes_stage

ROOT = Path(__file__).resolve().parents[1]


def speed(files: list[Path], repeats: int = 3) -> dict[str, float]:
    docs = [spk_document(spkatt.read_file(f)) for f in files]
    run = make_quotes_stage()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for d in docs:
            run(d)
        best = min(best, time.perf_counter() - t0)
    return {"articles": len(docs), "seconds": best, "articles_per_s": len(docs) / best,
            "tokens_per_s": sum(len(d.tokens) for d in docs) / best}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "spkatt2023" / "train")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--speed-only", action="store_true", help="only the stage's throughput on the dev files")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    train, dev = spkatt.split_files(args.data)
    if args.speed_only:
        s = speed(dev, args.repeats)
        print(f"speed: {s['articles_per_s']:.0f} articles/s, {s['tokens_per_s']:.0f} tokens/s ({s['articles']} dev articles, best of {args.repeats}, 1 core)")
        return
    out = {"dev": evaluate_files(dev), "train": evaluate_files(train), "speed": speed(dev, args.repeats)}
    if args.json:
        print(json.dumps(out, indent=1))
        return
    for name in ("dev", "train"):
        r = out[name]
        d = r["details"]
        print(f"{name} ({d['files']} files): joint {r['joint_f1']:.1f}  message {r['message_f1']:.1f}  roles {r['roles_f1']:.1f}"
              f"  cue {r['cue_f1']:.1f}  simplified {r['simplified_joint_f1']:.1f}")
        for role in ("message", "cue", "source", "addr", "frame", "joint"):
            v = d[role]
            print(f"   {role:8s} P {v['precision']:5.1f}  R {v['recall']:5.1f}  F1 {v['f1']:5.1f}")
        print("   counts", d["counts"])
        for form, v in d["by_form"].items():
            print(f"   {form:22s} gold {v['gold']:4d} paired {v['gold_paired_pct']:5.1f}%   predicted {v['predicted']:4d} paired {v['predicted_paired_pct']:5.1f}%")
    s = out["speed"]
    print(f"speed: {s['articles_per_s']:.0f} articles/s, {s['tokens_per_s']:.0f} tokens/s ({s['articles']} dev articles, best of {args.repeats}, 1 core)")


if __name__ == "__main__":
    main()
