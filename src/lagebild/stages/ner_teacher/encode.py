"""Words -> piece windows, and tag decoding (torch-free; shared by training and inference)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tokenizer import Tokenizer

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-OTH", "I-OTH")
LABEL_ID = {t: i for i, t in enumerate(LABELS)}
MAX_PIECES = 128  # incl. <s> and </s>
IGNORE = -100


@dataclass(frozen=True)
class Window:
    """One model input: ids incl. <s>/</s>; ``first[k]`` = position of the first piece of word ``w0 + k``."""

    sent: int
    w0: int
    ids: tuple[int, ...]
    first: tuple[int, ...]


def windows(tok: Tokenizer, words: Sequence[str], sent: int = 0, bos: int = 0, eos: int = 2, max_pieces: int = MAX_PIECES) -> list[Window]:
    """Split a sentence into consecutive word windows of at most ``max_pieces`` pieces
    (a single word longer than that is cut; its first piece is still labelled)."""
    cap = max_pieces - 2
    out: list[Window] = []
    ids: list[int] = []
    first: list[int] = []
    w0 = 0
    for wi, w in enumerate(words):
        p = tok.encode_word(w)[:cap] or [tok.vocab.unk]
        if ids and len(ids) + len(p) > cap:
            out.append(Window(sent, w0, (bos, *ids, eos), tuple(first)))
            ids, first, w0 = [], [], wi
        first.append(len(ids) + 1)
        ids.extend(p)
    if ids or not out:
        out.append(Window(sent, w0, (bos, *ids, eos), tuple(first)))
    return out


def piece_labels(win: Window, tags: Sequence[str]) -> list[int]:
    """Per-piece label ids: the word's tag on its first piece, IGNORE elsewhere."""
    lab = [IGNORE] * len(win.ids)
    for k, pos in enumerate(win.first):
        lab[pos] = LABEL_ID.get(tags[win.w0 + k], 0)
    return lab


def _allowed() -> np.ndarray:
    """allowed[i, j]: label j may follow label i (I-X only after B-X / I-X)."""
    n = len(LABELS)
    ok = np.ones((n, n), dtype=bool)
    for j, t in enumerate(LABELS):
        if t.startswith("I-"):
            for i, s in enumerate(LABELS):
                ok[i, j] = s[2:] == t[2:] and s != "O"
    return ok


ALLOWED = _allowed()
START_OK = np.array([not t.startswith("I-") for t in LABELS])


def viterbi(logp: np.ndarray) -> list[str]:
    """Best BIO-valid tag sequence for per-word log-probabilities ``(n_words, n_labels)``."""
    n = len(logp)
    if n == 0:
        return []
    neg = np.float32(-1e9)
    trans = np.where(ALLOWED, 0.0, neg).astype(np.float32)
    score = np.where(START_OK, logp[0], neg)
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(0)
        score = cand.max(0) + logp[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return [LABELS[j] for j in reversed(best)]


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))
