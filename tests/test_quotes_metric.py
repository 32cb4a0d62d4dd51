"""The SpkAtt scorer on hand-made cases, and the eval round trip on real files."""

from __future__ import annotations

import json

import pytest

from lagebild.eval.quotes_metric import Tally, headline, parse_annotation, score_doc


def ann(msg, cue=(), src=(), addr=(), frame=(), form="Indirect", stwr="Speech", nested=False):
    return parse_annotation({"Message": list(msg), "Cue": list(cue), "Source": list(src), "Addr": list(addr),
                             "Frame": list(frame), "Form": form, "STWR": stwr, "IsNested": nested})


G1 = ann(["0:3", "0:4", "0:5"], cue=["0:1"], src=["0:0"], frame=["0:0", "0:1", "0:2"])
G2 = ann(["1:0", "1:1"], src=["1:3"], cue=["1:2"], form="Direct")


def _score(gold, pred):
    full, simple = Tally(), Tally()
    for g, p in zip(gold, pred):
        score_doc(g, p, full)
        score_doc(g, p, simple, simplified=True)
    return headline(full, simple)


def test_perfect_is_100():
    r = _score([[G1, G2]], [[G1, G2]])
    assert r["joint_f1"] == pytest.approx(100) and r["message_f1"] == pytest.approx(100)
    assert r["roles_f1"] == pytest.approx(100) and r["simplified_joint_f1"] == pytest.approx(100)


def test_empty_prediction_is_0():
    r = _score([[G1, G2]], [[]])
    assert r["joint_f1"] == 0 and r["message_f1"] == 0


def test_partial_overlap_by_hand():
    # message 2 of 3 tokens, right cue, wrong source, no frame
    p = ann(["0:4", "0:5"], cue=["0:1"], src=["0:2"])
    r = _score([[G1]], [[p]])
    d = r["details"]
    assert d["message"]["precision"] == pytest.approx(100) and d["message"]["recall"] == pytest.approx(200 / 3)
    assert d["cue"]["f1"] == pytest.approx(100)
    assert d["source"]["f1"] == 0
    # frame: recall 0 (defined), precision undefined -> no precision values at all -> F1 0
    assert d["frame"]["recall"] == 0 and d["frame"]["f1"] == 0
    # joint: P over Message, Cue, Source = (1 + 1 + 0) / 3; R over Message, Cue, Source, Frame
    p_j, r_j = 2 / 3, (2 / 3 + 1 + 0 + 0) / 4
    assert r["joint_f1"] == pytest.approx(100 * 2 * p_j * r_j / (p_j + r_j))


def test_hungarian_pairs_best_overlap_and_counts_unpaired():
    p_good = ann(["1:0", "1:1"], src=["1:3"], cue=["1:2"], form="Direct")
    p_spurious = ann(["2:0", "2:1"], cue=["2:2"])
    r = _score([[G1, G2]], [[p_spurious, p_good]])
    d = r["details"]
    assert d["counts"] == {"gold": 2, "predicted": 2, "paired": 1}
    # Message: pair G2/p_good P=R=1; spurious P=0; unmatched G1 R=0
    assert d["message"]["precision"] == pytest.approx(50) and d["message"]["recall"] == pytest.approx(50)


def test_form_breaks_ties():
    from lagebild.eval.quotes_metric import pair

    g = [ann(["0:0", "0:1"], form="Direct"), ann(["0:0", "0:1"], form="Indirect")]
    p = [ann(["0:0", "0:1"], form="Indirect")]
    assert pair(g, p) == [(1, 0)]


def test_simplified_ignores_nested_and_other_roles():
    nested = ann(["0:4"], cue=["0:1"], src=["0:0"], form="Direct", nested=True)
    p = ann(["0:3", "0:4", "0:5"], src=["0:0"])  # no cue, no frame
    r = _score([[G1, nested]], [[p]])
    assert r["simplified_joint_f1"] == pytest.approx(100)
    assert r["joint_f1"] < 100


def test_eval_round_trip_writes_exact_format(data_dir, tmp_path):
    from lagebild.eval import spkatt
    from lagebild.eval.quotes import evaluate_files

    train, dev = spkatt.split_files(data_dir / "spkatt2023" / "train")
    files = dev[:12]
    out = tmp_path / "pred"
    out.mkdir()
    r = evaluate_files(files, out)
    assert 30 < r["joint_f1"] <= 100
    for f in files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        pred = json.loads((out / f.name).read_text(encoding="utf-8"))
        assert pred["DocumentName"] == gold["DocumentName"] and pred["Sentences"] == gold["Sentences"]
        for a in pred["Annotations"]:
            assert set(a) == {"Cue", "Message", "Source", "Addr", "Frame", "Form", "STWR", "IsNested", "HasNested"}
            assert a["Form"] in {"Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"}
            for role in ("Cue", "Message", "Source", "Addr", "Frame"):
                for pos in a[role]:
                    s, t = map(int, pos.split(":"))
                    assert 0 <= t < len(gold["Sentences"][s]["Tokens"])
    # the written annotations scored against themselves give 100
    written = [[parse_annotation(a) for a in json.loads((out / f.name).read_text(encoding="utf-8"))["Annotations"]] for f in files]
    assert sum(map(len, written)) > 0
    assert _score(written, written)["joint_f1"] == pytest.approx(100)
