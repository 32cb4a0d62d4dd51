"""Train the German NER model shipped in ``lagebild/models/de_ner``.

    python -m lagebild.stages.ner_train --data /work/shared/data --out src/lagebild/models/de_ner

(= ``make train-ner``). The default recipe, chosen on the fixed dev split, runs three
steps in one reproducible command (fixed seeds for the split, spaCy/thinc and shuffling):

1. a *teacher* on the GermEval train split (``NER-de-dev.tsv`` + ``NER-de-test-part.tsv``
   pooled, 85/15 split by sentence, `ner_data.split`) plus WikiANN-de silver
   (``--wikiann N`` sentences ≥ 6 tokens, a fresh sample of ``--silver-ratio`` × the
   gold size per epoch), early-stopped on the dev split (``--teacher-epochs``, ``--patience``);
2. the teacher plus the rule layer labels the text of the SpkAtt-2023 Wikinews articles
   (`ner_silver`; self-training silver, never their speech annotations);
3. the *student* trains on all pooled GermEval sentences (dev split included,
   ``--all-gold``) + WikiANN + SpkAtt silver (``--spkatt-ratio`` × gold per epoch) for
   exactly ``--epochs`` epochs (chosen on the dev split by the ``--no-all-gold`` run).

``--no-self-train`` / ``--spkatt-silver FILE`` / ``--no-all-gold`` run single steps
(experiments: ``--no-all-gold`` keeps the best dev epoch). Model: a blank German spaCy
pipeline: hash embeddings of NORM/PREFIX/SUFFIX/SHAPE (``--embed hash``) or
NORM + characters (``--embed char``) → CNN encoder (``--width`` 96, ``--depth`` 4) →
transition-based NER, parameter averaging. ``common_words.txt`` (capitalised words the
training data shows outside names) is written beside it for the entities stage.
``--max-minutes`` is a safety valve for a busy machine: if it cuts training short,
the model differs from an uncut run (the meta records the epochs that ran).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from .ner_card import model_card
from .ner_data import (
    ALL_CLASSES,
    MAIN_CLASSES,
    Sentence,
    germeval_sentences,
    main_class_tags,
    read_germeval,
    read_wikiann,
    score,
    split,
)

SEED = 4242

CONFIG = """
[nlp]
lang = "de"
pipeline = ["tok2vec","ner"]
batch_size = 256

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

