"""Extractive multi-document summary: MMR over claims, weighted by corroboration.

Relevance of a claim = similarity to the story centroid, boosted by its number of
independent sources and by lead position; redundancy = max similarity to what is
already chosen (Carbonell & Goldstein 1998). Every chosen sentence keeps its
claim's supporting articles as citations.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..model import Document

LAMBDA = 0.7


def mmr_select(claims: Sequence, docs: Sequence[Document], k: int = 6, *, lam: float = LAMBDA, max_words: int | None = None) -> list:
    """Up to ``k`` claims by MMR, in reading order; with ``max_words``, stop once the
    chosen sentences reach that many words (the sentence that crosses it is kept only
    if it brings the total closer to the budget)."""
    if not claims:
        return []
    from ..embed import encode

    pool = list(claims)[:300]
    emb = encode([c.text for c in pool])
    centroid = emb.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    pos = {}
    for d in docs:
        for c in pool:
            if c.doc_id == d.doc_id:
                idx = d.text.find(c.text)
                pos[c.claim_id] = idx / max(1, len(d.text)) if idx >= 0 else 0.5
    rel = emb @ centroid
    rel = rel + 0.08 * np.log1p([c.independent - 1 for c in pool]) + 0.05 * np.array([len(c.supports) > 1 for c in pool]) + 0.1 * (1 - np.array([pos.get(c.claim_id, 0.5) for c in pool]))
    chosen: list[int] = []
    words = 0
    while len(chosen) < min(k, len(pool)):
        if max_words is not None and words >= max_words:
            break
        best, best_s = -1, -1e9
        for i in range(len(pool)):
            if i in chosen:
                continue
            red = max((float(emb[i] @ emb[j]) for j in chosen), default=0.0)
            s = lam * float(rel[i]) - (1 - lam) * red
            if s > best_s:
                best, best_s = i, s
        n = len(pool[best].text.split())
        if max_words is not None and chosen and words + n > max_words and (words + n - max_words) > (max_words - words):
            break
        chosen.append(best)
        words += n
    # present in reading order of their first article
    order = {d.doc_id: n for n, d in enumerate(docs)}
    chosen.sort(key=lambda i: (order.get(pool[i].doc_id, 0), pos.get(pool[i].claim_id, 0.5)))
    return [pool[i] for i in chosen]


def lead_baseline(docs: Sequence[Document], k: int = 6) -> list[str]:
    out = []
    for d in docs:
        for s in d.sentences[:k]:
            out.append(d.text[s.start : s.end])
    return out[:k]
