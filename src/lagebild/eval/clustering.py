"""`lagebild eval clustering`: B³ over a labelled stream, read in file order.

``--data``: JSONL, one article a line, ``{"id", "date" (ISO or null), "lang",
"title", "text", "cluster"}`` (optional ``"original"``, ``"entities"``), in arrival
order. Every article is given to `StoryClusterer.learn_one` in that order; the
gold ``cluster`` is never shown to it. Embeddings (a pure function of each
article's own title + lead) are computed in batches first, for speed only, with
the clustering default backend (``LAGEBILD_EMBEDDINGS`` when set, else the product default "use") and
the join model fitted on it.
Predictions: ``DIR/clusters.jsonl`` with ``{"id", "cluster"}`` for every article
(the story ID after the stream ended, i.e. with merges resolved).

Headline: ``b3_precision``, ``b3_recall``, ``b3_f1`` (Bagga & Baldwin, averaged
over all articles), ``clusters`` (number of predicted stories). Details: the
standard clustering F1 (each gold cluster matched to its best predicted
cluster, weighted by size; as in Miranda et al. 2018), the same per language,
cross-lingual pair precision/recall/F1, the all-singletons baseline, and ``ci95``:
95 % bootstrap intervals over resampled gold clusters (`eval.bootstrap`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REQUIRED = ("id", "title", "text", "cluster")


def read_stream(path: Path) -> list[dict[str, Any]]:
    """The stream's rows; a row without a ``lang`` (missing, null or empty) gets the language the product's
    language stage detects from its title and text (marked ``lang_detected``), as ingest would give it."""
    from .streams import read_stream as _read

    rows = _read(path, REQUIRED)
    for r in rows:
        if not r.get("lang"):
            from ..stages.language import UND, detect

            code, _ = detect(f"{r.get('title') or ''}\n{str(r.get('text') or '')[:4000]}")
            r["lang"], r["lang_detected"] = (None if code == UND else code), True
    return rows


def to_inputs(rows: Sequence[dict[str, Any]]):
    from ..corpus.cluster import ClusterInput

    out = []
    for r in rows:
        ents = r.get("entities")
        out.append(ClusterInput(id=r["id"], date=r.get("date") or None, lang=r.get("lang") or None,
                                title=str(r.get("title") or ""), text=str(r.get("text") or ""),
                                entities=tuple(str(e) for e in ents) if ents else None,
                                original=(str(r["original"]) if r.get("original") else None)))
    return out


def cluster_stream(rows: Sequence[dict[str, Any]], clusterer=None, embed_backend: str | None = "default",
                   progress: bool = False) -> dict[str, str]:
    """Run a stream through a (new) clusterer; article id -> final story id."""
    from ..corpus.cluster import StoryClusterer
    from ..corpus.cluster_model import resolve_backend

    c = clusterer or StoryClusterer(embed_backend=resolve_backend(embed_backend))
    items = to_inputs(rows)
    from .progress import bar

    with bar("clustering the stream", len(items), progress) as advance:
        for i in range(0, len(items), 256):
            chunk = items[i : i + 256]
            c.learn_many(chunk)
            advance(len(chunk))
    return {it.id: c.story_of(it.id) or it.id for it in items}
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("clustering the stream"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task("cluster", total=len(items))
        for i in range(0, len(items), 256):
            c.learn_many(items[i : i + 256])
            prog.advance(task, len(items[i : i + 256]))
    return {it.id: c.story_of(it.id) or it.id for it in items}


# -- metrics ------------------------------------------------------------------------
def b3(gold: dict[str, str], pred: dict[str, str], ids: Iterable[str] | None = None) -> tuple[float, float, float]:
    ids = list(ids) if ids is not None else list(gold)
    if not ids:
        return 0.0, 0.0, 0.0
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        g_members[gold[i]].add(i)
        p_members[pred[i]].add(i)
    p_sum = r_sum = 0.0
    for i in ids:
        g, p = g_members[gold[i]], p_members[pred[i]]
        inter = len(g & p)
        p_sum += inter / len(p)
        r_sum += inter / len(g)
    p, r = p_sum / len(ids), r_sum / len(ids)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def standard_f1(gold: dict[str, str], pred: dict[str, str], ids: Iterable[str] | None = None) -> float:
    """Size-weighted best-match F1 of each gold cluster (clustering F-measure)."""
    ids = list(ids) if ids is not None else list(gold)
    if not ids:
        return 0.0
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        g_members[gold[i]].add(i)
        p_members[pred[i]].add(i)
    total = 0.0
    for g in g_members.values():
        best = 0.0
        for pc in {pred[i] for i in g}:
            p = p_members[pc]
            inter = len(g & p)
            best = max(best, 2 * inter / (len(g) + len(p)))
        total += len(g) * best
    return 100 * total / len(ids)


def cross_pairs(gold: dict[str, str], pred: dict[str, str], lang: dict[str, str | None]) -> dict[str, float]:
    """Precision/recall/F1 over article pairs of different languages."""
    by_gold: dict[str, list[str]] = defaultdict(list)
    by_pred: dict[str, list[str]] = defaultdict(list)
    for i in gold:
        by_gold[gold[i]].append(i)
        by_pred[pred[i]].append(i)

    def pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
        out = set()
        for mem in groups.values():
            for a in range(len(mem)):
                for b in range(a + 1, len(mem)):
                    x, y = mem[a], mem[b]
                    if lang.get(x) != lang.get(y):
                        out.add((min(x, y), max(x, y)))
        return out

    g, p = pairs(by_gold), pairs(by_pred)
    tp = len(g & p)
    prec = tp / len(p) if p else 0.0
    rec = tp / len(g) if g else 0.0
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"pair_precision": 100 * prec, "pair_recall": 100 * rec, "pair_f1": 100 * f, "gold_pairs": len(g),
            "predicted_pairs": len(p)}


def score(rows: Sequence[dict[str, Any]], pred: dict[str, str]) -> dict[str, Any]:
    gold = {r["id"]: str(r["cluster"]) for r in rows}
    lang = {r["id"]: r.get("lang") for r in rows}
    p, r, f = b3(gold, pred)
    per_lang = {}
    for lg, n in sorted(Counter(str(v) for v in lang.values()).items()):
        ids = [i for i in gold if str(lang[i]) == lg]
        lp, lr, lf = b3(gold, pred, ids)
        per_lang[lg] = {"n": n, "b3_precision": lp, "b3_recall": lr, "b3_f1": lf, "standard_f1": standard_f1(gold, pred, ids)}
    single = {i: i for i in gold}
    return {"b3_precision": p, "b3_recall": r, "b3_f1": f, "clusters": len(set(pred.values())),
            "details": {"standard_f1": standard_f1(gold, pred), "gold_clusters": len(set(gold.values())),
                        "articles": len(gold), "per_language": per_lang, "crosslingual": cross_pairs(gold, pred, lang),
                        "singleton_baseline_b3_f1": b3(gold, single)[2],
                        "languages_detected": sum(1 for r in rows if r.get("lang_detected"))}}


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False,
             embed_backend: str | None = "default") -> dict[str, Any]:
    rows = read_stream(Path(data))
    pred = cluster_stream(rows, embed_backend=embed_backend, progress=progress)
    if predictions is not None:
        out = Path(predictions)
        out.mkdir(parents=True, exist_ok=True)
        with (out / "clusters.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({"id": r["id"], "cluster": pred[r["id"]]}, ensure_ascii=False) + "\n")
    res = score(rows, pred)
    from .bootstrap import clustering_ci

    res["details"]["ci95"] = clustering_ci({r["id"]: str(r["cluster"]) for r in rows}, pred)
    return res
