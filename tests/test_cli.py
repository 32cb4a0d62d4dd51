"""The CLI end to end on the seeds: ingest (idempotent, bad input), show, eval errors, corpus commands."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from lagebild.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory, seeds_dir):
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    r = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert len(rep["stored"]) == 5 and not rep["errors"]
    return db


def test_ingest_is_idempotent(seeded_db, seeds_dir):
    r = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(seeded_db), "--json"])
    assert r.exit_code == 0
    rep = json.loads(r.stdout)
    assert rep["stored"] == [] and len(rep["skipped"]) == 5


def test_bad_inputs_are_reported_and_good_ones_stored(tmp_path, seeds_dir):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(seeds_dir.glob("002_*.txt")), src / "reuters.txt")
    (src / "empty.txt").write_text("")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "broken.jsonl").write_text('{"title": "A", "text": "Putin reiste am Mittwoch nach Pjöngjang und traf dort Kim Jong Un."}\n{broken\n', encoding="utf-8")
    db = tmp_path / "x.db"
    r = runner.invoke(app, ["ingest", str(src), str(tmp_path / "missing.txt"), "--db", str(db), "--json"])
    assert r.exit_code == 4
    rep = json.loads(r.stdout)
    assert len(rep["stored"]) == 2  # reuters.txt and the good JSONL line
    msgs = "\n".join(e["message"] for e in rep["errors"])
    for name in ("empty.txt", "binary.txt", "broken.jsonl", "missing.txt"):
        assert name in msgs
    assert "line 2" in msgs
    assert all("\n" not in e["message"] for e in rep["errors"])
    assert "Traceback" not in r.output


def test_show_with_removed(seeded_db):
    r = runner.invoke(app, ["articles", "--db", str(seeded_db), "--json"])
    rows = json.loads(r.stdout)
    reuters = next(x for x in rows if x["agency"] == "Reuters")
    r = runner.invoke(app, ["show", reuters["doc_id"][:8], "--db", str(seeded_db), "--removed", "--json"])
    assert r.exit_code == 0, r.output
    view = json.loads(r.stdout)
    assert "Click For Restrictions" not in view["text"]
    assert any("Click For Restrictions" in x["text"] for x in view["removed"])
    assert view["meta"]["date"]["precision"] in ("month", "day")
    r = runner.invoke(app, ["show", reuters["doc_id"][:8], "--db", str(seeded_db), "--removed"])
    assert r.exit_code == 0 and "Removed by cleaning" in r.stdout


def test_unknown_article_is_one_line_error(seeded_db):
    r = runner.invoke(app, ["show", "ffffffffff", "--db", str(seeded_db)])
    assert r.exit_code == 1
    assert "LB203" in r.output and len(r.output.strip().splitlines()) == 1


def test_eval_bad_data(tmp_path):
    r = runner.invoke(app, ["eval", "ner", "--data", str(tmp_path / "nope.tsv")])
    assert r.exit_code == 1 and "LB204" in r.output
    r = runner.invoke(app, ["eval", "bogus", "--data", str(tmp_path)])
    assert r.exit_code == 1 and "unknown eval task" in r.output


def test_corpus_commands(seeded_db):
    r = runner.invoke(app, ["stories", "--db", str(seeded_db), "--json"])
    assert r.exit_code == 0
    stories = json.loads(r.stdout)
    assert stories and sum(s["size"] for s in stories) == 5
    sid = stories[0]["story_id"]
    r = runner.invoke(app, ["dossier", sid, "--db", str(seeded_db), "--format", "md"])
    assert r.exit_code == 0 and "## Summary" in r.stdout and "## Sources" in r.stdout
    r = runner.invoke(app, ["dossier", "S9999999", "--db", str(seeded_db)])
    assert r.exit_code == 1 and "LB203" in r.output
    r = runner.invoke(app, ["entities", "--db", str(seeded_db), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)
    r = runner.invoke(app, ["quotes", "--db", str(seeded_db), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)


def test_quotes_by_speaker_in_any_spelling(seeded_db):
    """`lagebild quotes --speaker Peskov` finds the quote of "Dmitri Peskow" (seed 004)."""
    r = runner.invoke(app, ["quotes", "--db", str(seeded_db), "--speaker", "Peskov", "--json"])
    assert r.exit_code == 0, r.output
    msgs = [q["message"] for q in json.loads(r.stdout)]
    assert any("Unsere Länder kooperieren in sensiblen Bereichen" in m for m in msgs), msgs
    r = runner.invoke(app, ["entity", "Tikhonov", "--db", str(seeded_db), "--json"])
    e = json.loads(r.stdout)
    assert {"Vladimir Tikhonov", "Wladimir Tichonow"} <= set(e["aliases"])
