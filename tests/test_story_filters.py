"""Story list filters (issue 9): Python API, CLI and web on the seed store; the same SQL on PostgreSQL."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from lagebild import Pipeline, queries
from lagebild.cli import app
from lagebild.corpus.cyrillic import to_latin
from lagebild.errors import ConfigError
from lagebild.store import schema as S
from lagebild.web.app import create_app

runner = CliRunner()
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    db = str(tmp_path_factory.mktemp("filters") / "seeds.db")
    p = Pipeline(db=db)
    rep = p.ingest([seeds_dir])
    assert len(rep.stored) == 5 and not rep.errors
    yield p, db
    p.close()


def _ids(rows) -> list[str]:
    return [r["story_id"] for r in rows]


def _mentioned_in(store, key: str) -> set[str]:
    """Stories with an article mentioning ``key``, straight from the tables (the expectation)."""
    with store.engine.connect() as c:
        q = select(S.story_articles.c.story_id).join(S.mentions, S.mentions.c.doc_id == S.story_articles.c.doc_id).where(S.mentions.c.entity_key == key)
        return set(c.execute(q).scalars())


def _check_filters(store) -> None:
    """The expectations on the five seeds (three stories of one storyline), for any backend."""
    every = queries.stories(store)
    assert len(every) == 3
    pact = max(every, key=lambda r: r["size"])
    assert pact["size"] == 3 and pact["first_seen"] == "2024-06-20"
    # dates: a story qualifies when its [first_seen, last_seen] overlaps [since, until]
    assert _ids(queries.stories(store, since="2024-06-01")) == [pact["story_id"]]
    assert _ids(queries.stories(store, since="2024-06-20", until="2024-06-20")) == [pact["story_id"]]
    early = queries.stories(store, until="2024-06-19")
    assert pact["story_id"] not in _ids(early) and len(early) == 2
    assert queries.stories(store, since="2024-06-21") == [] and queries.stories(store, until="2023-08-29") == []
    # size, language, storyline, label text
    assert _ids(queries.stories(store, min_size=2)) == [pact["story_id"]]
    assert queries.stories(store, lang="en") == [] and len(queries.stories(store, lang="de")) == 3
    line = pact["storyline_id"]
    assert line and _ids(queries.stories(store, storyline=line)) == _ids(every)  # same order as unfiltered
    assert queries.stories(store, storyline="L9999999") == []
    assert _ids(queries.stories(store, q="wladiwostok")) == [r["story_id"] for r in every if "Wladiwostok" in (r["label"] or "")]
    assert queries.stories(store, q="100%_") == []  # LIKE wildcards are literal
    # entity: every spelling resolves to one key; stories = those whose articles mention it
    putin = queries.entity_key(store, "Putin")
    assert putin and {queries.entity_key(store, n) for n in ("Путин", "Wladimir Putin", "Владимир Путин")} == {putin}
    for name in ("Putin", "Путин", "Wladimir Putin"):
        assert set(_ids(queries.stories(store, entity=name))) == _mentioned_in(store, putin) != set()
    peskov = queries.entity_key(store, "Peskow")
    want = _mentioned_in(store, peskov)
    assert 0 < len(want) < 3  # a filter that really filters
    assert set(_ids(queries.stories(store, entity="Песков"))) == want
    assert queries.stories(store, entity="Niemand Unbekannt") == []
    # filters combine, paging comes after filtering
    assert _ids(queries.stories(store, entity="Putin", min_size=2, since="2024-01-01")) == [pact["story_id"]]
    assert _ids(queries.stories(store, storyline=line, limit=1, offset=1)) == _ids(every)[1:2]
    assert _ids(queries.stories(store, until="2024-06-19", limit=1, offset=1)) == _ids(early)[1:]


def test_filters_sqlite(seeded):
    _check_filters(seeded[0].store)


def test_backwards_compatible_and_bad_dates(seeded):
    store = seeded[0].store
    assert _ids(queries.stories(store, limit=2)) == _ids(queries.stories(store))[:2]
    for bad in ("2024-02-30", "yesterday", "2024-6-1", "01.06.2024"):
        with pytest.raises(ConfigError):
            queries.stories(store, since=bad)
    with pytest.raises(ConfigError):
        queries.stories(store, since="2024-07-01", until="2024-01-01")


def test_undated_story_is_left_out_by_date_filters(seeded):
    """A story without dates (NULL first/last seen) is listed unfiltered, never under since/until."""
    store = seeded[0].store
    with store.engine.begin() as c:
        c.execute(S.stories.insert().values(story_id="S9999999", label="undatiert", size=1, first_seen=None, last_seen=None, detail_json="{}"))
    try:
        assert "S9999999" in _ids(queries.stories(store))
        assert "S9999999" not in _ids(queries.stories(store, since="1900-01-01"))
        assert "S9999999" not in _ids(queries.stories(store, until="2999-12-31"))
    finally:
        with store.engine.begin() as c:
            c.execute(S.stories.delete().where(S.stories.c.story_id == "S9999999"))


def test_cyrillic_transliteration():
    assert to_latin("Владимир Путин") == "Vladimir Putin"
    assert to_latin("Щукин, Лавров") == "Shchukin, Lavrov"
    assert to_latin("Putin") == "Putin"


def test_cli_filters(seeded):
    db = seeded[1]
    r = runner.invoke(app, ["stories", "--db", db, "--since", "2024-06-01", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 1 and rows[0]["size"] == 3
    r = runner.invoke(app, ["stories", "--db", db, "--entity", "Путин", "--min-size", "2", "--lang", "de", "--json"])
    assert r.exit_code == 0 and [x["size"] for x in json.loads(r.stdout)] == [3]
    r = runner.invoke(app, ["stories", "--db", db, "--since", "2024-02-30"])
    assert r.exit_code == 1 and r.stderr.startswith("error LB201:") and r.stderr.count("\n") == 1 and "Traceback" not in r.output
    r = runner.invoke(app, ["stories", "--db", db, "--entity", "Niemand Unbekannt", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    assert r.stderr.startswith("note: no entity named") and r.stderr.count("\n") == 1
    h = runner.invoke(app, ["stories", "--help"])
    for opt in ("--since", "--until", "--lang", "--min-size", "--entity", "--storyline"):
        assert opt in h.stdout


def test_web_filters(seeded):
    client = TestClient(create_app(seeded[1], background=False))
    j = client.get("/stories.json", params={"since": "2024-06-01"}).json()
    assert [s["size"] for s in j["stories"]] == [3] and j["filters"] == {"since": "2024-06-01"}
    # a blank form field is no filter
    j = client.get("/stories.json", params={"since": "", "until": "", "lang": "", "min_size": "", "entity": "Putin"}).json()
    assert len(j["stories"]) == 3
    j = client.get("/stories.json", params={"entity": "Niemand Unbekannt"}).json()
    assert j["stories"] == [] and "Niemand Unbekannt" in j["note"]
    for bad in ({"since": "2024-02-30"}, {"until": "gestern"}, {"min_size": "x"}, {"since": "2024-07-01", "until": "2024-01-01"}):
        r = client.get("/stories.json", params=bad)
        assert r.status_code == 422 and r.json()["error"]["code"] == "LB604", (bad, r.text)
    r = client.get("/stories", params={"since": "2024-02-30"}, headers=HTML)
    assert r.status_code == 422 and "<h1>Error 422</h1>" in r.text and "2024-02-30" in r.text
    r = client.get("/stories", params={"entity": "<b>x</b>", "min_size": "2"}, headers=HTML)
    assert r.status_code == 200 and "<b>x</b>" not in r.text and "&lt;b&gt;x&lt;/b&gt;" in r.text
    assert '<form class="filters" action="/stories"' in r.text and 'name="min_size"' in r.text and 'value="2"' in r.text
    h = client.get("/stories", params={"min_size": "2"}, headers=HTML).text
    assert h.count('<tr class="story">') == 1 and "/stories.json?min_size=2" in h


def test_filters_postgresql(seeds_dir):
    from pg import server

    p = Pipeline(db=server().fresh_db())
    try:
        assert len(p.ingest([seeds_dir]).stored) == 5
        _check_filters(p.store)
    finally:
        p.close()
