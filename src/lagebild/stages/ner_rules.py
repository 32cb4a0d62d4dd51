"""Gazetteer and rule layer on top of the statistical NER model.

Works on one sentence given as the text plus token character offsets, so it can run
on Documents (real text) and on GermEval sentences (tokens joined by spaces).

Layers (each measured in docs/bench/ner.md):
1. **Lists** from ``lang/<lang>/entities.py`` (agencies, organisations, places):
   override the model where they cover exactly the same tokens, fill gaps elsewhere.
2. **CLDR** country names (babel territories) and city names (CLDR time-zone
   exemplar cities): fill gaps only.
3. **Role rule**: a role noun ("Kremlsprecher", "Außenministerin") followed by
   capitalised name tokens → PER; role words are stripped from PER mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Sequence

from .. import lang as lang_data

Ent = tuple[int, int, str]  # word start, word end (exclusive), label
RuleEnt = tuple[int, int, str, float, str]  # + confidence, source

MAX_ENTRY_TOKENS = 6
MAX_ENTRY_CHARS = 48
_NAME_TOKEN = re.compile(r"^[A-ZÄÖÜÀ-ÞĀ-Ž][a-zäöüßà-ÿā-ž']+(?:-[A-ZÄÖÜa-zäöüß][a-zäöüß']+)*$")
_WS = re.compile(r"\s+")
HEAD = 4


@dataclass(frozen=True)
class Gazetteer:
    lists: dict[str, str]  # name → label (explicit lists: may override the model)
    cldr: dict[str, str]  # name → label (gap filling only)
    roles: frozenset[str]
    not_name: frozenset[str]
    ambiguous: frozenset[str]
    prefixes: frozenset[str] = frozenset()  # first two characters of every name (fast filter)
    heads: frozenset[str] = frozenset()  # first HEAD characters of every name that long (faster filter)
    short_prefixes: frozenset[str] = frozenset()  # first two characters of the names shorter than HEAD
    family_first: frozenset[str] = frozenset()  # family names written first ("Kim", "Jo")


def _cldr_names(data: ModuleType) -> dict[str, str]:
    from ..corpus.exonyms import cldr_places

    skip = set(getattr(data, "CLDR_SKIP_TERRITORIES", ()))
    org = set(getattr(data, "CLDR_ORG_TERRITORIES", ()))
    out: dict[str, str] = {}
    for name, pid in cldr_places(getattr(data, "CLDR_LOCALE", "en")):
        kind, _, code = pid.partition(":")
        if kind == "zone":
            out.setdefault(name, "LOC")
        elif code in org:
            out[name] = "ORG"
        elif code not in skip:
            out[name] = "LOC"
    return out


@lru_cache(maxsize=8)
def gazetteer(lang: str | None) -> Gazetteer | None:
    data = lang_data.get(lang, "entities")
    if data is None:
        return None
    lists: dict[str, str] = {}
    for name in getattr(data, "PLACES", ()):
        lists[name] = "LOC"
    for name in tuple(getattr(data, "ORGANISATIONS", ())) + tuple(getattr(data, "AGENCIES", ())):
        lists[name] = "ORG"
    amb = frozenset(getattr(data, "AMBIGUOUS", ()))
    cldr = {k: v for k, v in _cldr_names(data).items() if k not in amb and k not in lists}
    return Gazetteer(
        lists=lists,
        cldr=cldr,
        roles=frozenset(getattr(data, "ROLE_WORDS", ())),
        not_name=frozenset(getattr(data, "NOT_NAME_WORDS", ())),
        ambiguous=amb,
        prefixes=frozenset(k[:2] for k in list(lists) + list(cldr)),
        heads=frozenset(k[:HEAD] for k in list(lists) + list(cldr) if len(k) >= HEAD),
        short_prefixes=frozenset(k[:2] for k in list(lists) + list(cldr) if len(k) < HEAD),
        family_first=frozenset(getattr(data, "FAMILY_NAMES_FIRST", ())),
    )


def _lookup(g: Gazetteer, key: str, use_cldr: bool) -> tuple[str, str] | None:
    for table, src in ((g.lists, "list"), (g.cldr, "cldr") if use_cldr else ({}, "")):
        if key in table:
            return table[key], src
        for ending in ("s", "es"):  # genitive: "Nordkoreas", "UN-Sicherheitsrates"
            if key.endswith(ending) and table.get(key[: -len(ending)]) in ("LOC", "ORG"):
                return table[key[: -len(ending)]], src
    return None


def _may_start(g: Gazetteer, text: str, s: int) -> bool:
    """Can a gazetteer name start at ``s``? A name of HEAD+ characters starts with one of
    `Gazetteer.heads` (keys are matched with single spaces, so a head with other
    whitespace falls back to the two-character filter); a shorter one with its prefix."""
    head = text[s : s + HEAD]
    if head in g.heads or head[:2] in g.short_prefixes:
        return True
    return (not head.isprintable() or "  " in head) and head[:2] in g.prefixes


def gazetteer_matches(text: str, toks: Sequence[tuple[int, int]], g: Gazetteer, *, use_cldr: bool = True) -> list[RuleEnt]:
    """Longest gazetteer matches on token boundaries, not inside hyphenated words."""
    out: list[RuleEnt] = []
    n = len(toks)
    i = 0
    while i < n:
        best: RuleEnt | None = None
        s = toks[i][0]
        if s > 0 and text[s - 1] == "-" or not _may_start(g, text, s):
            i += 1
            continue
        for j in range(min(n, i + MAX_ENTRY_TOKENS), i, -1):
            e = toks[j - 1][1]
            if e - s > MAX_ENTRY_CHARS:
                continue
            if e < len(text) and text[e] == "-" and e + 1 < len(text) and text[e + 1].isalnum():
                continue  # "EU-Staaten": a name part, not an entity
            key = text[s:e]
            if "  " in key or not key.isprintable():
                key = _WS.sub(" ", key)
            hit = _lookup(g, key, use_cldr)
            if hit:
                best = (i, j, hit[0], 0.9 if hit[1] == "list" else 0.75, hit[1])
                break
        if best:
            out.append(best)
            i = best[1]
        else:
            i += 1
    return out


def role_persons(text: str, toks: Sequence[tuple[int, int]], g: Gazetteer) -> list[RuleEnt]:
    """Role noun + 1–4 capitalised name tokens → PER (the role word excluded)."""
    out: list[RuleEnt] = []
    words = [text[a:b] for a, b in toks]
    i = 0
    while i < len(words) - 1:
        if words[i] in g.roles:
            j = i + 1
            while j < len(words) and j - i <= 4 and _is_name_token(words[j], g):
                j += 1
            if j > i + 1:
                out.append((i + 1, j, "PER", 0.7, "role"))
                i = j
                continue
        i += 1
    return out


def apposition_persons(text: str, toks: Sequence[tuple[int, int]], g: Gazetteer) -> list[RuleEnt]:
    """2–4 capitalised name tokens + "," + role noun → PER: "… bemerkte Leif-Eric Easley, Professor an
    der Ewha-Universität" (the role follows the name as an apposition). Two tokens at least, so a
    single capitalised noun before a comma is never taken for a name."""
    out: list[RuleEnt] = []
    words = [text[a:b] for a, b in toks]
    for k in range(2, len(words) - 1):
        if words[k] != "," or words[k + 1] not in g.roles:
            continue
        i = k
        while i > 0 and k - i < 4 and _is_name_token(words[i - 1], g) and toks[i][0] - toks[i - 1][1] <= 1:
            i -= 1
        if k - i >= 2:
            out.append((i, k, "PER", 0.6, "role"))
    return out


def _is_name_token(w: str, g: Gazetteer) -> bool:
    return bool(_NAME_TOKEN.match(w)) and w not in g.not_name and w not in g.roles and w not in g.lists and w not in g.cldr


def strip_roles(words: Sequence[str], ents: list[Ent], g: Gazetteer) -> list[Ent]:
    out = []
    for a, b, label in ents:
        while label == "PER" and b - a > 1 and words[a] in g.roles:
            a += 1
        out.append((a, b, label))
    return out


_BREAK = frozenset("()[]{}«»„“”\"‚‘’,;:|/–—")


def clean_spans(words: Sequence[str], ents: list[Ent], g: Gazetteer) -> list[Ent]:
    """Cut model entities at brackets, quotes and commas ("Wladimir Putin (Владимир Путин"
    → "Wladimir Putin"), and split "<known place> <family name> …" ("in [Pjöngjang] [Kim Jong-un]")."""
    out: list[Ent] = []
    for a, b, label in ents:
        cut = next((i for i in range(a, b) if words[i] in _BREAK), b)
        if cut == a:  # starts with a bracket: drop the leading marks
            while a < b and words[a] in _BREAK:
                a += 1
            cut = next((i for i in range(a, b) if words[i] in _BREAK), b)
        b = cut
        if a >= b or all(not w[:1].isupper() and not w[:1].isdigit() for w in words[a:b]):
            continue  # empty, or lower-case only ("russischen": a derived adjective, not a name)
        for i in range(a + 1, b):
            if words[i] in g.family_first and g.lists.get(" ".join(words[a:i])) in ("LOC", "ORG"):
                out.append((a, i, g.lists[" ".join(words[a:i])]))
                a, label = i, "PER"
                break
        out.append((a, b, label))
    return out


def fix_persons(words: Sequence[str], ents: list[Ent], g: Gazetteer) -> list[Ent]:
    """Join split person names: adjacent PER mentions, a family name written first
    ("Jo [Chun Ryong]"), a short last name part ("[Kim Jong] Un")."""
    ents = sorted(ents)
    out: list[Ent] = []
    for a, b, label in ents:
        if label == "PER":
            if out and out[-1][2] == "PER" and out[-1][1] == a:
                a = out.pop()[0]
            elif a > 0 and words[a - 1] in g.family_first and not (out and out[-1][1] > a - 1):
                a -= 1
            while words[a] in g.family_first and b < len(words) and b - a < 3 and short_name_part(words[b], g):
                if any(e[0] <= b < e[1] for e in ents):
                    break
                b += 1
        out.append((a, b, label))
    return out


def family_first_persons(words: Sequence[str], free: Sequence[bool], g: Gazetteer) -> list[RuleEnt]:
    """Untagged East Asian names written family name first, with two short given-name
    parts: "Direktor der Munitionsindustrie Jo Chun Ryong" → PER "Jo Chun Ryong".
    Given-name parts must look like names (Capitalised, 2–6 letters, not a listed word)."""
    out: list[RuleEnt] = []
    for i in range(len(words) - 2):
        parts = words[i + 1 : i + 3]
        if not (words[i] in g.family_first and all(free[i : i + 3])):
            continue
        if all(2 <= len(w) <= 6 and w[0].isupper() and w[1:].islower() and w.isalpha() and short_name_part(w, g) for w in parts):
            out.append((i, i + 3, "PER", 0.6, "role"))
    return out


def short_name_part(w: str, g: Gazetteer) -> bool:
    return 2 <= len(w) <= 8 and w[0].isupper() and w.replace("-", "").isalpha() and w not in g.not_name and w not in g.lists


def apply_rules(
    text: str,
    toks: Sequence[tuple[int, int]],
    model_ents: Sequence[Ent],
    g: Gazetteer | None,
    *,
    use_lists: bool = True,
    use_cldr: bool = True,
    use_roles: bool = True,
) -> list[RuleEnt]:
    """Merge model entities with the rule layer; returns sorted, non-overlapping entities."""
    ents: list[RuleEnt] = [(a, b, lab, 0.8, "model") for a, b, lab in model_ents]
    if g is None or not toks:
        return sorted(ents)
    words = [text[a:b] for a, b in toks]
    fixed = fix_persons(words, strip_roles(words, clean_spans(words, [e[:3] for e in ents], g), g), g)
    ents = [(a, b, lab, 0.8, "model") for a, b, lab in fixed]
    # token occupancy: which entity (index into `ents`, None = free) covers each token
    owner: list[int | None] = [None] * len(toks)
    for k, e in enumerate(ents):
        for t in range(e[0], min(e[1], len(toks))):
            owner[t] = k
    dropped: set[int] = set()

    def place(m: RuleEnt) -> None:
        ents.append(m)
        for t in range(m[0], m[1]):
            owner[t] = len(ents) - 1

    if use_roles:
        # role noun + name: trusted over a model entity that disagrees (wrong label, or
        # running past the name: "Außenministerin [Choe Son-hui Russland]")
        for m in role_persons(text, toks, g):
            over = {owner[t] for t in range(m[0], m[1])} - {None}
            if any(k in dropped for k in over):
                continue
            if any(ents[k][:3] == m[:3] for k in over if k is not None):
                continue  # the model already has exactly this person
            for k in over:
                if k is not None:
                    dropped.add(k)
                    for t in range(ents[k][0], ents[k][1]):
                        owner[t] = None
            place(m)
        for m in family_first_persons(words, [o is None for o in owner], g):
            if all(owner[t] is None for t in range(m[0], m[1])):
                place(m)
        for m in apposition_persons(text, toks, g):  # only where the model found nothing
            if all(owner[t] is None for t in range(m[0], m[1])):
                place(m)
    if use_lists or use_cldr:
        for m in gazetteer_matches(text, toks, g, use_cldr=use_cldr):
            if m[4] == "list" and not use_lists:
                continue
            over = {owner[t] for t in range(m[0], m[1])} - {None}
            if not over:
                place(m)
            elif any(ents[k][4] == "role" for k in over if k is not None):
                continue
            elif m[4] == "list" and all(m[0] <= ents[k][0] and ents[k][1] <= m[1] for k in over if k is not None):
                # the list name covers the model's entities exactly or more widely: trust the list
                dropped.update(k for k in over if k is not None)
                place(m)
            elif m[4] == "list" and len(over) == 1:
                k = next(iter(over))
                e = ents[k] if k is not None else None
                if e is not None and e[2] == "PER" and e[0] <= m[0] and m[1] <= e[1]:
                    # a "person" containing an agency or place name: "Copyright Thomson Reuters",
                    # "Raumfahrtzentrum Wostotschny" → the list's type (whole span when the name ends it)
                    dropped.add(k)
                    if m[1] == e[1]:
                        place((e[0], e[1], m[2], 0.7, "list"))
                    else:
                        for t in range(e[0], e[1]):
                            owner[t] = None
                        place(m)
    ents = [e for k, e in enumerate(ents) if k not in dropped]
    return sorted(ents)
