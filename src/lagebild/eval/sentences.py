"""`lagebild eval sentences`: sentence boundary precision/recall/F1 on SpkAtt JSON.

The running text of each file is rebuilt from its tokens (`lagebild.eval.spkatt`),
with one space between gold sentences and no paragraph breaks, and split by
`lagebild.stages.sent_split.split_sentences` (German rules).

**Boundary definition.** A boundary is the character offset at which a sentence
*begins*, for every sentence except the first one of the document: the place
where one sentence ends and the next begins. The trivial boundaries (text start
and text end) are not counted. A predicted boundary is correct when a gold
sentence begins at exactly the same offset. Precision, recall and F1 are
micro-averaged over all boundaries of all files (values 0–100).

``--write-predictions DIR`` writes ``DIR/<file stem>.txt``: one predicted
sentence per line, in order (line breaks inside a sentence become spaces).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from . import spkatt


def boundaries(spans: Iterable[tuple[int, int]]) -> set[int]:
    """Sentence-begin offsets, without the first sentence's (the trivial one)."""
    starts = sorted(s for s, e in spans if e > s)
    return set(starts[1:])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def score_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of boundaries."""
    g, p = boundaries(gold), boundaries(pred)
    return len(g & p), len(p - g), len(g - p)


def write_sentences(path: Path, text: str, spans: list[tuple[int, int]]) -> None:
    lines = [" ".join(text[s:e].split()) for s, e in spans]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def evaluate(
    data: Path, predictions: Path | None = None, *, progress: bool = False, lang: str = "de", convention: str = "news"
) -> dict[str, Any]:
    """Boundary P/R/F1 of `split_sentences(text, lang, convention=convention)` on SpkAtt files."""
    from ..stages.sent_split import split_sentences

    files = spkatt.iter_files(Path(data))
    tp = fp = fn = 0
    n_sent_gold = n_sent_pred = 0
    errors: list[dict[str, Any]] = []
    for i, path in enumerate(files):
        doc = spkatt.read_file(path)
        gold = doc.sentence_spans()
        pred = split_sentences(doc.text, lang, convention=convention)
        a, b, c = score_spans(gold, pred)
        tp, fp, fn = tp + a, fp + b, fn + c
        n_sent_gold += len(gold)
        n_sent_pred += len(pred)
        if (b or c) and len(errors) < 50:
            errors.append({"file": path.name, "false_positives": b, "false_negatives": c})
        if predictions is not None:
            write_sentences(Path(predictions) / f"{path.stem}.txt", doc.text, pred)
        if progress and (i + 1) % 100 == 0:
            print(f"{i + 1}/{len(files)} files", flush=True)
    p, r, f = prf(tp, fp, fn)
    return {
        "boundary_f1": round(f, 2),
        "boundary_precision": round(p, 2),
        "boundary_recall": round(r, 2),
        "details": {
            "files": len(files),
            "gold_sentences": n_sent_gold,
            "predicted_sentences": n_sent_pred,
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "boundary_definition": "offset where a sentence begins, except the first sentence of a file",
            "convention": convention,
            "files_with_errors": errors,
        },
    }
