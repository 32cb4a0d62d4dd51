"""Dossier build time for a large story (issue target: 200 articles in under 2 s).

    nice .venv/bin/python bench/dossier.py [--articles 200]

The story is synthetic. `--source spkatt` (default): N distinct German Wikinews
articles (SpkAtt texts), annotated by the full pipeline and stored as one story —
the worst case, since no sentence repeats. `--source seeds`: the five seeds varied
to N articles (syndicated copy: most sentences repeat). 10 % of the articles are
marked as near-duplicates. Reported: *cold* (empty embedding cache, model loaded)
and *warm* (the same dossier again, e.g. a second page view).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from lagebild import Pipeline
from lagebild.model import Document, Span, make_doc_id
from lagebild.report.dossier import build_dossier
from lagebild.report.render import render
from lagebild.store import schema as S

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def variant(doc: Document, i: int, rng: random.Random) -> Document:
    """Same annotations, rotated sentence order is not offset-safe, so vary by appending a marker."""
    marker = f"\n\nAktualisiert, Fassung {i}."
    text = doc.text + marker
    sents = doc.sentences + (Span(len(doc.text) + 2, len(text)),)
    return doc.with_(doc_id=make_doc_id(text), text=text, raw=text, sentences=sents)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--seeds", type=Path, default=SEEDS)
    ap.add_argument("--source", choices=("spkatt", "seeds"), default="spkatt")
    a = ap.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as d:
        p = Pipeline(db=str(Path(d) / "b.db"))
        if a.source == "seeds":
            base = [p.process(f) for f in sorted(a.seeds.glob("*.txt"))]
            docs = [variant(base[i % len(base)], i, rng) for i in range(a.articles)]
        else:
            from lagebild import ingest
            from lagebild.eval import spkatt

            texts = [f"{x.title}\n\n{x.text}" for x in spkatt.load(a.seeds.parent / "data" / "spkatt2023" / "train")][: a.articles]
            base = docs = [p.annotate(ingest.process_text(t)) for t in texts]
        p.store.add_documents(docs)
        with p.store.transaction() as c:
            c.execute(insert(S.stories).values(story_id="S9", label="bench", size=len(docs)))
            c.execute(insert(S.story_articles), [dict(story_id="S9", doc_id=x.doc_id, score=1.0, seq=i) for i, x in enumerate(docs)])
            rows = [dict(doc_id=x.doc_id, other_id=docs[i % len(base)].doc_id, kind="near", score=0.9, original_id=docs[i % len(base)].doc_id, detail_json="{}") for i, x in enumerate(docs) if i >= len(base) and i % 10 == 0]
            if rows:
                c.execute(insert(S.duplicates), rows)
        from lagebild import embed

        embed.encode(["Modell laden."])  # model load is not part of a dossier build
        embed._cache.clear()
        t0 = time.perf_counter()
        dd = build_dossier(p.store, "S9")
        t1 = time.perf_counter()
        build_dossier(p.store, "S9")
        t2 = time.perf_counter()
        html = render(dd, "html")
        t3 = time.perf_counter()
        print(json.dumps({"source": a.source, "articles": a.articles, "cold_build_s": round(t1 - t0, 3), "warm_build_s": round(t2 - t1, 3), "render_html_s": round(t3 - t2, 3), "claims": len(dd["claims"]), "summary": len(dd["summary"]), "html_kb": len(html) // 1024}))


if __name__ == "__main__":
    main()
