"""The small-story check of `StoryClusterer` (fifth pass, docs/bench/clustering.md).

When the best-ranked candidate story has at most ``model.small_max_size`` articles (the pair
case: in a stream of mostly one-article stories a wrong join costs as much as a right one gains),
the join decision is a second logistic regression (`JoinModel.small_proba`) over the join model's
logit and the character 4-5-gram TF-IDF cosine of the article to the story's members
(`cluster_chars`), with cross-lingual terms. Its prior is shifted online to the stream at hand
(Saerens et al. 2002): the running mean of the adapted join probabilities of all small-story
decisions so far (pseudo-count ``model.small_prior_weight`` at the fit's share ``model.small_prior``)
replaces the fit's share in the log-odds. Everything here is language-neutral.

Cross-lingual e5 term (ninth pass, ``xling``): when the judged story has no article in the arriving
article's language, the check's log-odds are adjusted by the multilingual-e5-small cosine of the
article's title + lead to the members' (``model.xling_coef``). e5 costs ~90 ms CPU per text, so it
is computed lazily, only for such decisions: the members' lead texts are kept while the story is small
and their vectors cached on the story once computed; monolingual decisions encode nothing unless the
monolingual term below is on.

Monolingual e5 term (tenth pass, ``mono``): when the model has ``mono_band``/``mono_coef`` and the clusterer
has the term on, a monolingual small-story decision whose check probability AFTER the prior shift lies in
``mono_band`` (the uncertain band around the threshold) gets the naive-Bayes update ``mono_coef`` of the same
lazy e5 cosine to its log-odds before the shift (then the shift as usual). All other decisions are unchanged.

Windowed prior (eleventh pass, ``window``): when the model has ``small_prior_window_days`` and the clusterer has
the window on, the running sums of the prior shift keep per-day parts and drop the days older than the window
(stream time), so the shift reflects the recent news flow, not the years before it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import cluster_model
from .cluster_chars import EMPTY, CharDF, CharSig, cosine, signature
from .cluster_state import Aggregate
from .features import lead_text

# Whether new clusterers use the cross-lingual e5 term (`StoryClusterer(xling=...)` overrides; it acts only
# when the join model has `xling_coef`).
XLING = True
# Whether new clusterers use the monolingual e5 term for uncertain small-story decisions (it acts only when the
# join model has `mono_band` and `mono_coef`, as join.json has since the tenth pass); states saved without the
# flag (`small_mono`) keep it off.
MONO = True
# Whether new clusterers use the time window of the prior shift (it acts only when the join model has
# `small_prior_window_days`); states saved without the flag (`small_window`) keep the cumulative mean.
WINDOW = True


class SmallCheck:
    def __init__(self, xling: bool = False, mono: bool | None = None, window: bool | None = None) -> None:
        self.cdf = CharDF()  # character n-gram document frequencies
        self.sig: CharSig = EMPTY  # the current article's signature
        self.seen = 0.0  # small-story decisions so far
        self.mass = 0.0  # the sum of their adapted join probabilities
        self.xling = xling  # the cross-lingual e5 term on (when the model has one)
        self.lead = ""  # the current article's title + lead (kept for members of small stories)
        self.e5: np.ndarray | None = None  # its e5 vector, once a cross-lingual decision needed it
        self.e5_calls = 0  # texts encoded with e5 by this process's clusterer (a cost counter; not saved)
        self.xling_decisions = 0  # cross-lingual small-story decisions that used the e5 term (not saved)
        self.mono = MONO if mono is None else mono  # the monolingual e5 term on (when the model has one)
        self.mono_decisions = 0  # monolingual small-story decisions that used the e5 term (not saved)
        self.window = WINDOW if window is None else window  # the prior shift over a time window (when the model has one)
        self.days: dict[int, list[float]] = {}  # with the window: day -> [decisions, their summed probabilities]

    def _xling_on(self, model: cluster_model.JoinModel) -> bool:
        return self.xling and model.uses_xling

    def _mono_on(self, model: cluster_model.JoinModel) -> bool:
        return self.mono and model.uses_mono

    def _window_on(self, model: cluster_model.JoinModel) -> bool:
        return self.window and model.small_prior_window_days is not None and model.small_prior_decay == 1.0

    def _expire(self, cutoff: float) -> None:
        """Drop the days that ended before ``cutoff`` from the running sums."""
        for day in [d for d in self.days if d + 1 <= cutoff]:
            n, mass = self.days.pop(day)
            self.seen, self.mass = max(0.0, self.seen - n), max(0.0, self.mass - mass)

    def _leads_on(self, model: cluster_model.JoinModel) -> bool:
        return self._xling_on(model) or self._mono_on(model)

    def prepare(self, model: cluster_model.JoinModel, title: str, text: str) -> None:
        """Signature of the arriving article (and its document frequencies), when the model uses them."""
        if model.small_uses_chars:
            self.sig = signature(title, text)
            self.cdf.add(self.sig)
        self.e5 = None
        self.lead = lead_text(title, text) if self._leads_on(model) else ""

    def decide(self, model: cluster_model.JoinModel, best: Aggregate, x: np.ndarray, gap: float,
               p: float, now: float | None = None) -> tuple[float, float]:
        """(join probability, threshold) for the best-ranked candidate ``best`` (features ``x``,
        join-model probability ``p``); ``now``: the stream time in days (for the windowed prior)."""
        m = model
        if m.small_coef is None or best.size > m.small_max_size:
            return p, m.threshold
        c = 0.0
        if m.small_uses_chars:
            if not best.member_chars or not len(self.sig.buckets):  # e.g. a story from an older state
                return p, m.threshold
            wa = self.cdf.weights(self.sig)
            c = max(cosine(self.sig, s, self.cdf, wa) for s in best.member_chars)
        z = float(m.logits(x[None, :])[0] - m.decay(np.array([gap]))[0])
        cross = float(x[cluster_model.FEATURES.index("cross")])
        p2 = float(m.small_proba(np.array([z]), np.array([c]), np.array([cross]))[0])
        if cross > 0.5 and self._xling_on(m) and best.member_leads and self.lead:
            a, b, k = m.xling_coef  # type: ignore[misc]
            zs = a * cluster_model.logit(p2) + b * self.e5_cosine(m, best) + k
            p2 = _sigmoid(zs)
            self.xling_decisions += 1
        lpi = lpi0 = 0.0
        window = self._window_on(m) and now is not None
        if m.small_prior is not None:  # prior shift: this stream's share of joins vs the fit's
            if window:
                self._expire(now - m.small_prior_window_days)  # type: ignore[operator]
            pi0 = m.small_prior
            pi = (self.mass + m.small_prior_weight * pi0) / (self.seen + m.small_prior_weight)
            if m.small_prior_floor > 0.0:
                pi = max(pi, m.small_prior_floor * pi0)
            lpi, lpi0 = cluster_model.logit(pi), cluster_model.logit(pi0)
        if cross <= 0.5 and self._mono_on(m) and best.member_leads and self.lead:
            lo, hi = m.mono_band  # type: ignore[misc]
            if lo <= _sigmoid(cluster_model.logit(p2) + lpi - lpi0) <= hi:  # uncertain after the shift: ask e5
                b, k = m.mono_coef  # type: ignore[misc]
                p2 = _sigmoid(cluster_model.logit(p2) + b * self.e5_cosine(m, best) + k)
                self.mono_decisions += 1
        if m.small_prior is not None:
            p2 = _sigmoid(cluster_model.logit(p2) + lpi - lpi0)
            if m.small_prior_decay != 1.0:
                self.seen *= m.small_prior_decay
                self.mass *= m.small_prior_decay
            self.seen += 1.0
            self.mass += p2
            if window:
                part = self.days.setdefault(int(np.floor(now)), [0.0, 0.0])  # type: ignore[arg-type]
                part[0] += 1.0
                part[1] += p2
        return p2, m.small_threshold

    def e5_cosine(self, model: cluster_model.JoinModel, story: Aggregate) -> float:
        """Best e5 cosine of the current article's title + lead to the story members' (encoding, in one
        batch, only what is not cached: the article's vector and members' vectors not computed before)."""
        from ..embed import encode

        todo = [i for i, v in enumerate(story.member_e5) if v is None]
        texts = ([self.lead] if self.e5 is None else []) + [story.member_leads[i] for i in todo]
        if texts:
            mat = encode(texts, backend=model.xling_backend)
            self.e5_calls += len(texts)
            if self.e5 is None:
                self.e5, mat = mat[0], mat[1:]
            for row, i in enumerate(todo):
                story.member_e5[i] = mat[row]
        return max(float(np.dot(v, self.e5)) for v in story.member_e5 if v is not None)

    def keep(self, model: cluster_model.JoinModel, story: Aggregate, sig: CharSig | None) -> None:
        """After a member joined: keep the members' signatures (and, with the e5 term, their lead texts)
        while the story is small enough. ``sig`` None: a member that is not an article (no check)."""
        if not model.small_uses_chars or story.size > model.small_max_size or sig is None or not len(sig.buckets):
            story.member_chars = []
        elif len(story.member_chars) == story.size - 1:
            story.member_chars.append(sig)
        else:  # a member without a signature (e.g. after a split): no check for this story
            story.member_chars = []
        if (self._leads_on(model) and story.size <= model.small_max_size and sig is not None and self.lead
                and len(story.member_leads) == story.size - 1):
            story.member_leads.append(self.lead)
            story.member_e5.append(self.e5)
        else:
            story.member_leads, story.member_e5 = [], []

    @staticmethod
    def merged(model: cluster_model.JoinModel, keep: Aggregate, gone: Aggregate) -> None:
        if keep.size > model.small_max_size or len(keep.member_chars) != keep.size:
            keep.member_chars = []
        if keep.size > model.small_max_size or len(keep.member_leads) != keep.size:
            keep.member_leads, keep.member_e5 = [], []
        gone.member_chars = []
        gone.member_leads, gone.member_e5 = [], []

    def state_dict(self, light: bool = False) -> dict[str, Any]:
        """``light``: without the n-gram counts (the row store keeps them in rows of their own)."""
        cdf = CharDF(self.cdf.n_docs, np.zeros(1, dtype=np.int32)) if light else self.cdf
        return {"char_df": cdf.state_dict(), "small_seen": self.seen, "small_mass": self.mass, "small_mono": self.mono,
                "small_window": self.window, "small_days": [[d, n, w] for d, (n, w) in sorted(self.days.items())]}

    @classmethod
    def from_state(cls, state: dict[str, Any], xling: bool = False) -> SmallCheck:
        """From a clusterer state; states saved before the fifth pass have none of it (IDF starts afresh)."""
        obj = cls(xling, mono=bool(state.get("small_mono", False)),  # saved before the tenth pass: off
                  window=bool(state.get("small_window", False)))  # saved before the eleventh: the cumulative mean
        obj.days = {int(d): [float(n), float(w)] for d, n, w in state.get("small_days") or []}
        if state.get("char_df"):
            obj.cdf = CharDF.from_state(state["char_df"])
        obj.seen, obj.mass = float(state.get("small_seen", 0.0)), float(state.get("small_mass", 0.0))
        return obj


def _sigmoid(z: float) -> float:
    return float(cluster_model.sigmoid(z))
