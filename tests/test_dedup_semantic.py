"""Paraphrased / translated reuse (embeddings) and the dedup eval contract."""

from __future__ import annotations

import json

import pytest

from lagebild.corpus.dedup import DedupIndex, DedupInput
from lagebild.errors import BadData


@pytest.fixture(scope="module")
def seed_index(seed_texts) -> DedupIndex:
    idx = DedupIndex()
    for k in sorted(seed_texts):
        idx.learn_one(DedupInput(k, seed_texts[k], None, "de"))
    return idx


def test_tikhonov_quote_links_000_and_003(seed_index, seed_texts):
    links = [lk for lk in seed_index.links_of("003") if lk.other == "000"]
    assert [(lk.kind, lk.scope) for lk in links] == [("paraphrase", "passage")]
    texts_003 = [seed_texts["003"][p.start : p.end] for p in links[0].passages]
    texts_000 = [seed_texts["000"][p.other_start : p.other_end] for p in links[0].passages]
    assert any("Tichonow" in t for t in texts_003)
    assert any("Tikhonov" in t for t in texts_000)
    assert any("Artilleriegranaten" in t for t in texts_003) and any("Artilleriegranaten" in t for t in texts_000)
    assert seed_index.original_of("003") == "000"


def test_other_seed_pairs_are_independent(seed_index):
    for k in ("000", "001", "002", "004"):
        assert seed_index.original_of(k) is None
    assert not seed_index.links_of("002") and not seed_index.links_of("004")


def test_translated_paragraph_is_linked(seed_texts):
    # English rendering of the Tikhonov paragraph of seed 003 (our own translation)
    en = ("Vladimir Putin's support allows Kim Jong-un \"to reduce his dependence on another important ally, "
          "Beijing\", Vladimir Tikhonov, professor of Korean studies at the University of Oslo, told AFP.\n\n"
          "Meanwhile the Russian head of state gains \"secure access to Soviet-type artillery shells, which he "
          "now needs in large quantities\", the expert said.\n\nThe summit lasted two days in 2024.")
    idx = DedupIndex()
    idx.learn_one(DedupInput("003", seed_texts["003"], "2024-06-19", "de"))
    r = idx.learn_one(DedupInput("en", en, "2024-06-20", "en"))
    assert r.original == "003"
    assert {lk.kind for lk in r.links} == {"translated"}


def test_paraphrased_article_is_linked(seed_texts):
    src = seed_texts["002"].split("\n\n")[3:6]
    para = [p.replace("sagte", "erklärte").replace("Machthaber", "Staatschef").replace("auch ", "")
            .replace("Putin am Mittwoch", "am Mittwoch Putin") for p in src]
    idx = DedupIndex()
    idx.learn_one(DedupInput("orig", "\n\n".join(src), "2024-06-19", "de"))
    r = idx.learn_one(DedupInput("para", "\n\n".join(para), "2024-06-19", "de"))
    assert r.original == "orig"


def _write_stream(path, recs):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")


def test_eval_contract(tmp_path, seed_texts):
    from lagebild.eval.dedup import evaluate, iter_predictions

    recs = [
        {"id": "a", "date": "2024-06-19", "lang": "de", "title": "t", "text": seed_texts["002"], "cluster": "a",
         "original": None, "transform": "original"},
        {"id": "b", "date": None, "lang": "de", "title": "t", "text": seed_texts["004"], "cluster": "b",
         "original": None, "transform": "distractor"},
        {"id": "c", "date": "2024-06-20", "lang": "de", "title": "t", "text": seed_texts["002"] + "\n\nKommentare",
         "cluster": "a", "original": "a", "transform": "boilerplate"},
    ]
    data = tmp_path / "s.jsonl"
    _write_stream(data, recs)
    out = evaluate(data, tmp_path / "pred", semantic=False)
    assert (out["precision"], out["recall"], out["f1"]) == (100.0, 100.0, 100.0)
    assert out["details"]["transforms"]["boilerplate"]["recall"] == 100.0
    assert dict(iter_predictions(tmp_path / "pred")) == {"a": None, "b": None, "c": "a"}
    bad = tmp_path / "bad.jsonl"
    for content in ("", "{not json\n", json.dumps({"id": "x"}) + "\n",
                    json.dumps({"id": "x", "text": "t", "original": "nope"}) + "\n"):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(BadData):
            evaluate(bad)


def test_backend_thresholds():
    from lagebild.corpus.dedup_semantic import SemConfig

    assert SemConfig.for_backend("use") == SemConfig()
    e5 = SemConfig.for_backend("e5", window=10)
    assert e5.backend == "e5" and e5.align_min > SemConfig().align_min and e5.window == 10
