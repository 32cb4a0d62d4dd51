"""Summary: `lagebild eval summary` on a tiny WikinewsSum sample, and the MMR summariser on the seeds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from lagebild.errors import BadData


@pytest.fixture(scope="module")
def tiny_clusters(data_dir: Path, tmp_path_factory) -> Path:
    src = data_dir / "wikinewssum-en" / "clusters.jsonl"
    if not src.is_file():
        pytest.skip("wikinewssum-en not found")
    with src.open(encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(3)]
    out = tmp_path_factory.mktemp("wns") / "clusters.jsonl"
    out.write_text("".join(lines), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def tiny_result(tiny_clusters: Path, tmp_path_factory):
    from lagebild.eval.summary import evaluate

    pred = tmp_path_factory.mktemp("pred")
    return evaluate(tiny_clusters, pred), pred


def test_eval_summary_metrics(tiny_clusters, tiny_result):
    res, _ = tiny_result
    rows = [json.loads(ln) for ln in tiny_clusters.read_text(encoding="utf-8").splitlines()]
    with_sources = sum(1 for r in rows if any((s.get("maintext") or "").strip() for s in r["sources"]))
    assert res["details"]["scored"] == with_sources >= 1
    for m in ("rouge1", "rouge2", "rougeL"):
        assert 0 < res[m] <= 100
        assert 0 < res["details"][f"lead_{m}"] <= 100
    assert res["rouge1"] > res["rouge2"]  # unigram overlap always at least bigram overlap
    assert res["rouge1"] > 15  # a summary of the same event shares its vocabulary with the reference


def test_eval_summary_predictions(tiny_clusters, tiny_result):
    res, pred = tiny_result
    lines = (pred / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == res["details"]["scored"]
    titles = [json.loads(ln)["title"] for ln in tiny_clusters.read_text(encoding="utf-8").splitlines()]
    for ln in lines:
        obj = json.loads(ln)
        assert set(obj) == {"title", "summary"}
        assert obj["title"] in titles
        assert obj["summary"].strip()
        assert len(obj["summary"].split()) <= 250 + 80  # word budget (cap) plus at most one sentence


@pytest.mark.parametrize(
    "content",
    ["", "not json\n", '{"title": "x"}\n', '[1, 2]\n', '{"title": "x", "text": "y", "sources": [{"maintext": ""}]}\n'],
)
def test_eval_summary_bad_data(tmp_path, content):
    from lagebild.eval.summary import evaluate

    p = tmp_path / "clusters.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(BadData) as ei:
        evaluate(p, None)
    assert "\n" not in str(ei.value)


def test_eval_summary_missing_file(tmp_path):
    from lagebild.eval import run_task

    with pytest.raises(BadData):
        run_task("summary", tmp_path / "nope.jsonl")


# --- the summariser on the seeds ------------------------------------------------------


@pytest.fixture(scope="module")
def pact_docs(seeds_dir: Path):
    from lagebild import Pipeline, ingest

    p = Pipeline(db=None, stages=["language", "sentences"])
    paths = sorted(seeds_dir.glob("00[023]_*.txt"))  # the June 2024 pact story
    return [p.annotate(ingest.process_text(x.read_text(encoding="utf-8"), origin=str(x))) for x in paths]


def test_mmr_cites_and_is_non_redundant(pact_docs):
    from lagebild.corpus.claims import extract_claims
    from lagebild.report.summary import mmr_select

    claims = extract_claims(pact_docs)
    chosen = mmr_select(claims, pact_docs, k=6)
    assert len(chosen) == 6
    ids = {d.doc_id for d in pact_docs}
    for c in chosen:
        assert c.doc_ids and set(c.doc_ids) <= ids  # every sentence cites >= 1 article of the story
        assert any(c.text in d.text for d in pact_docs)
    assert len({c.text for c in chosen}) == len(chosen)


def test_mmr_skips_a_duplicate_claim(pact_docs):
    from lagebild.corpus.claims import extract_claims
    from lagebild.report.summary import mmr_select

    claims = extract_claims(pact_docs)
    first = mmr_select(claims, pact_docs, k=1)[0]
    twin = replace(first, claim_id=first.claim_id + "x") if hasattr(first, "__dataclass_fields__") else first
    chosen = mmr_select([twin, *claims], pact_docs, k=5)
    texts = [c.text for c in chosen]
    assert texts.count(first.text) == 1  # the identical sentence is never picked twice


def test_mmr_word_budget(pact_docs):
    from lagebild.corpus.claims import extract_claims
    from lagebild.report.summary import mmr_select

    claims = extract_claims(pact_docs)
    short = mmr_select(claims, pact_docs, k=30, max_words=60)
    longer = mmr_select(claims, pact_docs, k=30, max_words=200)
    n_short = sum(len(c.text.split()) for c in short)
    assert 1 <= len(short) < len(longer)
    assert n_short <= 60 + max(len(c.text.split()) for c in short)
