"""`lagebild eval sentences` on a few SpkAtt files: metrics, predictions, bad data."""

from __future__ import annotations

import json
import shutil

import pytest

from lagebild.errors import BadData
from lagebild.eval import run_task, spkatt
from lagebild.eval.sentences import artefact, boundaries, score_spans
from lagebild.stages.sent_split import split_sentences


@pytest.fixture(scope="module")
def sample(data_dir, tmp_path_factory):
    train = data_dir / "spkatt2023" / "train"
    if not train.is_dir():
        pytest.skip("spkatt2023 not available")
    _, dev = spkatt.split_files(train)
    out = tmp_path_factory.mktemp("spk")
    for p in dev[:8]:
        shutil.copy(p, out / p.name)
    return out


def test_boundary_definition():
    gold = [(0, 10), (11, 20), (21, 30)]
    assert boundaries(gold) == {11, 21}
    assert score_spans(gold, [(0, 20), (21, 30)]) == (1, 0, 1)
    assert score_spans(gold, [(0, 5), (6, 10), (11, 30)]) == (1, 1, 1)


def test_evaluate_and_write_predictions(sample, tmp_path):
    res = run_task("sentences", sample, tmp_path)
    assert set(res) >= {"boundary_f1", "boundary_precision", "boundary_recall", "details"}
    assert 85 <= res["boundary_f1"] <= 100
    files = sorted(sample.glob("*.json"))
    for p in files:
        pred = (tmp_path / f"{p.stem}.txt").read_text(encoding="utf-8").splitlines()
        doc = spkatt.read_file(p)
        assert pred == [" ".join(doc.text[s:e].split()) for s, e in split_sentences(doc.text, "de")]
        assert " ".join(pred) == " ".join(doc.text.split())  # nothing lost, nothing added
    assert res["details"]["files"] == len(files)
    d = res["details"]
    assert d["artefact_false_positives"] <= d["false_positives"] and d["artefact_false_negatives"] <= d["false_negatives"]
    assert d["boundary_f1_without_artefacts"] >= res["boundary_f1"]
    json.dumps(res)


def test_tokenisation_artefacts():
    # gold sentences as the SpkAtt tokeniser left them (from train files 10022/1034-like cases)
    gold_sents = [
        ["Jeder", "sollte", "wissen", ":", "Je", "kleiner", "die", "Schritte"],
        [",", "desto", "mehr", "Schritte", "muss", "er", "machen", "."],
        ["Das", "Virus", "sei", "nicht", "übertragbar", ".", "„"],
        ["Aber", "das", "Virus", "hat", "alle", "Potenzen", "."],
        ["“", "Eyadéma"],
        ["war", "der", "dienstälteste", "Staatsführer", "."],
    ]
    text, offs = spkatt.detokenise(gold_sents)
    gold = [(o[0][0], o[-1][1]) for o in offs]
    g = boundaries(gold)
    b = [s for s, _ in gold]
    assert artefact(text, b[1], "fn", g) == "gold sentence starts with punctuation"
    assert artefact(text, b[3], "fn", g) == "opening mark left at the end of the sentence before"
    assert artefact(text, b[5], "fn", g) == "gold cut before a lower-case word"
    assert artefact(text, b[3] - 2, "fp", g) == "opening mark left at the end of the sentence before"
    assert artefact(text, b[4], "fn", g) == "gold sentence starts with punctuation"  # "“ Eyadéma"
    assert artefact(text, b[4] + 2, "fp", g) == "gold sentence starts with punctuation"  # the same, after the mark
    assert artefact(text, b[2], "fn", g) is None  # a real boundary


def test_bad_data(tmp_path):
    with pytest.raises(BadData):
        run_task("sentences", tmp_path / "missing", None)
    with pytest.raises(BadData):  # a folder without .json files
        run_task("sentences", tmp_path, None)
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BadData):
        run_task("sentences", tmp_path, None)


