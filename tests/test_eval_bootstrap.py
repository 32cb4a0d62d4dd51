"""Bootstrap confidence intervals of `eval clustering` / `eval pairs` (eval/bootstrap.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from lagebild.eval import bootstrap, clustering


def _noisy(n_clusters: int, seed: int, sizes=(1, 2, 3, 5, 8)) -> tuple[dict[str, str], dict[str, str]]:
    """Synthetic gold/predicted labels: some stories split, some merged with the next one."""
    rnd = random.Random(seed)
    gold: dict[str, str] = {}
    pred: dict[str, str] = {}
    for c in range(n_clusters):
        for a in range(rnd.choice(sizes)):
            i = f"c{c}a{a}"
            gold[i] = f"g{c}"
            u = rnd.random()
            pred[i] = f"p{c}" if u < 0.75 else (f"p{c + 1}" if u < 0.9 else f"s{i}")
    return gold, pred


def _brute_force(gold: dict[str, str], pred: dict[str, str], counts: np.ndarray) -> list[float]:
    """B³ P/R/F1 and standard F1 of a resample written out copy by copy: each copy of an article keeps the
    score it had in the stream (judged against its original predicted story, never joined with other copies)."""
    k = dict(zip(sorted(set(gold.values())), (int(c) for c in counts)))
    g_mem = {g: {i for i in gold if gold[i] == g} for g in k}
    p_mem = {q: {i for i in pred if pred[i] == q} for q in set(pred.values())}
    copies = [(i, c) for i in gold for c in range(k[gold[i]])]
    ps = [len(g_mem[gold[i]] & p_mem[pred[i]]) / len(p_mem[pred[i]]) for i, _ in copies]
    rs = [len(g_mem[gold[i]] & p_mem[pred[i]]) / len(g_mem[gold[i]]) for i, _ in copies]
    sf = sum(k[g] * len(m) * max(2 * len(m & p_mem[pred[i]]) / (len(m) + len(p_mem[pred[i]])) for i in m)
             for g, m in g_mem.items())
    p, r = 100 * sum(ps) / len(copies), 100 * sum(rs) / len(copies)
    return [p, r, 2 * p * r / (p + r), 100 * sf / len(copies)]


def test_vectorised_scores_equal_the_reference_functions_and_a_brute_force_resample():
    gold, pred = _noisy(30, seed=1)
    table = bootstrap.ClusterMasses(gold, pred)
    ones = np.ones((1, table.gold_clusters), dtype=int)
    s = bootstrap.cluster_resample_scores(table, ones)
    assert [s[k][0] for k in ("b3_precision", "b3_recall", "b3_f1")] == pytest.approx(list(clustering.b3(gold, pred)))
    assert s["standard_f1"][0] == pytest.approx(clustering.standard_f1(gold, pred))
    draws = bootstrap.cluster_draws(table.gold_clusters, resamples=4, seed=3)
    assert draws.max() >= 2  # some cluster copied
    s = bootstrap.cluster_resample_scores(table, draws)
    for b in range(4):
        got = [s[k][b] for k in ("b3_precision", "b3_recall", "b3_f1", "standard_f1")]
        assert got == pytest.approx(_brute_force(gold, pred, draws[b]))


def test_copies_are_not_joined_and_a_merge_costs_what_it_cost_in_the_stream():
    gold = {"a": "1", "b": "1", "c": "2"}
    pred = {"a": "x", "b": "x", "c": "x"}  # story 2 wrongly merged into story 1
    table = bootstrap.ClusterMasses(gold, pred)
    s = bootstrap.cluster_resample_scores(table, np.array([[1, 1], [2, 0], [0, 2], [2, 1]]))
    assert s["b3_precision"][0] == pytest.approx(clustering.b3(gold, pred)[0])
    assert s["b3_precision"][1] == pytest.approx(100 * 2 / 3)  # a, b keep 2/3 (not 2/6: copies not joined)
    assert s["b3_precision"][2] == pytest.approx(100 / 3)
    assert s["b3_precision"][3] == pytest.approx(100 * (4 * 2 / 3 + 1 / 3) / 5)
    assert list(s["b3_recall"]) == [100.0] * 4


def test_ci_contains_point_estimate_and_is_deterministic():
    gold, pred = _noisy(40, seed=2)
    ci = bootstrap.clustering_ci(gold, pred)
    p, r, f = clustering.b3(gold, pred)
    for name, point in (("b3_precision", p), ("b3_recall", r), ("b3_f1", f),
                        ("standard_f1", clustering.standard_f1(gold, pred))):
        lo, hi = ci[name]
        assert lo - 1e-9 <= point <= hi + 1e-9 and lo < hi
    assert ci["resamples"] == 1000 and ci["unit"] == "gold cluster"
    assert bootstrap.clustering_ci(gold, pred) == ci
    assert bootstrap.clustering_ci(gold, pred, seed=7) != ci


def test_perfect_predictions_give_100_100():
    gold, _ = _noisy(25, seed=3)
    ci = bootstrap.clustering_ci(gold, {i: f"pred-{g}" for i, g in gold.items()})
    for name in ("b3_precision", "b3_recall", "b3_f1", "standard_f1"):
        assert ci[name] == [100.0, 100.0]


def test_larger_sample_gives_narrower_interval():
    gold, pred = _noisy(400, seed=4)
    small = {i for i in gold if int(gold[i][1:]) < 25}
    wide = bootstrap.clustering_ci({i: gold[i] for i in small}, {i: pred[i] for i in small})
    narrow = bootstrap.clustering_ci(gold, pred)
    for name in ("b3_precision", "b3_recall", "b3_f1"):
        assert narrow[name][1] - narrow[name][0] < wide[name][1] - wide[name][0]


def test_eval_clustering_reports_ci_in_details_only(seed_texts, tmp_path: Path):
    gold = {"000": "pact", "002": "pact", "003": "pact", "001": "invitation", "004": "vostochny"}
    data = tmp_path / "stream.jsonl"
    with data.open("w", encoding="utf-8") as f:
        for key in sorted(gold):
            title = next(ln for ln in seed_texts[key].splitlines() if ln.strip())
            f.write(json.dumps({"id": key, "date": None, "lang": "de", "title": title, "text": seed_texts[key],
                                "cluster": gold[key]}, ensure_ascii=False) + "\n")
    res = clustering.evaluate(data)
    assert set(res) == {"b3_precision", "b3_recall", "b3_f1", "clusters", "details"}
    ci = res["details"]["ci95"]
    for name in ("b3_precision", "b3_recall", "b3_f1"):
        assert ci[name][0] - 1e-9 <= res[name] <= ci[name][1] + 1e-9


def test_pairs_ci_stratified_and_single_class_language_pair():
    rnd = random.Random(5)
    by_lang = {
        "de-de": ([1] * 24 + [0] * 39, [rnd.gauss(0.7, 0.15) for _ in range(24)] + [rnd.gauss(0.4, 0.15) for _ in range(39)]),
        "de-en": ([1] * 8 + [0] * 45, [rnd.gauss(0.7, 0.15) for _ in range(8)] + [rnd.gauss(0.35, 0.15) for _ in range(45)]),
        "de-fr": ([0] * 3, [0.2, 0.3, 0.9]),  # one class only: AUC undefined in the data and in every resample
    }
    from lagebild.eval.pairs import f1_at, roc_auc

    ci = bootstrap.pairs_ci(by_lang, 0.6, auc_for=("de-de", "de-en", "de-fr"), resamples=300)
    assert ci["auc_de_fr"] is None
    assert "auc_de_fr" not in bootstrap.pairs_ci(by_lang, 0.6, resamples=2)  # headline language pairs only by default
    for key in ("de-de", "de-en"):
        lo, hi = ci[f"auc_{key.replace('-', '_')}"]
        assert lo <= roc_auc(*by_lang[key]) <= hi <= 100.0
    ys = [v for y, _ in by_lang.values() for v in y]
    ss = [v for _, s in by_lang.values() for v in s]
    assert ci["f1"][0] <= f1_at(ys, ss, 0.6) <= ci["f1"][1]
    assert bootstrap.pairs_ci(by_lang, 0.6, auc_for=("de-de", "de-en", "de-fr"), resamples=300) == ci
    assert ci["auc_de_en"][1] - ci["auc_de_en"][0] > 0  # not degenerate
    perfect = bootstrap.pairs_ci({"de-de": ([1, 1, 0, 0], [0.9, 0.8, 0.1, 0.2])}, 0.5, resamples=50)
    assert perfect["auc_de_de"] == [100.0, 100.0] and perfect["f1"] == [100.0, 100.0]
