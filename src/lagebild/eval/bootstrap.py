"""95 % percentile-bootstrap confidence intervals for `eval clustering` and `eval pairs` (issue 9).

Deterministic: a fixed seed and `numpy.random.Generator` (PCG64), so the same
input gives the same interval. The interval is the 2.5th and 97.5th percentile
(numpy's linear interpolation) of the metric over the resamples.

Clustering (`clustering_ci`). The unit of resampling is the **gold cluster**
(articles of one story are not independent). A resample draws as many gold
clusters as there are, with replacement; a cluster drawn k times contributes k
renamed copies of its articles. B³ and the standard F1 are averages of
per-article (per-gold-cluster) scores, and each copy keeps the score its
original had in the stream: it is judged against its predicted story as it was
(own copy's articles plus the original members from other gold stories, not
their copies). Equivalently, copy c of story i sits in predicted story
"(j, i, c)" together with unrenamed, unscored context articles. Hence

* copies of the same article (or story) are never joined with each other: a
  story drawn twice is two correct stories, not one wrong merge;
* a real merge of stories i and j costs i exactly what it cost in the stream,
  whether j was drawn 0, 1 or 3 times.

The resample's metric is then a ratio of sums over gold clusters
(``sum_i k_i mass_i / sum_i k_i |i|``), computed for all resamples with one
matrix product (`cluster_resample_scores`); with every k = 1 it is exactly
`clustering.b3` / `clustering.standard_f1`. Rejected alternatives, tried on a
synthetic stream of 573 articles / 160 stories (tests' ``_noisy``): keeping the
predicted labels (the k copies of a story become one predicted story over k
gold stories: a spurious precision loss); renaming predicted labels so that
copy c of each story meets copy c of the others (a story meets a merge partner
in ~0.63 copies in the first layer: precision and standard F1 biased up, the
standard-F1 point estimate fell below the whole interval on a 40-story test);
joining each copy with every copy of its merge partners (partner counts vary
as Poisson(1), and ``n/(n+X)`` is convex: the mean resampled B³ precision was
87.9 for a point estimate of 83.7). The chosen scheme treats the merge
penalties of two merged stories as independent, which can understate the
variance somewhat when merges are common.

Pairs (`pairs_ci`). Stratified bootstrap over pairs: within each language pair
the "same" and the "different" pairs are resampled separately, keeping their
counts, and the metrics are `pairs.roc_auc` per language pair and `pairs.f1_at`
over all pairs at the fixed threshold. Because the class counts are kept, a
resample has a single class only when the language pair had one to begin with;
then its AUC is undefined and its interval is None (no crash).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

RESAMPLES = 1000
SEED = 20261126
LEVEL = 0.95


def percentile_ci(values: Sequence[float | None] | np.ndarray, level: float = LEVEL) -> list[float] | None:
    """[lo, hi] percentile interval; None when any resample left the metric undefined."""
    if len(values) == 0 or any(v is None for v in values):
        return None
    a = np.asarray(values, dtype=float)
    tail = 100.0 * (1.0 - level) / 2.0
    lo, hi = np.percentile(a, [tail, 100.0 - tail])
    return [float(lo), float(hi)]


# -- clustering ---------------------------------------------------------------------
class ClusterMasses:
    """Per gold cluster: its size and its B³ precision, B³ recall and standard-F1 masses (sums over its articles).

    Built from the non-zero cells (gold i, predicted j, n_ij) of the gold x predicted table: an article in
    cell (i, j) has B³ precision n_ij / |j| and recall n_ij / |i|; gold cluster i's standard F1 is
    max_j 2 n_ij / (|i| + |j|), weighted by |i|.
    """

    def __init__(self, gold: Mapping[str, str], pred: Mapping[str, str]) -> None:
        ids = list(gold)
        g_names, g = np.unique(np.array([str(gold[i]) for i in ids]), return_inverse=True)
        _, p = np.unique(np.array([str(pred[i]) for i in ids]), return_inverse=True)
        cells, counts = np.unique(np.stack([g, p], axis=1), axis=0, return_counts=True)  # sorted by gold row
        row, col, n = cells[:, 0], cells[:, 1], counts.astype(float)
        self.gold_clusters = len(g_names)
        self.size = np.bincount(g, minlength=self.gold_clusters).astype(float)
        pred_size = np.bincount(p).astype(float)
        self.precision = np.bincount(row, weights=n**2 / pred_size[col], minlength=self.gold_clusters)
        self.recall = np.bincount(row, weights=n**2 / self.size[row], minlength=self.gold_clusters)
        row_starts = np.flatnonzero(np.r_[True, np.diff(row) != 0])  # every gold cluster has a cell
        self.standard_f1 = self.size * np.maximum.reduceat(2.0 * n / (self.size[row] + pred_size[col]), row_starts)


def cluster_resample_scores(table: ClusterMasses, counts: np.ndarray) -> dict[str, np.ndarray]:
    """B³ P/R/F1 and standard F1 (0-100) of each resample; ``counts``: (B, gold clusters) draw counts."""
    k = np.asarray(counts, dtype=float)
    articles = k @ table.size
    with np.errstate(invalid="ignore", divide="ignore"):
        p, r, sf1 = (np.where(articles > 0, 100.0 * (k @ m) / articles, 0.0)
                     for m in (table.precision, table.recall, table.standard_f1))
        f = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)
    return {"b3_precision": p, "b3_recall": r, "b3_f1": f, "standard_f1": sf1}


def cluster_draws(gold_clusters: int, resamples: int = RESAMPLES, seed: int = SEED) -> np.ndarray:
    """(resamples, gold_clusters) counts: how often each gold cluster is drawn (multinomial, equal weights)."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(gold_clusters, np.full(gold_clusters, 1.0 / gold_clusters), size=resamples)


