"""`lagebild eval quotes`: the quote stage on SpkAtt-2023 gold tokens.

Each SpkAtt file becomes a Document whose text is the detokenised running text
and whose ``sentences``/``tokens`` are the gold ones; the quote rules run on it
and their token positions are written back as "sentence:token" strings. The
score follows the official metric (see `quotes_metric`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from ..model import Document, Span
from . import spkatt
from .quotes_metric import SAnn, Tally, headline, parse_annotation, score_doc


def spk_document(d: spkatt.SpkDoc) -> Document:
    toks = [Span(s, e) for sent in d.tok_offsets for s, e in sent]
    sents = [Span(offs[0][0], offs[-1][1]) for offs in d.tok_offsets if offs]
    return Document(doc_id=d.doc_key, text=d.text, sentences=tuple(sents), tokens=tuple(toks), lang="de")


def predict(d: spkatt.SpkDoc) -> list[dict[str, Any]]:
    """SpkAtt annotations predicted for one file."""
    from ..stages.quotes import annotate

    index = [(si, ti) for si, sent in enumerate(d.tok_offsets) for ti in range(len(sent))]
    _, anns = annotate(spk_document(d))

    def pos(toks: Iterable[int]) -> list[str]:
        return [f"{index[k][0]}:{index[k][1]}" for k in sorted(set(toks)) if k < len(index)]

    out = []
    for an in anns:
        out.append(
            {
                "Cue": pos(an.cue),
                "Message": pos(an.message),
                "Source": pos(an.source),
                "Addr": pos(an.addr),
                "Frame": pos(an.frame),
                "Form": an.form,
                "STWR": an.stwr,
                "IsNested": an.nested,
                "HasNested": an.has_nested,
            }
        )
    return out


def write_prediction(d: spkatt.SpkDoc, annotations: list[dict[str, Any]], out_dir: Path) -> Path:
    payload = {"DocumentName": d.raw.get("DocumentName", d.name), "Sentences": d.raw["Sentences"], "Annotations": annotations}
    path = Path(out_dir) / d.path.name
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def evaluate_files(files: list[Path], predictions: Path | None = None, *, progress: bool = False) -> dict[str, Any]:
    full, simple = Tally(), Tally()
    gold_forms: Counter[str] = Counter()
    found_forms: Counter[str] = Counter()
    pred_forms: Counter[str] = Counter()
    correct_pred_forms: Counter[str] = Counter()
    for n, f in enumerate(files):
        d = spkatt.read_file(f)
        pred = predict(d)
        if predictions is not None:
            write_prediction(d, pred, predictions)
        gold = [parse_annotation(a) for a in d.annotations]
        sys: list[SAnn] = [parse_annotation(a) for a in pred]
        pairs = score_doc(gold, sys, full)
        score_doc(gold, sys, simple, simplified=True)
        gold_forms.update(g.form for g in gold)
        pred_forms.update(p.form for p in sys)
        for i, j in pairs:
            found_forms[gold[i].form] += 1
            correct_pred_forms[sys[j].form] += 1
        if progress and n % 50 == 0:
            print(f"  {n}/{len(files)} files", flush=True)
    out = headline(full, simple)
    out["details"]["by_form"] = {
        form: {
            "gold": gold_forms[form],
            "gold_paired_pct": 100 * found_forms[form] / gold_forms[form] if gold_forms[form] else 0.0,
            "predicted": pred_forms[form],
            "predicted_paired_pct": 100 * correct_pred_forms[form] / pred_forms[form] if pred_forms[form] else 0.0,
        }
        for form in sorted(set(gold_forms) | set(pred_forms))
    }
    out["details"]["files"] = len(files)
    return out


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False) -> dict[str, Any]:
    """Score every SpkAtt file under ``data`` (file or folder)."""
    files = spkatt.iter_files(Path(data))
    return evaluate_files(files, predictions, progress=progress)
