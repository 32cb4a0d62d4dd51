"""`lagebild eval dedup`: copy links (id -> original) on a labelled stream.

``--data``: JSONL, one article a line, in arrival order:
``{"id", "date" (ISO or null), "lang", "title", "text", "cluster", "original"}``
(``original`` = id of the article it copies, or null; optional ``"transform"``
for the per-transformation breakdown and optional ``"agency"``). The stream is
fed to `DedupIndex` one article at a time (no look-ahead); after the last
article each article's predicted original is read from the final state (so an
original that arrives late still wins by date).

Predictions: ``DIR/dedup.jsonl`` with ``{"id", "original"}`` for every article.
Metrics (0-100): ``precision``, ``recall``, ``f1`` over the non-null copy links;
a link is right when the predicted original is exactly the gold one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator

from ..errors import BadData

REQUIRED = ("id", "text", "original")


def read_stream(data: Path) -> list[dict[str, Any]]:
    from .streams import read_stream as _read

    recs = _read(data, REQUIRED)
    seen = {r["id"] for r in recs}
    for r in recs:
        o = r.get("original")
        if o is not None and str(o) not in seen:
            raise BadData(f"original {o!r} of {r['id']!r} is not in the stream", path=str(data))
    return recs


def predict(recs: list[dict[str, Any]], *, semantic: bool = True, progress: bool = False,
            kinds: dict[str, str] | None = None, backend: str | None = None) -> dict[str, str | None]:
    """Predicted original per id; fills `kinds` (id -> kind of the link that made it) if given."""
    from ..corpus.dedup import DedupConfig, DedupIndex, DedupInput
    from ..corpus.dedup_semantic import SemConfig
    from ..embed import DEFAULT_BACKEND

    backend = backend or DEFAULT_BACKEND  # LAGEBILD_EMBEDDINGS=e5 switches the model
    idx = DedupIndex(DedupConfig(semantic=semantic, sem=SemConfig.for_backend(backend)))
    for i, r in enumerate(recs):
        idx.learn_one(DedupInput(r["id"], r["text"], r.get("date"), r.get("lang"), r.get("agency"), r.get("title")))
        if progress and i % 200 == 0:
            print(f"  {i}/{len(recs)}", flush=True)
    out = {r["id"]: idx.original_of(r["id"]) for r in recs}
    if kinds is not None:
        for i, o in out.items():
            if o is not None:
                ks = [lk.kind for lk in idx.links_of(i) if lk.is_copy and lk.other == o]
                kinds[i] = ks[0] if ks else "via_group"
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def score(recs: list[dict[str, Any]], pred: dict[str, str | None], kinds: dict[str, str] | None = None) -> dict[str, Any]:
    gold = {r["id"]: (str(r["original"]) if r.get("original") is not None else None) for r in recs}
    tp = sum(1 for i, o in pred.items() if o is not None and gold.get(i) == o)
    n_pred = sum(1 for o in pred.values() if o is not None)
    n_gold = sum(1 for o in gold.values() if o is not None)
    out: dict[str, Any] = _prf(tp, n_pred, n_gold)
    per: dict[str, dict[str, Any]] = {}
    for t in sorted({str(r.get("transform", "unlabelled")) for r in recs}):
        ids = [r["id"] for r in recs if str(r.get("transform", "unlabelled")) == t]
        t_tp = sum(1 for i in ids if pred.get(i) is not None and pred[i] == gold[i])
        t_pred = sum(1 for i in ids if pred.get(i) is not None)
        t_gold = sum(1 for i in ids if gold[i] is not None)
        per[t] = {"articles": len(ids), "gold_links": t_gold, "predicted_links": t_pred, **_prf(t_tp, t_pred, t_gold)}
        if kinds is not None:
            kc: dict[str, int] = {}
            for i in ids:
                if i in kinds:
                    kc[kinds[i]] = kc.get(kinds[i], 0) + 1
            per[t]["link_kinds"] = kc
    out["details"] = {"transforms": per, "articles": len(recs), "gold_links": n_gold, "predicted_links": n_pred}
    return out


def _write(predictions: Path, recs: list[dict[str, Any]], pred: dict[str, str | None]) -> None:
    predictions = Path(predictions)
    predictions.mkdir(parents=True, exist_ok=True)
    with (predictions / "dedup.jsonl").open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps({"id": r["id"], "original": pred[r["id"]]}, ensure_ascii=False) + "\n")


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False,
             semantic: bool = True, backend: str | None = None) -> dict[str, Any]:
    recs = read_stream(data)
    t0 = time.perf_counter()
    kinds: dict[str, str] = {}
    pred = predict(recs, semantic=semantic, progress=progress, kinds=kinds, backend=backend)
    secs = time.perf_counter() - t0
    if predictions is not None:
        _write(predictions, recs, pred)
    out = score(recs, pred, kinds)
    out["details"]["seconds"] = round(secs, 2)
    out["details"]["articles_per_second"] = round(len(recs) / secs, 1) if secs else None
    return out


def iter_predictions(path: Path) -> Iterator[tuple[str, str | None]]:
    """Read ``DIR/dedup.jsonl`` back (for independent scoring)."""
    p = Path(path)
    p = p / "dedup.jsonl" if p.is_dir() else p
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            yield str(r["id"]), (None if r.get("original") is None else str(r["original"]))
