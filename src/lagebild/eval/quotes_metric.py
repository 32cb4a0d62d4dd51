"""The SpkAtt-2023 speaker-attribution metric (see data/spkatt2023/README.md).

Per article, system and gold annotations are paired one-to-one by the Hungarian
algorithm on the token-overlap F1 of their Message spans (ties broken by equal
Form, then equal STWR); pairs with no Message overlap at all are treated as
unpaired. For each pair and each role, tokens are counted as TP/FP/FN; an
unpaired system annotation counts all its tokens as FP, an unpaired gold one as
FN. Precision (TP/(TP+FP)) and recall (TP/(TP+FN)) are computed per pair and
role where defined (non-zero denominator) and macro-averaged over those
(pair, role) cases for the group of roles scored; F1 comes from the averaged P
and R. Groups: message = {Message}; roles = {Cue, Source, Addr, Frame}; joint =
all five. Simplified track: top-level annotations only (IsNested false), roles
Message and Source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

ROLES = ("Message", "Cue", "Source", "Addr", "Frame")
GROUPS = {
    "message": ("Message",),
    "roles": ("Cue", "Source", "Addr", "Frame"),
    "joint": ROLES,
    "cue": ("Cue",),
    "source": ("Source",),
    "addr": ("Addr",),
    "frame": ("Frame",),
}


@dataclass
class SAnn:
    roles: dict[str, frozenset[tuple[int, int]]]
    form: str = ""
    stwr: str = ""
    nested: bool = False


def parse_annotation(a: dict[str, Any]) -> SAnn:
    roles = {}
    for r in ROLES:
        pos = set()
        for p in a.get(r, []) or []:
            s, t = str(p).split(":")
            pos.add((int(s), int(t)))
        roles[r] = frozenset(pos)
    return SAnn(roles, str(a.get("Form", "")), str(a.get("STWR", "")), bool(a.get("IsNested", False)))


@dataclass
class Tally:
    """Per-role lists of per-pair precision and recall values."""

    p: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in ROLES})
    r: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in ROLES})
    n_gold: int = 0
    n_pred: int = 0
    n_pairs: int = 0

    def add(self, role: str, tp: int, fp: int, fn: int) -> None:
        if tp + fp:
            self.p[role].append(tp / (tp + fp))
        if tp + fn:
            self.r[role].append(tp / (tp + fn))

    def score(self, roles: Iterable[str]) -> dict[str, float]:
        ps = [v for r in roles for v in self.p[r]]
        rs = [v for r in roles for v in self.r[r]]
        p = sum(ps) / len(ps) if ps else 0.0
        rc = sum(rs) / len(rs) if rs else 0.0
        f = 2 * p * rc / (p + rc) if p + rc else 0.0
        return {"precision": 100 * p, "recall": 100 * rc, "f1": 100 * f}


def _f1(a: frozenset, b: frozenset) -> float:
    inter = len(a & b)
    if not inter:
        return 0.0
    return 2 * inter / (len(a) + len(b))


def pair(gold: list[SAnn], pred: list[SAnn]) -> list[tuple[int, int]]:
    """Hungarian pairing on Message F1 (tie-breaks: Form, then STWR)."""
    if not gold or not pred:
        return []
    from scipy.optimize import linear_sum_assignment

    m = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            f = _f1(g.roles["Message"], p.roles["Message"])
            if f > 0:
                m[i, j] = f + 1e-4 * (g.form == p.form) + 1e-7 * (g.stwr == p.stwr)
    rows, cols = linear_sum_assignment(-m)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if m[i, j] > 1e-3]


def score_doc(gold: list[SAnn], pred: list[SAnn], tally: Tally, *, simplified: bool = False) -> list[tuple[int, int]]:
    roles = ("Message", "Source") if simplified else ROLES
    if simplified:
        gold = [g for g in gold if not g.nested]
        pred = [p for p in pred if not p.nested]
    pairs = pair(gold, pred)
    tally.n_gold += len(gold)
    tally.n_pred += len(pred)
    tally.n_pairs += len(pairs)
    gp = {i for i, _ in pairs}
    pp = {j for _, j in pairs}
    for i, j in pairs:
        for r in roles:
            g, p = gold[i].roles[r], pred[j].roles[r]
            tally.add(r, len(g & p), len(p - g), len(g - p))
    for j, p in enumerate(pred):
        if j not in pp:
            for r in roles:
                tally.add(r, 0, len(p.roles[r]), 0)
    for i, g in enumerate(gold):
        if i not in gp:
            for r in roles:
                tally.add(r, 0, 0, len(g.roles[r]))
    return pairs


def headline(full: Tally, simple: Tally) -> dict[str, Any]:
    out: dict[str, Any] = {
        "joint_f1": full.score(GROUPS["joint"])["f1"],
        "message_f1": full.score(GROUPS["message"])["f1"],
        "roles_f1": full.score(GROUPS["roles"])["f1"],
        "cue_f1": full.score(GROUPS["cue"])["f1"],
        "simplified_joint_f1": simple.score(("Message", "Source"))["f1"],
    }
    details = {name: full.score(rs) for name, rs in GROUPS.items()}
    details["simplified"] = {
        "joint": simple.score(("Message", "Source")),
        "message": simple.score(("Message",)),
        "source": simple.score(("Source",)),
    }
    details["counts"] = {"gold": full.n_gold, "predicted": full.n_pred, "paired": full.n_pairs}
    out["details"] = details
    return out