def clustering_ci(gold: Mapping[str, str], pred: Mapping[str, str], *, resamples: int = RESAMPLES,
                  seed: int = SEED) -> dict[str, Any]:
    """``details["ci95"]`` of `eval clustering`: B³ P/R/F1 and standard F1, gold clusters resampled."""
    if not gold:
        return {"resamples": 0, "unit": "gold cluster"}
    table = ClusterMasses(gold, pred)
    scores = cluster_resample_scores(table, cluster_draws(table.gold_clusters, resamples, seed))
    out: dict[str, Any] = {k: percentile_ci(v) for k, v in scores.items()}
    return out | {"resamples": resamples, "unit": "gold cluster", "seed": seed}


# -- pairs --------------------------------------------------------------------------
def pairs_ci(by_lang: Mapping[str, tuple[Sequence[int], Sequence[float]]], thr: float, *,
             auc_for: Sequence[str] = ("de-de", "de-en"), resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    """``details["ci95"]`` of `eval pairs`: ``auc_<l1>_<l2>`` for the language pairs ``auc_for`` (the headline
    ones; each AUC costs ~1 ms of sklearn per resample) and ``f1`` over all pairs.

    ``by_lang``: language pair ("de-en") -> (gold labels 0/1, scores). Strata (language pair, label)
    are resampled separately with their sizes kept; an AUC undefined in the data (one class) gets None.
    """
    from .pairs import f1_at, roc_auc

    rng = np.random.default_rng(seed)
    keys = sorted(by_lang)
    strata: dict[str, list[tuple[int, np.ndarray, np.ndarray]]] = defaultdict(list)
    for k in keys:
        labels = np.asarray(by_lang[k][0], dtype=int)
        scores = np.asarray(by_lang[k][1], dtype=float)
        for label in (1, 0):
            sc = scores[labels == label]
            if len(sc):
                strata[k].append((label, sc, rng.integers(0, len(sc), size=(resamples, len(sc)))))
    with_auc = [k for k in keys if k in auc_for]
    values: dict[str, list[float | None]] = {f"auc_{k.replace('-', '_')}": [] for k in with_auc} | {"f1": []}
    for b in range(resamples):
        all_y: list[int] = []
        all_s: list[float] = []
        for k in keys:
            y: list[int] = []
            s: list[float] = []
            for label, sc, idx in strata[k]:
                y += [label] * idx.shape[1]
                s += sc[idx[b]].tolist()
            if k in with_auc:
                values[f"auc_{k.replace('-', '_')}"].append(roc_auc(y, s))
            all_y += y
            all_s += s
        values["f1"].append(f1_at(all_y, all_s, thr))
    out: dict[str, Any] = {k: percentile_ci(v) for k, v in values.items()}
    return out | {"resamples": resamples, "unit": "pair, stratified by language pair and gold label", "seed": seed}
