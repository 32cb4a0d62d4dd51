"""`lagebild eval timex`: WikiWarsDE-style TIMEX2 evaluation (see ../shared/data/wikiwarsde/README.md).

``--data`` is a folder with ``in/NN_Name.sgm`` (raw ACE TERN SGML) and
``keyinline/NN_Name.key.xml`` (inline ``<TIMEX2 val=…>`` gold). Tags are read with
a tolerant reader (some files are not well-formed XML; the first of duplicated
attributes wins). Only expressions inside ``<TEXT>`` are scored; the document
creation time comes from ``<DATETIME>``. Offsets are characters of the text with
the tags removed.

Metrics (0–100): strict and lenient extent P/R/F1, ``value_accuracy`` (share of
lenient matches whose value equals gold) and ``strict_value_*`` (exact extent and
equal value). ``--write-predictions DIR`` writes ``DIR/NN_Name.key.xml``: the
``in/`` text unchanged with our inline ``<TIMEX2 val="…" mod="…">`` tags.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadData

# Fixed document split: tune on the rest, report dev separately (by document, not by sentence).
DEV_DOCS = ("05", "13", "19")

_TAG = re.compile(r"<(/?)TIMEX2\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL | re.IGNORECASE)
_DATETIME = re.compile(r"<DATETIME>\s*(.*?)\s*</DATETIME>", re.DOTALL | re.IGNORECASE)


@dataclass
class GoldTimex:
    start: int
    end: int
    val: str | None
    mod: str | None
    attrs: dict[str, str] = field(default_factory=dict)


def parse_attrs(s: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(s):
        k = m.group(1).lower()
        if k not in out:  # keep the first value of duplicated attributes
            out[k] = html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
    return out


def strip_tags(marked: str) -> tuple[str, list[GoldTimex]]:
    """Plain text and the TIMEX2 annotations (offsets into the plain text); nesting allowed."""
    parts: list[str] = []
    pos = 0
    last = 0
    stack: list[tuple[int, dict[str, str]]] = []
    out: list[GoldTimex] = []
    for m in _TAG.finditer(marked):
        chunk = marked[last : m.start()]
        parts.append(chunk)
        pos += len(chunk)
        last = m.end()
        if m.group(1):
            if stack:
                start, attrs = stack.pop()
                out.append(GoldTimex(start, pos, attrs.get("val") or None, attrs.get("mod") or None, attrs))
        elif m.group(0).rstrip().endswith("/>"):
            continue
        else:
            stack.append((pos, parse_attrs(m.group(2))))
    parts.append(marked[last:])
    out.sort(key=lambda t: (t.start, t.end))
    return "".join(parts), out


@dataclass
class WwDoc:
    name: str  # "01_WW2"
    raw: str  # the in/ file text (predictions are written into it)
    text_start: int
    text_end: int
    dct: str | None
    gold: list[GoldTimex]


def _dct(raw: str) -> str | None:
    m = _DATETIME.search(raw)
    if not m:
        return None
    plain, _ = strip_tags(m.group(1))
    v = re.search(r"\d{4}-\d{2}-\d{2}", plain)
    return v.group(0) if v else None


def load(data: Path) -> list[WwDoc]:
    data = Path(data)
    ind, keyd = data / "in", data / "keyinline"
    if not keyd.is_dir():
        raise BadData("not a WikiWarsDE-style folder (needs keyinline/ and in/)", path=str(data))
    keys = sorted(keyd.glob("*.key.xml"))
    if not keys:
        raise BadData("no keyinline/*.key.xml files", path=str(data))
    docs = []
    for k in keys:
        name = k.name[: -len(".key.xml")]
        marked = k.read_text(encoding="utf-8", errors="replace")
        plain, gold = strip_tags(marked)
        src = ind / f"{name}.sgm"
        raw = src.read_text(encoding="utf-8", errors="replace") if src.is_file() else plain
        if raw != plain:  # fall back to the stripped gold text so offsets agree
            raw = plain
        m = _TEXT.search(raw)
        if not m:
            raise BadData("no <TEXT> element", path=str(k))
        ts, te = m.start(1), m.end(1)
        gold = [g for g in gold if g.start >= ts and g.end <= te]
        docs.append(WwDoc(name, raw, ts, te, _dct(raw), gold))
    return docs


def predict(doc: WwDoc) -> list[tuple[int, int, str | None, str | None]]:
    from ..stages.timex import tag

    body = doc.raw[doc.text_start : doc.text_end]
    out = []
    for t in tag(body, "de", doc.dct, mode="narrative"):
        if t.type == "TIME" and t.value is None:
            continue
        out.append((t.start + doc.text_start, t.end + doc.text_start, t.value, t.mod))
    return out


def write_prediction(doc: WwDoc, preds: list[tuple[int, int, str | None, str | None]], out_dir: Path) -> Path:
    pieces = []
    last = 0
    for s, e, val, mod in sorted(preds):
        if s < last:
            continue
        attrs = f' val="{html.escape(val, quote=True)}"' if val else ""
        if mod:
            attrs += f' mod="{html.escape(mod, quote=True)}"'
        pieces.append(doc.raw[last:s])
        pieces.append(f"<TIMEX2{attrs}>{doc.raw[s:e]}</TIMEX2>")
        last = e
    pieces.append(doc.raw[last:])
    path = Path(out_dir) / f"{doc.name}.key.xml"
    path.write_text("".join(pieces), encoding="utf-8")
    return path


def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def score(pairs: list[tuple[list[GoldTimex], list[tuple[int, int, str | None, str | None]]]]) -> dict[str, Any]:
    n_sys = n_gold = strict = lenient = value_ok = strict_value = 0
    for gold, sys in pairs:
        n_sys += len(sys)
        n_gold += len(gold)
        used: set[int] = set()
        for s, e, val, _mod in sys:
            match = None
            for i, g in enumerate(gold):
                if i not in used and g.start == s and g.end == e:
                    match = i
                    break
            if match is None:
                for i, g in enumerate(gold):
                    if i not in used and g.start < e and s < g.end:
                        match = i
                        break
            if match is None:
                continue
            used.add(match)
            g = gold[match]
            lenient += 1
            exact = g.start == s and g.end == e
            strict += exact
            if (val or None) == g.val:
                value_ok += 1
                strict_value += exact
    sp, sr, sf = _prf(strict, n_sys, n_gold)
    lp, lr, lf = _prf(lenient, n_sys, n_gold)
    vp, vr, vf = _prf(strict_value, n_sys, n_gold)
    res: dict[str, Any] = {
        "lenient_f1": round(lf, 2), "strict_f1": round(sf, 2), "strict_value_f1": round(vf, 2),
        "value_accuracy": round(100 * value_ok / lenient, 2) if lenient else 0.0,
        "lenient_precision": round(lp, 2), "lenient_recall": round(lr, 2),
        "strict_precision": round(sp, 2), "strict_recall": round(sr, 2),
        "strict_value_precision": round(vp, 2), "strict_value_recall": round(vr, 2),
        "gold": n_gold, "system": n_sys,
    }
    return res


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False) -> dict[str, Any]:
    docs = load(Path(data))
    pairs = []
    per_doc: dict[str, Any] = {}
    for doc in docs:
        preds = predict(doc)
        if predictions is not None:
            write_prediction(doc, preds, Path(predictions))
        pairs.append((doc.gold, preds))
        per_doc[doc.name] = score([(doc.gold, preds)])["lenient_f1"]
    res = score(pairs)
    dev = [p for d, p in zip(docs, pairs) if d.name[:2] in DEV_DOCS]
    tune = [p for d, p in zip(docs, pairs) if d.name[:2] not in DEV_DOCS]
    res["details"] = {
        "dev": score(dev) if dev else None,
        "tune": score(tune) if tune else None,
        "per_doc_lenient_f1": per_doc,
    }
    return res
