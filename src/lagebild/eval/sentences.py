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

**Tokenisation artefacts.** The rebuilt text shows where the corpus' own tokeniser
put a gold boundary that no reader would draw: a gold sentence that begins with a
punctuation token (", desto …", "“ Aber …"), one that ends in an opening mark
(„ or the wiki italics '' of interview layouts), and a sentence cut before a
lower-case word ("Eyadéma ‖ war der …"). `artefact` names them; ``details`` counts
them (``artefacts_by_class``) and gives the F1 without them for information. The
headline metric never drops them. A gold sentence cut before a dash inside a line
("Blue Jackets 2 ‖ - Capitals 3", "Ghana ‖ - Australien: 1:1") splits one match row:
an artefact too. Not artefacts (a reader may draw these): a gold sentence that begins
with a dash and a capital or digit after a final mark ("Ergebnisse: ‖ - Bruins 1 …",
a list item), and a
lower-case start right after a sentence-final mark ("… ermittelt werden. ‖ neues-limit-…"),
and a sentence after a gold unit made of layout marks only ("… Schäuble. ‖ '' ‖ Pau'': …",
wiki italics or indentation colons of an interview turn; a lone opening quote „ left as a
unit of its own is an artefact). A false positive is an artefact when it is a gold
boundary shifted by a lone quote mark or by up to two punctuation marks ("Abpfeifen ‖ !“ …").

``--write-predictions DIR`` writes ``DIR/<file stem>.txt``: one predicted
sentence per line, in order (line breaks inside a sentence become spaces).
"""

from __future__ import annotations

import re
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


_OPENERS = "„‚»([{\"'"
_CAMEL_START = re.compile(r"[a-z]{1,2}[A-Z]")
_DASHES = "-–—"
_LAYOUT = "':"  # wiki italics '' and indentation colons of interview layouts


def artefact(text: str, b: int, kind: str, gold: set[int]) -> str | None:
    """Name the tokenisation artefact behind a boundary error at offset `b`, or None.

    `kind` is "fn" (a gold boundary we miss) or "fp" (a boundary we put where gold
    has none); `gold` is the set of gold boundaries. A false positive counts when it
    is the same boundary as a gold one, shifted by a lone quote mark.
    """
    c = text[b : b + 1]
    if kind == "fn":
        if c in _DASHES and text[b + 1 : b + 2] == " " and (text[b + 2 : b + 3].isupper() or text[b + 2 : b + 3].isdigit()):
            if text[:b].rstrip()[-1:] in (".", "!", "?", ":", ""):
                return None  # "Ergebnisse: ‖ - Bruins 1 …": a list item after a final mark
            return "gold cut before a dash inside a line"  # "Blue Jackets 2 ‖ - Capitals 3": one match row
        if c and not c.isalnum() and c not in _OPENERS:
            return "gold sentence starts with punctuation"
        if b >= 2 and text[b - 1] == " " and text[b - 2] in _OPENERS:
            prev = max((x for x in range(max(0, b - 6), b - 1) if x in gold), default=None)
            if prev is not None and not any(ch.isalnum() for ch in text[prev:b]) and text[prev] in _LAYOUT:
                return None  # "… Schäuble. ‖ '' ‖ Pau'': …": layout marks as a unit of their own
            return "opening mark left at the end of the sentence before"
        before = text[max(0, b - 3) : b].rstrip()
        if c.islower() and not _CAMEL_START.match(text, b) and before[-1:] not in (":", ";", ".", "!", "?"):
            return "gold cut before a lower-case word"  # (after "werden." a reader may cut too)
        return None
    if c in _OPENERS and text[b + 1 : b + 2] == " " and (b + 2) in gold:
        return "opening mark left at the end of the sentence before"
    for d in (2, 3):  # "Abpfeifen ‖ !“ Verteidigungsminister": the same boundary after the marks
        x = b - d
        if x >= 0 and x in gold and not any(ch.isalnum() or ch in _OPENERS + _DASHES for ch in text[x : b - 1]):
            return "gold sentence starts with punctuation"
    return None


def write_sentences(path: Path, text: str, spans: list[tuple[int, int]]) -> None:
    lines = [" ".join(text[s:e].split()) for s, e in spans]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def evaluate(
    data: Path, predictions: Path | None = None, *, progress: bool = False, lang: str = "de", convention: str = "news"
) -> dict[str, Any]:
    """Boundary P/R/F1 of `split_sentences(text, lang, convention=convention)` on SpkAtt files."""
    from ..stages.sent_split import split_sentences

    files = spkatt.iter_files(Path(data))
    tp = fp = fn = art_fp = art_fn = 0
    by_class: dict[str, int] = {}
    n_sent_gold = n_sent_pred = 0
    errors: list[dict[str, Any]] = []
    for i, path in enumerate(files):
        doc = spkatt.read_file(path)
        gold = doc.sentence_spans()
        pred = split_sentences(doc.text, lang, convention=convention)
        a, b, c = score_spans(gold, pred)
        tp, fp, fn = tp + a, fp + b, fn + c
        g, p_ = boundaries(gold), boundaries(pred)
        for kind, xs in (("fp", p_ - g), ("fn", g - p_)):
            for x in xs:
                a = artefact(doc.text, x, kind, g)
                if a is not None:
                    by_class[f"{kind}: {a}"] = by_class.get(f"{kind}: {a}", 0) + 1
                    art_fp += kind == "fp"
                    art_fn += kind == "fn"
        n_sent_gold += len(gold)
        n_sent_pred += len(pred)
        if (b or c) and len(errors) < 50:
            errors.append({"file": path.name, "false_positives": b, "false_negatives": c})
        if predictions is not None:
            write_sentences(Path(predictions) / f"{path.stem}.txt", doc.text, pred)
        if progress and (i + 1) % 100 == 0:
            print(f"{i + 1}/{len(files)} files", flush=True)
    p, r, f = prf(tp, fp, fn)
    f_clean = prf(tp, fp - art_fp, fn - art_fn)[2]
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
            "artefact_false_positives": art_fp,
            "artefact_false_negatives": art_fn,
            "boundary_f1_without_artefacts": round(f_clean, 2),
            "artefacts_by_class": dict(sorted(by_class.items())),
            "files_with_errors": errors,
        },
    }
