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
        skip.update(w.lower() for w in name.split())  # "jong-un" as one term
    out: list[str] = []
    for key in top_keys(agg.terms, 6 * k):
        if key in skip or len(key) < 4 or key.rstrip("s") in skip:
            continue
        if "-" in key and all(p in skip for p in key.split("-") if p):  # "jong-un" when "Jong", "un" are name parts
            continue
        out.append(key)
        if len(out) >= k:
            break
    return out


def label(agg: Aggregate, k_ents: int = 3, k_terms: int = 3, names: dict[str, str] | None = None,
          shown: list[str] | None = None) -> str:
    """e.g. ``"Putin, Kim, Nordkorea — beistandspakt, pjöngjang, abkommen"``; with ``names``
    (see `learn_names`) the entities by their full names: ``"Wladimir Putin, Kim Jong-un, …"``.
    ``shown``: `key_entities(agg, k_ents + 2)` when the caller has it already."""
    shown = key_entities(agg, k_ents + 2) if shown is None else shown[: k_ents + 2]
    ents = full_names(shown, names or {})[:k_ents]
    terms = key_terms(agg, k_terms, exclude=ents)
    if ents and terms:
        return f"{', '.join(ents)} — {', '.join(terms)}"
    return ", ".join(ents or terms) or agg.id


def named_fields(agg: Aggregate, names: dict[str, str], candidates: list[tuple[str, str, int]]) -> tuple[str, list[str], list[str]]:
    """A story's or storyline's (label, key entities, key terms) by full names: ``names`` first
    learns from an article's resolved entities ``candidates`` (see `learn_names`)."""
    shown = key_entities(agg, 6)
    learn_names(names, shown, candidates)
    ents = full_names(shown, names)[:4]
    return label(agg, names=names, shown=shown), ents, key_terms(agg, exclude=ents)


def _name_keys(name: str) -> frozenset[str]:
    from .names import token_key, tokens

    return frozenset(token_key(t) for t in tokens(name))


def learn_names(names: dict[str, str], shown: list[str], candidates: list[tuple[str, str, int]]) -> bool:
    """Teach ``names`` (label token, lower-cased -> full name) the full names of the tokens the
    clusterer shows (its name features are single tokens such as "Jong-un" or "Putin"), from
    an article's resolved entities ``candidates`` = (canonical name, type, mentions in the
    article): the most mentioned canonical name that contains all of the token's parts and
    is longer than it ("Jong-un" -> "Kim Jong-un", "Putin" -> "Wladimir Putin"); persons only. A token keeps
    the first full name it learnt, so a label does not flicker. Returns whether it changed."""
    changed = False
    for tok in shown:
        low = tok.lower()
        if low in names:
            continue
        want = _name_keys(tok)
        if not want:
            continue
        best = None
        for name, typ, n in candidates:
            if typ != "PER":  # places and organisations: the clusterer's token is the name ("Nordkorea")
                continue
            have = _name_keys(name)
            if want <= have and len(have) > len(want):
                rank = (n, len(have))
                if best is None or rank > best[0]:
                    best = (rank, name)
        if best is not None:
            names[low] = best[1]
            changed = True
    return changed


def full_names(shown: list[str], names: dict[str, str]) -> list[str]:
    """The label tokens by their full names, each name once ("Kim" and "Jong-un" are one person)."""
    out: list[str] = []
    seen: set[str] = set()
    for tok in shown:
        name = names.get(tok.lower(), tok)
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        out.append(name)
    keys = [_name_keys(n) for n in out]  # "Kim" beside "Kim Jong-un" says nothing more
    return [n for i, n in enumerate(out) if not any(j != i and keys[i] < keys[j] for j in range(len(out)))]
