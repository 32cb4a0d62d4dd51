"""Readable story and storyline labels: the clusterer's name tokens shown as full names."""

from __future__ import annotations

import json

import pytest

from lagebild import Pipeline
from lagebild.corpus.labels import full_names, learn_names


def test_tokens_learn_the_full_person_names():
    names: dict[str, str] = {}
    cands = [("Wladimir Putin", "PER", 5), ("Kim Jong-un", "PER", 7), ("Kim Il Sung", "PER", 1), ("Nordkorea Land", "LOC", 2)]
    assert learn_names(names, ["Putin", "Kim", "Jong-un", "Nordkorea"], cands)
    assert names == {"putin": "Wladimir Putin", "kim": "Kim Jong-un", "jong-un": "Kim Jong-un"}
    # "Kim" and "Jong-un" are one person, shown once; a place keeps the clusterer's token
    assert full_names(["Putin", "Kim", "Jong-un", "Nordkorea"], names) == ["Wladimir Putin", "Kim Jong-un", "Nordkorea"]
    # a learnt name sticks (no flicker when a later article names Kim Il Sung more often)
    assert not learn_names(names, ["Kim"], [("Kim Il Sung", "PER", 9)])
    assert names["kim"] == "Kim Jong-un"


def test_transliterated_token_finds_its_name_and_lone_tokens_stay():
    names: dict[str, str] = {}
    learn_names(names, ["Peskow", "Lawrow"], [("Dmitri Peskow", "PER", 2)])
    assert names == {"peskow": "Dmitri Peskow"}
    assert full_names(["Lawrow", "Peskow", "Kim"], names) == ["Lawrow", "Dmitri Peskow", "Kim"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    p = Pipeline(db=str(tmp_path_factory.mktemp("labels") / "l.db"))
    p.ingest([str(seeds_dir)])
    yield p
    p.close()


def test_seed_story_labels_show_full_names(seeded):
    stories = [r for r in seeded.store.rows("stories") if not r.get("alias_of")]
    assert len(stories) == 3
    labels = [r["label"] for r in stories]
    assert all(lab.count("Putin") == lab.count("Wladimir Putin") for lab in labels), labels
    assert sum("Wladimir Putin" in lab for lab in labels) >= 2, labels
    assert not any(lab.startswith("Jong-un") or ", Jong-un" in lab for lab in labels), labels
    pact = max(stories, key=lambda r: r["size"])
    detail = json.loads(pact["detail_json"])
    assert {"Kim Jong-un", "Kim Jong Un"} & set(detail["entities"]) and "Putin" not in detail["entities"]
    assert detail["names"]["putin"] == "Wladimir Putin"
    (line,) = seeded.store.rows("storylines")
    assert "Wladimir Putin" in line["label"]
    for lab in labels + [line["label"]]:
        names, _, terms = lab.partition(" — ")
        # one entity key covers "Nordkorea" and "Nordkoreas": the label shows the common (nominative) form
        assert "Nordkoreas" not in names and "Russlands" not in names, lab
        words = {w.lower() for n in names.split(", ") for w in n.replace("-", " ").split()}
        assert not any(t.strip() in words or t.strip() in ("jong-un", "nordkorea", "russland") for t in terms.split(",")), lab


def test_storylines_api_and_cli(seeded):
    from typer.testing import CliRunner

    from lagebild import queries
    from lagebild.cli import app

    (line,) = queries.storylines(seeded.store)
    assert line["size"] == 5 and len(line["stories"]) == 3 and "names" not in line
    one = queries.storyline(seeded.store, line["storyline_id"])
    assert [m["first_seen"][:7] for m in one["stories"]] == ["2023-08", "2024-01", "2024-06"]
    assert {r["agency"] for r in one["sources"]} >= {"AFP", "Reuters"}
    db = str(seeded.store.db)
    r = CliRunner().invoke(app, ["story", line["storyline_id"], "--db", db])
    assert r.exit_code == 0 and "3 stories, 5 articles" in " ".join(r.output.split())  # rich wraps at 80 columns
    r = CliRunner().invoke(app, ["storylines", "--db", db, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)[0]["storyline_id"] == line["storyline_id"]
    r = CliRunner().invoke(app, ["story", "L9999999", "--db", db])
    assert r.exit_code == 1 and "no storyline 'L9999999'" in r.output
