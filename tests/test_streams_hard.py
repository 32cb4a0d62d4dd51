"""bench/make_streams.py's harder German streams (issue 9): dehard, dehardx, dedated."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import load_bench


@pytest.fixture(scope="module")
def ms():
    return load_bench("make_streams.py", "make_streams_hard_under_test")


@pytest.fixture(scope="module")
def built(ms, data_dir: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    if not (data_dir / "semeval2022-pairs/training_set.csv").is_file() or not (data_dir / "spkatt2023").is_dir():
        pytest.skip("semeval2022-pairs / spkatt2023 not found")
    rows = ms.read_pairs(data_dir.parent)
    de = ms.pair_stream(rows, ("de", "de"))
    return rows, {"dehard": ms.hard_stream(rows, [("de", "de")]),
                  "dehardx": ms.hard_stream(rows, [("de", "de"), ("de", "en")]),
                  "dedated": ms.dated_stream(de, ms.spkatt_docs(data_dir.parent, dated=True)),
                  "de": ms.merge_by_rank(de, ms.spkatt_docs(data_dir.parent))}


def test_splits_are_disjoint_and_follow_the_de_split(ms, built) -> None:
    _, streams = built
    de_part = {r["id"]: ms.part(r["cluster"]) for r in streams["de"]}
    for name in ("dehard", "dehardx", "dedated"):
        s = streams[name]
        tune = {r["id"] for r in s if ms.part(r["cluster"]) == "tune"}
        dev = {r["id"] for r in s if ms.part(r["cluster"]) == "dev"}
        assert tune and dev and not tune & dev, name
        assert len(tune) + len(dev) == len(s), f"{name}: an article twice"
        for r in s:  # German articles fall in the same split as in the existing de stream
            if r["id"] in de_part:
                assert de_part[r["id"]] == ms.part(r["cluster"]), (name, r["id"])
    assert sorted(r["id"] for r in streams["dedated"]) == sorted(r["id"] for r in streams["de"])


def test_multi_article_clusters_come_from_same_pairs_and_no_augmented_rows(built) -> None:
    rows, streams = built
    same: dict[str, set[str]] = defaultdict(set)
    real_ids: set[str] = set()
    for r in rows:
        pid = r["pair_id"]
        if any(c.isalpha() for c in pid):  # machine-translated augmentation
            continue
        a, b = pid.split("_")
        real_ids.update((a, b))
        if float(r["Overall"]) <= 1.5:
            same[a].add(b)
            same[b].add(a)
    for name in ("dehard", "dehardx", "dedated"):
        clusters: dict[str, list[str]] = defaultdict(list)
        for r in streams[name]:
            clusters[r["cluster"]].append(r["id"])
            assert r["id"].isdigit() or r["id"].startswith("spk"), r["id"]
            if r["id"].isdigit():
                assert r["id"] in real_ids, f"{name}: {r['id']} only in augmented rows"
        multi = [m for m in clusters.values() if len(m) >= 2]
        assert len(multi) >= 40, name
        for members in multi:  # connected through "same" pairs inside the cluster
            seen, todo = {members[0]}, [members[0]]
            while todo:
                for n in same[todo.pop()] & set(members):
                    if n not in seen:
                        seen.add(n)
                        todo.append(n)
            assert seen == set(members), (name, members)
    assert not any(r["id"].startswith("spk") for r in streams["dehard"] + streams["dehardx"])
    assert {r["lang"] for r in streams["dehard"]} == {"de"} and {r["lang"] for r in streams["dehardx"]} == {"de", "en"}


def test_dedated_is_in_date_order(built) -> None:
    _, streams = built
    s = streams["dedated"]
    dates = [r["date"] for r in s if r["date"]]
    assert len(dates) >= 840 and dates == sorted(dates)
    semeval = [i for i, r in enumerate(s) if r["id"].isdigit()]
    assert all(r["date"] is None for r in s if r["id"].isdigit())
    assert s[semeval[0] - 1]["date"] < "2020" <= s[semeval[-1] + 1]["date"]
