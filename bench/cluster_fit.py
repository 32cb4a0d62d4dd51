"""The join model's fit on the tune streams (run through bench/cluster.py: fit, fit-converge, fit-small,
fit-pairs). Moved out of bench/cluster.py, which keeps the data, the runs and the measurement commands.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from cluster import NAMES, STREAMS, run, tune_sets, vote, warm_pairs

from lagebild.corpus import cluster_model
from lagebild.corpus.cluster import StoryClusterer
from lagebild.eval.clustering import read_stream, score


def fit_lr(X: np.ndarray, y: np.ndarray, C: float, weight: np.ndarray | None = None,
           standardise: bool = True) -> tuple[np.ndarray, float]:
    """L2 logistic regression, optionally on standardised features (the signals' scales differ: e5
    cosines span ~0.1, TF-IDF ones ~0.5), folded back into raw-feature coefficients and intercept."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd == 0] = 1.0
    if not standardise:
        mu, sd = np.zeros_like(mu), np.ones_like(sd)
    lr = LogisticRegression(C=C, max_iter=2000).fit((X - mu) / sd, y, sample_weight=weight)
    coef = lr.coef_[0] / sd
    return coef, float(lr.intercept_[0] - float(np.dot(coef, mu)))


def fit(args) -> None:
    Xs, ys = [], []
    tune = tune_sets(args)
    if args.exclude_prefix:  # e.g. "spk": fit without the SpkAtt distractors (no model trained from that data set ships)
        tune = {n: tuple(map(list, zip(*[(r, it) for r, it in zip(rows, items) if not str(r["id"]).startswith(args.exclude_prefix)])))
                for n, (rows, items) in tune.items()}
    for name, (rows, items) in tune.items():
        c = StoryClusterer(model=cluster_model.FALLBACK, embed_backend=None)
        for r, it in zip(rows, items):
            X, y, _ = c.teach_one(it, str(r["cluster"]))
            if len(y):
                Xs.append(X)
                ys.append(y)
    X, y = np.vstack(Xs), np.concatenate(ys)
    print(f"ranker: fit on {len(y)} article-story candidate rows, {int(y.sum())} positive")
    rank_coef = tuple(float(x) for x in fit_lr(X, y, args.C, standardise=False)[0])
    # decision model (Miranda et al. 2018): judge only each article's best-ranked candidate
    bx, by = [], []
    for Xa, ya in zip(Xs, ys):
        i = int(np.argmax(Xa @ np.asarray(rank_coef)))
        bx.append(Xa[i])
        by.append(ya[i])
    # plus the tune pairs (non-augmented, same/different): text2 against a story of text1
    from lagebild.eval.pairs import gold_label, is_augmented, pair_features, read_pairs

    prow = [r for r in read_pairs(STREAMS / "pairs-tune.csv")
            if not is_augmented(r["pair_id"]) and gold_label(r["Overall"]) is not None]
    warm_pairs(prow, args.backend, "pairs-tune-fit")
    PX = pair_features(prow, args.backend)
    # two decision models: stories of >= 2 articles (raw features), and one-article
    # stories (stream rows + the pairs, which are exactly that case; standardised features)
    BX, BY = np.array(bx), np.array(by)
    single = BX[:, cluster_model.FEATURES.index("singleton")] > 0.5
    PY = np.array([float(gold_label(r["Overall"])) for r in prow])
    # larger stories: all best-candidate rows + the pairs (the few multi-article rows alone under-fit
    # cross-lingual joins: an English paraphrase no longer joined the German seed pact story)
    coef, intercept = fit_lr(np.vstack([BX, PX]), np.concatenate([BY, PY]), args.C, standardise=False)
    SX = np.vstack([BX[single], PX])
    SY = np.concatenate([BY[single], [float(gold_label(r["Overall"])) for r in prow]])
    weight = np.concatenate([np.ones(int(single.sum())), np.full(len(prow), args.pair_weight)])
    print(f"decision: {len(BY)} best-candidate rows + {len(prow)} pairs for larger stories; "
          f"{len(SY)} vs one-article stories incl. {len(prow)} tune pairs weighted {args.pair_weight} ({int(SY.sum())} positive)")
    s_coef, s_intercept = fit_lr(SX, SY, args.C, weight)
    # --single off (auto for use): one decision model for every story size (the shipped USE model's family)
    base = cluster_model.JoinModel(tuple(float(x) for x in coef), intercept, rank_coef=rank_coef,
                                   single_coef=None if args.no_single else tuple(float(x) for x in s_coef),
                                   single_intercept=0.0 if args.no_single else s_intercept)
    best = None
    for thr in np.arange(0.1, 0.85, 0.05):
        m = replace(base, threshold=float(round(thr, 2)))
        f1s = []
        for name, (rows, items) in tune.items():
            pred, _, _ = run(items, m)
            f1s.append(score(rows, pred)["b3_f1"])
        mean = vote(f1s)
        print(f"threshold {thr:.2f}: tune B3 F1 " + " ".join(f"{n}={f:.1f}" for n, f in zip(tune, f1s)) + f" mean={mean:.2f}")
        if best is None or mean > best[0] + 1e-9:
            best = (mean, m)
    assert best is not None
    model = replace(best[1], meta={"fitted_by": "bench/cluster.py fit", "on": [f"{n}-tune" for n in tune] + ["pairs-tune"], "excluded_id_prefix": args.exclude_prefix,
                                   "rows": len(y), "positives": int(y.sum()), "C": args.C,
                                   "single_model": not args.no_single, "single_model_standardised": True, "pair_weight": args.pair_weight,
                                   "embeddings": args.backend, "tune_mean_b3_f1": round(best[0], 2)})
    model.save(Path(args.out) if args.out else cluster_model.model_path(args.backend))
    print(json.dumps(model.to_json(), indent=1))


