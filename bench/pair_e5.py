"""e5 pair scorer study and fit (issue 9, `lagebild eval pairs` with e5; 2026-11-26).

    nice .venv/bin/python bench/pair_e5.py embed --split tune [--variants lead,leadq,full,fullq]
    nice .venv/bin/python bench/pair_e5.py cv            # grid ranked by 5-fold CV on tune (x4 shuffles)
    nice .venv/bin/python bench/pair_e5.py fit NAME      # writes models/cluster/pair-e5.json
    nice .venv/bin/python bench/pair_e5.py dev NAME      # the single dev run: chosen variant + baselines

Text variants for e5 (each text of a pair, embeddings cached in out/emb/pairs-SPLIT-VARIANT.e5.npy):
``lead`` = `features.lead_text` (title + first 600 characters, "passage: "), ``leadq`` the same with the
"query: " prefix, ``full`` = title + body up to `cluster_pairs.FULL_E5_CHARS` (one 512-token window),
``fullq`` the same with "query: ". Figures: ROC AUC of de-de and de-en over the non-augmented pairs rated
same (Overall <= 1.5) or different (>= 3.0); training rows of learned scorers: all non-augmented tune rows
(every language, ambiguous ones too on the Overall target), optionally plus the augmented ones.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.corpus import cluster_pairs as CP
from lagebild.eval.pairs import gold_label, is_augmented, read_pairs, split_title

CACHE = ROOT / "out" / "emb"
VARIANTS = ("lead", "leadq", "full", "fullq")
AUX = ("Geography", "Entities", "Time", "Narrative", "Overall")


def rows_of(split: str) -> list[dict]:
    return read_pairs(ROOT / "out" / "streams" / f"pairs-{split}.csv")


def docs_of(rows: list[dict]) -> list[CP.PairDoc]:
    out = []
    for r in rows:
        for k in ("1", "2"):
            t, b = split_title(r[f"text{k}"])
            out.append(CP.PairDoc(t, b, r[f"lang{k}"] or None))
    return out


def variant_texts(docs: list[CP.PairDoc], variant: str) -> list[str]:
    return [CP.e5_text(d.title, d.text, variant.rstrip("q")) for d in docs]


def embed_variant(split: str, variant: str, compute: bool = True) -> np.ndarray | None:
    docs = docs_of(rows_of(split))
    texts = variant_texts(docs, variant)
    h = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"pairs-{split}-{variant}-{h}.e5.npy"
    if path.is_file():
        return np.load(path)
    if not compute:
        return None
    from lagebild.embed import _model

    m = _model("e5")
    t0, c0 = time.time(), time.process_time()
    fn = m.query if variant.endswith("q") else m.passage
    mat = np.vstack([np.asarray(fn(texts[i:i + 32]), dtype=np.float32) for i in range(0, len(texts), 32)])
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    print(f"{split} {variant}: {len(texts)} texts, wall {1000 * (time.time() - t0) / len(texts):.0f} ms, "
          f"CPU {1000 * (time.process_time() - c0) / len(texts):.0f} ms per text", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, mat)
    return mat


def cmd_embed(a) -> None:
    for v in a.variants.split(","):
        embed_variant(a.split, v)


def digits(a: str) -> str:
    return "".join(c for c in a if c.isdigit())


def load_split(split: str, variants: tuple[str, ...] = VARIANTS) -> dict:
    """Per-pair data of a split: embeddings per variant (text 1, text 2), lexical signals, targets, masks."""
    rows = rows_of(split)
    docs = docs_of(rows)
    E = {}
    for v in variants:
        m = embed_variant(split, v, compute=False)
        if m is not None:
            E[v] = (m[0::2], m[1::2])
    lex = CP.pair_signals(docs, [(2 * i, 2 * i + 1) for i in range(len(rows))], None)[:, :2]  # tfidf_full, char45
    lp = np.array([f"{r['lang1']}-{r['lang2']}" for r in rows])
    g = np.array([x if (x := gold_label(r["Overall"])) is not None else -1 for r in rows])
    aux = np.array([[float(r[k]) if r.get(k) else np.nan for k in AUX] for r in rows])
    langs = [(r["lang1"], r["lang2"]) for r in rows]
    aug = np.array([is_augmented(r["pair_id"]) for r in rows])
    arts = [{digits(a) for a in r["pair_id"].split("_")} for r in rows]
    return {"rows": rows, "E": E, "lex": lex, "lp": lp, "g": g, "aux": aux, "langs": langs, "aug": aug, "arts": arts,
            "cross": np.array([float(a != b) for a, b in langs])}


def auc2(d: dict, s: np.ndarray, idx: np.ndarray | None = None) -> tuple[float, float]:
    from sklearn.metrics import roc_auc_score

    idx = np.arange(len(s)) if idx is None else idx
    out = []
    for lg in ("de-de", "de-en"):
        m = idx[(d["lp"][idx] == lg) & (d["g"][idx] >= 0) & ~d["aug"][idx]]
        out.append(100 * roc_auc_score(d["g"][m], s[m]))
    return out[0], out[1]


LANG_MIN = 20  # texts of a language needed for its own mean vector


def lang_means(d: dict, v: str, idx: np.ndarray) -> dict[str, np.ndarray]:
    """Mean e5 vector per language over the texts of rows ``idx`` (plus "*" = all of them)."""
    U, V = d["E"][v]
    vecs: dict[str, list[np.ndarray]] = {}
    for i in idx:
        for lg, x in zip(d["langs"][i], (U[i], V[i])):
            vecs.setdefault(lg, []).append(x)
            vecs.setdefault("*", []).append(x)
    return {lg: np.mean(xs, axis=0) for lg, xs in vecs.items() if lg == "*" or len(xs) >= LANG_MIN}


def centred(d: dict, v: str, means: dict[str, np.ndarray], per_lang: bool) -> tuple[np.ndarray, np.ndarray]:
    U, V = d["E"][v]
    out = []
    for k, M in enumerate((U, V)):
        C = np.array([M[i] - (means.get(d["langs"][i][k], means["*"]) if per_lang else means["*"]) for i in range(len(M))])
        out.append(C / np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-9))
    return out[0], out[1]


def csls(d: dict, v: str, k: int = 10) -> np.ndarray:
    """CSLS within the file: 2 cos(u, v) - r(u) - r(v), r = mean cosine to the k nearest other texts of the file."""
    U, V = d["E"][v]
    A = np.vstack([U, V])
    S = A @ A.T
    np.fill_diagonal(S, -np.inf)
    r = np.sort(S, axis=1)[:, -k:].mean(axis=1)
    n = len(U)
    return 2 * (U * V).sum(1) - r[:n] - r[n:]


def target(d: dict, idx: np.ndarray, kind: str) -> np.ndarray:
    a = d["aux"][idx]
    if kind == "ov":
        return -a[:, 4]
    return -np.nanmean(a, axis=1)  # "mix": mean of Geography, Entities, Time, Narrative, Overall


class Scorer:
    """fit(d, train_idx) then score(d, idx); unsupervised scorers ignore fit."""

    def __init__(self, name: str, fn, learned: bool = True):
        self.name, self.fn, self.learned = name, fn, learned

    def run(self, d: dict, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        return self.fn(d, tr, te)


def _ridge_fit(X: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    from sklearn.linear_model import Ridge

    mu, sd = X.mean(0), X.std(0)
    sd[sd == 0] = 1
    r = Ridge(alpha=alpha).fit((X - mu) / sd, y)
    return mu, sd, r.coef_, float(r.intercept_)


def lex_design(d: dict, idx: np.ndarray, cos: np.ndarray, lex: bool) -> np.ndarray:
    S = np.column_stack([d["lex"][idx], cos]) if lex else cos[:, None]
    c = d["cross"][idx][:, None]
    return np.hstack([S, S * c, c])


def make_scorers() -> list[Scorer]:
    out: list[Scorer] = []
    for v in VARIANTS:
        out.append(Scorer(f"cos {v}", lambda d, tr, te, v=v: (d["E"][v][0][te] * d["E"][v][1][te]).sum(1), False))
        out.append(Scorer(f"csls {v} (file)", lambda d, tr, te, v=v: csls(d, v)[te], False))
        for pl in (False, True):
            def f(d, tr, te, v=v, pl=pl):
                U, V = centred(d, v, lang_means(d, v, tr), pl)
                return (U[te] * V[te]).sum(1)
            out.append(Scorer(f"centred{'-lang' if pl else ''} {v}", f))
    out.append(Scorer("cos lead+full", lambda d, tr, te: sum((d["E"][v][0][te] * d["E"][v][1][te]).sum(1) for v in ("lead", "full")), False))
    for v in VARIANTS:
        for pl in (None, True):
            for lex in (False, True):
                for alpha in (1.0, 10.0):
                    def f(d, tr, te, v=v, pl=pl, lex=lex, alpha=alpha):
                        if pl is None:
                            U, V = d["E"][v]
                        else:
                            U, V = centred(d, v, lang_means(d, v, tr), pl)
                        cos = (U * V).sum(1)
                        mu, sd, w, b = _ridge_fit(lex_design(d, tr, cos[tr], lex), target(d, tr, "ov"), alpha)
                        return ((lex_design(d, te, cos[te], lex) - mu) / sd) @ w + b
                    nm = f"ridge {'lex+' if lex else ''}{'cl-' if pl else ''}cos {v} a{alpha:g}"
                    out.append(Scorer(nm, f))
    return out


def diag_scorer(v: str, alpha: float, tgt: str, pl: bool | None, absdiff: bool) -> Scorer:
    """Ridge on the elementwise product u*v (and |u-v|) of the two e5 vectors, as a correction of a + b*cos
    (the penalty pulls the diagonal metric toward the plain cosine)."""
    def f(d, tr, te):
        from sklearn.linear_model import Ridge

        if pl is None:
            U, V = d["E"][v]
        else:
            U, V = centred(d, v, lang_means(d, v, tr), pl)
        P = U * V
        X = np.hstack([P, np.abs(U - V)]) if absdiff else P
        cos = P.sum(1)
        y = target(d, tr, tgt)
        A = np.column_stack([np.ones(len(tr)), cos[tr]])
        beta = np.linalg.lstsq(A, y, rcond=None)[0]
        res = y - A @ beta
        r = Ridge(alpha=alpha, fit_intercept=True).fit(X[tr] * 100, res)
        return beta[0] + beta[1] * cos[te] + r.predict(X[te] * 100)
    return Scorer(f"diag {'cl-' if pl else ''}{v}{' +|u-v|' if absdiff else ''} {tgt} a{alpha:g}", f)


def diag_mono_scorer(v: str, alpha: float, tgt: str, lex: bool = False) -> Scorer:
    """`diag_scorer` with the u*v correction fitted on and applied to monolingual pairs only; a cross-lingual
    pair keeps a + b*cos + c (cross-lingual training rows fit a, b, c together with the monolingual ones)."""
    def f(d, tr, te):
        from sklearn.linear_model import Ridge

        U, V = d["E"][v]
        P = U * V
        cos = P.sum(1)
        y = target(d, tr, tgt)
        def base_design(idx):
            c = d["cross"][idx]
            cols = [np.ones(len(idx)), cos[idx], c]
            if lex:
                cols += [d["lex"][idx, 0], d["lex"][idx, 1], d["lex"][idx, 0] * c, d["lex"][idx, 1] * c, cos[idx] * c]
            return np.column_stack(cols)

        A = base_design(tr)
        beta = np.linalg.lstsq(A, y, rcond=None)[0]
        mono = tr[d["cross"][tr] == 0]
        res = (y - A @ beta)[d["cross"][tr] == 0]
        r = Ridge(alpha=alpha).fit(P[mono] * 100, res)
        return base_design(te) @ beta + (1 - d["cross"][te]) * r.predict(P[te] * 100)
    return Scorer(f"diag-mono{'+lex' if lex else ''} {v} {tgt} a{alpha:g}", f)


def fit_diag_mono(d: dict, tr: np.ndarray, v: str, alpha: float, tgt: str) -> tuple[np.ndarray, np.ndarray, float]:
    """(beta of a + b*cos + c*cross, diagonal weights w on u*v, bias) of `diag_mono_scorer` without lex."""
    from sklearn.linear_model import Ridge

    U, V = d["E"][v]
    P = (U * V).astype(np.float64)
    y = target(d, tr, tgt)
    A = np.column_stack([np.ones(len(tr)), P[tr].sum(1), d["cross"][tr]])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    mono = d["cross"][tr] == 0
    r = Ridge(alpha=alpha).fit(P[tr][mono] * 100, (y - A @ beta)[mono])
    return beta, 100 * r.coef_, float(r.intercept_)


def to_model(beta: np.ndarray, w: np.ndarray, bias: float, text: str, threshold: float, meta: dict,
             langs: tuple[str, ...] = ()) -> CP.PairModel:
    """Predicted rating = -(b0 + b1 cos + b2 cross + (1 - cross) diag) as `PairModel`'s linear design over
    [cos, diag, cos*cross, diag*cross, cross] (mean 0, scale 1)."""
    return CP.PairModel(coef=(-float(beta[1]), -1.0, 0.0, 1.0, -float(beta[2])), intercept=-float(beta[0]),
                        mean=(0.0,) * 5, scale=(1.0,) * 5, threshold=threshold, meta=meta, version=2, text=text,
                        diag=tuple(round(float(x), 6) for x in w), diag_bias=round(bias, 6), diag_langs=langs)


def model_scores(d: dict, idx: np.ndarray, model: CP.PairModel, v: str) -> np.ndarray:
    U, V = d["E"][v]
    P = (U[idx] * V[idx]).astype(np.float64)
    on = np.array([not model.diag_langs or set(d["langs"][i]) <= set(model.diag_langs) for i in idx])
    S = np.column_stack([P.sum(1), np.where(on, P @ np.asarray(model.diag), 0.0) + model.diag_bias])
    return model.score(S, d["cross"][idx])


def parse_choice(name: str) -> dict:
    """"diag-mono lead ov a3 +aug" -> its parameters."""
    parts = name.split()
    if parts[0] != "diag-mono":
        raise SystemExit(f"fit: only the diag-mono family is implemented, not {name!r}")
    return {"v": parts[1], "tgt": parts[2], "alpha": float(parts[3][1:]), "aug": parts[-1] == "+aug"}


def fit_model(d: dict, ch: dict, dev_arts: set[str], langs: tuple[str, ...] = ()) -> CP.PairModel:
    from sklearn.model_selection import KFold

    from lagebild.eval.pairs import f1_at

    na = np.where(~d["aug"])[0]
    # threshold: best F1 over the de-de + de-en tune pairs of this configuration's out-of-fold scores (pre-registered)
    oof = np.zeros(len(d["g"]))
    for a, b in KFold(5, shuffle=True, random_state=0).split(na):
        te = na[b]
        beta, w, bias = fit_diag_mono(d, train_rows(d, na[a], te, ch["aug"], dev_arts), ch["v"], ch["alpha"], ch["tgt"])
        oof[te] = model_scores(d, te, to_model(beta, w, bias, ch["v"].rstrip("q"), 0.5, {}, langs), ch["v"])
    ok = na[(d["g"][na] >= 0) & np.isin(d["lp"][na], ("de-de", "de-en"))]
    y, sc = list(d["g"][ok]), list(oof[ok])
    best = max((f1_at(y, sc, float(t)), -abs(float(t) - 0.5), float(t)) for t in np.arange(0.2, 0.81, 0.01))
    thr = best[2]
    print(f"threshold {thr:.2f}: out-of-fold tune F1 {best[0]:.1f} (de-de + de-en)")
    tr = train_rows(d, na, np.array([], dtype=int), ch["aug"], dev_arts)
    beta, w, bias = fit_diag_mono(d, tr, ch["v"], ch["alpha"], ch["tgt"])
    meta = {"fitted_by": "bench/pair_e5.py fit", "on": "pairs-tune: non-augmented rows of all languages"
            + (" + augmented rows sharing no article with a pairs-dev row" if ch["aug"] else ""),
            "rows": len(tr), "alpha": ch["alpha"], "target": ch["tgt"], "prefix": "passage",
            "threshold_from": "best F1 of 5-fold out-of-fold tune scores (de-de + de-en)"}
    if langs:
        meta["diag_langs_note"] = "metric fitted on all monolingual rows, applied to pairs of these languages only"
    return to_model(beta, w, bias, ch["v"].rstrip("q"), round(thr, 2), meta, langs)


def cmd_fit(a) -> None:
    ch = parse_choice(a.name)
    if ch["v"].endswith("q"):
        raise SystemExit("fit: the query prefix is not available through lagebild.embed")
    d = load_split("tune", (ch["v"],))
    model = fit_model(d, ch, dev_articles(), tuple(x for x in a.diag_langs.split(",") if x))
    model.meta["choice"] = a.name
    path = Path(a.out) if a.out else CP.model_path("e5")
    model.save(path)
    allr = np.arange(len(d["g"]))
    dd, de = auc2(d, model_scores(d, allr, model, ch["v"]), np.where(~d["aug"])[0])
    print(f"{path}: threshold {model.threshold}, in-sample tune AUC de-de {dd:.1f} de-en {de:.1f}")


def cmd_dev(a) -> None:
    """The single dev run: the chosen model (the shipped file), the bare e5 lead cosine and the e5 join model."""
    ch = parse_choice(a.name)
    embed_variant("dev", ch["v"])
    embed_variant("dev", "lead")
    d = load_split("dev", tuple(dict.fromkeys((ch["v"], "lead"))))
    model = CP.load("e5")
    assert model is not None and model.meta.get("choice") == a.name, "fit the chosen model first"
    allr, na = np.arange(len(d["g"])), np.where(~d["aug"])[0]
    from lagebild.eval.pairs import f1_at

    ok = na[d["g"][na] >= 0]
    for nm, sc, thr in (("chosen: " + a.name, model_scores(d, allr, model, ch["v"]), model.threshold),
                        ("e5 lead cosine", (d["E"]["lead"][0] * d["E"]["lead"][1]).sum(1), None),
                        ("e5 join model", join_scores("dev"), None)):
        dd, de = auc2(d, sc, na)
        f1 = f"{f1_at(list(d['g'][ok]), list(sc[ok]), thr):.1f}" if thr is not None else "-"
        print(f"| {nm} | {dd:.1f} | {de:.1f} | {f1} |")


def cmd_cost(a) -> None:
    """CPU ms per pair (cold embedding cache, 2 encodings per pair) of the shipped e5 pair model and of the
    e5 join model, on the first N de-de tune pairs."""
    from lagebild import embed
    from lagebild.corpus import cluster_model, pair_decision

    rows = [r for r in rows_of("tune") if r["lang1"] == "de" and r["lang2"] == "de"][: a.n]
    docs = docs_of(rows)
    pairs = [(2 * i, 2 * i + 1) for i in range(len(rows))]
    model = CP.load("e5")
    embed.encode(["Aufwärmen."], backend="e5")  # model load outside the timing
    for nm, fn in (("pair model (e5 lead, diagonal metric)", lambda: model.score(CP.pair_signals(docs, pairs, "e5"), np.zeros(len(pairs)))),
                   ("join model (e5)", lambda: cluster_model.load(backend="e5").proba(pair_decision.join_features(docs, pairs, "e5")))):
        embed._cache.clear()
        c0, w0 = time.process_time(), time.time()
        fn()
        c1, w1 = time.process_time(), time.time()
        fn()  # warm: embeddings cached, the scorer alone
        c2 = time.process_time()
        print(f"{nm}: {1000 * (c1 - c0) / len(pairs):.0f} CPU ms / pair cold (wall {1000 * (w1 - w0) / len(pairs):.0f}), "
              f"{1000 * (c2 - c1) / len(pairs):.2f} CPU ms / pair with cached embeddings")


def join_scores(split: str) -> np.ndarray:
    """The e5 clustering join model on each pair (what `lagebild eval pairs` scores without a pair model),
    with the e5 lead embeddings from the cache."""
    from lagebild import embed
    from lagebild.corpus import cluster_model
    from lagebild.eval.pairs import pair_features

    rows = rows_of(split)
    texts = variant_texts(docs_of(rows), "lead")
    mat = embed_variant(split, "lead", compute=False)
    embed.CACHE_SIZE = max(embed.CACHE_SIZE, 2 * len(texts) + 1000)
    for t, x in zip(texts, mat):
        embed._cache[("e5", t)] = x
    return cluster_model.load(backend="e5").proba(pair_features(rows, "e5"))


def train_rows(d: dict, tr_nonaug: np.ndarray, te: np.ndarray, with_aug: bool, dev_arts: set[str]) -> np.ndarray:
    if not with_aug:
        return tr_nonaug
    held = set().union(*(d["arts"][i] for i in te)) | dev_arts
    extra = [i for i in np.where(d["aug"])[0] if not (d["arts"][i] & held)]
    return np.concatenate([tr_nonaug, np.array(extra, dtype=int)])


def dev_articles() -> set[str]:
    return {digits(a) for r in rows_of("dev") if not is_augmented(r["pair_id"]) for a in r["pair_id"].split("_")}


def cv(d: dict, sc: Scorer, with_aug: bool, dev_arts: set[str], seeds=(0, 1, 2, 3)) -> tuple[float, float]:
    """5-fold CV over the non-augmented tune rows; pooled out-of-fold AUC per shuffle, mean over shuffles."""
    from sklearn.model_selection import KFold

    na = np.where(~d["aug"])[0]
    res = []
    for seed in seeds if sc.learned else (0,):
        oof = np.zeros(len(d["g"]))
        for a, b in KFold(5, shuffle=True, random_state=seed).split(na):
            te = na[b]
            oof[te] = sc.run(d, train_rows(d, na[a], te, with_aug, dev_arts), te)
        res.append(auc2(d, oof, na))
    return tuple(np.mean(res, axis=0))


def cmd_cv(a) -> None:
    d = load_split("tune")
    dev_arts = dev_articles()
    scorers = make_scorers()
    for v in ("lead", "full"):
        for pl in (None, True):
            for alpha in (1.0, 10.0, 100.0, 1000.0):
                for tgt in ("ov", "mix"):
                    scorers.append(diag_scorer(v, alpha, tgt, pl, False))
            scorers.append(diag_scorer(v, 100.0, "ov", pl, True))
    for v in VARIANTS:
        for alpha in (0.3, 1.0, 3.0, 10.0, 30.0, 100.0):
            for tgt in ("ov", "mix"):
                for lex in (False, True):
                    scorers.append(diag_mono_scorer(v, alpha, tgt, lex))
    js = join_scores("tune")
    scorers.insert(0, Scorer("e5 join model (baseline)", lambda d, tr, te: js[te], False))
    if a.only:
        scorers = [s for s in scorers if a.only in s.name]
    rows = []
    for sc in scorers:
        for aug in ((False, True) if sc.learned else (False,)):
            t0 = time.process_time()
            try:
                dd, de = cv(d, sc, aug, dev_arts)
            except KeyError:  # variant not embedded
                break
            rows.append((0.5 * (dd + de), dd, de, sc.name + (" +aug" if aug else ""), time.process_time() - t0))
            print(f"{rows[-1][3]:50s} {dd:5.1f} {de:5.1f} {rows[-1][0]:5.2f}", flush=True)
    print("\n| rank | scorer | CV de-de | CV de-en | mean |\n|---|---|---|---|---|")
    for k, (m, dd, de, nm, _) in enumerate(sorted(rows, key=lambda r: -r[0])):
        print(f"| {k + 1} | {nm} | {dd:.1f} | {de:.1f} | {m:.2f} |")


def main() -> None:
    p = argparse.ArgumentParser()
    sp = p.add_subparsers(dest="cmd", required=True)
    e = sp.add_parser("embed")
    e.add_argument("--split", default="tune")
    e.add_argument("--variants", default=",".join(VARIANTS))
    c = sp.add_parser("cv")
    c.add_argument("--only", default="", help="scorers whose name contains this")
    f = sp.add_parser("fit")
    f.add_argument("name", help='the chosen CV row, e.g. "diag-mono lead ov a3 +aug"')
    f.add_argument("--out", default="")
    f.add_argument("--diag-langs", default="", help="apply the metric only to pairs of these languages, e.g. de")
    dv = sp.add_parser("dev")
    dv.add_argument("name")
    co = sp.add_parser("cost")
    co.add_argument("-n", type=int, default=24)
    a = p.parse_args()
    {"embed": cmd_embed, "cv": cmd_cv, "fit": cmd_fit, "dev": cmd_dev, "cost": cmd_cost}[a.cmd](a)


if __name__ == "__main__":
    main()
