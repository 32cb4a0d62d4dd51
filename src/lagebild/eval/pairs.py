"""`lagebild eval pairs`: the same-story decision on SemEval-2022 Task 8 pairs.

``--data``: a CSV in the SemEval pairs format (``training_set.csv``: pair_id,
lang1, lang2, text1, text2, ..., Overall from 1 = very similar to 4). Gold: same
= Overall <= 1.5, different = Overall >= 3.0, ambiguous pairs excluded;
augmented pairs (pair_id containing letters) are excluded from every figure.

Score of a pair = the product's same-story decision (`corpus.pair_decision`, the
same as ``lagebild same-story``): the pair model of the embedding backend
(`corpus.cluster_pairs`) when one ships, else the clustering join model's
probability that text2 joins a story made of text1 alone; document frequencies
from all texts of the file. Embeddings: the pair-decision default
(`Settings.pair_embeddings`, ``LAGEBILD_PAIR_EMBEDDINGS``; "e5" unless set). Predictions: ``DIR/pairs.jsonl``
``{"pair_id", "score"}`` for every row (augmented and ambiguous too). Metrics:
``auc_de_de``, ``auc_de_en`` (ROC AUC x 100) and ``f1`` of "same" at the join
model's threshold over all scored non-augmented pairs; details per language pair and ``ci95``
(95 % stratified bootstrap intervals, `eval.bootstrap`).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import BadData

NEEDED = ("pair_id", "lang1", "lang2", "text1", "text2", "Overall")


def read_pairs(path: Path) -> list[dict[str, str]]:
    path = Path(path)
    if path.is_dir():
        cands = sorted(path.glob("*.csv"))
        if not cands:
            raise BadData("no .csv file in folder", path=str(path))
        path = cands[0]
    csv.field_size_limit(1 << 30)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in NEEDED if c not in (reader.fieldnames or [])]
            if missing:
                raise BadData(f"not a SemEval pairs CSV (missing columns: {', '.join(missing)})", path=str(path))
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise BadData(f"cannot read pairs CSV ({type(e).__name__})", path=str(path)) from None
    if not rows:
        raise BadData("no pairs in file", path=str(path))
    return rows


def gold_label(overall: str) -> int | None:
    try:
        o = float(overall)
    except (TypeError, ValueError):
        return None
    if o <= 1.5:
        return 1
    if o >= 3.0:
        return 0
    return None


def is_augmented(pair_id: str) -> bool:
    return any(c.isalpha() for c in pair_id)


def split_title(text: str) -> tuple[str, str]:
    head, sep, rest = (text or "").partition("  ")
    if sep and 0 < len(head) <= 300:
        return head.strip(), rest.strip()
    return "", (text or "").strip()


def resolve_backend(embed_backend: str | None) -> str | None:
    """"default": the pair-decision default (`Settings.pair_embeddings`, ``LAGEBILD_PAIR_EMBEDDINGS``; "e5"); None: no embeddings."""
    from ..corpus.pair_decision import resolve_backend as _resolve

    return _resolve(embed_backend)


def pair_docs(rows: list[dict[str, str]]):
    """Two `PairDoc`s per row (text1, text2), in row order."""
    from ..corpus.cluster_pairs import PairDoc

    docs = []
    for r in rows:
        for k in ("1", "2"):
            title, body = split_title(r[f"text{k}"])
            docs.append(PairDoc(title, body, r[f"lang{k}"] or None))
    return docs


def score_pairs(rows: list[dict[str, str]], embed_backend: str | None = "default") -> list[float]:
    """The product's same-story score (`corpus.pair_decision`) of every row, all rows scored together."""
    from ..corpus import pair_decision

    pairs = [(2 * i, 2 * i + 1) for i in range(len(rows))]
    return [float(p) for p in pair_decision.scores(pair_docs(rows), pairs, embed_backend)]


