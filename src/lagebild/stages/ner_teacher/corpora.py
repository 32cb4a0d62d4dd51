"""The sentence sets the teacher is trained on / labels, and word-level feature caches.

- ``train`` / ``dev``: the GermEval split of `ner_data.split` (seed 20141);
- ``spkatt``: exactly the sentences `ner_silver.label_spkatt` writes (SpkAtt-2023 ``train/``
  + ``unlabelled/`` article texts, token offsets of `eval.spkatt.read_file`, sentences with
  >= 4 tokens, comment ``# spkatt silver <stem>:<i>``); only the text is read;
- ``wikiann``: the WikiANN train sentences that `ner_train.wikiann_silver` keeps (>= 6
  tokens, no redirect/markup noise), in file order; their noisy tags are not used;
- ``wikiann-dev``: the same filter on WikiANN's own ``dev.tsv`` (unrelated to our GermEval dev split).
- ``wikiwars``: the sentences of the WikiWarsDE article texts (German Wikipedia prose), text only.

A feature cache holds, per word, the first piece's hidden states of the last 4 layers
(float16, 4 x 384), computed with the 4-bit engine (`features.Engine`, ``engine="c"``, needs
gcc) or with the runtime's float32 numpy encoder (`ner_e5.Encoder`, ``engine="numpy"``: the
exact features the accurate mode ``LAGEBILD_NER=e5`` computes at run time).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..ner_data import Sentence, germeval_sentences, read_wikiann, split
from .encode import windows
from .tokenizer import Tokenizer
from .weights import E5Weights

NLAST = 4


def gold_split(data: Path) -> tuple[list[Sentence], list[Sentence]]:
    return split(germeval_sentences(data))


def spkatt_sentences(data: Path, min_tokens: int = 4) -> list[Sentence]:
    from ...eval.spkatt import read_file
    from ..ner_silver import spkatt_files

    out: list[Sentence] = []
    for path in spkatt_files(Path(data)):
        d = read_file(path)
        sents = [offs for offs in d.tok_offsets if offs]
        for si, offs in enumerate(sents):
            words = tuple(d.text[a:b] for a, b in offs)
            if len(words) < min_tokens:
                continue
            out.append(Sentence(words, ("O",) * len(words), source=f"# spkatt silver {path.stem}:{si}"))
    return out


def wikiann_sentences(data: Path, min_len: int = 6, file: str = "train.tsv") -> list[Sentence]:
    path = Path(data) / "wikiann-de" / file
    sents = [s for s in read_wikiann(path) if len(s.words) >= min_len and s.words[0] != "WEITERLEITUNG" and not any(w in ("**", "''", "'''") for w in s.words)]
    tag = "" if file == "train.tsv" else f" {Path(file).stem}"
    return [Sentence(s.words, s.outer, source=f"# wikiann{tag} teacher silver {i}") for i, s in enumerate(sents)]


def wikiwars_sentences(data: Path, min_tokens: int = 4) -> list[Sentence]:
    """The sentences of the WikiWarsDE article texts (``wikiwarsde/in/*.sgm``, the ``<TEXT>`` part;
    German Wikipedia, CC BY-SA 3.0; only the text is read, never the TIMEX2 annotations), split and
    tokenised by the product's `sentences` stage; sentences with >= ``min_tokens`` tokens."""
    import re

    from ..sentences import sentences_and_tokens

    out: list[Sentence] = []
    for path in sorted((Path(data) / "wikiwarsde" / "in").glob("*.sgm")):
        m = re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8"), re.DOTALL | re.IGNORECASE)
        if not m:
            continue
        text = m.group(1)
        sents, toks = sentences_and_tokens(text, "de")
        ti = 0
        for si, (a, b) in enumerate(sents):
            words = []
            while ti < len(toks) and toks[ti][0] < b:
                if toks[ti][0] >= a:
                    words.append(text[toks[ti][0] : toks[ti][1]])
                ti += 1
            words = [w for w in words if w.strip()]
            if len(words) >= min_tokens:
                out.append(Sentence(tuple(words), ("O",) * len(words), source=f"# wikiwars teacher silver {path.stem}:{si}"))
    return out


def corpus(name: str, data: Path) -> list[Sentence]:
    if name in ("train", "dev"):
        tr, dv = gold_split(data)
        return tr if name == "train" else dv
    if name == "spkatt":
        return spkatt_sentences(data)
    if name == "wikiann":
        return wikiann_sentences(data)
    if name == "wikiann-dev":  # WikiANN's own dev set (not ours): more unlabelled Wikipedia text
        return wikiann_sentences(data, file="dev.tsv")
    if name == "wikiwars":
        return wikiwars_sentences(data)
    raise ValueError(f"unknown corpus {name!r}")


def extract(engine, tok: Tokenizer, w: E5Weights, sents: Sequence[Sequence[str]], *, batch_pieces: int = 4096, log: Callable[[str], None] = print) -> tuple[np.ndarray, np.ndarray]:
    """Word features ``(n_words, NLAST*H)`` float16 and sentence start offsets ``(n_sents+1,)``."""
    wins = []
    for si, words in enumerate(sents):
        wins.extend(windows(tok, words, si, w.vocab.bos, w.vocab.eos))
    starts = np.zeros(len(sents) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(s) for s in sents])
    H = w.config["hidden"]
    feats = np.zeros((int(starts[-1]), NLAST * H), dtype=np.float16)
    order = sorted(range(len(wins)), key=lambda i: len(wins[i].ids))
    t0, done, i, nb = time.time(), 0, 0, 0
    while i < len(order):
        j, n = i, 0
        while j < len(order) and (n == 0 or n + len(wins[order[j]].ids) <= batch_pieces):
            n += len(wins[order[j]].ids)
            j += 1
        batch = [wins[k] for k in order[i:j]]
        hs = engine.hidden([b.ids for b in batch], NLAST)
        for win, h in zip(batch, hs):
            rows = h[:, list(win.first)]  # (NLAST, n_words, H)
            a = int(starts[win.sent]) + win.w0
            feats[a : a + len(win.first)] = rows.transpose(1, 0, 2).reshape(len(win.first), -1)
        done += n
        i, nb = j, nb + 1
        if nb % 10 == 0 or i == len(order):
            log(f"  {i}/{len(order)} windows, {done} pieces, {done / max(1e-9, time.time() - t0):.0f} pieces/s")
    return feats, starts


def extract_numpy(sents: Sequence[Sequence[str]], *, chunk: int = 256, log: Callable[[str], None] = print) -> tuple[np.ndarray, np.ndarray]:
    """As `extract`, with the run-time float32 numpy encoder (no compiler)."""
    from ..ner_e5 import Encoder

    enc = Encoder()
    starts = np.zeros(len(sents) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(s) for s in sents])
    feats = np.zeros((int(starts[-1]), NLAST * enc.config["hidden"]), dtype=np.float16)
    t0 = time.time()
    for c0 in range(0, len(sents), chunk):
        f, _ = enc.word_features(sents[c0 : c0 + chunk])
        feats[starts[c0] : starts[c0] + len(f)] = f
        log(f"  {min(len(sents), c0 + chunk)}/{len(sents)} sentences, {time.time() - t0:.0f}s")
    return feats, starts


def cached_features(name: str, data: Path, work: Path, tok: Tokenizer, w: E5Weights, log: Callable[[str], None] = print, engine: str = "c") -> tuple[list[Sentence], np.ndarray, np.ndarray]:
    sents = corpus(name, data)
    path = Path(work) / f"feats_{name}.npz"
    if path.is_file():
        z = np.load(path)
        if int(z["starts"][-1]) == sum(len(s.words) for s in sents):
            return sents, z["feats"], z["starts"]
    log(f"features {name}: {len(sents)} sentences ({engine} engine)")
    if engine == "numpy":
        feats, starts = extract_numpy([s.words for s in sents], log=log)
    else:
        from .features import engine as c_engine

        feats, starts = extract(c_engine(), tok, w, [s.words for s in sents], log=log)
    Path(work).mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, feats=feats, starts=starts)
    tmp.replace(path)
    return sents, feats, starts