def fit_converge(args) -> None:
    """Grid the second-pass merge threshold on the tune streams (one vote per data set, ties -> the higher
    threshold, i.e. fewer merges; "off" competes too) and store it in the backend's join model."""
    cluster_model.load.cache_clear()
    path = Path(args.out) if args.out else cluster_model.model_path(args.backend)
    base = cluster_model.load(str(path)) if path.is_file() else cluster_model.load(backend=args.backend)
    tune = tune_sets(args)
    best = None
    for thr in (None, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9):
        m = replace(base, converge_threshold=thr)
        f1s = [score(rows, run(items, m)[0])["b3_f1"] for rows, items in tune.values()]
        mean = vote(f1s)
        print(f"converge {thr}: tune B3 F1 " + " ".join(f"{n}={f:.1f}" for n, f in zip(tune, f1s)) + f" mean={mean:.2f}")
        key = (round(mean, 6), thr if thr is not None else 2.0)
        if best is None or key > best[0]:
            best = (key, m)
    assert best is not None
    model = replace(best[1], meta=dict(base.meta, converge_fitted_by="bench/cluster.py fit-converge",
                                       converge_tune_mean_b3_f1=round(best[0][0], 2)))
    model.save(path)
    print(f"converge_threshold = {model.converge_threshold} -> {path}")


def small_decisions(model: cluster_model.JoinModel, tune: dict) -> dict[str, list[tuple]]:
    """Teacher-forced small-story decisions on the tune streams (stories are gold stories): per data set,
    (item, the best-ranked candidate's member IDs at decision time, its join features x, char 4-5-gram cosine
    to those members, join log-odds after the time decay, gold) for every article whose best-ranked candidate
    has <= model.small_max_size articles. Serves `small_rows` and the cross-lingual e5 term's rows
    (bench/cluster_xling.py)."""
    from lagebild.corpus import cluster_chars as cc

    out: dict[str, list[tuple]] = {}
    for name, (rows, items) in tune.items():
        c = StoryClusterer(model=cluster_model.FALLBACK, embed_backend=None)
        cdf, sigs, R = cc.CharDF(), {}, []
        for r, it in zip(rows, items):
            sig = cc.signature(it.title, it.text)
            cdf.add(sig)
            sigs[it.id] = sig
            gold = str(r["cluster"])
            t, v = c._prepare(it)
            cands, X, gaps = c._candidates(it, v, t)
            if cands:
                rk = model.rank(X, gaps)
                i = min(range(len(cands)), key=lambda k: (-rk[k], cands[k].seq))
                best = cands[i]
                if best.size <= model.small_max_size:
                    wa = cdf.weights(sig)
                    ch = max(cc.cosine(sig, sigs[m], cdf, wa) for m in best.members)
                    z = float(model.logits(X[i : i + 1])[0] - model.decay(gaps[i : i + 1])[0])
                    R.append((it, list(best.members), X[i], ch, z, float(best.gold == gold)))
            c.join_gold(it, v, t, gold)
        out[name] = R
    return out


