"""`lagebild eval dating`: estimate article dates from content (SpkAtt JSON folder).

The true date is in ``DocumentName`` ("<id> - <title> (YYYY-MM-DD)"); it is hidden
from the system, which sees only the title and the detokenised text. Predictions:
``DIR/dates.jsonl`` with ``{"id", "date", "earliest", "latest"}`` per file (id =
file stem; null when no estimate). Metrics over all files (no estimate = wrong):
``exact_day``, ``within_3_days`` (percent) and ``mean_abs_days`` (over dated files),
plus ``coverage`` and ``interval_hit`` (truth inside [earliest, latest]).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from . import spkatt


def predict_one(title: str | None, text: str) -> dict[str, Any]:
    from ..stages.dating import estimate

    full = (title + "\n\n" + text) if title else text
    e = estimate(full, "de")
    if e is None:
        return {"date": None, "earliest": None, "latest": None}
    return {"date": e.date.isoformat(), "earliest": e.earliest.isoformat(), "latest": e.latest.isoformat()}


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False) -> dict[str, Any]:
    return evaluate_files(spkatt.iter_files(Path(data)), predictions)


def evaluate_files(files: list[Path], predictions: Path | None = None) -> dict[str, Any]:
    """Metrics over the given SpkAtt files (e.g. one side of `spkatt.split_files`)."""
    rows = []
    n = exact = within3 = hit = dated = 0
    abs_days: list[int] = []
    for p in files:
        doc = spkatt.read_file(p)
        truth = doc.date
        pred = predict_one(doc.title, doc.text)
        rows.append({"id": p.stem, **pred})
        if truth is None:
            continue
        n += 1
        if pred["date"] is None:
            continue
        dated += 1
        t = dt.date.fromisoformat(truth)
        d = abs((dt.date.fromisoformat(pred["date"]) - t).days)
        abs_days.append(d)
        exact += d == 0
        within3 += d <= 3
        hit += pred["earliest"] <= truth <= pred["latest"]
    if predictions is not None:
        out = Path(predictions) / "dates.jsonl"
        with out.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    pct = (lambda k: round(100 * k / n, 2) if n else 0.0)
    return {
        "exact_day": pct(exact),
        "within_3_days": pct(within3),
        "mean_abs_days": round(sum(abs_days) / len(abs_days), 1) if abs_days else None,
        "coverage": pct(dated),
        "interval_hit": pct(hit),
        "documents": n,
    }
