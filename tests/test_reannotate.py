"""`lagebild reannotate` on real seeds: outdated articles get the current stage versions and
end up exactly as a fresh ingest would store them (annotations, entity registry), IDs and
arrival order stay, dry runs change nothing, runs resume, a second run does nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import seed_path
from pg import server
from typer.testing import CliRunner

from lagebild import Pipeline
from lagebild import reannotate as RA
from lagebild.cli import app
from lagebild.stages.entities import VERSION as ENT_VERSION
from lagebild.model import Mention
from lagebild.stages import _REGISTRY, registry

SEEDS = ("000", "002")  # 002 is dated from its story (estimate:story:…) — kept through re-annotation
runner = CliRunner()


def _ingest(db: str, *, corpus: bool = True) -> Pipeline:
    p = Pipeline(db=db)
    rep = p.ingest([str(seed_path(s)) for s in SEEDS], corpus=corpus)
    assert len(rep.stored) == 2 and not rep.errors
    return p


def _snapshot(p: Pipeline) -> dict:
    st = p.store
    strip = lambda rows, *drop: sorted((tuple((k, v) for k, v in sorted(r.items()) if k not in drop) for r in rows), key=repr)
    return {
        "docs": [(seq, d) for seq, d in st.iter_documents()],
        "entities": {r["key"]: (r["name"], r["type"], r["n_mentions"], json.loads(r["aliases_json"]), r["first_seen"], r["last_seen"]) for r in st.rows("entities")},
        "aliases": {r["alias_key"]: r["entity_key"] for r in st.rows("entity_aliases")},
        "mentions": strip(st.rows("mentions")),
        "quotes": strip(st.rows("quotes")),
        "timexes": strip(st.rows("timexes")),
        "sentences": strip(st.rows("sentences")),
        "story_articles": strip(st.rows("story_articles")),
        "duplicates": strip(st.rows("duplicates")),
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict:
    p = _ingest(str(tmp_path_factory.mktemp("fresh") / "fresh.db"))
    snap = _snapshot(p)
    assert snap["docs"][1][1].meta.date.source.startswith("estimate:story:")  # the case the test needs
    p.close()
    return snap


def _old_store(db: str) -> Pipeline:
    """The seeds as an older lagebild stored them: seed 000 by "entities@1" (fewer mentions, one
    wrong name) and seed 002 without the quotes stage; the corpus stages ran on that output."""
    p = _ingest(db, corpus=False)
    (_, d1), (_, d2) = list(p.store.iter_documents())
    i = d1.text.index("Nordkorea")
    fake = Mention(i, i + len("Nordkorea"), "PER", 1.0, "entities@1:model", "PER:nordkorea alt")
    old1 = d1.with_(
        entities=tuple(replace(m, source=m.source.replace(f"entities@{ENT_VERSION}", "entities@1")) for m in d1.entities[::2]) + (fake,),
        stages=tuple(s.replace(f"entities@{ENT_VERSION}", "entities@1") for s in d1.stages),
    )
    old2 = d2.with_(quotes=(), stages=tuple(s for s in d2.stages if not s.startswith("quotes@")))
    with p.store.transaction() as c:
        p.store.replace_document(c, old1)
        p.store.replace_document(c, old2)
    p.update_corpus()
    assert "PER:nordkorea alt" in {r["key"] for r in p.store.rows("entities")}
    return p


def _assert_like_fresh(p: Pipeline, fresh: dict) -> None:
    now = _snapshot(p)
    for k, want in fresh.items():
        assert now[k] == want, k


def test_outdated_articles_end_up_as_a_fresh_ingest(tmp_path, fresh):
    from sqlalchemy import insert

    from lagebild.store import schema as S

    p = _old_store(str(tmp_path / "old.db"))
    story = p.store.rows("story_articles")[0]["story_id"]
    with p.store.transaction() as c:
        c.execute(insert(S.dossier_cache).values(story_id=story, version="x", json="{}"))
    before = _snapshot(p)
    assert before["docs"] != fresh["docs"] and before["entities"] != fresh["entities"]

    dry = p.reannotate(dry_run=True)
    assert (dry.checked, dry.outdated, dry.reannotated, dry.stages) == (2, 2, 0, {"entities": 1, "quotes": 1})
    assert _snapshot(p) == before  # a dry run changes nothing

    rep = p.reannotate()
    assert (rep.checked, rep.outdated, rep.reannotated, rep.registry) == (2, 2, 2, 2)
    assert rep.dossiers_invalidated == 1 and not p.store.rows("dossier_cache")
    _assert_like_fresh(p, fresh)  # annotations, rows and registry as a fresh ingest; IDs, seq, stories kept
    for _, d in p.store.iter_documents():
        assert f"entities@{ENT_VERSION}" in d.stages and all("entities@1" not in m.source for m in d.entities)
    again = p.reannotate()
    assert (again.outdated, again.reannotated) == (0, 0)
    _assert_like_fresh(p, fresh)


def test_stage_version_bump(tmp_path, fresh, monkeypatch):
    p = _ingest(str(tmp_path / "bump.db"))
    monkeypatch.setitem(_REGISTRY, "quotes", replace(registry()["quotes"], version="99"))
    p2 = Pipeline(db=p.settings.db)
    assert p2.reannotate(stages=["entities"], dry_run=True).outdated == 0
    rep = p2.reannotate(stages=["quotes"])
    assert rep.stages == {"quotes": 2} and rep.reannotated == 2
    docs = [(seq, d) for seq, d in p2.store.iter_documents()]
    assert [seq for seq, _ in docs] == [seq for seq, _ in fresh["docs"]]
    for (_, d), (_, f) in zip(docs, fresh["docs"]):
        assert "quotes@99" in d.stages and "quotes@5" not in d.stages
        assert d.with_(stages=f.stages) == f  # same annotations, only the record moved on
    assert len(p2.store.rows("quotes")) == len(fresh["quotes"])  # nothing duplicated
    assert p2.reannotate().outdated == 0


def test_interrupted_run_resumes(tmp_path, fresh, monkeypatch):
    p = _old_store(str(tmp_path / "resume.db"))
    calls = {"n": 0}
    real = RA._Reannotator.__call__

    def flaky(self, doc):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, doc)

    monkeypatch.setattr(RA._Reannotator, "__call__", flaky)
    with pytest.raises(KeyboardInterrupt):
        p.reannotate(batch=1)
    assert p.reannotate(dry_run=True).outdated == 1  # the first batch was committed
    rep = p.reannotate(batch=1)
    assert rep.reannotated == 1
    _assert_like_fresh(p, fresh)


def test_cli(tmp_path, fresh):
    db = str(tmp_path / "cli.db")
    _old_store(db).close()
    r = runner.invoke(app, ["reannotate", "--db", db, "--dry-run", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["outdated"] == 2
    r = runner.invoke(app, ["reannotate", "--db", db, "--json"])
    out = json.loads(r.stdout)
    assert (out["reannotated"], out["stages"], out["dry_run"]) == (2, {"entities": 1, "quotes": 1}, False)
    assert set(out) >= {"checked", "seconds", "registry", "dossiers_invalidated"}
    r = runner.invoke(app, ["reannotate", "--db", db])
    assert r.exit_code == 0 and "re-annotated 0" in r.stdout
    r = runner.invoke(app, ["reannotate", "--db", db, "--stage", "nope"])
    assert r.exit_code == 1 and "unknown stage" in r.output
    r = runner.invoke(app, ["reannotate", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 3 and len(r.output.strip().splitlines()) == 1 and "not found" in r.output
    (tmp_path / "junk.db").write_text("not a database")
    r = runner.invoke(app, ["reannotate", "--db", str(tmp_path / "junk.db")])
    assert r.exit_code == 3 and len(r.output.strip().splitlines()) == 1


def test_postgresql(fresh):
    p = _old_store(server().fresh_db())
    rep = p.reannotate()
    assert (rep.reannotated, rep.registry) == (2, 2)
    _assert_like_fresh(p, fresh)
    assert p.reannotate().outdated == 0
    p.close()


def test_stage_record_read_without_decoding(fresh):
    from lagebild import codec

    current = {s.name: s.version for s in Pipeline().specs}
    for _, d in fresh["docs"]:
        tags, sources = RA._peek(codec.dumps(d))
        assert tags == d.stages
        for name, versions in RA.annotation_versions(d).items():
            assert versions <= sources[name] == {current[name]}
        assert RA.outdated_stages(tags, current) == [] and RA.source_mismatch(tags, current, sources) == []
    d = fresh["docs"][0][1]
    edited = d.with_(entities=(replace(d.entities[0], source="entities@1:model"),) + d.entities[1:])
    tags, sources = RA._peek(codec.dumps(edited))
    # an annotation naming another version than the record is reported, not re-annotated
    assert RA.source_mismatch(tags, current, sources) == ["entities"] == RA.source_mismatch(edited, current)
    assert RA.outdated_stages(edited, current) == []
    assert RA.outdated_stages(tags, current, only=["quotes"]) == []
    old = d.with_(stages=tuple(t.replace("timex@", "timex@0") for t in d.stages))
    assert RA.outdated_stages(old, current) == ["timex"]


def test_record_date_not_in_the_raw_text_is_kept(tmp_path, seed_texts):
    """A month date from a JSON field bounds the dating estimate but is not stored; the
    re-annotated article keeps the stored estimate instead of losing it."""
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"title": "Putin in Pjöngjang", "text": seed_texts["000"], "date": "2024-06", "url": "https://example.org/a"}, ensure_ascii=False) + "\n", encoding="utf-8")
    p = Pipeline(db=str(tmp_path / "j.db"))
    assert len(p.ingest([str(src)]).stored) == 1
    (_, before), = list(p.store.iter_documents())
    assert before.meta.date.estimated and before.meta.date.value.startswith("2024-06")
    assert RA._ingest_date(before) is None  # the raw text alone gives no date
    rep = p.reannotate(everything=True)
    assert (rep.reannotated, rep.dates_kept) == (1, 1)
    assert p.store.get(before.doc_id) == before


def test_articles_redone_meanwhile_by_another_run_are_skipped(tmp_path, fresh, monkeypatch):
    db = str(tmp_path / "race.db")
    p = _old_store(db)
    other = Pipeline(db=db)  # another process
    real = RA._Reannotator.__call__
    raced: list = []

    def racing(self, doc):
        if not raced:
            raced.append(None)
            raced[0] = other.reannotate()  # finishes both articles while this run annotates
        return real(self, doc)

    monkeypatch.setattr(RA._Reannotator, "__call__", racing)
    rep = p.reannotate()
    assert raced[0].reannotated == 2 and rep.outdated == 2
    assert (rep.reannotated, rep.registry) == (0, 0)  # nothing done or counted twice
    _assert_like_fresh(p, fresh)
