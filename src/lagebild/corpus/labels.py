"""Readable labels for stories and storylines: key entities + key terms."""

from __future__ import annotations

import re
from functools import lru_cache

from .cluster_state import Aggregate
from .features import top_keys


def key_entities(agg: Aggregate, k: int = 4) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for key in top_keys(agg.ents, 3 * k):
        name = agg.surfaces.get(key, key[2:] if key.startswith("E:") else key)
        low = name.lower()
        if low in seen:
            continue
        seen.add(low)
        out.append(name)
        if len(out) >= k:
            break
    return out


@lru_cache(maxsize=1)
def _label_stopwords() -> frozenset[str]:
    from .. import lang

    out: set[str] = set()
    for code in ("de", "en", "fr"):
        mod = lang.get(code, "stories")
        out |= set(getattr(mod, "LABEL_STOPWORDS", ())) if mod else set()
    return frozenset(out)


def key_terms(agg: Aggregate, k: int = 4, exclude: list[str] | None = None) -> list[str]:
    """The story's top terms that are not (part of) a name already shown or known in the story
    ("jong" of "Kim Jong Un", "putin"), nor too short to say anything ("eng")."""
    skip = {e.lower() for e in (exclude or [])} | _label_stopwords()
    for name in list(exclude or []) + list(agg.surfaces.values()):
        skip.update(w.lower() for w in re.split(r"[\s-]+", name) if w)
    out: list[str] = []
    for key in top_keys(agg.terms, 6 * k):
        if key in skip or len(key) < 4 or key.rstrip("s") in skip:
            continue
        out.append(key)
        if len(out) >= k:
            break
    return out


def label(agg: Aggregate, k_ents: int = 3, k_terms: int = 3) -> str:
    """e.g. ``"Putin, Kim, Nordkorea — beistandspakt, pjöngjang, abkommen"``."""
    ents = key_entities(agg, k_ents)
    terms = key_terms(agg, k_terms, exclude=ents)
    if ents and terms:
        return f"{', '.join(ents)} — {', '.join(terms)}"
    return ", ".join(ents or terms) or agg.id
