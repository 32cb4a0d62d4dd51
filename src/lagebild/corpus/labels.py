"""Readable labels for stories and storylines: key entities + key terms.

A label is ``"<entities> — <terms>"``. The clusterer's aggregates hold sums of the members' unit TF-IDF
vectors (``Aggregate.ents`` / ``.terms``, IDF as of each member's arrival). Ranked by that weight alone,
every story of a storyline led with the same names ("Russland, Nordkorea, Wladimir Putin"). With the
clusterer's document frequencies (``df``, `features.DocFreq`, kept incrementally) the ranking is by how
characteristic a key is of the story against the whole corpus: weight x IDF(now)^``idf_power`` (a class-based
TF-IDF); the most central entity (largest weight) may still lead. In a single-article story a term that occurs
there once says little: its term-frequency proxy (weight / IDF) is below ``once_ratio`` x the median.
Figures and the choice of the shipped `Ranking`: docs/bench/labels.md (bench/labels.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .cluster_state import Aggregate
from .features import DocFreq, Vec, top_keys


@dataclass(frozen=True)
class Ranking:
    """How keys are ranked when the corpus document frequencies are known (see the module docstring)."""

    idf_power: float = 1.0  # 0: the aggregate's weight alone (the ranking without ``df``)
    lead: bool = True  # the most central entity (largest weight) first, the others by characteristic score
    once_ratio: float = 1.3  # single-article stories: drop terms whose TF proxy < ratio x the median (0: off)
    title: float = 0.0  # extra weight of the members' title vectors in the term score
    names_only: bool = True  # languages that capitalise nouns: only name-like keys (`_namelike`) get the IDF factor


# Languages whose capitalised words are not mostly names: every noun is capitalised, so the clusterer's entity
# proxy holds common nouns ("Kampf", "Themen") beside the names (a fact of the orthography, not a tuned value).
NOUNS_CAPITALISED = frozenset({"de", "lb"})


RANKING = Ranking(idf_power=1.0, lead=True, once_ratio=1.3, title=1.0, names_only=True)  # chosen: docs/bench/labels.md
PLAIN = Ranking(idf_power=0.0, lead=False, once_ratio=0.0, title=0.0, names_only=False)  # the ranking before issue #9


def _ranked(v: Vec, n: int, df: DocFreq | None, rk: Ranking, extra: Vec | None = None,
            gate: Callable[[str], bool] | None = None) -> list[str]:
    """The ``n`` best keys of ``v`` by weight x IDF^power (only keys passing ``gate`` get the IDF factor;
    ties by key: deterministic)."""
    if df is None or (rk.idf_power == 0.0 and not (extra and rk.title)):
        return top_keys(v, n)
    p, t = rk.idf_power, rk.title
    scored = {k: (w + (t * extra.get(k, 0.0) if extra and t else 0.0))
              * (df.idf(k) ** p if p and (gate is None or gate(k)) else 1.0) for k, w in v.items()}
    return top_keys(scored, n)


def _frequent(agg: Aggregate, df: DocFreq | None, rk: Ranking) -> Vec:
    """The story's terms without those a single-article story names only once (TF proxy = weight / IDF(now),
    compared with the median over all its terms, most of which occur once)."""
    if df is None or not rk.once_ratio or agg.size != 1 or len(agg.terms) < 8:
        return agg.terms
    proxy = {k: w / df.idf(k) for k, w in agg.terms.items()}
    vals = sorted(proxy.values())
    bar = rk.once_ratio * vals[len(vals) // 2]
    return {k: w for k, w in agg.terms.items() if proxy[k] >= bar}


@lru_cache(maxsize=50_000)
def _dictionary_word(surface: str, lang: str) -> bool:
    """Whether simplemma's dictionary for ``lang`` knows the word (a German noun such as "Kampf", "Themen")."""
    import simplemma

    try:
        return bool(simplemma.is_known(surface, lang=lang) or simplemma.is_known(surface.lower(), lang=lang))
    except (ValueError, KeyError):  # pragma: no cover - unsupported language code
        return False


