"""`lagebild eval TASK`: one contract for every evaluation (see ../shared/EVAL.md).

Each task is a module ``lagebild.eval.<task>`` exposing

    def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False) -> dict

returning a flat dict of headline metrics (values 0–100, names as in EVAL.md)
and optionally a nested ``"details"`` dict (per class / per role breakdown).
Bad ``data`` raises `lagebild.errors.BadData` with one clear line.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import BadData

TASKS = ("ner", "sentences", "quotes", "timex", "dating", "pairs", "clustering", "summary", "dedup", "entities")


def run_task(task: str, data: Path, predictions: Path | None = None, *, progress: bool = False) -> dict[str, Any]:
    if task not in TASKS:
        raise BadData(f"unknown eval task {task!r}; tasks: {', '.join(TASKS)}")
    data = Path(data)
    if not data.exists():
        raise BadData("no such file or folder", path=str(data))
    try:
        mod = importlib.import_module(f"lagebild.eval.{task}")
    except ModuleNotFoundError as e:
        if e.name == f"lagebild.eval.{task}":
            raise BadData(f"eval task {task!r} is not implemented yet") from None
        raise
    if predictions is not None:
        Path(predictions).mkdir(parents=True, exist_ok=True)
    return mod.evaluate(data, predictions, progress=progress)
