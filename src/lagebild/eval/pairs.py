"""`lagebild eval pairs`: the same-story decision on SemEval-2022 Task 8 pairs.

``--data``: a CSV in the SemEval pairs format (``training_set.csv``: pair_id,
lang1, lang2, text1, text2, ..., Overall from 1 = very similar to 4). Gold: same
= Overall <= 1.5, different = Overall >= 3.0, ambiguous pairs excluded;
augmented pairs (pair_id containing letters) are excluded from every figure.

Score of a pair = the pair model of the embedding backend
(`corpus.cluster_pairs`: ridge regression over full-text lemma TF-IDF cosine,
character 4-5-gram TF-IDF cosine and title + lead embedding cosine, IDFs from all
texts of the file, unsupervised), mapped to 0..1; when no pair model ships for the
backend, the clustering join model's probability that text2 joins a story made
of text1 alone. Embeddings: the clustering default backend (``LAGEBILD_EMBEDDINGS``
when set, else the product default "use"). Predictions: ``DIR/pairs.jsonl``
``{"pair_id", "score"}`` for every row (augmented and ambiguous too). Metrics:
``auc_de_de``, ``auc_de_en`` (ROC AUC x 100) and ``f1`` of "same" at the join
model's threshold over all scored non-augmented pairs; details per language pair.
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
    """"default": the clustering default (``LAGEBILD_EMBEDDINGS`` when set, else the product default "use"); None: no embeddings."""
    from ..corpus.cluster_model import resolve_backend as _resolve

    return _resolve(embed_backend)


def score_pairs(rows: list[dict[str, str]], embed_backend: str | None = "default") -> list[float]:
    from ..corpus import cluster_model, cluster_pairs

    embed_backend = resolve_backend(embed_backend)
    model = cluster_pairs.load(embed_backend)
    if model is not None:
        S, cross = pair_signals(rows, embed_backend)
        return [float(p) for p in model.score(S, cross)]
    X = pair_features(rows, embed_backend)
    return [float(p) for p in cluster_model.load(backend=embed_backend).proba(X)]


def threshold(embed_backend: str | None) -> float:
    """The decision threshold on `score_pairs` scores."""
    from ..corpus import cluster_model, cluster_pairs

    model = cluster_pairs.load(embed_backend)
    return model.threshold if model is not None else cluster_model.load(backend=embed_backend).threshold


def pair_signals(rows: list[dict[str, str]], embed_backend: str | None) -> tuple[np.ndarray, np.ndarray]:
    """`cluster_pairs.SIGNALS` per row and the cross-lingual flag (lang1 != lang2)."""
    from ..corpus.cluster_pairs import PairDoc
    from ..corpus.cluster_pairs import pair_signals as signals

    docs = []
    for r in rows:
        for k in ("1", "2"):
            title, body = split_title(r[f"text{k}"])
            docs.append(PairDoc(title, body, r[f"lang{k}"] or None))
    S = signals(docs, [(2 * i, 2 * i + 1) for i in range(len(rows))], embed_backend)
    cross = np.array([1.0 if (r["lang1"] or "") != (r["lang2"] or "") else 0.0 for r in rows])
    return S, cross


def pair_features(rows: list[dict[str, str]], embed_backend: str | None = "default") -> np.ndarray:
    """Join-model features of text2 against a one-article story made of text1."""
    from ..corpus import cluster_model
    from ..corpus.cluster_state import Aggregate
    from ..corpus.features import DocFreq, lead_text, vectorise
    docs = []
    for r in rows:
        for k in ("1", "2"):
            title, body = split_title(r[f"text{k}"])
            docs.append((title, body, r[f"lang{k}"] or None))
    df = DocFreq()
    vecs = [vectorise(t, b, lg, df) for t, b, lg in docs]  # first pass: document frequencies
    vecs = [vectorise(t, b, lg, df, update_df=False) for t, b, lg in docs]
    embed_backend = resolve_backend(embed_backend)
    if embed_backend:
        from ..embed import encode

        mat = encode([lead_text(t, b) for t, b, _ in docs], backend=embed_backend)
        for v, e in zip(vecs, mat):
            v.emb = e
    from ..corpus.cluster import StoryClusterer

    helper = StoryClusterer(model=cluster_model.FALLBACK, embed_backend=None)  # only for _features
    X = []
    for i in range(len(rows)):
        v1, v2 = vecs[2 * i], vecs[2 * i + 1]
        story = Aggregate("pair", 0, 0.0, 0.0)
        story.add(v1, 0.0, docs[2 * i][2], None, helper.keep_terms, helper.keep_ents)
        X.append(helper._features(v2, docs[2 * i + 1][2], story))
    return np.array(X, dtype=np.float64).reshape(len(rows), -1)


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
    scores = score_pairs(rows, embed_backend)
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
    per = {k: {"auc": roc_auc(y, s), "f1": f1_at(y, s, thr), "same": sum(y), "different": len(y) - sum(y)}
           for k, (y, s) in sorted(by_lang.items())}
    return {"auc_de_de": (per.get("de-de") or {}).get("auc"), "auc_de_en": (per.get("de-en") or {}).get("auc"),
            "f1": f1_at(ys, ss, thr),
            "details": {"threshold": thr, "embeddings": embed_backend, "per_language_pair": per, "auc_all": roc_auc(ys, ss),
                        "counts": {k: (v["same"], v["different"]) for k, v in per.items()}}}
