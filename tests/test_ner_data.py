"""NER data handling: GermEval reader, conlleval chunking and scoring, fixed split."""

from __future__ import annotations

import pytest

from lagebild.errors import BadData
from lagebild.stages.ner_data import (
    ALL_CLASSES,
    chunks,
    germeval_sentences,
    main_class_tags,
    read_germeval,
    read_wikiann,
    score,
    split,
)


def test_chunks_conlleval_style():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "B-OTH"]
    assert chunks(tags) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG"), (7, 8, "OTH")]
    assert chunks([]) == []


def test_main_class_tags_drop_deriv_and_part():
    assert main_class_tags(["B-LOCderiv", "B-ORG", "I-ORG", "B-ORGpart"]) == ("O", "B-ORG", "I-ORG", "O")


def test_score_exact_span_and_type():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O", "B-LOCderiv"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-LOC", "O", "B-LOCderiv"]]
    s = score(gold, pred)
    # gold PER(0-2), LOC, ORG; predicted PER(0-1) wrong span, LOC right, LOC wrong type
    assert s["precision"] == pytest.approx(100 / 3, abs=0.01)
    assert s["recall"] == pytest.approx(100 / 3, abs=0.01)
    assert s["per_class"]["LOC"]["f1"] == pytest.approx(66.67, abs=0.01)
    s12 = score(gold, pred, ALL_CLASSES)
    assert s12["per_class"]["LOCderiv"]["f1"] == 100.0


def test_read_germeval_real_file(data_dir):
    sents = read_germeval(data_dir / "germeval2014" / "NER-de-dev.tsv")
    assert len(sents) == 2200
    first = sents[0]
    assert first.source.startswith("#") and len(first.words) == len(first.outer) == len(first.inner)
    classes = {c for s in sents for _, _, c in chunks(s.outer)}
    assert {"PER", "ORG", "LOC", "OTH", "LOCderiv"} <= classes


def test_split_fixed_and_disjoint(data_dir):
    sents = germeval_sentences(data_dir)
    assert len(sents) == 5260
    tr1, dev1 = split(sents)
    tr2, dev2 = split(sents)
    assert [s.words for s in dev1] == [s.words for s in dev2]
    assert len(tr1) + len(dev1) == len(sents) and 700 < len(dev1) < 900
    assert not {id(s) for s in tr1} & {id(s) for s in dev1}


def test_read_wikiann(data_dir):
    sents = read_wikiann(data_dir / "wikiann-de" / "dev.tsv")
    assert len(sents) == 10000
    assert {c for s in sents[:500] for _, _, c in chunks(s.outer)} == {"PER", "ORG", "LOC"}


@pytest.mark.parametrize("content", ["", "just some text without tabs\n", "1\tWort\tX-PER\tO\n"])
def test_bad_files_raise(tmp_path, content):
    p = tmp_path / "bad.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(BadData):
        read_germeval(p)
    with pytest.raises(BadData):
        read_germeval(tmp_path / "missing.tsv")
