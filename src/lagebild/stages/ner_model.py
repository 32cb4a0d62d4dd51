"""The shipped German NER model: lazy loading (once per process) and prediction on
pre-tokenised words.

The model is a spaCy 3.8 pipeline (tok2vec + ner) trained by `ner_train` from a
blank German pipeline; it lives in ``lagebild/models/de_ner``. Prediction always
starts from given words (GermEval tokens, or the ``tokens`` of a Document), never
from spaCy's own tokenizer, so training and use see the same segmentation.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

SHIPPED_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "de_ner"
# LAGEBILD_NER_MODEL: a locally built model instead of the shipped one (e.g. `make train-ner-spkatt`,
# which may not be distributed); read when this module is first imported.
MODEL_DIR = Path(os.environ["LAGEBILD_NER_MODEL"]) if os.environ.get("LAGEBILD_NER_MODEL") else SHIPPED_MODEL_DIR
MAX_WORDS_PER_DOC = 400  # longer "sentences" are cut into windows of this size
MAX_WORD_CHARS = 100  # absurdly long tokens are shortened for the model only

_lock = threading.Lock()


def model_available(path: Path = MODEL_DIR) -> bool:
    return (Path(path) / "config.cfg").is_file()


@lru_cache(maxsize=4)
def load(path: str = str(MODEL_DIR)) -> Any:
    """Load the spaCy pipeline once per process (and path)."""
    import spacy

    with _lock:
        return spacy.load(path, exclude=["senter", "parser", "tagger"])


def model_meta(path: Path = MODEL_DIR) -> dict[str, Any]:
    p = Path(path) / "lagebild_meta.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def _windows(n: int, size: int) -> list[tuple[int, int]]:
    return [(i, min(n, i + size)) for i in range(0, n, size)] or [(0, 0)]


def predict_words(
    sentences: Sequence[Sequence[str]],
    *,
    path: Path = MODEL_DIR,
    spaces: Sequence[Sequence[bool]] | None = None,
    batch_size: int = 256,
) -> list[list[tuple[int, int, str]]]:
    """Entity chunks ``(start_word, end_word_exclusive, label)`` for each sentence."""
    from spacy.tokens import Doc

    nlp = load(str(path))
    docs = []
    owners: list[tuple[int, int]] = []  # (sentence index, word offset)
    for si, words in enumerate(sentences):
        for a, b in _windows(len(words), MAX_WORDS_PER_DOC):
            ws = [(w[:MAX_WORD_CHARS] if len(w) > MAX_WORD_CHARS else w) or "_" for w in words[a:b]]
            ws = [w if not w.isspace() else "_" for w in ws]
            sp = list(spaces[si][a:b]) if spaces is not None else [True] * len(ws)
            docs.append(Doc(nlp.vocab, words=ws, spaces=sp))
            owners.append((si, a))
    out: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    for (si, off), doc in zip(owners, nlp.pipe(docs, batch_size=batch_size)):
        for ent in doc.ents:
            out[si].append((ent.start + off, ent.end + off, ent.label_))
    return out


def chunks_to_bio(n: int, ents: Sequence[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for a, b, label in ents:
        if a >= b or b > n:
            continue
        tags[a] = f"B-{label}"
        for i in range(a + 1, b):
            tags[i] = f"I-{label}"
    return tags
