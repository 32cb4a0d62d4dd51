"""`lagebild eval ner` on a small real GermEval sample: metrics and the predictions file."""

from __future__ import annotations

import pytest

from lagebild.errors import BadData
from lagebild.eval.ner import evaluate
from lagebild.stages.ner_model import model_available

pytestmark = pytest.mark.skipif(not model_available(), reason="German NER model not trained (make train-ner)")


@pytest.fixture(scope="module")
def sample(data_dir, tmp_path_factory):
    """The first 150 sentences of the shared test part, copied line by line into a tmp file."""
    src = (data_dir / "germeval2014" / "NER-de-test-part.tsv").read_text(encoding="utf-8").split("\n")
    out, n = [], 0
    for line in src:
        out.append(line)
        if not line.strip():
            n += 1
            if n == 150:
                break
    p = tmp_path_factory.mktemp("ner") / "sample.tsv"
    p.write_text("\n".join(out), encoding="utf-8")
    return p


def test_metrics_and_predictions(sample, tmp_path):
    res = evaluate(sample, tmp_path)
    for k in ("f1", "precision", "recall", "f1_all12"):
        assert 0 <= res[k] <= 100
    assert res["f1"] > 50  # a working model, far above chance
    assert res["f1_all12"] <= res["f1"] + 1e-9 or res["details"]["all12"]["per_class"]
    gold = sample.read_text(encoding="utf-8").split("\n")
    pred = (tmp_path / sample.name).read_text(encoding="utf-8").split("\n")
    assert len(pred) == len(gold)
    for g, p in zip(gold, pred):
        if not g.strip() or g.startswith("#"):
            assert p == g
            continue
        gc, pc = g.split("\t"), p.split("\t")
        assert gc[:2] == pc[:2] and len(pc) == 4
        assert pc[2] == "O" or pc[2][:2] in ("B-", "I-")
        assert pc[3] == "O"


def test_rule_variants_and_details(sample):
    plain = evaluate(sample, None, rules="none")
    full = evaluate(sample, None, rules="all")
    assert 0 < plain["f1"] <= 100 and 0 < full["f1"] <= 100
    assert set(full["details"]["per_class"]) <= {"PER", "ORG", "LOC", "OTH"}
    assert full["details"]["sentences"] == 150


def test_bad_data(tmp_path):
    (tmp_path / "x.tsv").write_text("kein tsv\n", encoding="utf-8")
    with pytest.raises(BadData):
        evaluate(tmp_path / "x.tsv")
    with pytest.raises(BadData):
        evaluate(tmp_path)  # a folder with one (bad) .tsv file
    (tmp_path / "y.tsv").write_text("", encoding="utf-8")
    with pytest.raises(BadData):
        evaluate(tmp_path)  # two .tsv files: ambiguous
