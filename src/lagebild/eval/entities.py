"""`lagebild eval entities`: pairwise merge decisions on an alias set.

``--data``: a TSV file (or a folder holding ``aliases.tsv``), one pair a line::

    a <TAB> b <TAB> type <TAB> same (1/0) <TAB> source

An optional header line starting with ``a<TAB>b`` is skipped; lines starting with
``#`` are comments. ``source`` names where the pair comes from, e.g.
``translit:wikinewssum-en~spkatt`` or ``neg-surname:germeval``; the part before the
first ``:`` is the *category*. Both are reported in ``details``.

The system merges a pair when ``same_name(a, b) >= MERGE_THRESHOLD`` (the corpus
registry's rule, `lagebild.corpus.entities`) or, for places, when both names are one
CLDR place (`lagebild.corpus.exonyms`: "Moskau" / "Moscow", the key coref gives them); the types are those of the pair (a
pair is one type, the registry only ever compares names of one type).

Predictions: ``DIR/aliases.tsv`` = the input rows (same order, same five columns)
plus a sixth column ``predicted`` (1/0), with a header line.
Metrics (0-100): ``precision``, ``recall``, ``f1`` of the merge decisions
(positive = "same"), plus ``accuracy`` and ``pairs``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BadData

HEADER = ("a", "b", "type", "same", "source")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    type: str
    same: bool
    source: str

    @property
    def category(self) -> str:
        return self.source.split(":", 1)[0]


def _resolve_path(data: Path) -> Path:
    data = Path(data)
    if data.is_dir():
        cand = data / "aliases.tsv"
        if cand.is_file():
            return cand
        files = sorted(data.glob("*.tsv"))
        if not files:
            raise BadData("no .tsv alias file in folder", path=str(data))
        return files[0]
    if not data.exists():
        raise BadData("no such file or folder", path=str(data))
    return data


def read_pairs(data: Path) -> list[Pair]:
    path = _resolve_path(data)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise BadData(f"cannot read alias TSV ({type(e).__name__})", path=str(path)) from None
    pairs: list[Pair] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if n == 1 and cols[:2] == ["a", "b"]:
            continue
        if len(cols) < 5:
            raise BadData(f"expected 5 tab-separated columns a, b, type, same, source; got {len(cols)}", path=str(path), where=f"line {n}")
        a, b, typ, same, source = (c.strip() for c in cols[:5])
        if not a or not b or not typ:
            raise BadData("empty name or type", path=str(path), where=f"line {n}")
        if same not in ("0", "1"):
            raise BadData(f"column 'same' must be 1 or 0, not {same!r}", path=str(path), where=f"line {n}")
        pairs.append(Pair(a, b, typ.upper(), same == "1", source or "unknown"))
    if not pairs:
        raise BadData("empty alias set", path=str(path))
    return pairs


def predict(pair: Pair) -> tuple[bool, float]:
    """The registry's merge decision for a pair of names of one type."""
    from ..corpus.entities import MERGE_THRESHOLD
    from ..corpus.exonyms import exonym_id
    from ..corpus.names import same_name

    s = same_name(pair.a, pair.b)
    if s < MERGE_THRESHOLD and pair.type == "LOC":
        ea = exonym_id(pair.a)
        if ea is not None and ea == exonym_id(pair.b):  # "Moskau" / "Moscow": CLDR knows both
            s = 1.0
    return s >= MERGE_THRESHOLD, s


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def _counts(rows: list[tuple[Pair, bool]]) -> dict[str, Any]:
    tp = sum(1 for p, y in rows if y and p.same)
    fp = sum(1 for p, y in rows if y and not p.same)
    fn = sum(1 for p, y in rows if not y and p.same)
    tn = sum(1 for p, y in rows if not y and not p.same)
    pr, rc, f = prf(tp, fp, fn)
    return {"pairs": len(rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(pr, 2), "recall": round(rc, 2), "f1": round(f, 2), "accuracy": round(100 * (tp + tn) / len(rows), 2) if rows else 0.0}


def write_predictions(pairs: list[Pair], preds: list[bool], out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "aliases.tsv"
    lines = ["\t".join(HEADER + ("predicted",))]
    for p, y in zip(pairs, preds):
        lines.append("\t".join((p.a, p.b, p.type, "1" if p.same else "0", p.source, "1" if y else "0")))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False) -> dict[str, Any]:
    pairs = read_pairs(data)
    t0 = time.perf_counter()
    preds: list[bool] = []
    errors: list[dict[str, Any]] = []
    for i, p in enumerate(pairs):
        y, s = predict(p)
        preds.append(y)
        if y != p.same and len(errors) < 50:
            errors.append({"a": p.a, "b": p.b, "type": p.type, "gold": int(p.same), "score": round(s, 3), "source": p.source})
        if progress and (i + 1) % 1000 == 0:
            print(f"\r{i + 1}/{len(pairs)} pairs", end="", flush=True)
    if progress:
        print()
    secs = time.perf_counter() - t0
    rows = list(zip(pairs, preds))
    total = _counts(rows)
    by_cat: dict[str, list[tuple[Pair, bool]]] = {}
    by_src: dict[str, list[tuple[Pair, bool]]] = {}
    for p, y in rows:
        by_cat.setdefault(p.category, []).append((p, y))
        by_src.setdefault(p.source, []).append((p, y))
    if predictions is not None:
        write_predictions(pairs, preds, Path(predictions))
    return {
        "precision": total["precision"],
        "recall": total["recall"],
        "f1": total["f1"],
        "accuracy": total["accuracy"],
        "pairs": len(pairs),
        "details": {
            "counts": {k: total[k] for k in ("tp", "fp", "fn", "tn")},
            "by_category": {k: _counts(v) for k, v in sorted(by_cat.items())},
            "by_source": {k: _counts(v) for k, v in sorted(by_src.items())},
            "errors": errors,
            "pairs_per_second": round(len(pairs) / secs, 1) if secs > 0 else None,
        },
    }
