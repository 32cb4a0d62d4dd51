"""Ingest benchmark: articles/s and peak RSS for read + clean + metadata on one core.

Corpus: the German Wikinews texts of ../shared/data/spkatt2023 (train + unlabelled),
rebuilt with `lagebild.eval.spkatt`, written three ways so every reader path is
exercised: one .txt file per article (title line + paragraphs), one JSONL file
(one record a line), and one .html page per article. Each copy gets agency-style
noise (dateline, photo credit, teaser, trailing "Kommentare") so cleaning has work.

    nice .venv/bin/python bench/ingest.py [--data ../shared/data/spkatt2023] [--copies 3]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def paragraphs(sentences: list[str], k: int = 3) -> list[str]:
    return [" ".join(sentences[i : i + k]) for i in range(0, len(sentences), k)]


def build_corpus(data: Path, out: Path, copies: int) -> int:
    from lagebild.eval.spkatt import load

    docs = []
    for sub in ("train", "unlabelled"):
        if (data / sub).is_dir():
            docs.extend(load(data / sub))
    n = 0
    jsonl = (out / "articles.jsonl").open("w", encoding="utf-8")
    for i, d in enumerate(docs):
        sents = [d.text[o[0][0] : o[-1][1]] for o in d.tok_offsets if o]
        paras = paragraphs(sents)
        if not paras:
            continue
        title = d.title or f"Artikel {i}"
        noisy = [f"Berlin (dpa) - {paras[0]}", "Foto: dpa / Wikinews", *paras[1:], "➤ Mehr lesen: Weitere Meldungen", "Kommentare"]
        for c in range(copies):
            if c % 3 == 0:
                (out / f"{i:05d}_{c}.txt").write_text(f"{title}\n\n" + "\n\n".join(noisy), encoding="utf-8")
            elif c % 3 == 1:
                rec = {"id": f"{i}-{c}", "title": title, "text": "\n\n".join(noisy), "date": d.date, "source": "Wikinews"}
                jsonl.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                body = "".join(f"<p>{html.escape(p)}</p>" for p in noisy)
                page = (f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                        f'<meta property="article:published_time" content="{d.date}"></head>'
                        f"<body><nav>Startseite Politik</nav><article><h1>{html.escape(title)}</h1>{body}</article>"
                        "<footer>Impressum</footer></body></html>")
                (out / f"{i:05d}_{c}.html").write_text(page, encoding="utf-8")
            n += 1
    jsonl.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "spkatt2023")
    ap.add_argument("--copies", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    from lagebild.errors import LagebildError
    from lagebild.ingest import build_document, iter_records

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        n_written = build_corpus(args.data, out, args.copies)
        # warm-up (imports, rule compilation) on one article, not timed
        build_document(next(r for r in iter_records([next(out.glob("*.txt"))]) if not isinstance(r, LagebildError)))
        by_reader: dict[str, list[float]] = {}
        errors = removed = chars = 0
        t0 = time.perf_counter()
        c0 = time.process_time()
        last = c0
        for rec in iter_records([out]):
            if isinstance(rec, LagebildError):
                errors += 1
                continue
            doc = build_document(rec)
            removed += len(doc.removed)
            chars += len(doc.text)
            now = time.process_time()
            by_reader.setdefault(rec.reader, []).append(now - last)
            last = now
        total = time.perf_counter() - t0
        cpu = time.process_time() - c0
    n = sum(len(v) for v in by_reader.values())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "articles": n,
        "written": n_written,
        "errors": errors,
        "wall_seconds": round(total, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_s_wall": round(n / total, 1),
        "articles_per_cpu_s": round(n / cpu, 1),
        "per_reader_articles_per_cpu_s": {k: round(len(v) / sum(v), 1) for k, v in sorted(by_reader.items())},
        "removals_per_article": round(removed / max(n, 1), 2),
        "mean_chars": round(chars / max(n, 1)),
        "peak_rss_mb": round(rss_mb, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
