"""EVAL.md contract for every `lagebild eval TASK`: headline metric names in --json,
prediction files where an independent scorer expects them. Small slices of the real
data sets, copied to a temp folder in the test (nothing is committed)."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from lagebild.cli import app

runner = CliRunner()


def _run(task, data, out):
    r = runner.invoke(app, ["eval", task, "--data", str(data), "--write-predictions", str(out), "--json"])
    assert r.exit_code == 0, r.output[-2000:]
    return json.loads(r.stdout)


def _germeval_slice(src, dst, n=40):
    lines, sents = [], 0
    for line in src.read_text(encoding="utf-8").splitlines():
        lines.append(line)
        if not line.strip():
            sents += 1
            if sents >= n:
                break
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ner(data_dir, tmp_path):
    gold = tmp_path / "NER-slice.tsv"
    _germeval_slice(data_dir / "germeval2014" / "NER-de-dev.tsv", gold)
    res = _run("ner", gold, tmp_path / "out")
    assert {"f1", "f1_all12"} <= set(res)
    pred = (tmp_path / "out" / "NER-slice.tsv").read_text(encoding="utf-8").splitlines()
    g = gold.read_text(encoding="utf-8").splitlines()
    assert len(pred) == len(g)
    for a, b in zip(g, pred):  # every line kept; only columns 3-4 differ
        if a.startswith("#") or not a.strip():
            assert a == b
        else:
            assert a.split("\t")[:2] == b.split("\t")[:2] and len(b.split("\t")) == 4


@pytest.fixture
def spk(data_dir, tmp_path):
    d = tmp_path / "spk"
    d.mkdir()
    for p in sorted((data_dir / "spkatt2023" / "train").glob("*.json"))[:3]:
        shutil.copy(p, d / p.name)
    return d


def test_sentences_quotes_dating(spk, tmp_path):
    res = _run("sentences", spk, tmp_path / "s")
    assert "boundary_f1" in res
    assert sorted(p.name for p in (tmp_path / "s").glob("*.txt")) == sorted(p.stem + ".txt" for p in spk.glob("*.json"))
    res = _run("quotes", spk, tmp_path / "q")
    assert {"joint_f1", "message_f1", "roles_f1", "simplified_joint_f1"} <= set(res)
    for p in spk.glob("*.json"):
        gold, pred = json.loads(p.read_text(encoding="utf-8")), json.loads((tmp_path / "q" / p.name).read_text(encoding="utf-8"))
        assert pred["DocumentName"] == gold["DocumentName"] and pred["Sentences"] == gold["Sentences"]
        assert isinstance(pred["Annotations"], list)
    res = _run("dating", spk, tmp_path / "d")
    assert {"exact_day", "within_3_days", "mean_abs_days"} <= set(res)
    rows = [json.loads(x) for x in (tmp_path / "d" / "dates.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in rows} == {p.stem for p in spk.glob("*.json")}
    assert all(set(r) >= {"id", "date", "earliest", "latest"} for r in rows)


def test_timex(data_dir, tmp_path):
    src = data_dir / "wikiwarsde"
    d = tmp_path / "ww"
    for sub in ("in", "keyinline"):
        (d / sub).mkdir(parents=True)
    name = sorted((src / "in").glob("*.sgm"))[0].stem
    shutil.copy(src / "in" / f"{name}.sgm", d / "in")
    shutil.copy(src / "keyinline" / f"{name}.key.xml", d / "keyinline")
    res = _run("timex", d, tmp_path / "t")
    assert {"lenient_f1", "strict_f1", "strict_value_f1", "value_accuracy"} <= set(res)
    assert (tmp_path / "t" / f"{name}.key.xml").exists()


def test_pairs_summary(data_dir, tmp_path):
    src = data_dir / "semeval2022-pairs" / "training_set.csv"
    with src.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    body = [r for r in rows[1:] if r[head.index("lang1")] == "de"][:30]
    with (tmp_path / "pairs.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head] + body)
    res = _run("pairs", tmp_path / "pairs.csv", tmp_path / "p")
    assert {"auc_de_de", "auc_de_en", "f1"} <= set(res)
    assert all("pair_id" in json.loads(x) and "score" in json.loads(x) for x in (tmp_path / "p" / "pairs.jsonl").read_text().splitlines())
    lines = (data_dir / "wikinewssum-en" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = _run("summary", tmp_path / "c.jsonl", tmp_path / "u")
    assert {"rouge1", "rouge2", "rougeL"} <= set(res)
    assert all({"title", "summary"} <= set(json.loads(x)) for x in (tmp_path / "u" / "summaries.jsonl").read_text().splitlines())


def test_clustering_and_dedup_streams(seed_texts, tmp_path):
    recs = []
    for k, t in seed_texts.items():
        recs.append({"id": k, "date": None, "lang": "de", "title": t.strip().splitlines()[0][:80], "text": t, "cluster": "pact" if k in ("000", "002", "003") else k, "original": None})
    recs.append({**recs[2], "id": "002-copy", "original": "002"})
    (tmp_path / "s.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    res = _run("clustering", tmp_path / "s.jsonl", tmp_path / "c")
    assert {"b3_precision", "b3_recall", "b3_f1", "clusters"} <= set(res)
    ids = [json.loads(x)["id"] for x in (tmp_path / "c" / "clusters.jsonl").read_text().splitlines()]
    assert ids == [r["id"] for r in recs]
    res = _run("dedup", tmp_path / "s.jsonl", tmp_path / "d")
    assert {"precision", "recall", "f1"} <= set(res)
    pred = {json.loads(x)["id"]: json.loads(x)["original"] for x in (tmp_path / "d" / "dedup.jsonl").read_text().splitlines()}
    assert pred["002-copy"] == "002"
