"""Same-story decision for an isolated pair of articles (`lagebild eval pairs`).

The streaming join model (`cluster_model`) sees an article against a story
centroid built from title + lead; for two whole articles more text is available.
`pair_signals` computes, per pair, three signals that generalise across the
SemEval tune/dev split (study: docs/bench/clustering.md, 2026-11-26 fourth pass):

- ``tfidf_full``: cosine of lemmatised TF-IDF over the full text (up to
  `FULL_CHARS`), IDF from the texts being scored (unsupervised);
- ``char45``: cosine of character 4-5-gram TF-IDF (sublinear, word-bounded) over
  the same text: robust to German compounds and inflection, and to names shared
  across languages (de-en);
- ``lead``: embedding cosine of title + lead (the clustering backend).

`PairModel` is a ridge regression on the SemEval "Overall" rating (1 = same ..
4 = different; ambiguous pairs are training signal too) over these signals on
standardised scale plus cross-lingual interactions, fitted by
``bench/cluster.py fit-pairs`` on the tune pairs; weights live in
``models/cluster/pair-<backend>.json`` (numbers only). Its score is mapped to
0..1 = (4 - predicted Overall) / 3. This is a version-1 model (``pair-use.json``).

A version-2 model (``pair-e5.json``, fitted by ``bench/pair_e5.py fit``; study:
docs/bench/pairs.md) has the signals `E5_SIGNALS`: the e5 cosine of title + lead
(one encoding per article, shared with the clustering join model) and a learned
diagonal metric sum_k w_k u_k v_k of the same two vectors, applied to monolingual
pairs of ``diag_langs`` only; predicted Overall = -(b0 + b1 cos + b2 cross +
(1 - cross) diag), written in the same linear form. `pair_signals` computes the
signals of whichever model ships for the backend.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .cluster_model import MODEL_DIR

SIGNALS = ("tfidf_full", "char45", "lead")  # version-1 models (pair-use.json)
E5_SIGNALS = ("e5_cos", "e5_diag")  # version-2 models (pair-e5.json)
FULL_CHARS = 30_000  # bounded cost on 100k-character dumps
FULL_TOKENS = 6_000
FULL_E5_CHARS = 1_900  # e5 "full" text: title + body up to ~one 512-token window (SemEval texts ~1,000 chars)


def model_path(backend: str | None) -> Path:
    return MODEL_DIR / f"pair-{backend or 'none'}.json"


@dataclass(frozen=True)
class PairDoc:
    title: str
    text: str
    lang: str | None


def e5_text(title: str, text: str, kind: str = "lead") -> str:
    """What e5 sees of an article: "lead" = `features.lead_text` (title + ~600 characters), "full" = title +
    body up to `FULL_E5_CHARS` characters (one 512-token window)."""
    from .features import lead_text

    return lead_text(title, text) if kind == "lead" else lead_text(title, text, chars=FULL_E5_CHARS)


def design(S: np.ndarray, cross: np.ndarray) -> np.ndarray:
    """Signals, signals x cross-lingual flag, and the flag (the fitted design)."""
    c = np.asarray(cross, dtype=np.float64).reshape(-1, 1)
    return np.hstack([S, S * c, c])


def pair_signals(docs: Sequence[PairDoc], pairs: Sequence[tuple[int, int]], embed_backend: str | None,
                 model: PairModel | None = None) -> np.ndarray:
    """One row of the signals of the backend's pair model (``model``, default `load(embed_backend)`) per
    (i, j) index pair into ``docs``: `SIGNALS` for a version-1 model (and when none ships), `E5_SIGNALS`
    for a version-2 (e5 metric) model."""
    model = model if model is not None else load(embed_backend)
    if model is not None and model.version >= 2:
        return e5_signals(docs, pairs, model)
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .features import DocFreq, cosine, lead_text, vectorise

    df = DocFreq()
    kw = {"max_chars": FULL_CHARS, "max_tokens": FULL_TOKENS}
    for d in docs:
        vectorise(d.title, d.text, d.lang, df, **kw)
    vecs = [vectorise(d.title, d.text, d.lang, df, update_df=False, **kw) for d in docs]
    texts = [((d.title or "") + "\n" + (d.text or ""))[:FULL_CHARS] for d in docs]
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, dtype=np.float32)
    C = char.fit_transform(texts) if any(t.strip() for t in texts) else None
    lead = None
    if embed_backend:
        from ..embed import encode

        lead = encode([lead_text(d.title, d.text) for d in docs], backend=embed_backend)
    out = np.zeros((len(pairs), len(SIGNALS)), dtype=np.float64)
    for r, (i, j) in enumerate(pairs):
        out[r, 0] = cosine(vecs[i].terms, vecs[j].terms)
        out[r, 1] = float(C[i].multiply(C[j]).sum()) if C is not None else 0.0
        out[r, 2] = float(lead[i] @ lead[j]) if lead is not None else 0.0
    return out


def e5_signals(docs: Sequence[PairDoc], pairs: Sequence[tuple[int, int]], model: PairModel) -> np.ndarray:
    """`E5_SIGNALS` per pair: the e5 cosine of the model's text (`e5_text`, one encoding per article) and the
    learned diagonal metric sum_k w_k u_k v_k (+ bias; the sum only when both languages are in
    ``model.diag_langs``, or always if that is empty). Depends on the two texts only."""
    from ..embed import encode

    E = encode([e5_text(d.title, d.text, model.text) for d in docs], backend="e5")
    if not pairs:
        return np.zeros((0, len(E5_SIGNALS)))
    ii, jj = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    P = E[ii].astype(np.float64) * E[jj].astype(np.float64)
    w = np.asarray(model.diag, dtype=np.float64)
    on = np.array([not model.diag_langs or (docs[i].lang in model.diag_langs and docs[j].lang in model.diag_langs)
                   for i, j in pairs])
    return np.column_stack([P.sum(1), np.where(on, P @ w, 0.0) + model.diag_bias])


@dataclass(frozen=True)
class PairModel:
    coef: tuple[float, ...]  # on standardised design columns
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5  # on the 0..1 score
    meta: dict = field(default_factory=dict, compare=False)
    version: int = 1  # 1: `SIGNALS` (lexical + lead cosine); 2: `E5_SIGNALS` (e5 metric)
    text: str = "lead"  # version 2: what e5 sees (`e5_text` kind)
    diag: tuple[float, ...] = ()  # version 2: weights of the diagonal metric on u*v
    diag_bias: float = 0.0
    diag_langs: tuple[str, ...] = ()  # version 2: the metric applies to pairs of these languages (empty: all)

    @property
    def signals(self) -> tuple[str, ...]:
        return E5_SIGNALS if self.version >= 2 else SIGNALS

    def score(self, S: np.ndarray, cross: np.ndarray) -> np.ndarray:
        X = (design(S, cross) - np.asarray(self.mean)) / np.asarray(self.scale)
        overall = X @ np.asarray(self.coef) + self.intercept
        return np.clip((4.0 - overall) / 3.0, 0.0, 1.0)

    def to_json(self) -> dict:
        d = {"signals": list(self.signals), "coef": list(self.coef), "intercept": self.intercept, "mean": list(self.mean),
             "scale": list(self.scale), "threshold": self.threshold, "meta": self.meta}
        if self.version >= 2:
            d = {"version": self.version, "text": self.text, **d, "diag_langs": list(self.diag_langs),
                 "diag_bias": self.diag_bias, "diag": list(self.diag)}
        return d

    @classmethod
    def from_json(cls, d: dict) -> PairModel:
        version = int(d.get("version", 1))
        if version not in (1, 2):
            raise ValueError(f"pair model version {version} is not supported by this lagebild")
        signals = E5_SIGNALS if version == 2 else SIGNALS
        if list(d.get("signals", [])) != list(signals):
            raise ValueError("pair model was fitted on other signals; refit it (bench/cluster.py fit-pairs, bench/pair_e5.py fit)")
        extra: dict = {}
        if version == 2:
            if d.get("text") not in ("lead", "full"):
                raise ValueError("pair model: unknown e5 text kind")
            extra = {"version": 2, "text": d["text"], "diag": tuple(map(float, d["diag"])), "diag_bias": float(d.get("diag_bias", 0.0)),
                     "diag_langs": tuple(map(str, d.get("diag_langs", ())))}
        return cls(tuple(map(float, d["coef"])), float(d["intercept"]), tuple(map(float, d["mean"])),
                   tuple(map(float, d["scale"])), float(d.get("threshold", 0.5)), dict(d.get("meta", {})), **extra)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


def fit(S: np.ndarray, cross: np.ndarray, overall: np.ndarray, alpha: float = 10.0) -> PairModel:
    """Ridge regression of the Overall rating on the standardised design."""
    from sklearn.linear_model import Ridge

    X = design(S, cross)
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd == 0] = 1.0
    lr = Ridge(alpha=alpha).fit((X - mu) / sd, overall)
    return PairModel(tuple(float(x) for x in lr.coef_), float(lr.intercept_), tuple(float(x) for x in mu),
                     tuple(float(x) for x in sd))


@lru_cache(maxsize=4)
def load(backend: str | None) -> PairModel | None:
    """The shipped pair model of an embedding backend, or None (then the join model scores pairs)."""
    p = model_path(backend)
    if not p.is_file():
        return None
    return PairModel.from_json(json.loads(p.read_text(encoding="utf-8")))
