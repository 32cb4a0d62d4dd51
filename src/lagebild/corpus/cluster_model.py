"""The calibrated join decision: logistic regression over article-vs-story signals.

Weights live in ``lagebild/models/cluster/join.json`` (numbers only, no article
text) and are refitted by ``bench/cluster.py fit`` (Miranda et al. 2018,
"Multilingual clustering of streaming news": a linear model over per-signal
similarities decides join vs new story).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

FEATURES = (
    "cos_terms",  # TF-IDF cosine, article vs story centroid
    "cos_title",  # TF-IDF cosine of the title vs the story's title centroid
    "cos_emb",  # multilingual embedding cosine vs story centroid
    "cos_ents",  # entity cosine
    "cross",  # 1 if the article's language is not yet in the story
    "cross_emb",  # cos_emb * cross
    "cross_ents",  # cos_ents * cross
    "max_emb",  # best embedding cosine vs the story's first members (single-link; bounded, size-neutral)
    "singleton",  # 1 if the story has one article (its centroid is that article: cosines are sharper)
)
SMALL_FEATURES = (
    "logit",  # the join model's logit minus its time decay
    "char45",  # character 4-5-gram TF-IDF cosine, article vs the story's members (max)
    "char45_cross",  # char45 * cross: cross-lingual cosines of spelling are lower
    "cross",  # 1 if the article's language is not yet in the story
)
# No raw story-size feature: log(size) made big stories absorb everything (rich-get-richer).
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "cluster"
MODEL_PATH = MODEL_DIR / "join.json"  # fitted on "use" embeddings (the default backend)


# The product's embedding default (`Settings.embeddings`, "use"), so that `lagebild eval clustering|pairs`
# score what `lagebild ingest` does. e5 (multilingual-e5-small) separates isolated same-story pairs far better
# (dev pair ROC AUC de-de 92.2 vs 81.9, de-en 93.3 vs 81.9) but streams score the same (de-en B3 93.5 vs 93.9)
# at ~15x the encoding CPU (200 vs 12 ms per title + lead): opt in with LAGEBILD_EMBEDDINGS=e5
# or `embeddings = "e5"` in lagebild.toml (docs/bench/clustering.md).
PREFERRED_BACKEND = "use"


def default_backend() -> str:
    """The backend a clusterer uses when none is named: ``LAGEBILD_EMBEDDINGS`` when set (the
    pipeline's process-wide choice), else `PREFERRED_BACKEND`."""
    return os.environ.get("LAGEBILD_EMBEDDINGS") or PREFERRED_BACKEND


def resolve_backend(backend: str | None) -> str | None:
    """"default" -> `default_backend()`; None stays None (no embedding signal); a name stays."""
    return default_backend() if backend == "default" else backend


def model_path(backend: str | None = None) -> Path:
    """The join model fitted on the given embedding backend's cosines (their scales differ:
    e5 cosines sit around 0.8, USE ones around 0.3-0.5, so a model serves one backend only)."""
    if backend in (None, "use"):
        return MODEL_PATH
    return MODEL_DIR / f"join-{backend}.json"


@dataclass(frozen=True)
class JoinModel:
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5  # on the probability
    decay_grace_days: float = 3.0
    decay_per_week: float = 1.0  # logit penalty per week of silence beyond the grace
    meta: dict = field(default_factory=dict, compare=False)
    rank_coef: tuple[float, ...] | None = None  # ranks candidates; the decision model then judges the best
    # A second decision model for one-article stories (the pair case: sharper cosines, no centroid blur);
    # None: `coef`/`intercept` judge every story.
    single_coef: tuple[float, ...] | None = None
    single_intercept: float = 0.0
    # Second-pass merges (`StoryClusterer._converge`): a grown story merges with a live story when this model
    # scores the pair of centroids at least this high; None: no second pass. Fitted by bench/cluster.py fit-converge.
    converge_threshold: float | None = None
    # Small-story check (`StoryClusterer`, fifth pass): when the best-ranked candidate has at most
    # `small_max_size` articles, the decision is a second LR over `SMALL_FEATURES` (this model's logit
    # minus decay, the character 4-5-gram TF-IDF cosine to the story's members, its cross-lingual
    # interaction and the cross-lingual flag) against `small_threshold`; None: this model decides alone.
    small_coef: tuple[float, ...] | None = None
    small_intercept: float = 0.0
    small_threshold: float = 0.5
    small_max_size: int = 2
    # Prior-shift adaptation of the small-story check (Saerens et al. 2002, online): the share of
    # small-story decisions that are joins differs by stream (a stream of mostly one-article stories vs a
    # Wikinews event stream). `small_prior` = the share in the fit's rows; the clusterer keeps a running mean
    # of its adapted join probabilities (pseudo-count `small_prior_weight` at `small_prior`) and shifts the
    # logit by the log-odds difference. None: no adaptation.
    small_prior: float | None = None
    small_prior_weight: float = 20.0
    # Prior-shift variants (docs/bench/prior_study.md; default off = the shift as above): the shifted prior is
    # kept >= `small_prior_floor` * `small_prior`, and the running sums are multiplied by `small_prior_decay`
    # before each new decision is added (1.0: the cumulative mean).
    small_prior_floor: float = 0.0
    small_prior_decay: float = 1.0
    # Eleventh pass (docs/bench/clustering.md): the running mean of the prior shift covers only the small-story
    # decisions of the last `small_prior_window_days` days of stream time (undated articles advance the clock by
    # 1/`undated_per_day`); None: since the stream began. Ignored when `small_prior_decay` != 1.
    small_prior_window_days: float | None = None
    # Cross-lingual e5 term of the small-story check (ninth pass): when the story judged by the small-story
    # check has no article in the arriving article's language (the cross flag), the check's log-odds z
    # (before the prior shift) become a*z + b*e5 + c, (a, b, c) = `xling_coef`, e5 = the best cosine of the
    # article's title + lead to the story members' under the `xling_backend` embeddings (multilingual-e5-small),
    # computed lazily, for such decisions only. None: no such term (the check as before).
    xling_coef: tuple[float, float, float] | None = None
    xling_backend: str = "e5"
    # Monolingual e5 term (tenth pass, docs/bench/clustering.md): for a small-story decision whose check
    # probability after the prior shift lies in `mono_band` = [lo, hi], the log-odds before the shift gain
    # b*e5 + c, (b, c) = `mono_coef` (the e5 calibration at cross = 0 minus its prior log-odds: a naive-Bayes
    # update), e5 as for `xling_coef`. None: no such term.
    mono_band: tuple[float, float] | None = None
    mono_coef: tuple[float, float] | None = None

    @property
    def small_uses_chars(self) -> bool:
        """Whether the small-story check weighs the character n-gram cosine (else no signatures are kept)."""
        return self.small_coef is not None and any(abs(x) > 0.0 for x in self.small_coef[1:3])

    @property
    def uses_xling(self) -> bool:
        """Whether the small-story check has the cross-lingual e5 term."""
        return self.small_coef is not None and self.xling_coef is not None

    @property
    def uses_mono(self) -> bool:
        """Whether the small-story check has the monolingual e5 term for uncertain decisions."""
        return self.small_coef is not None and self.mono_band is not None and self.mono_coef is not None

    def small_proba(self, logit: np.ndarray, char_cos: np.ndarray, cross: np.ndarray) -> np.ndarray:
        """Join probability of the small-story check (`small_coef` must be set)."""
        assert self.small_coef is not None
        a, b, c, d = self.small_coef
        z = a * logit + b * char_cos + c * char_cos * cross + d * cross + self.small_intercept
        return sigmoid(z)

    def rank(self, X: np.ndarray, gap_days: np.ndarray | None = None) -> np.ndarray:
        """Scores that order the candidates (higher = better)."""
        if self.rank_coef is None:
            return self.proba(X, gap_days)
        z = X @ np.asarray(self.rank_coef, dtype=np.float64)
        if gap_days is not None:
            z = z - self.decay(gap_days)
        return z

    def logits(self, X: np.ndarray) -> np.ndarray:
        z = X @ np.asarray(self.coef, dtype=np.float64) + self.intercept
        if self.single_coef is not None and len(X):
            single = X[:, FEATURES.index("singleton")] > 0.5
            if single.any():
                z = np.where(single, X @ np.asarray(self.single_coef, dtype=np.float64) + self.single_intercept, z)
        return z

    def decay(self, gap_days: np.ndarray) -> np.ndarray:
        return self.decay_per_week * np.maximum(0.0, gap_days - self.decay_grace_days) / 7.0

    def proba(self, X: np.ndarray, gap_days: np.ndarray | None = None) -> np.ndarray:
        z = self.logits(X)
        if gap_days is not None:
            z = z - self.decay(gap_days)
        return sigmoid(z)

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "coef": list(self.coef), "intercept": self.intercept,
                "threshold": self.threshold, "decay_grace_days": self.decay_grace_days,
                "decay_per_week": self.decay_per_week, "meta": self.meta,
                "rank_coef": list(self.rank_coef) if self.rank_coef is not None else None,
                "single_coef": list(self.single_coef) if self.single_coef is not None else None,
                "single_intercept": self.single_intercept, "converge_threshold": self.converge_threshold,
                "small_features": list(SMALL_FEATURES),
                "small_coef": list(self.small_coef) if self.small_coef is not None else None,
                "small_intercept": self.small_intercept, "small_threshold": self.small_threshold,
                "small_max_size": self.small_max_size, "small_prior": self.small_prior,
                "small_prior_weight": self.small_prior_weight,
                "xling_coef": list(self.xling_coef) if self.xling_coef is not None else None,
                "xling_backend": self.xling_backend,
                **({"mono_band": list(self.mono_band), "mono_coef": list(self.mono_coef)}
                   if self.mono_band is not None and self.mono_coef is not None else {}),
                **({"small_prior_window_days": self.small_prior_window_days}
                   if self.small_prior_window_days is not None else {})}

    @classmethod
    def from_json(cls, d: dict) -> "JoinModel":
        if list(d.get("features", [])) != list(FEATURES):
            raise ValueError("join model was fitted on other features; refit with bench/cluster.py fit")
        return cls(tuple(float(x) for x in d["coef"]), float(d["intercept"]), float(d.get("threshold", 0.5)),
                   float(d.get("decay_grace_days", 3.0)), float(d.get("decay_per_week", 1.0)), dict(d.get("meta", {})),
                   tuple(float(x) for x in d["rank_coef"]) if d.get("rank_coef") else None,
                   tuple(float(x) for x in d["single_coef"]) if d.get("single_coef") else None,
                   float(d.get("single_intercept", 0.0)),
                   float(d["converge_threshold"]) if d.get("converge_threshold") is not None else None,
                   small_coef=(tuple(float(x) for x in d["small_coef"])
                               if d.get("small_coef") and list(d.get("small_features", [])) == list(SMALL_FEATURES) else None),
                   small_intercept=float(d.get("small_intercept", 0.0)),
                   small_threshold=float(d.get("small_threshold", 0.5)), small_max_size=int(d.get("small_max_size", 2)),
                   small_prior=float(d["small_prior"]) if d.get("small_prior") is not None else None,
                   small_prior_weight=float(d.get("small_prior_weight", 20.0)),
                   xling_coef=(tuple(float(x) for x in d["xling_coef"])  # type: ignore[arg-type]
                               if d.get("xling_coef") and len(d["xling_coef"]) == 3 else None),
                   xling_backend=str(d.get("xling_backend") or "e5"),
                   mono_band=(tuple(float(x) for x in d["mono_band"])  # type: ignore[arg-type]
                              if d.get("mono_band") and len(d["mono_band"]) == 2 else None),
                   mono_coef=(tuple(float(x) for x in d["mono_coef"])  # type: ignore[arg-type]
                              if d.get("mono_coef") and len(d["mono_coef"]) == 2 else None),
                   small_prior_window_days=(float(d["small_prior_window_days"])
                                            if d.get("small_prior_window_days") is not None else None))

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


# A hand-set fallback, used only when no fitted model ships (e.g. before `fit`).
FALLBACK = JoinModel(coef=(6.0, 2.0, 4.0, 3.0, -1.0, 2.0, 0.0, 4.0, 0.0), intercept=-7.5)


@lru_cache(maxsize=8)
def load(path: str | None = None, backend: str | None = None) -> JoinModel:
    """The shipped join model for an embedding backend (``None``/"use": join.json)."""
    p = Path(path) if path else model_path(backend)
    if not p.is_file():
        return FALLBACK
    return JoinModel.from_json(json.loads(p.read_text(encoding="utf-8")))


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def sigmoid(z):
    """The logistic function (inverse of `logit`), clipped; on a float or an array."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))
