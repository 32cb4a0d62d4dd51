"""Article representation for story clustering: pure functions, no state.

An article becomes
- ``terms``: lemmatised content words (title counted twice), sublinear TF x IDF,
  L2-normalised; IDF comes from an incrementally updated, hashed document
  frequency table (`DocFreq`), so nothing has to be fitted up front;
- ``title``: the same for the title alone;
- ``ents``: entity keys (canonical IDs from the entity stage when given, else
  capitalised non-initial tokens as a cheap proxy), TF x IDF, L2-normalised.
  Two key schemes for the proxy (`StoryClusterer.ent_keys`, recorded in its state):
  1 = the lower-cased lemma (states saved before session 4); 2 (the default, ``ENT_KEYS``) = language-neutral keys
  (`neutral_ents`): a place known to CLDR becomes its `exonyms.place_key` (Moskau /
  Moscou / Moscow -> ``E:LOC:moscov``, also two- and three-word names: "Corée du Nord"
  = "Nordkorea"), any other name token its transliteration-neutral `names.token_key`
  with a few more folds (`name_token_key`: Putin / Poutine, Schoigu / Choïgou); German
  genitive -s is dropped when the stem is a name of the same article. Scheme 2 is the
  default with the join model fitted on scheme 1 (a refit on it did not improve
  cross-lingual joins; the lead's decision and its evidence: docs/bench/clustering.md,
  "eighth pass");
- ``emb``: a multilingual sentence embedding of title + lead
  (`lagebild.embed.encode`), computed by the caller in batches or lazily.

Language-specific word lists live in ``lagebild.lang.<lang>.stories``.
"""

from __future__ import annotations

import base64
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import lang as langdata

MAX_BODY_CHARS = 4000  # the lead carries the story; bounded cost on huge inputs
MAX_TOKENS = 700
LEAD_CHARS = 600  # for embeddings: title + lead
HASH_BITS = 20
_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?", re.UNICODE)
_SENT_PUNCT = frozenset(".!?:\n")
_LEMMA_LANGS = {"de", "en", "fr", "es", "it", "pt", "nl", "pl", "ru", "tr"}


Vec = dict[str, float]


@lru_cache(maxsize=16)
def stopwords(lang: str | None) -> frozenset[str]:
    mod = langdata.get(lang, "stories")
    words: frozenset[str] = getattr(mod, "STOPWORDS", frozenset()) if mod else frozenset()
    if lang not in ("en",):  # English function words are common in every stream
        en = langdata.get("en", "stories")
        words = words | (getattr(en, "STOPWORDS", frozenset()) if en else frozenset())
    return words