def _namelike(key: str, surface: str, lang: str | None) -> bool:
    """A key the corpus ranking may promote: a known place (``E:LOC:``) or a word no dictionary of the story's
    language knows ("Wostotschny", "Peskow", "CSIS"). The clusterer's entity proxy also holds capitalised
    common nouns (every German noun); those keep their plain weight."""
    if key.startswith("E:LOC:"):
        return True
    return not (lang and _dictionary_word(surface, lang))


def _main_lang(agg: Aggregate) -> str | None:
    return max(agg.langs, key=lambda k: (agg.langs[k], k)) if agg.langs else None


def key_entities(agg: Aggregate, k: int = 4, df: DocFreq | None = None, ranking: Ranking | None = None) -> list[str]:
    """The story's ``k`` key entities (surface forms); with ``df`` the most characteristic ones."""
    rk = RANKING if ranking is None else ranking
    if df is not None and rk.names_only and (lang := _main_lang(agg)) in NOUNS_CAPITALISED:
        keys = _ranked(agg.ents, 3 * k, df, rk, gate=lambda key: _namelike(key, agg.surfaces.get(key, key[2:]), lang))
    else:
        keys = _ranked(agg.ents, 3 * k, df, rk)
    if df is not None and rk.lead and agg.ents:
        central = top_keys(agg.ents, 1)[0]
        keys = [central] + [x for x in keys if x != central]
    out: list[str] = []
    seen: set[str] = set()
    for key in keys:
        name = agg.surfaces.get(key, key.removeprefix("E:"))
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


_DERIVED = ("er", "ern", "erin", "isch", "ische", "ischen", "ian", "ese", "ais", "aise", "ien", "ienne", "ois", "oise")  # adjective/demonym endings


def key_terms(agg: Aggregate, k: int = 4, exclude: list[str] | None = None, df: DocFreq | None = None,
              ranking: Ranking | None = None, names: list[str] | None = None) -> list[str]:
    """The story's top terms that are not (part of) a name already shown or known in the story
    ("jong" of "Kim Jong Un", "putin"), nor too short to say anything ("eng"); with ``df`` the most
    characteristic ones, and in a single-article story none it names only once."""
    rk = RANKING if ranking is None else ranking
    skip = {e.lower() for e in (exclude or [])} | _label_stopwords()
    for name in list(exclude or []) + (_name_surfaces(agg, df, rk) if names is None else names):
        skip.update(w.lower() for w in re.split(r"[\s-]+", name) if w)
        skip.update(w.lower() for w in name.split())  # "jong-un" as one term
    out: list[str] = []
    for key in _ranked(_frequent(agg, df, rk), 6 * k, df, rk, agg.title):
        if key in skip or len(key) < 4 or key.rstrip("s") in skip:
            continue
        if names is not None and any(key.endswith(x) and key[: -len(x)] in skip for x in _DERIVED):
            continue  # "koblenzer" beside "Koblenz" (the NER path only)
        if "-" in key and all(p in skip for p in key.split("-") if p):  # "jong-un" when "Jong", "un" are name parts
            continue
        out.append(key)
        if len(out) >= k:
            break
    return out


def _name_surfaces(agg: Aggregate, df: DocFreq | None, rk: Ranking) -> list[str]:
    """The surfaces whose words are names, not terms: all of them without ``df`` (or with ``names_only``
    off); else the name-like ones (`_namelike`) and those of the story's top entities by weight (Kim, Jong),
    so that a German noun the entity proxy holds ("Kampf", "Raumfahrtzentrum") may be a key term."""
    lang = _main_lang(agg)
    if df is None or not rk.names_only or lang not in NOUNS_CAPITALISED:
        return list(agg.surfaces.values())
    top = set(top_keys(agg.ents, 12))
    return [sf for key, sf in agg.surfaces.items() if key in top or _namelike(key, sf, lang)]


