"""Stage `language`: language identification per document and per block.

Uses lingua-language-detector restricted to a configurable set of languages
(``LAGEBILD_LANGUAGES``, comma-separated ISO 639-1 codes; default `DEFAULT_LANGUAGES`),
so that only those models are loaded (about 25 MB each in high-accuracy mode,
loaded lazily on first use, once per process).

Results are ISO 639-1 codes, or ``"und"`` (undetermined) with a low confidence when
a text has too few letters, is written in a script none of the languages uses
(Korean, Chinese, Arabic …), or no language is clearly ahead. Nothing is guessed
silently: callers check ``lang == "und"``.

Per block: each `Document.blocks` span (or each blank-line separated paragraph
when there are no blocks) gets its own language in `Document.block_langs`, so a
German article quoting an English paragraph reports that block as ``en``. Long
blocks are judged on their first `SAMPLE_CHARS` characters (lingua is certain
long before that). The document language is the length-weighted vote of its blocks.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from typing import Any, Sequence

from ..errors import ConfigError
from ..model import Document, Span
from . import register

DEFAULT_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "ru", "uk", "tr")
UND = "und"
SAMPLE_CHARS = 200  # per block; lingua is as accurate on 200 characters as on 400 (bench)
MIN_LETTERS = 3  # fewer letters than this: "und"
MIN_CONFIDENCE = 0.3  # top language below this: "und"
MIN_MARGIN = 0.1  # top minus second below this: "und"
# Unsupported languages: a text of at least SENTINEL_MIN_LETTERS letters whose top
# language is below SENTINEL_BELOW is checked against all 75 lingua languages in
# low-accuracy mode (about 70 MB, loaded on first need); if that clearly names a
# language outside the configured set, the result is "und". LAGEBILD_LANG_SENTINEL=0
# turns the check off.
SENTINEL_MIN_LETTERS = 50
SENTINEL_BELOW = 0.9
SENTINEL_SURE = 0.8
DOC_PRIOR = 4.0  # prior odds for the document's language when deciding a block

_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]")
_NON_LATIN_LETTERS = re.compile(r"[^\W\d_A-Za-zÀ-ɏḀ-ỿ]+")
_LATIN_LETTERS = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]+")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}


def configured_languages() -> tuple[str, ...]:
    """The candidate languages: ``LAGEBILD_LANGUAGES`` or `DEFAULT_LANGUAGES`."""
    raw = os.environ.get("LAGEBILD_LANGUAGES", "").strip()
    if not raw:
        return DEFAULT_LANGUAGES
    codes = tuple(dict.fromkeys(c.strip().lower() for c in raw.split(",") if c.strip()))
    if len(codes) < 1:
        raise ConfigError("LAGEBILD_LANGUAGES lists no language")
    return codes


def _detector(codes: tuple[str, ...]) -> Any:
    return _build_detector(codes, os.environ.get("LAGEBILD_LANG_ACCURACY", "high").strip().lower())


def _languages(codes: tuple[str, ...]) -> list[Any]:
    from lingua import IsoCode639_1, Language

    langs = []
    for c in codes:
        iso = getattr(IsoCode639_1, c.upper(), None)
        if iso is None:
            raise ConfigError(f"unknown language code {c!r} in LAGEBILD_LANGUAGES")
        langs.append(Language.from_iso_code_639_1(iso))
    if len(langs) == 1:  # lingua needs two candidates; the second only widens the field
        extra = "en" if codes[0] != "en" else "de"
        langs.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, extra.upper())))
    return langs


@lru_cache(maxsize=8)
def _build_detector(codes: tuple[str, ...], accuracy: str) -> Any:
    """A lingua detector for `codes`, built once per process (models load lazily)."""
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(*_languages(codes))
    if accuracy == "low":
        builder = builder.with_low_accuracy_mode()
    return builder.build()


@lru_cache(maxsize=1)
def _sentinel() -> Any:
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


# Plain ASCII, so lingua's script and character rules keep every Latin-script candidate:
# the short text loads their 1- to 5-gram models, the long one (>= 120 characters) the trigrams.
_WARM_SHORT = "Kim and Putin met"
_WARM_LONG = "The leaders of Russia and North Korea met on Wednesday in the capital and signed a treaty on mutual defence. " * 2


@lru_cache(maxsize=8)
def preload(codes: tuple[str, ...]) -> None:
    """Load the lingua models the stage needs for Latin-script text, now (once per process).

    lingua loads its n-gram models lazily: the trigram models on the first long text,
    the 1-, 2-, 4- and 5-gram models on the first text under 120 characters, the
    sentinel on the first uncertain block — about 2 CPU-seconds and 240 MB spread over
    the first articles of a worker. The stage factory pays this up front instead by
    judging two warm-up texts (models are cached process-wide by lingua); models of
    other scripts (Cyrillic) still load on first need, plain `detect` calls stay lazy.
    ``LAGEBILD_LANG_PRELOAD=0`` turns it off.
    """
    if os.environ.get("LAGEBILD_LANG_PRELOAD", "1").strip() in ("0", "false", "no", "off"):
        return
    _scores(_WARM_SHORT, codes)
    _scores(_WARM_LONG, codes)
    if _sentinel_on():
        with _LOCK:
            _sentinel().compute_language_confidence_values(_WARM_LONG[:100])


def _sentinel_on() -> bool:
    return os.environ.get("LAGEBILD_LANG_SENTINEL", "1").strip() not in ("0", "false", "no", "off")


def _sample(text: str) -> str:
    if len(text) > SAMPLE_CHARS:
        cut = text.rfind(" ", 0, SAMPLE_CHARS)
        text = text[: cut if cut > SAMPLE_CHARS // 2 else SAMPLE_CHARS]
    return text


def _main_script(sample: str, letters: int) -> str:
    """Drop letters of a minority script (Korean or Cyrillic names in German text)."""
    latin = len(_LATIN.findall(sample))
    if latin == letters or latin == 0:
        return sample
    if latin >= 0.6 * letters:
        return _NON_LATIN_LETTERS.sub(" ", sample)
    if latin <= 0.4 * letters:
        return _LATIN_LETTERS.sub(" ", sample)
    return sample


def _scores(text: str, codes: tuple[str, ...]) -> list[tuple[str, float]]:
    """Sorted (code, confidence) pairs from lingua, for the configured codes."""
    det = _detector(codes)
    with _LOCK:  # lingua loads models on first use; keep that single-threaded
        values = det.compute_language_confidence_values(text)
    out = [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]
    return [(c, p) for c, p in out if c in codes]


def _decide(scores: list[tuple[str, float]], sample: str, letters: int, codes: tuple[str, ...]) -> tuple[str, float]:
    if not scores or scores[0][1] <= 0.0:
        return UND, 0.0  # a script none of the languages uses
    top, p = scores[0]
    second = scores[1][1] if len(scores) > 1 else 0.0
    if p < MIN_CONFIDENCE or p - second < MIN_MARGIN:
        return UND, round(p, 4)
    if p < SENTINEL_BELOW and letters >= SENTINEL_MIN_LETTERS and _sentinel_on():
        with _LOCK:
            values = _sentinel().compute_language_confidence_values(sample)
        outside = sum(float(v.value) for v in values if v.language.iso_code_639_1.name.lower() not in codes)
        if outside >= SENTINEL_SURE:
            return UND, round(1.0 - outside, 4)
    return top, round(p, 4)


def _analyse(text: str, codes: tuple[str, ...]) -> tuple[list[tuple[str, float]], str, int]:
    """(lingua scores, the sample judged, its letter count)."""
    sample = _sample(text)
    letters = len(_LETTER.findall(sample))
    if letters < MIN_LETTERS:
        return [], sample, letters
    sample = _main_script(sample, letters)
    return _scores(sample, codes), sample, letters


def _with_prior(scores: list[tuple[str, float]], lang: str) -> list[tuple[str, float]]:
    """Scores re-weighted by a prior for the document's language, renormalised."""
    weighted = [(c, p * (DOC_PRIOR if c == lang else 1.0)) for c, p in scores]
    total = sum(p for _, p in weighted)
    if total <= 0:
        return scores
    return sorted(((c, p / total) for c, p in weighted), key=lambda cp: -cp[1])


