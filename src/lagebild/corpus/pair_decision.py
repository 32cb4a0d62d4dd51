"""Same story? The decision for an isolated pair of articles.

Used by ``lagebild same-story A B``, the HTTP route ``/articles/{a}/same-story/{b}.json``,
`same_story` (Python) and ``lagebild eval pairs``. Streaming clustering decides every arriving
article against many stories and uses the cheap USE embeddings for that (`Settings.embeddings`);
a pair decision is one-off, so it uses the more accurate multilingual-e5-small by default
(`Settings.pair_embeddings`, ``LAGEBILD_PAIR_EMBEDDINGS``): SemEval dev pair ROC AUC de-de / de-en
94.1 / 95.0 with e5 (its pair model) against 77.8 / 87.8 with USE (docs/bench/pairs.md,
docs/bench/same_story.md), for ~0.4 CPU-s per pair (two encodings) instead of ~0.05.

Scorer: the pair model of the backend (`cluster_pairs`, ``models/cluster/pair-<backend>.json``:
for e5 a calibrated cosine of the title + lead vectors plus a learned diagonal metric for German
pairs, which depends on the two texts only) when one ships, else the clustering join model's
probability that the second article joins a story made of the first alone. Lexical signals (USE
pair model, join model) weigh terms by their document frequency among the texts scored together
(the eval scores a whole file at once; a single pair is scored with the frequencies of its two
texts: with the e5 join model the dev ROC AUC was the same either way, 92.5 / 95.6 isolated vs
92.3 / 95.3 in one batch).

Time: when both articles have a trustworthy publication date, the stream's time decay applies (the
join model's: one logit per week after a grace of three days), so two reports months apart on the
same actors are not one story. The SemEval pairs carry no dates: the eval does not measure this part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .cluster_pairs import PairDoc

BACKENDS = ("use", "e5")


def resolve_backend(backend: str | None = "default") -> str | None:
    """"default": `Settings.pair_embeddings` (``LAGEBILD_PAIR_EMBEDDINGS``, lagebild.toml; "e5" unless set);
    None: no embedding signal; a name stays."""
    if backend != "default":
        return backend
    from ..settings import load_settings

    return load_settings().pair_embeddings


def scores(docs: Sequence[PairDoc], pairs: Sequence[tuple[int, int]], backend: str | None = "default") -> np.ndarray:
    """Same-story score in 0..1 (higher = more likely one story) per (i, j) index pair into ``docs``."""
    from . import cluster_pairs

    backend = resolve_backend(backend)
    if not pairs:
        return np.zeros(0)
    model = cluster_pairs.load(backend)
    if model is not None:
        S = cluster_pairs.pair_signals(docs, pairs, backend)
        cross = np.array([1.0 if (docs[i].lang or "") != (docs[j].lang or "") else 0.0 for i, j in pairs])
        return np.asarray(model.score(S, cross), dtype=np.float64)
    from . import cluster_model

    return np.asarray(cluster_model.load(backend=backend).proba(join_features(docs, pairs, backend)), dtype=np.float64)


def threshold(backend: str | None = "default") -> float:
    """The decision threshold on `scores` (fitted with the scorer)."""
    from . import cluster_model, cluster_pairs

    backend = resolve_backend(backend)
    model = cluster_pairs.load(backend)
    return model.threshold if model is not None else cluster_model.load(backend=backend).threshold


def join_features(docs: Sequence[PairDoc], pairs: Sequence[tuple[int, int]], backend: str | None) -> np.ndarray:
    """Join-model features of ``docs[j]`` against a one-article story made of ``docs[i]``."""
    from .cluster import StoryClusterer
    from .cluster_model import FALLBACK
    from .cluster_state import Aggregate
    from .features import DocFreq, lead_text, vectorise

    df = DocFreq()
    for d in docs:  # first pass: document frequencies of the texts scored together
        vectorise(d.title, d.text, d.lang, df)
    vecs = [vectorise(d.title, d.text, d.lang, df, update_df=False) for d in docs]
    if backend:
        from ..embed import encode

        for v, e in zip(vecs, encode([lead_text(d.title, d.text) for d in docs], backend=backend)):
            v.emb = e
    helper = StoryClusterer(model=FALLBACK, embed_backend=None)  # only for _features
    X = []
    for i, j in pairs:
        story = Aggregate("pair", 0, 0.0, 0.0)
        story.add(vecs[i], 0.0, docs[i].lang, None, helper.keep_terms, helper.keep_ents)
        X.append(helper._features(vecs[j], docs[j].lang, story))
    return np.array(X, dtype=np.float64).reshape(len(pairs), -1)


@dataclass(frozen=True)
class Verdict:
    same: bool
    score: float  # 0..1, after the time decay
    threshold: float
    embeddings: str | None
    scorer: str  # "pair model" | "join model"
    languages: tuple[str | None, str | None]
    gap_days: float | None = None  # between the two publication dates, when both are known

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["languages"] = list(self.languages)
        d["score"] = round(self.score, 4)
        return d


def publication_date(doc: Any) -> str | None:
    """The trustworthy publication date of a `model.Document` (or a dict's "date"), else None."""
    from ..model import Document, trusted_date

    if isinstance(doc, Document):
        return trusted_date(doc)
    return (doc.get("date") or None) if isinstance(doc, dict) else None


def gap_days(a: str | None, b: str | None) -> float | None:
    import datetime as dt

    try:
        return float(abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)) if a and b else None
    except ValueError:
        return None


def as_pair_doc(doc: Any) -> PairDoc:
    """A `PairDoc` from a `model.Document`, a stored article dict, or a PairDoc."""
    if isinstance(doc, PairDoc):
        return doc
    if isinstance(doc, dict):
        return PairDoc(str(doc.get("title") or ""), str(doc.get("text") or ""), doc.get("lang") or None)
    return PairDoc(doc.title or "", doc.text or "", doc.lang or None)


def same_story(a: Any, b: Any, *, backend: str | None = "default") -> Verdict:
    """Do articles ``a`` and ``b`` (Documents, stored-article dicts or PairDocs) report the same story?"""
    from . import cluster_pairs

    from . import cluster_model

    backend = resolve_backend(backend)
    docs = [as_pair_doc(a), as_pair_doc(b)]
    s = float(scores(docs, [(0, 1)], backend)[0])
    gap = gap_days(publication_date(a), publication_date(b))
    if gap is not None:
        z = cluster_model.logit(s) - float(cluster_model.load(backend=backend).decay(np.array([gap]))[0])
        s = float(cluster_model.sigmoid(z))
    thr = threshold(backend)
    scorer = "pair model" if cluster_pairs.load(backend) is not None else "join model"
    return Verdict(s >= thr, s, thr, backend, scorer, (docs[0].lang, docs[1].lang), gap)