@lru_cache(maxsize=200_000)
def _lemma(token: str, lang: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(token, lang=lang)
    except (ValueError, KeyError):  # pragma: no cover - unsupported language code
        return token


@lru_cache(maxsize=16)
def non_entity_suffixes(lang: str | None) -> tuple[str, ...]:
    mod = langdata.get(lang, "stories")
    return tuple(getattr(mod, "NON_ENTITY_SUFFIXES", ())) if mod else ()


def bucket(key: str) -> int:
    """Stable hash bucket of a key (crc32: identical across processes)."""
    return zlib.crc32(key.encode("utf-8")) & ((1 << HASH_BITS) - 1)


# (surface, key, entity candidate, start offset, capitalised first word of a sentence)
Token = tuple[str, str, bool, int, bool]


def scan(text: str, lang: str | None, max_chars: int = MAX_BODY_CHARS, max_tokens: int = MAX_TOKENS) -> list[Token]:
    """The content words of `tokens` with their offsets and whether a capitalised word opens a sentence."""
    lg = lang if lang in _LEMMA_LANGS else None
    stop = stopwords(lang)
    suffixes = non_entity_suffixes(lang)
    out: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(text[:max_chars]):
        tok = m.group(0)
        low = tok.lower()
        gap = text[prev_end : m.start()]
        sent_start = prev_end == 0 or any(c in _SENT_PUNCT for c in gap)
        prev_end = m.end()
        if len(tok) < 2 or low in stop:
            continue
        lemma = _lemma(tok, lg) if lg else tok
        key = lemma.lower()
        if key in stop:
            continue
        ent = tok[0].isupper() and (not sent_start or (tok.isupper() and len(tok) >= 2))
        if ent and suffixes and low.endswith(suffixes) and not tok.isupper():
            ent = False
        out.append((tok, key, ent, m.start(), sent_start and tok[0].isupper()))
        if len(out) >= max_tokens:
            break
    return out


def tokens(text: str, lang: str | None, max_chars: int = MAX_BODY_CHARS,
           max_tokens: int = MAX_TOKENS) -> list[tuple[str, str, bool]]:
    """(surface, key, entity_candidate) for each content word, in order.

    ``key`` is the lower-cased lemma. A token is an entity candidate when it is
    capitalised and not the first word of a sentence (or is all-caps, >= 2 letters).
    """
    return [(t[0], t[1], t[2]) for t in scan(text, lang, max_chars, max_tokens)]


# -- language-neutral entity keys (scheme 2) -------------------------------------------------------
# The entity-key scheme of `vectorise` and of new clusterers: 1 = lower-cased lemma (the shipped join model's),
# 2 = language-neutral (`neutral_ents`; the default since session 4, see the module docstring).
ENT_KEYS = 2
_PLACE_SPAN = re.compile(r"[^\W\d_][\w\-]*(?:[ \u00a0][^\W\d_][\w\-]*){1,2}")
_VOWELS = frozenset("aeiouy")
_MAX_ENT_CHARS = 40


@lru_cache(maxsize=200_000)
def place(name: str) -> str | None:
    """`exonyms.place_key` of a name (cached: it runs per capitalised token)."""
    if len(name) > _MAX_ENT_CHARS:
        return None
    from .exonyms import place_key

    return place_key(name)


@lru_cache(maxsize=200_000)
def name_token_key(tok: str) -> str:
    """`names.token_key` folded further where transliterations still differ across de/en/fr:
    sh / kh (German sch, French ch, English sh/kh: Schoigu / Choïgou / Shoigu), z / s
    (Selenskyj / Zelensky) and a silent final -e after a consonant (Poutine / Putin)."""
    from .names import token_key

    k = token_key(tok[:_MAX_ENT_CHARS]).replace("sh", "x").replace("kh", "x").replace("z", "s")
    if len(k) > 4 and k[-1] == "e" and k[-2] not in _VOWELS:
        k = k[:-1]
    return k


def _multiword_place(text: str, start: int) -> tuple[str, int] | None:
    """(place key, end offset) of a two- or three-word CLDR place name starting at `start`
    ("North Korea", "Corée du Nord", "Vereinigte Staaten"), longest first."""
    m = _PLACE_SPAN.match(text, start)
    if m is None:
        return None
    words = m.group(0).split()
    for n in range(min(3, len(words)), 1, -1):
        name = " ".join(words[:n])
        pk = place(name)
        if pk is not None:
            end = start
            for w in words[:n]:
                end = text.index(w, end) + len(w)
            return pk, end
    return None


def _single_key(surface: str, lemma: str, lang: str | None) -> str:
    """The key of one capitalised token: its place key, else its name key (hyphenated names: see `neutral_ents`)."""
    for cand in (surface, lemma):
        pk = place(cand)
        if pk is not None:
            return pk
    if lang == "de" and len(surface) > 4 and surface[-1] == "s" and lemma.lower() == surface.lower():
        pk = place(surface[:-1])  # Russlands, Chinas
        if pk is not None:
            return pk
    return name_token_key(lemma)


def neutral_ents(text: str, lang: str | None, toks: Sequence[Token]) -> list[tuple[str, str]]:
    """Language-neutral entity keys ("E:" + key, surface) of one text's scanned tokens, in order.

    Entity candidates as `tokens` says, plus capitalised sentence-initial words that are places.
    A known place (one to three words) -> its `place` key; a hyphenated name ("Jong-un",
    "Nato-Gipfel") that is not a place -> one key per part; any other token -> `name_token_key`
    of its lemma (German genitives: `strip_genitives`)."""
    out: list[tuple[str, str]] = []
    cover = -1  # tokens before this offset belong to a multi-word place already counted
    for surf, lemma, ent, start, initial in toks:
        if start < cover or not (ent or initial):
            continue
        mw = _multiword_place(text, start)
        if mw is not None:
            out.append(("E:" + mw[0], text[start : mw[1]]))
            cover = mw[1]
            continue
        if not ent and place(surf) is None and place(lemma) is None:
            continue  # a sentence-initial word is a candidate only as a place
        if "-" in surf and place(surf) is None and place(lemma) is None:
            for part in surf.split("-"):
                if len(part) >= 2 and part[0].isalpha():
                    out.append(("E:" + _single_key(part, part, lang), part))
            continue
        out.append(("E:" + _single_key(surf, lemma, lang), surf))
    return out


def strip_genitives(ents: list[tuple[str, str]], lang: str | None) -> list[tuple[str, str]]:
    """German genitive -s of names ("Putins", "Selenskyjs"): the stem's key when the stem is itself
    a name of the same article and the lemmatiser left the form alone ("Paris" stays). Decided
    within the article only, so a key never depends on what the stream has seen."""
    if lang != "de" or not ents:
        return ents
    known = {k for k, _ in ents}
    out = list(ents)
    for i, (key, surf) in enumerate(ents):
        if key.startswith("E:LOC:") or len(surf) <= 4 or surf[-1] != "s" or not surf[-2].isalpha() or "-" in surf:
            continue
        stem = "E:" + name_token_key(surf[:-1])
        if stem in known and key == "E:" + name_token_key(surf):
            out[i] = (stem, surf[:-1])
    return out


class HashedCounts:
    """Document frequencies in ``2**BITS`` hashed buckets and the number of documents, with their
    compact state (zlib + base64). Subclasses say what a document adds."""

    BITS = HASH_BITS

    def __init__(self, n_docs: int = 0, counts: np.ndarray | None = None) -> None:
        self.n_docs = n_docs
        self.counts = counts if counts is not None else np.zeros(1 << self.BITS, dtype=np.int32)

    def state_dict(self) -> dict:
        raw = zlib.compress(self.counts.astype("<i4").tobytes(), 6)
        return {"n_docs": self.n_docs, "counts": base64.b64encode(raw).decode("ascii")}

    @classmethod
    def from_state(cls, state: dict):
        raw = zlib.decompress(base64.b64decode(state["counts"]))
        return cls(int(state["n_docs"]), np.frombuffer(raw, dtype="<i4").astype(np.int32).copy())


class DocFreq(HashedCounts):
    """Hashed document frequencies of word keys, updated one article at a time."""

    def add(self, keys: Iterable[str]) -> None:
        self.n_docs += 1
        for k in set(keys):
            self.counts[bucket(k)] += 1

    def idf(self, key: str) -> float:
        return math.log((self.n_docs + 1) / (self.counts[bucket(key)] + 1)) + 1.0


@dataclass
class ArticleVec:
    terms: Vec
    title: Vec
    ents: Vec
    emb: np.ndarray | None = None
    surfaces: dict[str, str] = field(default_factory=dict)  # entity key -> surface form


def _weigh(counts: dict[str, float], df: DocFreq) -> Vec:
    v = {k: (1.0 + math.log(c)) * df.idf(k) for k, c in counts.items()}
    n = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {k: x / n for k, x in v.items()}


def vectorise(title: str, text: str, lang: str | None, df: DocFreq, entities: Sequence[str] | None = None,
              update_df: bool = True, max_chars: int = MAX_BODY_CHARS, max_tokens: int = MAX_TOKENS,
              ent_keys: int | None = None) -> ArticleVec:
    """Represent one article; updates `df` with its terms first (incremental IDF).

    ``ent_keys``: 1 = the lower-cased lemma, 2 = language-neutral entity keys (`neutral_ents`);
    None: `ENT_KEYS`."""
    ent_keys = ENT_KEYS if ent_keys is None else ent_keys
    ttoks = scan(title or "", lang)
    btoks = scan(text or "", lang, max_chars, max_tokens)
    counts: dict[str, float] = {}
    for t in ttoks:
        counts[t[1]] = counts.get(t[1], 0.0) + 2.0
    for t in btoks:
        counts[t[1]] = counts.get(t[1], 0.0) + 1.0
    tcounts: dict[str, float] = {}
    for t in ttoks:
        tcounts[t[1]] = tcounts.get(t[1], 0.0) + 1.0
    ecounts: dict[str, float] = {}
    surfaces: dict[str, str] = {}
    if entities:
        for e in entities:
            key = "E:" + str(e)
            ecounts[key] = ecounts.get(key, 0.0) + 1.0
            surfaces.setdefault(key, str(e))
    elif ent_keys >= 2:
        ents = neutral_ents(title or "", lang, ttoks) + neutral_ents(text or "", lang, btoks)
        seen: dict[str, dict[str, int]] = {}
        for key, surf in strip_genitives(ents, lang):
            ecounts[key] = ecounts.get(key, 0.0) + 1.0
            per = seen.setdefault(key, {})
            per[surf] = per.get(surf, 0) + 1
        # one key covers inflected forms ("Nordkoreas", "Nordkorea"): show the most frequent (ties: first seen)
        surfaces = {key: max(per, key=per.__getitem__) for key, per in seen.items()}
    else:
        for surf, k, is_ent, _, _ in ttoks + btoks:
            if is_ent:
                key = "E:" + k
                ecounts[key] = ecounts.get(key, 0.0) + 1.0
                surfaces.setdefault(key, surf)
    if update_df:
        df.add(list(counts) + list(ecounts))
    return ArticleVec(_weigh(counts, df), _weigh(tcounts, df), _weigh(ecounts, df), None, surfaces)


def lead_text(title: str, text: str, chars: int = LEAD_CHARS) -> str:
    """What the embedding sees: title + the first ``chars`` (~600) characters of the body."""
    body = (text or "").strip()
    if title and body.startswith(title.strip()):
        body = body[len(title.strip()) :]
    return ((title or "").strip() + "\n" + body[:chars]).strip()


def dot(a: Vec, b: Vec) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def norm(v: Vec) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


def cosine(a: Vec, b: Vec, b_norm: float | None = None) -> float:
    nb = norm(b) if b_norm is None else b_norm
    na = norm(a)
    if na == 0.0 or nb == 0.0:
        return 0.0
    return dot(a, b) / (na * nb)


def add_into(target: Vec, v: Vec, scale: float = 1.0) -> None:
    for k, x in v.items():
        target[k] = target.get(k, 0.0) + scale * x


def prune(v: Vec, keep: int) -> Vec:
    """The `keep` largest entries (ties by key, deterministic)."""
    if len(v) <= keep:
        return v
    items = sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    return dict(items)


def top_keys(v: Vec, k: int) -> list[str]:
    return [key for key, _ in sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def encode_array(a: np.ndarray | None) -> str | None:
    if a is None:
        return None
    return base64.b64encode(np.asarray(a, dtype="<f4").tobytes()).decode("ascii")


def decode_array(s: str | None) -> np.ndarray | None:
    if s is None:
        return None
    return np.frombuffer(base64.b64decode(s), dtype="<f4").astype(np.float32).copy()