def test_list_items_and_real_lowercase_starts_are_not_artefacts():
    gold_sents = [
        ["Ergebnisse", ":"],
        ["-", "Capitals", "3", "Thrashers", "0"],
        ["Die", "Masse", "wurde", "ermittelt", "."],
        ["neues-limit", "Auf", "diese", "Weise", "."],
        ["Ghana"],
        ["-", "australien", "spielte", "."],
    ]
    text, offs = spkatt.detokenise(gold_sents)
    gold = [(o[0][0], o[-1][1]) for o in offs]
    g = boundaries(gold)
    b = [s for s, _ in gold]
    assert artefact(text, b[1], "fn", g) is None  # "Ergebnisse: ‖ - Capitals …": a list item
    assert artefact(text, b[1] + 2, "fp", g) is None  # cutting after the dash is not the same boundary
    assert artefact(text, b[3], "fn", g) is None  # "ermittelt. ‖ neues-limit": a reader cuts there
    assert artefact(text, b[5], "fn", g) == "gold sentence starts with punctuation"  # dash + lower case
    # a gold unit of layout marks only ('' of a wiki interview turn) is not a mark left behind
    turn = [["Wie", "geht", "es", "weiter", "?"], ["''"], ["Pau", "''", ":", "Ich", "lehne", "ab", "."]]
    text, offs = spkatt.detokenise(turn)
    gold = [(o[0][0], o[-1][1]) for o in offs]
    assert artefact(text, gold[2][0], "fn", boundaries(gold)) is None


def test_dash_inside_a_match_row_and_lone_quote_units_are_artefacts():
    # SpkAtt dev/train: the gold cuts one match row before its dash, and leaves „ as a unit
    rows = [["Rangers", "5", "-", "Flyers", "3", "Blue", "Jackets", "2"], ["-", "Capitals", "3", "Thrashers", "0"]]
    text, offs = spkatt.detokenise(rows)
    gold = [(o[0][0], o[-1][1]) for o in offs]
    assert artefact(text, gold[1][0], "fn", boundaries(gold)) == "gold cut before a dash inside a line"
    quote = [["Das", "Virus", "sei", "nicht", "übertragbar", "."], ["„"], ["Aber", "das", "Virus", "hat", "Potenzen", "."]]
    text, offs = spkatt.detokenise(quote)
    gold = [(o[0][0], o[-1][1]) for o in offs]
    assert artefact(text, gold[2][0], "fn", boundaries(gold)) == "opening mark left at the end of the sentence before"
    shifted = [["Zapfenstreich", "Abpfeifen"], ["!", "“", "Struck", "sagte", "nichts", "."]]
    text, offs = spkatt.detokenise(shifted)
    gold = [(o[0][0], o[-1][1]) for o in offs]
    b = text.index("Struck")
    assert artefact(text, b, "fp", boundaries(gold)) == "gold sentence starts with punctuation"


def test_predictions_score_the_same_from_the_files_alone(sample, tmp_path):
    # an independent scorer that sees only the gold JSON and DIR/<stem>.txt (as the held-out
    # scoring does): boundaries counted in non-space characters; same F1 as reported
    res = run_task("sentences", sample, tmp_path)
    tp = fp = fn = 0
    for g in sorted(sample.glob("*.json")):
        doc = json.loads(g.read_text(encoding="utf-8"))
        raw = (tmp_path / f"{g.stem}.txt").read_text(encoding="utf-8")
        assert raw.endswith("\n") and "\n\n" not in raw and "\r" not in raw
        gold, starts, c = set(), set(), 0
        for s in doc["Sentences"]:
            gold.add(c)
            for t in s["Tokens"]:
                starts.add(c)
                c += len("".join(t.split()))
        pred, c2 = set(), 0
        for line in raw.split("\n")[:-1]:
            assert line and line == line.strip()
            pred.add(c2)
            c2 += len("".join(line.split()))
        assert c2 == c and pred <= starts  # every predicted boundary lies between gold tokens
        gold.discard(0)
        pred.discard(0)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    f = 200 * tp / (2 * tp + fp + fn)
    assert round(f, 2) == res["boundary_f1"]
