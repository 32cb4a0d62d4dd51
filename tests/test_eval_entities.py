"""`lagebild eval entities`: alias-set metrics, prediction file, bad data."""

from __future__ import annotations

import pytest

from lagebild.errors import BadData
from lagebild.eval.entities import evaluate

PERFECT = "a\tb\ttype\tsame\tsource\nWladimir Tichonow\tVladimir Tikhonov\tPER\t1\tseed:translit\nKim Il Sung\tKim Jong Un\tPER\t0\tseed:korean\nKim Jong Un\tKim Jong-un\tPER\t1\thyphen:x\n"


def test_perfect_and_predictions(tmp_path):
    p = tmp_path / "a.tsv"
    p.write_text(PERFECT, encoding="utf-8")
    r = evaluate(p, tmp_path / "pred")
    assert (r["precision"], r["recall"], r["f1"]) == (100.0, 100.0, 100.0)
    assert r["details"]["by_category"]["seed"]["pairs"] == 2
    lines = (tmp_path / "pred" / "aliases.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["a", "b", "type", "same", "source", "predicted"]
    assert [ln.split("\t")[5] for ln in lines[1:]] == ["1", "0", "1"]
    assert lines[1].split("\t")[:5] == ["Wladimir Tichonow", "Vladimir Tikhonov", "PER", "1", "seed:translit"]


def test_imperfect(tmp_path):
    p = tmp_path / "a.tsv"
    # Genf/Geneva is the same city but neither a name rule nor CLDR's place names see it
    p.write_text(PERFECT + "Genf\tGeneva\tLOC\t1\texonym:x\n", encoding="utf-8")
    r = evaluate(p, None)
    assert r["precision"] == 100.0 and r["recall"] == 66.67
    assert r["details"]["by_category"]["exonym"]["recall"] == 0.0
    assert r["details"]["errors"][0]["a"] == "Genf"


@pytest.mark.parametrize("text", ["", "a\tb\ttype\tsame\tsource\n", "Putin\tPutins\tPER\n", "Putin\tPutins\tPER\tyes\tx\n", "\tPutins\tPER\t1\tx\n"])
def test_bad_data(tmp_path, text):
    p = tmp_path / "bad.tsv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(BadData):
        evaluate(p, None)


def test_missing_and_empty_folder(tmp_path):
    with pytest.raises(BadData):
        evaluate(tmp_path / "nope.tsv", None)
    with pytest.raises(BadData):
        evaluate(tmp_path, None)


def test_exonyms_merge_places_only(tmp_path):
    """CLDR place names join across languages; a person with a place's name does not."""
    p = tmp_path / "ex.tsv"
    p.write_text(
        "Moskau\tMoscow\tLOC\t1\texonym:x\n"
        "Nordkorea\tCorée du Nord\tLOC\t1\texonym:x\n"
        "Demokratische Volksrepublik Korea\tNordkorea\tLOC\t1\texonym:x\n"
        "Nordkorea\tSüdkorea\tLOC\t0\tneg:x\n"
        "Moskau\tMoscow\tPER\t0\tneg:x\n",
        encoding="utf-8",
    )
    r = evaluate(p, None)
    assert r["details"]["counts"] == {"tp": 3, "fp": 0, "fn": 0, "tn": 2}
