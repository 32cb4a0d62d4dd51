"""Name keys that survive spelling, transliteration and inflection.

`name_key` folds a surface form to a transliteration-neutral key so that German,
English and French spellings of Russian, Korean, Arabic and Chinese names meet:

    Tichonow / Tikhonov -> tikhonov      Peskow / Peskov -> peskov
    Pjöngjang / Pyongyang -> pyongyang   Kim Jong-un / Kim Jong Un -> kim yong un
    Schoigu / Shoigu -> shoygu           Lawrow / Lavrov -> lavrov

The folding is deliberately lossy (both sides are folded the same way), and the
merge decision (`same_name`) compares token by token with a fuzzy ratio, so that a
typo still matches ("Pjöngang") but a different given name ("Kim Il Sung" vs
"Kim Jong Un") never does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from rapidfuzz import fuzz

# Ordered rewrite rules applied to lower-cased, diacritic-folded tokens.
# German/French transliteration conventions -> a common, English-like skeleton.
_RULES: tuple[tuple[str, str], ...] = (
    ("schtsch", "shch"),
    ("dsch", "j"),  # Ahmadinedschad / Ahmadinejad
    ("q", "k"),  # Al-Qaida / Al-Kaida
    ("tsch", "ch"),
    ("sch", "sh"),
    ("dj", "j"),
    ("ch", "kh"),  # German/French "ch" (Tichonow, Chruschtschow) ~ English "kh"
    ("khh", "kh"),
    ("ou", "u"),  # French Poutine
    ("ph", "f"),
    ("ck", "k"),
    ("ts", "z"),
    ("tz", "z"),
    ("w", "v"),
    ("j", "y"),
    ("ie", "i"),
    ("yy", "y"),
    ("iy", "i"),
    ("ey", "ei"),
    ("ei", "e"),
    ("ay", "ai"),
    ("oy", "oi"),
    ("i", "y"),  # i/y alternate in transliterations (Shoigu/Shoygu, Dmitri/Dmitry)
    ("ss", "s"),
    ("ll", "l"),
    ("ff", "f"),
    ("nn", "n"),
    ("mm", "m"),
    ("tt", "t"),
    ("e", "e"),
)
# "shch" produced above must survive the "ch" -> "kh" rule: protect it.
_PROTECT = {"shch": "\x01"}

_UMLAUT = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe"}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# German inflection on names: genitive -s (Putins, Kim Jong Uns), -' after s/x/z.
_GENITIVE = re.compile(r"(?<=[a-zäöüß])s$")


def fold(text: str) -> str:
    text = text.casefold()
    text = "".join(_UMLAUT.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def token_key(tok: str) -> str:
    t = fold(tok)
    t = t.replace("shch", "\x01").replace("schtsch", "\x01")
    for a, b in _RULES:
        if a == "shch":
            continue
        t = t.replace(a, b)
    t = t.replace("\x01", "shch")
    # collapse vowel doubling and a trailing -ov/-ow/-off family
    t = re.sub(r"(.)\1+", r"\1", t)
    t = re.sub(r"(ov|of|off)$", "ov", t)
    return t


def tokens(name: str) -> list[str]:
    return _TOKEN.findall(name)


def name_key(name: str) -> str:
    """Transliteration-neutral key of a whole name ("Kim Jong-un" -> "kym yong un")."""
    return " ".join(token_key(t) for t in tokens(name))


def strip_genitive(name: str, known: set[str] | None = None) -> str:
    """"Putins" -> "Putin", "Kim Jong Uns" -> "Kim Jong Un" (only when the base is known or the form is clearly genitive)."""
    toks = name.rsplit(" ", 1)
    last = toks[-1]
    if (len(last) > 4 or (len(toks) > 1 and len(last) >= 3)) and _GENITIVE.search(last):
        base = (toks[0] + " " if len(toks) > 1 else "") + last[:-1]
        if known is None or base in known or name_key(base) in known:
            return base
    if last.endswith("’") or last.endswith("'"):
        return name[:-1]
    return name


def token_similarity(a: str, b: str) -> float:
    """Similarity of two token keys: Jaro-Winkler, strict for short tokens."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) <= 3:
        # short syllables (Korean given names): one vowel may differ (Son/Sun), nothing else
        cons = lambda s: re.sub(r"[aeiouy]", "", s)  # noqa: E731
        return 0.9 if len(a) == len(b) and cons(a) == cons(b) and cons(a) else 0.0
    return JaroWinkler.similarity(a, b)


def same_name(a: str, b: str, *, threshold: float = 0.88) -> float:
    """Score in [0, 1] that two full names denote the same entity (same token count or subset).

    Every token of the shorter name must match a distinct token of the longer one, in
    order; the longer may have at most one extra token (a middle name). Different
    given names ("Kim Il Sung" vs "Kim Jong Un") fail because "il"/"yong" do not match.
    """
    ta, tb = name_key(a).split(), name_key(b).split()
    if not ta or not tb:
        return 0.0
    if "".join(ta) == "".join(tb):  # hyphen/space variants: "Kim Jong-un" vs "Kim Jongun"
        return 1.0
    if len(ta) > len(tb):
        ta, tb = tb, ta
    if len(tb) - len(ta) > 1 or (len(ta) == 1 and len(tb) > 1):
        return 0.0
    j = 0
    scores = []
    for t in ta:
        best = 0.0
        while j < len(tb):
            s = token_similarity(t, tb[j])
            j += 1
            if s >= threshold:
                best = s
                break
        if best == 0.0:
            return 0.0
        scores.append(best)
    whole = fuzz.ratio(" ".join(ta), " ".join(tb)) / 100.0
    return min(1.0, 0.7 * (sum(scores) / len(scores)) + 0.3 * whole)