def threshold(embed_backend: str | None) -> float:
    """The decision threshold on `score_pairs` scores."""
    from ..corpus import pair_decision

    return pair_decision.threshold(embed_backend)


def pair_signals(rows: list[dict[str, str]], embed_backend: str | None) -> tuple[np.ndarray, np.ndarray]:
    """`cluster_pairs.SIGNALS` per row and the cross-lingual flag (lang1 != lang2)."""
    from ..corpus.cluster_pairs import pair_signals as signals

    S = signals(pair_docs(rows), [(2 * i, 2 * i + 1) for i in range(len(rows))], embed_backend)
    cross = np.array([1.0 if (r["lang1"] or "") != (r["lang2"] or "") else 0.0 for r in rows])
    return S, cross


def pair_features(rows: list[dict[str, str]], embed_backend: str | None = "default") -> np.ndarray:
    """Join-model features of text2 against a one-article story made of text1."""
    from ..corpus.pair_decision import join_features

    return join_features(pair_docs(rows), [(2 * i, 2 * i + 1) for i in range(len(rows))], resolve_backend(embed_backend))


def _scored(rows: list[dict[str, str]], embed_backend: str | None, progress: bool) -> list[float]:
    """`score_pairs`, with a progress bar over the texts encoded (the slow part: ~0.1-0.2 CPU-s each with e5)."""
    if not progress or not embed_backend:
        return score_pairs(rows, embed_backend)
    from ..embed import reporting
    from .progress import bar

    with bar(f"encoding texts ({embed_backend})", 2 * len(rows)) as advance, reporting(advance):
        return score_pairs(rows, embed_backend)


def roc_auc(y: list[int], s: list[float]) -> float | None:
    if len(set(y)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return 100.0 * float(roc_auc_score(y, s))


def f1_at(y: list[int], s: list[float], thr: float) -> float:
    tp = sum(1 for a, b in zip(y, s) if a == 1 and b >= thr)
    fp = sum(1 for a, b in zip(y, s) if a == 0 and b >= thr)
    fn = sum(1 for a, b in zip(y, s) if a == 1 and b < thr)
    return 100.0 * 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False,
             embed_backend: str | None = "default") -> dict[str, Any]:
    embed_backend = resolve_backend(embed_backend)
    rows = read_pairs(Path(data))
    scores = _scored(rows, embed_backend, progress)
    if predictions is not None:
        out = Path(predictions)
        out.mkdir(parents=True, exist_ok=True)
        with (out / "pairs.jsonl").open("w", encoding="utf-8") as f:
            for r, s in zip(rows, scores):
                f.write(json.dumps({"pair_id": r["pair_id"], "score": round(s, 6)}) + "\n")
    thr = threshold(embed_backend)
    by_lang: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    ys: list[int] = []
    ss: list[float] = []
    for r, s in zip(rows, scores):
        g = gold_label(r["Overall"])
        if g is None or is_augmented(r["pair_id"]):
            continue
        key = f"{r['lang1']}-{r['lang2']}"
        by_lang[key][0].append(g)
        by_lang[key][1].append(s)
        ys.append(g)
        ss.append(s)
    if not ys:
        raise BadData("no non-augmented pair rated same (Overall <= 1.5) or different (>= 3.0)", path=str(data))
    from .bootstrap import pairs_ci

    per = {k: {"auc": roc_auc(y, s), "f1": f1_at(y, s, thr), "same": sum(y), "different": len(y) - sum(y)}
           for k, (y, s) in sorted(by_lang.items())}
    return {"auc_de_de": (per.get("de-de") or {}).get("auc"), "auc_de_en": (per.get("de-en") or {}).get("auc"),
            "f1": f1_at(ys, ss, thr),
            "details": {"threshold": thr, "embeddings": embed_backend, "per_language_pair": per, "auc_all": roc_auc(ys, ss),
                        "counts": {k: (v["same"], v["different"]) for k, v in per.items()},
                        "ci95": pairs_ci(by_lang, thr)}}
