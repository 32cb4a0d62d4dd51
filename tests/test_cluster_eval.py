"""`lagebild eval clustering` / `pairs`: metrics, prediction files, bad data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from lagebild.errors import BadData
from lagebild.eval import clustering, pairs


def test_b3_and_standard_f1_on_a_known_case():
    gold = {"a": "1", "b": "1", "c": "2", "d": "3"}
    assert clustering.b3(gold, gold) == (100.0, 100.0, 100.0)
    pred = {"a": "x", "b": "x", "c": "x", "d": "y"}  # c wrongly joined a+b
    p, r, f = clustering.b3(gold, pred)
    assert p == pytest.approx(100 * (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert r == 100.0
    assert clustering.standard_f1(gold, pred) < 100.0


def test_cross_lingual_pairs():
    gold = {"a": "1", "b": "1", "c": "2"}
    lang = {"a": "de", "b": "en", "c": "de"}
    assert clustering.cross_pairs(gold, {"a": "x", "b": "x", "c": "y"}, lang)["pair_f1"] == 100.0
    assert clustering.cross_pairs(gold, {"a": "x", "b": "y", "c": "x"}, lang)["pair_recall"] == 0.0


def _stream(seed_texts, tmp_path: Path) -> Path:
    """A tiny labelled stream from the seeds (the pact articles are one cluster)."""
    gold = {"000": "pact", "002": "pact", "003": "pact", "001": "invitation", "004": "vostochny"}
    dates = {"004": "2023-09-13", "001": "2024-01-21", "000": "2024-06-19", "002": "2024-06-19", "003": "2024-06-20"}
    path = tmp_path / "stream.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for key in sorted(gold, key=lambda k: (dates[k], k)):
            lines = [ln for ln in seed_texts[key].splitlines() if ln.strip() and not ln.startswith(("date ", "- von"))]
            f.write(json.dumps({"id": key, "date": dates[key], "lang": "de", "title": lines[0],
                                "text": seed_texts[key], "cluster": gold[key]}, ensure_ascii=False) + "\n")
    return path


def test_eval_clustering_writes_predictions(seed_texts, tmp_path):
    data = _stream(seed_texts, tmp_path)
    out = tmp_path / "pred"
    res = clustering.evaluate(data, out)
    assert set(res) >= {"b3_precision", "b3_recall", "b3_f1", "clusters"}
    assert res["b3_precision"] == 100.0  # the three events are never mixed
    lines = [json.loads(x) for x in (out / "clusters.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["004", "001", "000", "002", "003"]
    assert all(set(x) == {"id", "cluster"} for x in lines)


def test_eval_clustering_bad_data(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "title": "x"}\n', encoding="utf-8")
    with pytest.raises(BadData):
        clustering.evaluate(bad)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(BadData):
        clustering.evaluate(empty)


def test_eval_pairs_on_a_real_sample(data_dir, tmp_path):
    csv.field_size_limit(1 << 30)
    src = data_dir / "semeval2022-pairs" / "training_set.csv"
    with src.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["lang1"] == "de" and pairs.gold_label(r["Overall"]) is not None][:16]
        fields = reader.fieldnames
    sample = tmp_path / "pairs.csv"
    with sample.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    res = pairs.evaluate(sample, tmp_path / "pred", embed_backend=None)
    assert res["auc_de_de"] is not None and 0 <= res["auc_de_de"] <= 100
    pred = [json.loads(x) for x in (tmp_path / "pred" / "pairs.jsonl").read_text().splitlines()]
    assert [p["pair_id"] for p in pred] == [r["pair_id"] for r in rows]
    assert all(0.0 <= p["score"] <= 1.0 for p in pred)


def test_eval_pairs_bad_data(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(BadData):
        pairs.evaluate(bad)


def test_join_model_per_backend_and_one_article_decision(monkeypatch):
    import numpy as np

    from lagebild.corpus import cluster_model as cm

    use, e5 = cm.load(backend="use"), cm.load(backend="e5")
    assert use.meta.get("embeddings") == "use" and e5.meta.get("embeddings") == "e5"
    assert e5.single_coef is not None and cm.JoinModel.from_json(json.loads(json.dumps(e5.to_json()))) == e5
    monkeypatch.delenv("LAGEBILD_EMBEDDINGS", raising=False)
    # the eval's default is the product's (Settings.embeddings), so it scores what ingest does
    from lagebild.settings import Settings

    assert cm.resolve_backend("default") == Settings().embeddings == "use" and cm.resolve_backend(None) is None
    monkeypatch.setenv("LAGEBILD_EMBEDDINGS", "e5")
    assert cm.resolve_backend("default") == "e5"
    # the one-article model judges rows whose story has one article, the other model the rest
    row = np.array([[0.2, 0.1, 0.85, 0.2, 0.0, 0.0, 0.0, 0.85, 0.0]])
    single = row.copy()
    single[0, cm.FEATURES.index("singleton")] = 1.0
    raw = cm.JoinModel(e5.coef, e5.intercept)
    assert e5.logits(row)[0] == pytest.approx(raw.logits(row)[0])
    assert e5.logits(single)[0] == pytest.approx(float(single[0] @ np.array(e5.single_coef) + e5.single_intercept))


def test_pair_model_separates_real_same_and_different_german_pairs(data_dir):
    """The shipped pair model (tune pairs only) on the first real de-de pairs of the data set."""
    from lagebild.corpus import cluster_pairs

    csv.field_size_limit(1 << 30)
    with (data_dir / "semeval2022-pairs" / "training_set.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["lang1"] == r["lang2"] == "de" and not pairs.is_augmented(r["pair_id"])
                and pairs.gold_label(r["Overall"]) is not None][:30]
    model = cluster_pairs.load("use")
    assert model is not None and model.meta["embeddings"] == "use"
    assert cluster_pairs.PairModel.from_json(json.loads(json.dumps(model.to_json()))) == model
    S, cross = pairs.pair_signals(rows, None)  # lexical signals only: fast
    assert S.shape == (len(rows), len(cluster_pairs.SIGNALS)) and not cross.any()
    y = [pairs.gold_label(r["Overall"]) for r in rows]
    assert 0 < sum(y) < len(y)
    auc = pairs.roc_auc(y, list(S[:, cluster_pairs.SIGNALS.index("char45")]))
    assert auc is not None and auc > 70
    # `lagebild eval pairs` with the product default (USE) scores with this model and its threshold
    few = rows[:6]
    S2, c2 = pairs.pair_signals(few, "use")
    assert pairs.score_pairs(few, "use") == pytest.approx(list(model.score(S2, c2)))
    assert pairs.threshold("use") == model.threshold


def test_rows_without_a_language_get_the_detected_one(seed_texts, tmp_path):
    """A stream row with no (or a null) ``lang`` is read as ingest would read it: the language stage detects it,
    so cross-lingual features and the per-language / cross-lingual figures still work."""
    en = ("Putin and Kim sign mutual defence pact in Pyongyang. Russian President Vladimir Putin and North Korean "
          "leader Kim Jong Un signed a comprehensive strategic partnership treaty on Wednesday that obliges each "
          "side to assist the other if it is attacked, the Kremlin said.")
    path = tmp_path / "nolang.jsonl"
    rows = [{"id": "000", "date": None, "title": "", "text": seed_texts["000"], "cluster": "pact"},
            {"id": "en", "date": None, "lang": None, "title": "", "text": en, "cluster": "pact"},
            {"id": "004", "date": None, "lang": "de", "title": "", "text": seed_texts["004"], "cluster": "vostochny"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    read = {r["id"]: r for r in clustering.read_stream(path)}
    assert (read["000"]["lang"], read["en"]["lang"], read["004"]["lang"]) == ("de", "en", "de")
    assert read["000"].get("lang_detected") and not read["004"].get("lang_detected")
    res = clustering.score(list(read.values()), {"000": "x", "en": "x", "004": "y"})
    assert res["details"]["crosslingual"]["gold_pairs"] == 1 and res["details"]["crosslingual"]["pair_f1"] == 100.0
    assert res["details"]["languages_detected"] == 2