def leak_free_pairs(backend: str, also: tuple[str, ...] = ()) -> tuple[list[dict], np.ndarray]:
    """The non-augmented, labelled tune pairs that share no article with a dev stream (the pair split, by pair
    id, and the stream split, by cluster, are independent: no dev stream decision is fitted), and their join
    features (text2 against a one-article story of text1). ``also``: further backends to warm the cache of."""
    from lagebild.eval.pairs import gold_label, is_augmented, pair_features, read_pairs

    prow = [r for r in read_pairs(STREAMS / "pairs-tune.csv") if not is_augmented(r["pair_id"]) and gold_label(r["Overall"]) is not None]
    for b in (backend, *also):
        warm_pairs(prow, b, "pairs-tune-fit")
    dev_ids = {str(r["id"]) for n in NAMES for r in read_stream(STREAMS / f"{n}-dev.jsonl")}
    keep = [i for i, r in enumerate(prow) if not set(r["pair_id"].split("_")) & dev_ids]
    print(f"tune pairs: {len(prow)} labelled, {len(prow) - len(keep)} left out (an article in a dev stream)")
    return [prow[i] for i in keep], pair_features(prow, backend)[keep]


def small_rows(model: cluster_model.JoinModel, tune: dict, backend: str) -> dict[str, list[tuple[list[float], float]]]:
    """Rows for the small-story check: per data set, (SMALL_FEATURES, gold) of each `small_decisions` entry,
    plus the leak-free tune pairs (character IDF from the pair file, as `lagebild eval pairs`)."""
    from lagebild.corpus import cluster_chars as cc
    from lagebild.eval.pairs import gold_label, split_title

    cross_i = cluster_model.FEATURES.index("cross")
    out = {name: [([z, ch, ch * x[cross_i], x[cross_i]], g) for _it, _members, x, ch, z, g in R]
           for name, R in small_decisions(model, tune).items()}
    prow, PX = leak_free_pairs(backend)
    docs = [split_title(r[f"text{k}"]) for r in prow for k in "12"]
    sg = [cc.signature(a, b) for a, b in docs]
    cdf = cc.CharDF()
    for sig in sg:
        cdf.add(sig)
    z = model.logits(PX)
    for i, r in enumerate(prow):
        ch, cr = cc.cosine(sg[2 * i], sg[2 * i + 1], cdf), PX[i, cross_i]
        out.setdefault(f"pairs {r['lang1']}-{r['lang2']}", []).append(([float(z[i]), ch, ch * cr, cr], float(gold_label(r["Overall"]))))
    return out


