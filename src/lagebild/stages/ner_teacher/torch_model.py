"""The e5-small encoder in torch (training only) + a token-classification head.

Parameter names follow `weights.load` (``l0.q.w`` …) so a fine-tuned state exports
1:1 to the numpy layout that `numpy_encoder.hidden_states` runs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class Layer(nn.Module):
    def __init__(self, H: int, FF: int, NH: int, eps: float) -> None:
        super().__init__()
        self.NH, self.eps = NH, eps
        self.q, self.k, self.v, self.ao = (nn.Linear(H, H) for _ in range(4))
        self.aln = nn.LayerNorm(H, eps=eps)
        self.fi = nn.Linear(H, FF)
        self.fo = nn.Linear(FF, H)
        self.oln = nn.LayerNorm(H, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor, dropout: float) -> torch.Tensor:
        B, L, H = x.shape
        hd = H // self.NH

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(B, L, self.NH, hd).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(heads(self.q(x)), heads(self.k(x)), heads(self.v(x)), attn_mask=bias, dropout_p=dropout if self.training else 0.0)
        ctx = ctx.transpose(1, 2).reshape(B, L, H)
        x = self.aln(x + F.dropout(self.ao(ctx), dropout, self.training))
        h = F.gelu(self.fi(x))
        return self.oln(x + F.dropout(self.fo(h), dropout, self.training))


class Tagger(nn.Module):
    """e5-small encoder + linear tag head."""

    def __init__(self, config: dict, n_labels: int, dropout: float = 0.1) -> None:
        super().__init__()
        H, eps = config["hidden"], config["eps"]
        self.config, self.dropout = config, dropout
        self.word = nn.Embedding(config["vocab"], H)
        self.pos = nn.Embedding(config["max_pos"], H)
        self.ttype = nn.Embedding(config["type_vocab"], H)
        self.eln = nn.LayerNorm(H, eps=eps)
        self.layers = nn.ModuleList(Layer(H, config["ff"], config["heads"], eps) for _ in range(config["layers"]))
        self.cls = nn.Linear(H, n_labels)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        B, L = ids.shape
        x = self.word(ids) + self.pos.weight[:L][None] + self.ttype.weight[0]
        x = F.dropout(self.eln(x), self.dropout, self.training)
        bias = torch.zeros(B, 1, 1, L, dtype=x.dtype).masked_fill(~mask[:, None, None, :], -1e9)
        for layer in self.layers:
            x = layer(x, bias, self.dropout)
        return self.cls(F.dropout(x, self.dropout, self.training))

    # --- numpy name mapping -------------------------------------------------
    def _named(self) -> dict[str, torch.Tensor]:
        out = {"emb.word": self.word.weight, "emb.pos": self.pos.weight, "emb.type": self.ttype.weight, "emb.ln.w": self.eln.weight, "emb.ln.b": self.eln.bias}
        for i, ly in enumerate(self.layers):
            for nm in ("q", "k", "v", "ao", "aln", "fi", "fo", "oln"):
                mod = getattr(ly, nm)
                out[f"l{i}.{nm}.w"] = mod.weight
                out[f"l{i}.{nm}.b"] = mod.bias
        out["cls.w"] = self.cls.weight
        out["cls.b"] = self.cls.bias
        return out

    def load_numpy(self, tensors: Mapping[str, np.ndarray]) -> None:
        with torch.no_grad():
            for name, p in self._named().items():
                if name in tensors:
                    p.copy_(torch.from_numpy(np.ascontiguousarray(tensors[name])).view_as(p))

    def export_numpy(self, *, skip: tuple[str, ...] = ("emb.word",)) -> dict[str, np.ndarray]:
        return {n: p.detach().cpu().numpy().copy() for n, p in self._named().items() if n not in skip}


def init_head(model: Tagger, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        model.cls.weight.normal_(0.0, 0.02, generator=g)
        model.cls.bias.zero_()


def count_params(model: nn.Module) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    train = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, train