def detect(text: str, languages: Sequence[str] | None = None) -> tuple[str, float]:
    """(ISO 639-1 code or "und", confidence 0–1) for `text`."""
    codes = tuple(languages) if languages else configured_languages()
    scores, sample, letters = _analyse(text, codes)
    if letters < MIN_LETTERS:
        return UND, 0.0
    return _decide(scores, sample, letters, codes)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated paragraphs (start, end), trimmed; the fallback blocks."""
    out = []
    pos = 0
    for m in list(_BLANK_LINES.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        if m:
            pos = m.end()
    return out


def detect_blocks(text: str, blocks: Sequence[tuple[int, int]] = ()) -> tuple[str, float, list[tuple[int, int, str, float]]]:
    """Document language and per-block languages ``(start, end, code, confidence)``.

    The document language is the letter-weighted vote of the blocks; each block is
    then decided again with a prior (`DOC_PRIOR`) for the document language, so a
    short byline full of names stays German while an English paragraph is ``en``.
    """
    codes = configured_languages()
    spans = list(blocks) if blocks else paragraphs(text)
    analysed = []
    weight: dict[str, float] = {}
    conf: dict[str, float] = {}
    total = 0.0
    for s, e in spans:
        scores, sample, letters = _analyse(text[s:e], codes)
        code, p = _decide(scores, sample, letters, codes) if letters >= MIN_LETTERS else (UND, 0.0)
        analysed.append((s, e, scores, sample, letters, code, p))
        total += letters
        if code != UND:
            weight[code] = weight.get(code, 0.0) + letters
            conf[code] = conf.get(code, 0.0) + letters * p
    if not weight:
        if not spans:
            return UND, 0.0, []
        code, p = detect(text)  # every block undetermined on its own: the whole text once
        return code, p, [(s, e, c, q) for s, e, _, _, _, c, q in analysed]
    best = max(weight, key=lambda c: (weight[c], c))
    share = weight[best] / total if total else 0.0
    confidence = round(conf[best] / weight[best] * share, 4)
    per_block = []
    for s, e, scores, sample, letters, code, p in analysed:
        if code != best and scores and (code != UND or p > 0.0):
            code, p = _decide(_with_prior(scores, best), sample, letters, codes)
        per_block.append((s, e, code, p))
    return best, confidence, per_block


@register("language", version="1", requires=(), assigns=("lang", "lang_confidence", "block_langs"))
def make_language_stage():
    codes = configured_languages()
    _detector(codes)  # fail early on a bad LAGEBILD_LANGUAGES
    preload(codes)

    def run(doc: Document) -> Document:
        blocks = [(b.start, b.end) for b in doc.blocks]
        code, p, per_block = detect_blocks(doc.text, blocks)
        spans = tuple(Span(s, e, label=c, confidence=q, source="language@1") for s, e, c, q in per_block)
        return doc.with_(lang=code, lang_confidence=p, block_langs=spans)

    return run