{embed}
[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = {hidden}
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}
upstream = "*"
"""


HASH_EMBED = """
[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [{rows}, {rows_small}, {rows_small}, {rows_small}]
include_static_vectors = false
"""

# NORM hash embedding concatenated with case-sensitive embeddings of the first and
# last nC/2 characters (prefix, suffix and capitalisation in one feature)
CHAR_EMBED = """
[components.tok2vec.model.embed]
@architectures = "spacy.CharacterEmbed.v2"
width = {width}
rows = {rows}
nM = {nm}
nC = {nc}
include_static_vectors = false
"""


def build_config(width: int = 128, depth: int = 4, rows: int = 20000, hidden: int = 64, embed: str = "hash", nm: int = 64, nc: int = 8) -> str:
    tmpl = CHAR_EMBED if embed == "char" else HASH_EMBED
    emb = tmpl.format(width=width, rows=rows, rows_small=rows // 4, nm=nm, nc=nc)
    return CONFIG.format(width=width, depth=depth, hidden=hidden, embed=emb)


def _labels_for(tags: tuple[str, ...], classes: str) -> tuple[str, ...]:
    if classes == "main":
        return main_class_tags(tags)
    return tags


def to_examples(nlp: Any, sents: list[Sentence], classes: str) -> list[Any]:
    from spacy.tokens import Doc
    from spacy.training import Example, iob_to_biluo

    out = []
    for s in sents:
        doc = Doc(nlp.vocab, words=list(s.words))
        tags = list(_labels_for(s.outer, classes))
        out.append(Example.from_dict(doc, {"entities": iob_to_biluo(tags)}))
    return out


def predict_tags(nlp: Any, sents: list[Sentence]) -> list[list[str]]:
    from spacy.tokens import Doc

    from .ner_model import chunks_to_bio

    docs = [Doc(nlp.vocab, words=list(s.words)) for s in sents]
    out = []
    for doc in nlp.pipe(docs, batch_size=256):
        out.append(chunks_to_bio(len(doc), [(e.start, e.end, e.label_) for e in doc.ents]))
    return out


def wikiann_silver(data: Path, n: int, min_len: int, seed: int) -> list[Sentence]:
    """Up to ``n`` WikiANN train sentences with at least ``min_len`` tokens and no
    redirect/markup noise (silver: PER/ORG/LOC only)."""
    path = data / "wikiann-de" / "train.tsv"
    if n <= 0 or not path.is_file():
        return []
    sents = [
        s
        for s in read_wikiann(path)
        if len(s.words) >= min_len and s.words[0] != "WEITERLEITUNG" and not any(w in ("**", "''", "'''") for w in s.words)
    ]
    random.Random(seed).shuffle(sents)
    return sents[:n]


def common_words(sents: list[Sentence]) -> list[str]:
    """Capitalised words seen (not sentence-initially) outside entities at least three
    times as often as inside: German common nouns, used by the entities stage to avoid
    spreading a mis-tagged noun through an article."""
    outside: dict[str, int] = {}
    inside: dict[str, int] = {}
    for s in sents:
        for i, (w, t) in enumerate(zip(s.words, s.outer)):
            if t != "O":
                inside[w] = inside.get(w, 0) + 1
            elif i > 0 and len(w) >= 3 and w[0].isupper() and w.isalpha() and not w.isupper():
                outside[w] = outside.get(w, 0) + 1
    return sorted(w for w, n in outside.items() if n >= 3 * inside.get(w, 0))


def write_common_words(data: Path, out_dir: Path) -> int:
    train_s, _ = split(germeval_sentences(data))
    words = common_words(train_s)
    (Path(out_dir) / "common_words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    return len(words)


def train(args: argparse.Namespace, teacher: dict[str, Any] | None = None) -> dict[str, Any]:
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch
    from thinc.api import Adam, Config

    data = Path(args.data)
    out_dir = Path(args.out)
    fix_random_seed(args.seed)
    rng = random.Random(args.seed)
    train_s, dev_s = split(germeval_sentences(data))
    if args.all_gold:
        # final model: every pooled GermEval sentence (the dev split included), a fixed
        # number of epochs chosen on the dev split beforehand; the dev score printed
        # per epoch is then no longer a held-out figure
        train_s = train_s + dev_s
    silver = wikiann_silver(data, args.wikiann, args.wikiann_min_len, args.seed)
    spk = read_germeval(Path(args.spkatt_silver)) if args.spkatt_silver else []
    cfg = Config().from_str(build_config(args.width, args.depth, args.rows, args.hidden, args.embed, args.nm, args.nc))
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    classes = args.classes
    gold_ex = to_examples(nlp, train_s, classes)
    silver_ex = to_examples(nlp, silver, "main")
    spk_ex = to_examples(nlp, spk, "main")
    ner = nlp.get_pipe("ner")
    for label in MAIN_CLASSES if classes == "main" else ALL_CLASSES:
        ner.add_label(label)
    nlp.initialize(lambda: gold_ex + silver_ex + spk_ex)
    # spaCy's defaults (L2 0.01 as weight decay, gradient clip 1.0) plus parameter
    # averaging (spaCy's default config turns it off); the averaged weights are kept
    optimizer = Adam(args.learn_rate, L2=0.01, grad_clip=1.0, use_averages=args.averages)
    dev_gold = [list(s.outer) for s in dev_s]
    t0 = time.time()
    best: dict[str, Any] = {"f1": -1.0}
    history = []
    stale = 0
    for epoch in range(1, args.epochs + 1):
        ex = list(gold_ex)
        if silver_ex:
            # silver data: a fresh sample each epoch, at most --silver-ratio times the gold size
            k = min(len(silver_ex), int(len(gold_ex) * args.silver_ratio))
            ex += rng.sample(silver_ex, k)
        if spk_ex:
            ex += rng.sample(spk_ex, min(len(spk_ex), int(len(gold_ex) * args.spkatt_ratio)))
        rng.shuffle(ex)
        losses: dict[str, float] = {}
        for batch in minibatch(ex, size=compounding(8.0, 32.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=args.dropout, losses=losses)
        # evaluate (and keep) the averaged weights, as spaCy's own trainer does
        with nlp.use_params(optimizer.averages or {}):
            pred = predict_tags(nlp, dev_s)
            sc = score(dev_gold, pred, MAIN_CLASSES)
            sc12 = score(dev_gold, pred, ALL_CLASSES)
            if sc["f1"] > best["f1"] or args.all_gold:
                best = {"f1": sc["f1"], "epoch": epoch, "score": sc, "score_all12": sc12, "bytes": nlp.to_bytes(), "averaged": args.averages}
                stale = 0
            else:
                stale += 1
        elapsed = time.time() - t0
        history.append({"epoch": epoch, "loss": round(float(losses.get("ner", 0.0)), 1), "dev_f1": sc["f1"], "minutes": round(elapsed / 60, 2)})
        print(f"epoch {epoch:2d}  loss {losses.get('ner', 0.0):9.1f}  dev P {sc['precision']:.2f} R {sc['recall']:.2f} F1 {sc['f1']:.2f}  ({elapsed / 60:.1f} min)", flush=True)
        if (stale >= args.patience and not args.all_gold) or elapsed > args.max_minutes * 60:
            break
    nlp.from_bytes(best["bytes"])
    if out_dir.exists():
        shutil.rmtree(out_dir)
    nlp.to_disk(out_dir)
    meta = {
        "name": "lagebild de_ner",
        "spacy_version": spacy.__version__,
        "seed": args.seed,
        "classes": classes,
        "train_sentences": len(train_s),
        "dev_sentences": len(dev_s),
        "wikiann_sentences": len(silver),
        "all_gold": args.all_gold,
        "spkatt_silver_sentences": len(spk),
        "spkatt_ratio": args.spkatt_ratio if spk else 0,
        "teacher": teacher,
        "silver_ratio": args.silver_ratio if silver else 0,
        "hyperparameters": {k: getattr(args, k) for k in ("embed", "nm", "nc", "width", "depth", "rows", "hidden", "dropout", "learn_rate", "averages", "epochs", "patience")},
        "best_epoch": best["epoch"],
        "averaged_weights": best["averaged"],
        "dev": best["score"],
        "dev_all12": {k: best["score_all12"][k] for k in ("precision", "recall", "f1")},
        "history": history,
        "train_minutes": round((time.time() - t0) / 60, 1),
        "command": "python -m lagebild.stages.ner_train " + " ".join(sys.argv[1:]),
    }
    meta["common_words"] = write_common_words(data, out_dir)
    (out_dir / "lagebild_meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    (out_dir / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return meta


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m lagebild.stages.ner_train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the shared data root (with germeval2014/ and wikiann-de/)")
    ap.add_argument("--out", required=True, help="model directory to (over)write")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--classes", choices=("main", "all"), default="main")
    ap.add_argument("--wikiann", type=int, default=20000, help="number of WikiANN silver sentences (0 = none)")
    ap.add_argument("--wikiann-min-len", type=int, default=6)
    ap.add_argument("--silver-ratio", type=float, default=1.0, help="silver sentences per gold sentence in each epoch")
    ap.add_argument("--spkatt-silver", default="", help="GermEval-style TSV of silver sentences (see ner_silver)")
    ap.add_argument("--spkatt-ratio", type=float, default=1.0, help="SpkAtt silver sentences per gold sentence in each epoch")
    ap.add_argument("--self-train", action=argparse.BooleanOptionalAction, default=True, help="teacher -> SpkAtt silver -> student (see self_train)")
    ap.add_argument("--teacher-epochs", type=int, default=9)
    ap.add_argument("--all-gold", action=argparse.BooleanOptionalAction, default=True, help="train on train+dev for exactly --epochs epochs (the shipped model); --no-all-gold: train split only, best dev epoch")
    ap.add_argument("--embed", choices=("hash", "char"), default="hash")
    ap.add_argument("--nm", type=int, default=64, help="char embedding width (--embed char)")
    ap.add_argument("--nc", type=int, default=8, help="characters per word (--embed char)")
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--learn-rate", type=float, default=0.001)
    ap.add_argument("--averages", action=argparse.BooleanOptionalAction, default=True, help="parameter averaging")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=240.0)
    return ap.parse_args(argv)


def self_train(args: argparse.Namespace) -> dict[str, Any]:
    """Teacher → SpkAtt silver → student, all in one reproducible command.

    The teacher is trained with the same hyperparameters on the GermEval train split
    (+ WikiANN), early-stopped on the dev split; it labels the SpkAtt article texts
    (`ner_silver`, model + rule layer + document propagation); the student (``args``)
    then trains with that silver added. Teacher and silver live in a temporary folder.
    """
    import tempfile

    from .ner_silver import label_spkatt

    with tempfile.TemporaryDirectory(prefix="lagebild-ner-") as tmp:
        targs = argparse.Namespace(**vars(args))
        targs.out = str(Path(tmp) / "teacher")
        targs.all_gold = False
        targs.spkatt_silver = ""
        targs.epochs = args.teacher_epochs
        print("teacher:", flush=True)
        tmeta = train(targs)
        silver = label_spkatt(Path(args.data), Path(targs.out))
        silver_path = Path(tmp) / "spkatt_silver.tsv"
        from .ner_data import write_germeval

        write_germeval(silver, silver_path)
        print(f"SpkAtt silver: {len(silver)} sentences; student:", flush=True)
        args.spkatt_silver = str(silver_path)
        meta = train(args, teacher={"best_epoch": tmeta["best_epoch"], "dev_f1": tmeta["dev"]["f1"], "history": tmeta["history"]})
    return meta


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    meta = self_train(args) if args.self_train and not args.spkatt_silver else train(args)
    print(json.dumps({"dev_f1": meta["dev"]["f1"], "dev_all12_f1": meta["dev_all12"]["f1"], "best_epoch": meta["best_epoch"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
