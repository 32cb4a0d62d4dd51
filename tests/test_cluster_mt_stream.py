"""bench/make_streams.py's xlmt-tune stream: machine-translated cross-lingual tune pairs that touch no dev data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_bench


@pytest.fixture(scope="module")
def ms():
    return load_bench("make_streams.py", "make_streams_under_test")


def test_xlmt_stream_is_tune_only_cross_lingual_and_leak_free(ms, data_dir: Path, tmp_path: Path) -> None:
    if not (data_dir / "semeval2022-pairs/training_set.csv").is_file():
        pytest.skip("semeval2022-pairs not found")
    rows = ms.read_pairs(data_dir.parent)
    # the SemEval dev streams (the Wikinews / SpkAtt ones share no article with SemEval)
    for langs, name in ((("de", "de"), "de"), (("de", "en"), "deen")):
        ms.write_splits(tmp_path, name, ms.pair_stream(rows, langs))
    out = ms.mt_stream(rows, tmp_path)
    assert len(out) > 50
    dev_ids, dev_hashes = set(), set()
    for path in tmp_path.glob("*-dev.jsonl"):
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            dev_ids.add(ms.digits(r["id"]))
            dev_hashes.add(ms.text_hash(r["text"]))
    for r in rows:  # non-augmented dev pairs: reported figures
        if ms.part(r["pair_id"]) == "dev" and not any(c.isalpha() for c in r["pair_id"]):
            dev_ids.update(r["pair_id"].split("_"))
            dev_hashes.update(ms.text_hash(ms.split_title(r[k])[1]) for k in ("text1", "text2"))
    assert not {ms.digits(d["id"]) for d in out} & dev_ids
    assert not {ms.text_hash(d["text"]) for d in out} & dev_hashes
    assert {d["lang"] for d in out} <= ms.MT_LANGS and "zh" not in {d["lang"] for d in out}
    # every multi-article cluster is cross-lingual and comes from a "same" pair whose underlying pair is tune
    by_cluster: dict[str, list[dict]] = {}
    for d in out:
        by_cluster.setdefault(d["cluster"], []).append(d)
    multi = [m for m in by_cluster.values() if len(m) > 1]
    assert len(multi) >= 10
    assert all(len({d["lang"] for d in m}) > 1 for m in multi)
    same = {tuple(r["pair_id"].split("_")) for r in rows if float(r["Overall"]) <= 1.5 and any(c.isalpha() for c in r["pair_id"])}
    for m in multi:
        ids = {d["id"] for d in m}
        assert any(a in ids and b in ids for a, b in same)
        for a, b in same:
            if a in ids and b in ids:
                assert ms.part(ms.digits(a) + "_" + ms.digits(b)) == "tune"
    assert [d["id"] for d in out] == sorted((d["id"] for d in out), key=lambda x: (int(ms.digits(x)), x))


def test_pair_streams_unchanged_by_the_shared_components(ms, data_dir: Path) -> None:
    if not (data_dir / "semeval2022-pairs/training_set.csv").is_file():
        pytest.skip("semeval2022-pairs not found")
    rows = ms.read_pairs(data_dir.parent)
    st = ms.pair_stream(rows, ("de", "en"))
    assert len(st) == 190 and len({d["cluster"] for d in st}) == 173  # docs/bench/clustering.md, deen
    assert all(d["cluster"] == "se" + min((x["id"] for x in st if x["cluster"] == d["cluster"]), key=int) for d in st)