def label(agg: Aggregate, k_ents: int = 3, k_terms: int = 3, names: dict[str, str] | None = None,
          shown: list[str] | None = None, df: DocFreq | None = None, ranking: Ranking | None = None) -> str:
    """e.g. ``"Putin, Kim, Nordkorea — beistandspakt, pjöngjang, abkommen"``; with ``names``
    (see `learn_names`) the entities by their full names: ``"Wladimir Putin, Kim Jong-un, …"``.
    ``shown``: `key_entities(agg, k_ents + 2, df)` when the caller has it already. ``df``: the
    clusterer's document frequencies (keys ranked against the corpus; without it by weight alone)."""
    shown = key_entities(agg, k_ents + 2, df, ranking) if shown is None else shown[: k_ents + 2]
    ents = full_names(shown, names or {})[:k_ents]
    terms = key_terms(agg, k_terms, exclude=ents, df=df, ranking=ranking)
    if ents and terms:
        return f"{', '.join(ents)} — {', '.join(terms)}"
    return ", ".join(ents or terms) or agg.id


def named_fields(agg: Aggregate, names: dict[str, str], candidates: list[tuple[str, str, int]],
                 df: DocFreq | None = None) -> tuple[str, list[str], list[str]]:
    """A story's or storyline's (label, key entities, key terms) by full names: ``names`` first
    learns from an article's resolved entities ``candidates`` (see `learn_names`)."""
    shown = key_entities(agg, 6, df)
    learn_names(names, shown, candidates)
    ents = full_names(shown, names)[:4]
    return label(agg, names=names, shown=shown, df=df), ents, key_terms(agg, exclude=ents, df=df)


def relabel_due(n_docs: int) -> bool:
    """Whether the article that brings the corpus to ``n_docs`` documents also relabels the other stories of
    its storyline: when the corpus has just doubled (``n_docs`` a power of two, from 2). Labels rank keys
    against the corpus, and a story that gets no new article would otherwise keep the label of a much smaller
    corpus. The rule depends on the corpus size only (not on what a process remembers), so a resumed or
    re-run ingest stores the same labels; each storyline is refreshed O(log N) times in all."""
    return n_docs >= 2 and n_docs & (n_docs - 1) == 0


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


# -- the entity part from the story's NER entities (the product path; issue #9) ------------------------------
# The clusterer's entity proxy (capitalised tokens) holds every German noun ("Drehleiter", "Eintreffen"); at
# ingest each article has real NER entities, resolved to canonical names. A story row keeps their counts
# (``NerCounts``: canonical name -> [type, articles naming it, mentions]; bounded, see `add_ner`) and the label's
# entity part ranks them; the proxy ranking above stays the fallback (no NER entities, `stories_summary`).

NerCounts = dict[str, list]  # canonical name -> [type, articles, mentions]
NER_CAP = 40  # entities kept per story (the most named ones): the cost per article stays flat


@dataclass(frozen=True)
class NerRanking:
    """score = articles x (1 + mentions / articles)^``mentions`` x IDF^``idf_power`` (IDF: the clusterer's
    document frequency of the name's tokens, averaged), for the entity types ``types``."""

    idf_power: float = 1.0
    mentions: float = 0.0
    types: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")
    min_articles_share: float = 0.0  # stories of >= 3 articles: only names in >= this share of its articles
    term_skip: str = "proxy"  # terms never words of: "chosen" the shown names, "ner" any counted name, "proxy" + names as before
    k: int = 3  # entities in the label


NER_RANKING = NerRanking(idf_power=0.5, mentions=1.0, term_skip="ner", k=3)  # chosen on de-tune: docs/bench/labels.md


def add_ner(counts: NerCounts, cands: list[tuple[str, str, int]], cap: int = NER_CAP) -> NerCounts:
    """``counts`` with one more article's resolved entities ``cands`` = (canonical name, type, mentions), each
    name counted once per article; then only the ``cap`` most named entities (articles, mentions, name)."""
    seen: dict[str, tuple[str, str, int]] = {}  # spelling key -> (name, type, mentions): once per article
    for name, typ, n in cands:
        if name and name.strip():
            nm, t, m = seen.get(_spelling_key(name), (name, typ, 0))
            seen[_spelling_key(name)] = (nm, t, m + int(n))
    out = {k: list(v) for k, v in counts.items()}
    same = {_spelling_key(k): k for k in out}
    for name, typ, n in seen.values():
        name = same.setdefault(_spelling_key(name), name)  # "Kim Jong Un" counts as the "Kim Jong-un" kept first
        row = out.setdefault(name, [typ, 0, 0])
        row[1] += 1
        row[2] += n
    return _capped(out, cap)


