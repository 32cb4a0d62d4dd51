"""Pair-signal study for the same-story pair decision (issue 9; fourth pass, 2026-11-26).

    nice .venv/bin/python bench/pair_signals.py [--backend use] [--lolo]
    nice .venv/bin/python bench/pair_signals.py --xling [--ent-keys 2] [--model join.json]  # sixth pass

Per pair of out/streams/pairs-{tune,dev}.csv (all rows; figures over the
non-augmented, unambiguous de-de / de-en ones): nine signals -- full-text lemma
TF-IDF cosine (file IDF, 30k chars), entity TF-IDF cosine, character 4-5-gram
TF-IDF cosine, embedding cosine of title + lead, of the mean of paragraph chunk
embeddings, best paragraph-chunk pair, entity-key Jaccard (`names.token_key`),
number Jaccard, log of the shorter length. Prints single-signal ROC AUC (tune
and dev), then every combiner of a fixed grid (signal subsets x training rows
{non-augmented all languages, de-de + de-en only, all incl. machine-translated}
x target {binary same/different LR, ridge on the Overall rating} x cross-lingual
interactions x C) ranked by 5-fold CV on the tune pairs (mean of de-de and de-en
AUC), with its dev AUC alongside. Selection is by the CV column only; the shipped
pair model (`bench/cluster.py fit-pairs`) is the top row's family.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.corpus.features import DocFreq, cosine, lead_text, tokens, vectorise
from lagebild.corpus.names import token_key
from lagebild.embed import encode
from lagebild.eval.pairs import gold_label, is_augmented, read_pairs, split_title

NAMES = ["tfidf_full", "ents_full", "char45", "lead", "parmean", "parmax", "entjac", "numjac", "loglen"]
NUM = re.compile(r"\d+(?:[.,]\d+)*")


def nums(t: str) -> set[str]:
    return {s for m in NUM.finditer(t) if len(s := m.group(0).replace(".", "").replace(",", "")) >= 2}


def chunks(t: str, n: int = 8) -> list[str]:
    ps = [p.strip() for p in re.split(r"\n", t) if len(p.strip()) > 40] or [t[:500] or "."]
    return [p[i : i + 600] for p in ps for i in range(0, len(p), 600)][:n]


def signals(split: str, backend: str) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = read_pairs(ROOT / "out" / "streams" / f"pairs-{split}.csv")
    docs = [(*split_title(r["text" + k]), r["lang" + k]) for r in rows for k in "12"]
    df = DocFreq()
    kw = {"max_chars": 30000, "max_tokens": 6000}
    for t, b, lg in docs:
        vectorise(t, b, lg, df, **kw)
    full = [vectorise(t, b, lg, df, update_df=False, **kw) for t, b, lg in docs]
    C = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True).fit_transform(
        [(t + "\n" + b)[:30000] for t, b, _ in docs])
    lead = encode([lead_text(t, b) for t, b, _ in docs], backend=backend)
    allp, idx = [], []
    for _, b, _ in docs:
        ps = chunks(b)
        idx.append((len(allp), len(allp) + len(ps)))
        allp += ps
    P = encode(allp, backend=backend)
    pm = np.array([P[a:c].mean(0) for a, c in idx])
    pm /= np.linalg.norm(pm, axis=1, keepdims=True)
    ek = [{token_key(s) for s, _, e in tokens(t + ". " + b[:30000], lg, 30000, 6000) if e} for t, b, lg in docs]
    nk = [nums(t + " " + b[:30000]) for t, b, _ in docs]

    def jac(x: set, y: set) -> float:
        return len(x & y) / max(1, len(x | y))

    F = []
    for i in range(len(rows)):
        a, b = 2 * i, 2 * i + 1
        F.append([cosine(full[a].terms, full[b].terms), cosine(full[a].ents, full[b].ents), float(C[a].multiply(C[b]).sum()),
                  float(lead[a] @ lead[b]), float(pm[a] @ pm[b]), float((P[idx[a][0]:idx[a][1]] @ P[idx[b][0]:idx[b][1]].T).max()),
                  jac(ek[a], ek[b]), jac(nk[a], nk[b]), math.log1p(min(len(docs[a][1]), len(docs[b][1])))])
    g = [gold_label(r["Overall"]) for r in rows]
    return {"F": np.array(F), "y": np.array([-1 if x is None else x for x in g]), "ov": np.array([float(r["Overall"]) for r in rows]),
            "lp": np.array([f"{r['lang1']}-{r['lang2']}" for r in rows]), "aug": np.array([is_augmented(r["pair_id"]) for r in rows])}


def aucs(d: dict, p: np.ndarray) -> list[float]:
    from sklearn.metrics import roc_auc_score

    ok = (~d["aug"]) & (d["y"] >= 0)
    return [100 * roc_auc_score(d["y"][ok & (d["lp"] == lg)], p[ok & (d["lp"] == lg)]) for lg in ("de-de", "de-en")]


def design(d: dict, cols: list[int], inter: bool) -> np.ndarray:
    X = d["F"][:, cols]
    c = np.array([a.split("-")[0] != a.split("-")[1] for a in d["lp"]], float)[:, None]
    return np.hstack([X, X * c, c]) if inter else X


def fitpred(Xt: np.ndarray, dt: dict, m: np.ndarray, Xd: np.ndarray, C: float, target: str) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression, Ridge

    mu, sd = Xt[m].mean(0), Xt[m].std(0)
    sd[sd == 0] = 1
    if target == "bin":
        m = m & (dt["y"] >= 0)
        return LogisticRegression(C=C, max_iter=5000).fit((Xt[m] - mu) / sd, dt["y"][m]).decision_function((Xd - mu) / sd)
    return Ridge(alpha=1 / C).fit((Xt[m] - mu) / sd, -dt["ov"][m]).predict((Xd - mu) / sd)


def lolo(backend: str) -> None:
    """Fifth pass: combiners of the three shipped pair signals (`eval.pairs.pair_signals`: lemma TF-IDF,
    char 4-5-gram, lead) ranked by the random 5-fold CV on tune (as `bench/cluster.py fit-pairs`) and by a
    leave-language-pair-out CV on tune (fit on the other language pairs, score de-de resp. de-en: a check
    that a combiner does not lean on a signal whose value differs between subsets); dev alongside."""
    import itertools

    from sklearn.linear_model import Ridge
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import KFold

    sys.path.insert(0, str(ROOT / "bench"))
    import cluster as B

    from lagebild.eval.pairs import pair_signals

    D = {}
    for split, cache in (("tune", "pairs-tune-nonaug"), ("dev", "pairs-dev")):
        allrows = read_pairs(ROOT / "out" / "streams" / f"pairs-{split}.csv")
        rows = [r for r in allrows if not is_augmented(r["pair_id"])]
        B.warm_pairs(rows if split == "tune" else allrows, backend, cache)
        S, cross = pair_signals(rows, backend)
        D[split] = {"S": S, "cross": cross, "ov": np.array([float(r["Overall"]) for r in rows]),
                    "g": np.array([g if (g := gold_label(r["Overall"])) is not None else -1 for r in rows]),
                    "lp": np.array([r["lang1"] + "-" + r["lang2"] for r in rows])}

    def au(d: dict, s: np.ndarray, lgs=("de-de", "de-en")) -> list[float]:
        return [100 * roc_auc_score(d["g"][(d["lp"] == lg) & (d["g"] >= 0)], s[(d["lp"] == lg) & (d["g"] >= 0)]) for lg in lgs]

    def ridge(cols: list[int], inter: bool, alpha: float):
        def z(d: dict, idx: np.ndarray) -> np.ndarray:
            X, c = d["S"][idx][:, cols], d["cross"][idx][:, None]
            return np.hstack([X, X * c, c]) if inter else np.hstack([X, c])

        def fit(d: dict, idx: np.ndarray):
            Z = z(d, idx)
            mu, sd = Z.mean(0), Z.std(0)
            sd[sd == 0] = 1
            m = Ridge(alpha=alpha).fit((Z - mu) / sd, d["ov"][idx])
            return lambda e, j: -m.predict((z(e, j) - mu) / sd)
        return fit

    def zmean(cols: list[int]):
        def fit(d: dict, idx: np.ndarray):
            X = d["S"][idx][:, cols]
            mu, sd = X.mean(0), X.std(0)
            return lambda e, j: ((e["S"][j][:, cols] - mu) / sd).mean(1)
        return fit

    cands = {}
    for k in (1, 2, 3):
        for cols in itertools.combinations(range(3), k):
            for inter in (False, True):
                for a in (1.0, 10.0, 100.0):
                    cands[f"ridge {cols} interactions={inter} alpha={a:g}"] = ridge(list(cols), inter, a)
            if k > 1:
                cands[f"mean of z-scores {cols}"] = zmean(list(cols))
    t, dv = D["tune"], D["dev"]
    idx = np.arange(len(t["ov"]))
    res = []
    for name, f in cands.items():
        p = np.zeros(len(idx))
        for tr, te in KFold(5, shuffle=True, random_state=0).split(idx):
            p[te] = f(t, tr)(t, te)
        lo = []
        for lg in ("de-de", "de-en"):
            tr, te = np.where(t["lp"] != lg)[0], np.where(t["lp"] == lg)[0]
            q, m = f(t, tr)(t, te), t["g"][te] >= 0
            lo.append(100 * roc_auc_score(t["g"][te][m], q[m]))
        res.append((au(t, p), lo, au(dv, f(t, idx)(dv, np.arange(len(dv["ov"])))), name))
    for title, key in (("random 5-fold CV", 0), ("leave-language-pair-out CV", 1)):
        print(f"--- by {title} on tune (de-de / de-en); dev alongside, not used")
        for r in sorted(res, key=lambda r: -float(np.mean(r[key])))[:8]:
            print(f"{r[3]:46s} CV {r[0][0]:.1f}/{r[0][1]:.1f}  LOLO {r[1][0]:.1f}/{r[1][1]:.1f}  dev {r[2][0]:.1f}/{r[2][1]:.1f}")


def xling(args) -> None:
    """Cross-lingual checks on the machine-translated SemEval rows (README: never a reported figure).
    (1) translation pairs: an original German or English article and its French machine translation
    (ids ``N`` and ``Nfr``): entity-key cosine of the pair and how often the translation's nearest
    original by entity cosine is its own; (2) the de-fr check stream: the articles of the augmented
    de-fr pairs in id order, one story per "same" pair (Overall <= 1.5), clustered free-running."""
    from sklearn.metrics import roc_auc_score

    from lagebild.corpus import cluster_model
    from lagebild.corpus.cluster import ClusterInput, embed_inputs
    from lagebild.eval.clustering import score

    sys.path.insert(0, str(ROOT / "bench"))
    from cluster import STREAMS, run  # the stream bench (bench/cluster.py)

    for split in ("tune", "dev"):  # (0) the entity cosine alone as a same-story signal on the real (non-augmented) pairs
        prs = [r for r in read_pairs(STREAMS / f"pairs-{split}.csv") if not is_augmented(r["pair_id"]) and gold_label(r["Overall"]) is not None]
        docs0 = [(r["lang" + k], *split_title(r["text" + k])) for r in prs for k in "12"]
        df0 = DocFreq()
        for lg, ti, tx in docs0:
            vectorise(ti, tx, lg, df0)
        ev = [vectorise(ti, tx, lg, df0, update_df=False).ents for lg, ti, tx in docs0]
        cs = np.array([cosine(ev[2 * i], ev[2 * i + 1]) for i in range(len(prs))])
        gy = np.array([gold_label(r["Overall"]) for r in prs])
        lp = np.array([f"{r['lang1']}-{r['lang2']}" for r in prs])
        print(f"entity cosine as a pair signal, pairs-{split}: ROC AUC " + ", ".join(
            f"{lg} {100 * roc_auc_score(gy[lp == lg], cs[lp == lg]):.1f}" for lg in ("de-de", "de-en", "en-en")
            if len(set(gy[lp == lg])) == 2) + f"; mean cosine of same de-en pairs {cs[(lp == 'de-en') & (gy == 1)].mean():.3f}")
    src = read_pairs(Path(args.semeval))
    orig: dict[str, tuple[str, str]] = {}
    mt: dict[str, tuple[str, str]] = {}
    for r in src:
        for aid, lg, t in zip(r["pair_id"].split("_"), (r["lang1"], r["lang2"]), (r["text1"], r["text2"])):
            m = re.fullmatch(r"(\d+)([a-z]*)", aid)
            if m and m.group(2) == "fr" and lg == "fr":
                mt[m.group(1)] = (lg, t)
            elif m and not m.group(2) and lg in ("de", "en"):
                orig[m.group(1)] = (lg, t)
    ids = sorted(k for k in mt if k in orig)
    docs = [(orig[k][0], *split_title(orig[k][1])) for k in ids] + [("fr", *split_title(mt[k][1])) for k in ids]
    df = DocFreq()
    for lg, ti, tx in docs:
        vectorise(ti, tx, lg, df)
    vecs = [vectorise(ti, tx, lg, df, update_df=False).ents for lg, ti, tx in docs]
    n = len(ids)
    sims = np.array([[cosine(vecs[n + i], vecs[j]) for j in range(n)] for i in range(n)])
    own = np.diag(sims)
    top1 = float(np.mean([int(np.argmax(sims[i])) == i for i in range(n)])) if n else 0.0
    other = sims[~np.eye(n, dtype=bool)] if n > 1 else np.zeros(1)
    print(f"translation pairs (original de/en vs French MT): n={n} "
          f"({sum(orig[k][0] == 'de' for k in ids)} de, {sum(orig[k][0] == 'en' for k in ids)} en); entity cosine own "
          f"{own.mean():.3f} vs others {other.mean():.3f}; top-1 by entity cosine {100 * top1:.1f} %")
    arts: dict[str, dict] = {}
    same: list[tuple[str, str]] = []
    for r in src:
        if (r["lang1"], r["lang2"]) != ("de", "fr") or not is_augmented(r["pair_id"]) or gold_label(r["Overall"]) is None:
            continue
        a, b = r["pair_id"].split("_")
        for aid, lg, t in ((a, "de", r["text1"]), (b, "fr", r["text2"])):
            ti, tx = split_title(t)
            arts.setdefault(aid, {"id": aid, "lang": lg, "title": ti, "text": tx, "date": None})
        if gold_label(r["Overall"]) == 1:
            same.append((a, b))
    par = {a: a for a in arts}
    for a, b in same:
        par[b] = par[a]
    rows = [dict(arts[a], cluster=par[a]) for a in sorted(arts, key=lambda x: (int(re.sub(r"\D", "", x)), x))]
    items = embed_inputs([ClusterInput(id=r["id"], lang=r["lang"], title=r["title"], text=r["text"]) for r in rows], args.backend)
    cluster_model.load.cache_clear()
    pred, _, _ = run(items, cluster_model.load(args.model, backend=args.backend))
    s = score(rows, pred)
    xl = s["details"]["crosslingual"]
    print(f"de-fr check stream: n={len(rows)} ({len(same)} same pairs) B3 P/R/F1 {s['b3_precision']:.1f}/{s['b3_recall']:.1f}/"
          f"{s['b3_f1']:.1f} clusters {s['clusters']} (gold {s['details']['gold_clusters']}) singletons-baseline "
          f"{s['details']['singleton_baseline_b3_f1']:.1f} cross-lingual pair F1 {xl['pair_f1']:.1f} ({xl['gold_pairs']} gold pairs)")


def main() -> None:
    from sklearn.model_selection import KFold

    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="use")
    ap.add_argument("--lolo", action="store_true", help="fifth pass: shipped signals, random vs leave-language-out CV")
    ap.add_argument("--xling", action="store_true", help="sixth pass: entity-key checks across languages (see xling)")
    ap.add_argument("--ent-keys", type=int, default=None, help="xling: entity-key scheme (1 = lemma, 2 = language-neutral)")
    ap.add_argument("--model", default=None, help="xling: a join model file instead of the shipped one")
    ap.add_argument("--semeval", default=str(ROOT.parent / "shared" / "data" / "semeval2022-pairs" / "training_set.csv"),
                    help="xling: the SemEval pair file (machine-translated rows)")
    args = ap.parse_args()
    if args.ent_keys is not None:
        from lagebild.corpus import features

        features.ENT_KEYS = args.ent_keys
    if args.xling:
        return xling(args)
    if args.lolo:
        return lolo(args.backend)
    D = {s: signals(s, args.backend) for s in ("tune", "dev")}
    for s, d in D.items():
        print(s, {n: "/".join(f"{a:.1f}" for a in aucs(d, d["F"][:, j])) for j, n in enumerate(NAMES)}, "(de-de/de-en)")
    dt, dd = D["tune"], D["dev"]
    res = []
    for cols in ([2], [0, 2], [0, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3, 7], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7],
                 list(range(9)), [0, 2, 7], [0, 1, 2, 7]):
        for train in ("nonaug", "dedeen", "all"):
            for target in ("bin", "reg"):
                for inter in (False, True):
                    for C in (0.1, 1.0):
                        X = design(dt, cols, inter)
                        base = {"nonaug": ~dt["aug"], "dedeen": (~dt["aug"]) & np.isin(dt["lp"], ["de-de", "de-en"]),
                                "all": np.ones(len(X), bool)}[train]
                        p = np.zeros(len(X))
                        for tr, te in KFold(5, shuffle=True, random_state=0).split(X):
                            m = np.zeros(len(X), bool)
                            m[tr] = True
                            p[te] = fitpred(X, dt, base & m, X[te], C, target)
                        cv = aucs(dt, p)
                        dev = aucs(dd, fitpred(X, dt, base, design(dd, cols, inter), C, target))
                        res.append((float(np.mean(cv)), cv, dev, [NAMES[c] for c in cols], train, target, inter, C))
    res.sort(key=lambda r: -r[0])
    for r in res[:25]:
        print(f"CV {r[0]:.1f} ({r[1][0]:.1f}/{r[1][1]:.1f}) dev {r[2][0]:.1f}/{r[2][1]:.1f}", *r[3:])


if __name__ == "__main__":
    main()
