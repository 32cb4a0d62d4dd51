"""`lagebild demo` on the seeds: the README's first command, end to end."""

from __future__ import annotations

from typer.testing import CliRunner

from lagebild.cli import app


def test_demo_writes_three_stories_in_one_storyline(tmp_path, seeds_dir):
    r = CliRunner().invoke(app, ["demo", "--seeds", str(seeds_dir), "--out", str(tmp_path / "demo")])
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    assert "5 new" in out and "0 errors" in out
    assert out.count("dossier: ") == 3 and out.count("story S000000") == 3
    assert "(3 stories: S0000001, S0000002, S0000003; 2023-08-30 – 2024-06-20)" in out
    assert "Wladimir Putin" in out
    pages = sorted((tmp_path / "demo" / "dossiers").glob("*.html"))
    assert len(pages) == 3 and all("<html" in p.read_text(encoding="utf-8") for p in pages)
    # run again: starts from an empty database, same result (stable IDs)
    r2 = CliRunner().invoke(app, ["demo", "--seeds", str(seeds_dir), "--out", str(tmp_path / "demo")])
    assert r2.exit_code == 0 and "5 new" in " ".join(r2.output.split())
    assert sorted((tmp_path / "demo" / "dossiers").glob("*.html")) == pages


def test_demo_missing_seed_folder_is_one_line(tmp_path):
    r = CliRunner().invoke(app, ["demo", "--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert r.output.count("\n") <= 2 and "nope" in r.output and "Traceback" not in r.output