def fit_small(args) -> None:
    """The small-story check (`JoinModel.small_*`): an LR over SMALL_FEATURES on standardised scale, fitted on
    `small_rows` of the tune data; C and the pairs' weight by 5-fold CV on tune (mean ROC AUC with one vote per
    data set: Wikinews = mean of its two orders, de, deen, SemEval pairs = mean of de-de and de-en); threshold by
    the mean tune B3 F1 of free-running streams (one vote per data set; ties -> the higher threshold)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    cluster_model.load.cache_clear()
    path = Path(args.out) if args.out else cluster_model.model_path(args.backend)
    base = replace(cluster_model.load(str(path)) if path.is_file() else cluster_model.load(backend=args.backend), small_coef=None)
    tune = tune_sets(args)
    data = small_rows(base, tune, args.backend)
    names = sorted(data)
    X = np.array([x for n in names for x, _ in data[n]])
    y = np.array([g for n in names for _, g in data[n]])
    gid = np.array([n for n in names for _ in data[n]])
    for n in names:
        yy = np.array([g for _, g in data[n]])
        print(f"{n}: {len(yy)} rows, {int(yy.sum())} joins")

    def fitted(Xf: np.ndarray, yf: np.ndarray, w: np.ndarray, C: float) -> tuple[np.ndarray, float]:
        mu, sd = Xf.mean(axis=0), Xf.std(axis=0)
        sd[sd == 0] = 1.0
        lr = LogisticRegression(C=C, max_iter=3000).fit((Xf - mu) / sd, yf, sample_weight=w)
        coef = lr.coef_[0] / sd
        return coef, float(lr.intercept_[0] - float(np.dot(coef, mu)))

    def votes(p: np.ndarray) -> float:
        a = {n: 100 * roc_auc_score(y[gid == n], p[gid == n]) for n in (*tune, "pairs de-de", "pairs de-en")}
        return float(np.mean([(a["wikinews-shuffled"] + a["wikinews-dateish"]) / 2, *(a[n] for n in list(tune)[2:]),
                              (a["pairs de-de"] + a["pairs de-en"]) / 2]))

    print(f"shipped join model's logit alone, unfitted: tune AUC vote mean {votes(X[:, 0]):.2f}")
    # feature sets: the join model's logit alone (a recalibration) or with the character n-gram cosine;
    # ties within 0.1 AUC -> the simpler set, the stronger regularisation, the lighter pair weight
    best = None
    sets = ((0,), (0, 1), (0, 1, 2, 3))
    if args.small_features:  # an ablation: this feature set only
        sets = (tuple(cluster_model.SMALL_FEATURES.index(f) for f in args.small_features.split(",")),)
    for cols in sets:
        for C in (0.1, 1.0):
            for pw in (1.0, 3.0):
                w = np.where(np.char.startswith(gid.astype(str), "pairs"), pw, 1.0)
                p = np.zeros(len(y))
                for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
                    coef, b = fitted(X[tr][:, cols], y[tr], w[tr], C)
                    p[te] = X[te][:, cols] @ coef + b
                m = votes(p)
                print(f"features {[cluster_model.SMALL_FEATURES[c] for c in cols]} C {C:g} pair weight {pw:g}: "
                      f"5-fold CV tune AUC vote mean {m:.2f}")
                key = (round(m, 1), -len(cols), -C, -pw)
                if best is None or key > best[0]:
                    best = (key, cols, C, pw)
    assert best is not None
    _, cols, C, pw = best
    coef_c, b = fitted(X[:, cols], y, np.where(np.char.startswith(gid.astype(str), "pairs"), pw, 1.0), C)
    coef = np.zeros(X.shape[1])
    coef[list(cols)] = coef_c
    w = np.where(np.char.startswith(gid.astype(str), "pairs"), pw, 1.0)
    prior = float(np.sum(w * y) / np.sum(w))  # the LR's in-sample share of joins (its implied prior)
    small = replace(base, small_coef=tuple(float(x) for x in coef), small_intercept=b)
    # Selection (the brief's order of goals): the pair-derived streams (mean of de and deen tune B3 F1) among the
    # settings that keep Wikinews (mean of its two orders) within `--wikinews-guard` points of the join model
    # without the check; ties -> the higher threshold (fewer joins).
    chosen = None
    wn_before = None
    grid = [round(float(t), 2) for t in np.arange(0.1, 0.85, 0.05)]
    for adapt in (None, *args.prior_weights):
        for thr in ([None] if adapt is None else []) + grid:
            m = base if thr is None else replace(small, small_threshold=thr, small_prior=prior if adapt else None,
                                                 small_prior_weight=adapt or 20.0)
            f1s = [score(rows, run(items, m)[0])["b3_f1"] for rows, items in tune.values()]
            mean = vote(f1s)
            wn, pair_streams = (f1s[0] + f1s[1]) / 2, float(np.mean(f1s[2:]))  # de, deen (, xlmt)
            if thr is None:
                wn_before = wn
            ok = wn_before is not None and wn >= wn_before - args.wikinews_guard
            print(f"small threshold {thr} prior adaptation {adapt}: tune B3 F1 " + " ".join(f"{n}={f:.1f}" for n, f in zip(tune, f1s))
                  + f" mean={mean:.2f} de+deen={pair_streams:.2f}" + ("" if ok else " (Wikinews guard)"))
            key = (round(pair_streams, 6), thr if thr is not None else -1.0, -(adapt or 0.0))
            if thr is not None and ok and (chosen is None or key > chosen[0]):
                chosen = (key, m, mean)
    assert chosen is not None
    model = replace(chosen[1], meta=dict(base.meta, small_fitted_by="bench/cluster.py fit-small", small_C=C, small_pair_weight=pw, small_cv_features=[cluster_model.SMALL_FEATURES[c] for c in cols],
                                         small_rows={n: len(data[n]) for n in names}, small_tune_de_deen_b3_f1=round(chosen[0][0], 2),
                                         small_tune_mean_b3_f1=round(chosen[2], 2), small_wikinews_guard=args.wikinews_guard))
    model.save(path)
    print(f"small-story check -> {path}:", json.dumps({k: v for k, v in model.to_json().items() if k.startswith("small")}))


def fit_pairs(args) -> None:
    """The pair model (`corpus.cluster_pairs`): ridge on the Overall rating over the non-augmented tune
    pairs of all languages (ambiguous ones included: the rating is the target); alpha by 5-fold CV on
    tune (mean of the de-de and de-en ROC AUC); threshold = best F1 on tune. USE only: the e5 pair model
    has other signals (a learned diagonal metric) and is fitted by ``bench/pair_e5.py fit``."""
    if args.backend == "e5":
        sys.exit("fit-pairs fits the USE pair model only; the e5 pair model: nice .venv/bin/python bench/pair_e5.py fit "
                 "\"diag-mono lead ov a3 +aug\" --diag-langs de (docs/bench/pairs.md)")
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import KFold

    from lagebild.corpus import cluster_pairs
    from lagebild.eval.pairs import (
        f1_at,
        gold_label,
        is_augmented,
        pair_signals,
        read_pairs,
    )

    rows = [r for r in read_pairs(STREAMS / "pairs-tune.csv") if not is_augmented(r["pair_id"])]
    warm_pairs(rows, args.backend, "pairs-tune-nonaug")
    S, cross = pair_signals(rows, args.backend)
    ov = np.array([float(r["Overall"]) for r in rows])
    gold = np.array([gold_label(r["Overall"]) if gold_label(r["Overall"]) is not None else -1 for r in rows])
    lp = np.array([f"{r['lang1']}-{r['lang2']}" for r in rows])

    def aucs(score: np.ndarray) -> list[float]:
        return [100 * roc_auc_score(gold[(lp == lg) & (gold >= 0)], score[(lp == lg) & (gold >= 0)]) for lg in ("de-de", "de-en")]

    for j, name in enumerate(cluster_pairs.SIGNALS):
        print(f"signal {name}: tune AUC de-de/de-en " + " / ".join(f"{a:.1f}" for a in aucs(S[:, j])))
    best = None
    for alpha in (1.0, 10.0, 100.0):
        p = np.zeros(len(rows))
        for tr, te in KFold(5, shuffle=True, random_state=0).split(S):
            m = cluster_pairs.fit(S[tr], cross[tr], ov[tr], alpha)
            p[te] = m.score(S[te], cross[te])
        a = aucs(p)
        print(f"alpha {alpha:g}: 5-fold CV tune AUC de-de {a[0]:.1f} de-en {a[1]:.1f}")
        if best is None or np.mean(a) > best[0] + 1e-9:
            best = (float(np.mean(a)), alpha)
    assert best is not None
    model = cluster_pairs.fit(S, cross, ov, best[1])
    sc = model.score(S, cross)
    ok = gold >= 0
    thr = max((f1_at(list(gold[ok]), list(sc[ok]), float(t)), -abs(float(t) - 0.5), float(t)) for t in np.arange(0.2, 0.81, 0.01))[2]
    model = replace(model, threshold=round(thr, 2), meta={
        "fitted_by": "bench/cluster.py fit-pairs", "on": "pairs-tune (non-augmented, all languages)", "rows": len(rows),
        "alpha": best[1], "cv_tune_auc_mean": round(best[0], 2), "embeddings": args.backend})
    model.save(Path(args.out) if args.out else cluster_pairs.model_path(args.backend))
    print(json.dumps(model.to_json(), indent=1))