@lru_cache(maxsize=50_000)
def _spelling_key(name: str) -> str:
    from .names import name_key

    return name_key(name) or name.lower()


def merge_ner(a: NerCounts, b: NerCounts, cap: int = NER_CAP) -> NerCounts:
    """The counts of two stories that became one."""
    out = {k: list(v) for k, v in a.items()}
    same = {_spelling_key(k): k for k in out}
    for name, (typ, arts, ments) in b.items():
        row = out.setdefault(same.setdefault(_spelling_key(name), name), [typ, 0, 0])
        row[1] += arts
        row[2] += ments
    return _capped(out, cap)


def _capped(counts: NerCounts, cap: int) -> NerCounts:
    if len(counts) <= cap:
        return counts
    keep = sorted(counts, key=lambda k: (-counts[k][1], -counts[k][2], k))[:cap]
    return {k: counts[k] for k in keep}


def valid_ner(raw: object) -> NerCounts:
    """Stored counts as read back from JSON (anything malformed dropped)."""
    out: NerCounts = {}
    if isinstance(raw, dict):
        for k, v in raw.items():
            if isinstance(k, str) and isinstance(v, list) and len(v) == 3 and isinstance(v[1], int) and isinstance(v[2], int):
                out[k] = [str(v[0]), v[1], v[2]]
    return out


def _name_idf(name: str, lang: str | None, df: DocFreq) -> float:
    from .features import _single_key
    from .names import tokens

    toks = [t for t in tokens(name) if t[:1].isalpha()]
    if not toks:
        return 1.0
    return sum(df.idf("E:" + _single_key(t, t, lang)) for t in toks) / len(toks)


def ner_entities(counts: NerCounts, k: int = 4, df: DocFreq | None = None, lang: str | None = None,
                 ranking: NerRanking | None = None, size: int = 0) -> list[str]:
    """The story's ``k`` most characteristic NER entities (canonical names; a name whose words are all in a
    name ranked higher is left out: "Putin" beside "Wladimir Putin")."""
    rk = NER_RANKING if ranking is None else ranking
    items = [(n, v) for n, v in counts.items() if v[0] in rk.types]
    if rk.min_articles_share and size >= 3:
        items = [(n, v) for n, v in items if v[1] >= rk.min_articles_share * size] or items

    def score(n: str, v: list) -> float:
        s = v[1] * (1.0 + v[2] / max(1, v[1])) ** rk.mentions
        if df is not None and rk.idf_power:
            s *= _name_idf(n, lang, df) ** rk.idf_power
        return s

    ranked = sorted(items, key=lambda nv: (-score(*nv), -nv[1][1], -nv[1][2], nv[0]))
    out: list[str] = []
    keys: list[frozenset[str]] = []
    for name, _ in ranked:
        nk = _name_keys(name)
        if not nk or any(nk <= o for o in keys):
            continue
        out.append(name)
        keys.append(nk)
        if len(out) >= k:
            break
    return out


def ner_fields(agg: Aggregate, counts: NerCounts, df: DocFreq | None = None,
               ranking: NerRanking | None = None) -> tuple[str, list[str], list[str]] | None:
    """(label, key entities, key terms) with the entity part from the NER ``counts``; None without any."""
    rk = NER_RANKING if ranking is None else ranking
    ents = ner_entities(counts, 4, df, _main_lang(agg), rk, agg.size)
    if not ents:
        return None
    names = None if rk.term_skip == "proxy" else (list(counts) if rk.term_skip == "ner" else [])
    terms = key_terms(agg, exclude=ents, df=df, names=names)  # no word of the chosen names ("koblenz" beside "Koblenz")
    shown, lab_terms = ents[: rk.k], terms[:3]
    text = f"{', '.join(shown)} — {', '.join(lab_terms)}" if lab_terms else ", ".join(shown)
    return text, ents, terms
