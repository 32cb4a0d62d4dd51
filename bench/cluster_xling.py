"""The small-story check's cross-lingual e5 term (ninth pass): its fit and its cost. Run through bench/cluster.py:

    nice .venv/bin/python bench/cluster.py fit-xling [--xling-variant nb|lr|replace] [--model M] [--out M2]
    OPENBLAS_NUM_THREADS=1 nice .venv/bin/python bench/cluster.py xling-cost --splits dev
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import cluster as B
import cluster_fit as F
import numpy as np

from lagebild.corpus import cluster_model
from lagebild.corpus.cluster import StoryClusterer
from lagebild.corpus.features import lead_text
from lagebild.eval.clustering import score


def xling_rows(model: cluster_model.JoinModel, tune: dict, backend: str) -> dict[str, list[tuple[float, float, float]]]:
    """Rows of the cross-lingual e5 term: per data set, (small-check log-odds before the prior shift, best e5
    cosine to the members, gold) of each cross-lingual small-story decision — teacher forcing on the tune
    streams (the article's best-ranked candidate has <= small_max_size articles, none in its language), plus
    the leak-free cross-lingual tune pairs (text2 against a one-article story of text1)."""
    from lagebild.corpus import cluster_chars as cc
    from lagebild.embed import encode
    from lagebild.eval.pairs import gold_label, split_title

    cross_i = cluster_model.FEATURES.index("cross")
    out: dict[str, list[tuple[float, float, float]]] = {}

    def zs(z: float, ch: float, cross: float) -> float:
        return cluster_model.logit(float(model.small_proba(np.array([z]), np.array([ch]), np.array([cross]))[0]))

    for name, R in F.small_decisions(model, tune).items():
        items = tune[name][1]
        e5 = dict(zip([it.id for it in items], encode([lead_text(it.title, it.text) for it in items], backend="e5")))
        out[name] = [(zs(z, ch, 1.0), max(float(e5[m] @ e5[it.id]) for m in members), g)
                     for it, members, x, ch, z, g in R if x[cross_i] > 0.5]
    prow, PX = F.leak_free_pairs(backend, also=("e5",))
    docs = [split_title(r[f"text{k}"]) for r in prow for k in "12"]
    sg = [cc.signature(a, b) for a, b in docs]
    cdf = cc.CharDF()
    for sig in sg:
        cdf.add(sig)
    E = encode([lead_text(a, b) for a, b in docs], backend="e5")
    z = model.logits(PX)
    for i, r in enumerate(prow):
        if PX[i, cross_i] > 0.5:
            out.setdefault(f"pairs {r['lang1']}-{r['lang2']}", []).append(
                (zs(float(z[i]), cc.cosine(sg[2 * i], sg[2 * i + 1], cdf), 1.0), float(E[2 * i] @ E[2 * i + 1]),
                 float(gold_label(r["Overall"]))))
    return out


def fit_xling(args) -> None:
    """The cross-lingual e5 term of the small-story check (`JoinModel.xling_coef` = (a, b, c): log-odds
    a * z + b * e5 + c for cross-lingual small-story decisions), added to an existing join model. Variants:
    ``nb``: naive-Bayes update, a = 1 and b, c from an e5-cosine calibration (LR over e5 cosine and the
    cross flag) on the leak-free non-augmented tune pairs of all languages, minus their prior log-odds;
    ``lr``: (a, b, c) by a standardised LR over the cross-lingual rows of `xling_rows` (C = --C);
    ``replace``: a = 0, b, c = the calibration of ``nb`` (e5 alone decides). Writes --out (or the backend's file)."""
    from sklearn.linear_model import LogisticRegression

    from lagebild.eval.pairs import gold_label

    cluster_model.load.cache_clear()
    path = Path(args.out) if args.out else cluster_model.model_path(args.backend)
    base = cluster_model.load(args.model) if args.model else (cluster_model.load(str(path)) if path.is_file() else cluster_model.load(backend=args.backend))
    base = replace(base, xling_coef=None)
    tune = B.tune_sets(args)
    data = xling_rows(base, tune, args.backend)
    for n, R in sorted(data.items()):
        pos = [e for _, e, g in R if g]
        neg = [e for _, e, g in R if not g]
        print(f"{n}: {len(R)} cross-lingual small-story rows, {len(pos)} joins; e5 joins {np.round(sorted(pos), 3).tolist()}; "
              f"e5 non-joins max {max(neg) if neg else float('nan'):.3f} median {np.median(neg) if neg else float('nan'):.3f}")
    meta: dict = {"xling_fitted_by": f"bench/cluster.py fit-xling --xling-variant {args.xling_variant}",
                  "xling_rows": {n: [len(R), int(sum(g for *_, g in R))] for n, R in sorted(data.items())}}
    if args.xling_variant in ("nb", "replace"):
        prow, PX = F.leak_free_pairs(args.backend, also=("e5",))
        from lagebild.embed import encode
        from lagebild.eval.pairs import split_title

        docs = [split_title(r[f"text{k}"]) for r in prow for k in "12"]
        E = encode([lead_text(a, b) for a, b in docs], backend="e5")
        cos = np.array([float(E[2 * i] @ E[2 * i + 1]) for i in range(len(prow))])
        cross = PX[:, cluster_model.FEATURES.index("cross")]
        y = np.array([float(gold_label(r["Overall"])) for r in prow])
        coef, b = F.fit_lr(np.column_stack([cos, cross]), y, args.C)
        prior = float(y.mean())
        slope, icpt = float(coef[0]), float(b + coef[1])  # the calibration at cross = 1
        a = 1.0 if args.xling_variant == "nb" else 0.0
        k = icpt - (cluster_model.logit(prior) if args.xling_variant == "nb" else 0.0)
        meta.update(xling_calibration={"rows": len(prow), "positives": int(y.sum()), "cross_rows": int(cross.sum()),
                                       "coef_cos": slope, "coef_cross": float(coef[1]), "intercept": float(b), "prior": prior, "C": args.C})
        xc = (a, slope, k)
    else:
        R = [x for n in sorted(data) for x in data[n]]
        X = np.array([[z, e] for z, e, _ in R])
        y = np.array([g for *_, g in R])
        mu, sd = X.mean(axis=0), X.std(axis=0)
        sd[sd == 0] = 1.0
        lr = LogisticRegression(C=args.C, max_iter=3000).fit((X - mu) / sd, y)
        coef = lr.coef_[0] / sd
        xc = (float(coef[0]), float(coef[1]), float(lr.intercept_[0] - float(np.dot(coef, mu))))
        meta.update(xling_C=args.C)
    model = replace(base, xling_coef=tuple(float(x) for x in xc), meta=dict(base.meta, **meta))
    a, b, k = model.xling_coef  # type: ignore[misc]
    thr = cluster_model.logit(model.small_threshold)
    for z0 in (-6.0, -4.0, -2.0, 0.0):  # the e5 cosine at which a decision of small-check log-odds z0 flips
        print(f"   z={z0:+.0f}: joins (no prior shift) at e5 >= {(thr - a * z0 - k) / b:.3f}" if b else "   b = 0")
    model.save(path)
    print(f"xling_coef = {model.xling_coef} -> {path}")


def cold_e5_run(model: cluster_model.JoinModel, rows: list[dict], items: list, *, xling: bool, mono: bool) -> tuple:
    """One run of a stream with the e5 cache emptied first (the e5 model loaded beforehand; USE vectors
    precomputed, as in `scale`): (CPU ms / article, wall ms / article, B3 F1, the clusterer)."""
    from lagebild import embed

    for k in [k for k in embed._cache if k[0] == "e5"]:
        del embed._cache[k]
    c = StoryClusterer(model=model, embed_backend=None, xling=xling)
    c.small.mono = mono
    c0, t0 = time.process_time(), time.perf_counter()
    for it in items:
        c.learn_one(it)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    s = score(rows, {it.id: c.story_of(it.id) or it.id for it in items})
    return 1000 * cpu / len(items), 1000 * wall / len(items), s["b3_f1"], c


def xling_cost(args) -> None:
    """CPU cost of the cross-lingual e5 term: each deen-SPLIT stream clustered with the term off and on, e5
    cache cold (the monolingual term off in both runs, to measure this one alone)."""
    from lagebild import embed

    B.WARM_E5 = False
    cluster_model.load.cache_clear()
    model = cluster_model.load(args.model, backend=args.backend)
    embed.encode(["warm-up"], backend="e5")
    for split in args.splits:
        rows, items = B.embedded(f"deen-{split}", args.backend)
        for on in (False, True):
            cpu, wall, f1, c = cold_e5_run(model, rows, items, xling=on, mono=False)
            print(f"deen-{split} e5 term {'on' if on else 'off'}: {cpu:.1f} ms CPU / article ({wall:.1f} wall), "
                  f"e5 texts encoded {c.small.e5_calls}, e5-term decisions {c.small.xling_decisions}, B3 F1 {f1:.1f}")