"""Stage `sentences`: tokens and sentences as character offsets.

* Tokens come from spaCy's rule-based tokenizer for the document's language
  (``spacy.blank(lang)``, built once per language and process; the multilingual
  ``xx`` tokenizer for languages spaCy lacks or "und"). Whitespace tokens are dropped.
* Sentences come from `lagebild.stages.sent_split` (German news rules, language
  data in ``lang/<lang>/sentences.py``); they never cross a block boundary.
* The two are aligned: no token crosses a sentence boundary, and a number token
  that spaCy's German rules read as an ordinal ("2024.") is split when its period
  ends the sentence ("… Reuters 2024." → "2024", ".").

Plain functions `tokenize(text, lang)` and `split_sentences(text, lang, blocks)`
serve other stages and evaluations.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from functools import lru_cache
from typing import Any, Iterable

from ..model import Document, Span
from . import register
from .sent_split import split_sentences

__all__ = ["tokenize", "split_sentences", "align", "sentences_and_tokens", "make_sentences_stage"]

SPACY_LANGS = frozenset("de en fr es it nl pl ru uk tr pt da sv nb fi cs sk sl hr sr ro hu el bg ca".split())
_LOCK = threading.Lock()
LONG_RUN = 1000
_LONG_RUN_RE = re.compile(r"\S{%d,}" % LONG_RUN)


@lru_cache(maxsize=16)
def _tokenizer(lang: str) -> Any:
    import spacy

    code = lang if lang in SPACY_LANGS else "xx"
    try:
        return spacy.blank(code).tokenizer
    except Exception:  # a language class that needs extra packages
        return spacy.blank("xx").tokenizer


def _spacy_tokens(text: str, lang: str | None, offset: int) -> list[tuple[int, int]]:
    if not text:
        return []
    tok = _tokenizer(lang or "xx")
    with _LOCK:
        doc = tok(text)
    return [(offset + t.idx, offset + t.idx + len(t.text)) for t in doc if not t.is_space]


def tokenize(text: str, lang: str | None = "de") -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` (no whitespace tokens) from spaCy's tokenizer.

    Runs of more than `LONG_RUN` characters without whitespace (garbage, base64)
    are cut into plain chunks instead, which keeps the time bounded.
    """
    runs = list(_LONG_RUN_RE.finditer(text)) if len(text) >= LONG_RUN else []
    if not runs:
        return _spacy_tokens(text, lang, 0)
    out: list[tuple[int, int]] = []
    pos = 0
    for m in runs:
        out += _spacy_tokens(text[pos : m.start()], lang, pos)
        out += [(i, min(i + LONG_RUN, m.end())) for i in range(m.start(), m.end(), LONG_RUN)]
        pos = m.end()
    out += _spacy_tokens(text[pos:], lang, pos)
    return out


def align(text: str, tokens: list[tuple[int, int]], sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split tokens at sentence boundaries; split "2024." when its period ends a sentence."""
    if not sentences:
        return tokens
    ends = [e for _, e in sentences]
    starts = [s for s, _ in sentences]
    out: list[tuple[int, int]] = []
    for s, e in tokens:
        j = bisect_left(ends, e)  # first sentence ending at or after the token end
        if j < len(ends) and ends[j] == e and e - s > 1 and text[e - 1] == "." and text[s : e - 1].isdigit():
            out.append((s, e - 1))
            out.append((e - 1, e))
            continue
        i = bisect_left(ends, s + 1)  # the sentence the token starts in
        if i < len(ends) and ends[i] < e:  # crosses one or more boundaries: cut it
            pos = s
            while i < len(ends) and ends[i] < e:
                if ends[i] > pos:
                    out.append((pos, ends[i]))
                nxt = starts[i + 1] if i + 1 < len(starts) else e
                pos = max(ends[i], min(nxt, e))
                i += 1
            if e > pos:
                out.append((pos, e))
            continue
        out.append((s, e))
    return out


def sentences_and_tokens(
    text: str,
    lang: str | None = "de",
    blocks: Iterable[tuple[int, int]] = (),
    block_langs: Iterable[tuple[int, int, str | None]] = (),
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentences (rules of `lang`, German for None) and tokens aligned to them."""
    sents = split_sentences(text, lang or "de", blocks, block_langs)
    toks = align(text, tokenize(text, lang), sents)
    return sents, toks


VERSION = "5"


@register("sentences", version=VERSION, requires=("lang",), assigns=("sentences", "tokens"))
def make_sentences_stage():
    def run(doc: Document) -> Document:
        lang = doc.lang if doc.lang and doc.lang != "und" else None
        blocks = [(b.start, b.end) for b in doc.blocks]
        block_langs = [(b.start, b.end, b.label) for b in doc.block_langs]
        # undetermined language: German sentence rules, multilingual tokenizer
        sents, toks = sentences_and_tokens(doc.text, lang, blocks, block_langs)
        return doc.with_(
            sentences=tuple(Span(s, e, source=f"sentences@{VERSION}") for s, e in sents),
            tokens=tuple(Span(s, e) for s, e in toks),
        )

    return run
