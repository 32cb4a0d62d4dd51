"""Analyst corrections of stories (merge, split) on the real seeds: Python API, CLI, HTTP, reload."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from lagebild import Pipeline, queries
from lagebild.cli import app as cli_app
from lagebild.corpus import runner
from lagebild.corpus.story_edits import merge_stories, split_story, story_history
from lagebild.errors import NotFound, StoryEditRefused

TOKEN = "edit-token"
# A short English wire report on the June 2024 pact, written for this test.
EN_PACT = {
    "title": "Russia and North Korea sign mutual defence pact as Putin visits Pyongyang",
    "date": "2024-06-19", "lang": "en", "outlet": "Test Wire",
    "text": "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a comprehensive strategic "
            "partnership treaty in Pyongyang on Wednesday that obliges each side to give military assistance if the "
            "other is attacked. Putin, on his first visit to North Korea in 24 years, called the pact a breakthrough "
            "document, while Kim said relations between the two countries had reached the level of an alliance. "
            "South Korea and the United States condemned the agreement and said any military cooperation with "
            "Pyongyang violates UN Security Council sanctions.",
}


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, seeds_dir):
    path = str(tmp_path_factory.mktemp("edits") / "base.db")
    p = Pipeline(db=path)
    rep = p.ingest([seeds_dir])
    assert len(rep.stored) == 5 and rep.ok
    p.close()
    return path


@pytest.fixture()
def pipe(base_db, tmp_path):
    """A fresh copy of the ingested seeds for each test."""
    path = str(tmp_path / "news.db")
    shutil.copy(base_db, path)
    p = Pipeline(db=path)
    yield p
    p.close()


def _story_of(p, seed_prefix: str) -> str:
    """The live story of the seed article whose file name starts with the prefix."""
    rows = [r for r in p.store.articles(limit=10) if (r.get("source_path") or "").rsplit("/", 1)[-1].startswith(seed_prefix)]
    assert len(rows) == 1, rows
    sid = p.store.rows("story_articles", doc_id=rows[0]["doc_id"])[0]["story_id"]
    return queries.live_story_row(p.store, sid)["story_id"]


def _snapshot(p) -> list[tuple]:
    return sorted((r["story_id"], r["size"], r["storyline_id"], tuple(sorted(a["doc_id"] for a in queries.story(p.store, r["story_id"])["articles"])))
                  for r in queries.stories(p.store))


def _cli(*args):
    res = CliRunner().invoke(cli_app, list(args))
    return res.exit_code, res.output


def test_split_moves_the_third_pact_article_into_a_new_story(pipe):
    pact = _story_of(pipe, "002")
    before = queries.story(pipe.store, pact)
    assert before["size"] == 3
    third = before["articles"][2]["doc_id"]
    ids_before = {r["story_id"] for r in queries.stories(pipe.store)}
    e = split_story(pipe, pact, [third[:10]], reason="AFP piece is the reaction, not the signing", by="tester")
    assert e.story_id == pact and e.other_id not in ids_before and e.articles == (third,)
    old, new = queries.story(pipe.store, pact), queries.story(pipe.store, e.other_id)
    assert old["size"] == 2 and third not in {a["doc_id"] for a in old["articles"]}
    assert new["size"] == 1 and [a["doc_id"] for a in new["articles"]] == [third]
    assert new["storyline_id"] == old["storyline_id"] and new["label"]
    line = queries.storyline(pipe.store, old["storyline_id"])
    assert e.other_id in {s["story_id"] for s in line["stories"]}
    h = [x for x in old["history"] if x["action"] == "split"]
    assert h and h[-1]["manual"] and h[-1]["by"] == "tester" and "reaction" in h[-1]["reason"] and h[-1]["articles"] == [third]
    assert story_history(pipe.store, e.other_id)[-1]["new"] == e.other_id


def test_merge_keeps_the_older_id_and_the_younger_resolves(pipe):
    pact, invitation = _story_of(pipe, "002"), _story_of(pipe, "001")
    assert pact != invitation
    line = queries.story(pipe.store, pact)["storyline_id"]
    e = merge_stories(pipe, invitation, pact, reason="one diplomatic thread")
    older = min((pact, invitation), key=lambda s: int(s[1:]))  # IDs are sequential: the lower is older
    younger = ({pact, invitation} - {older}).pop()
    assert (e.story_id, e.other_id) == (older, younger)
    s = queries.story(pipe.store, younger)
    assert s["story_id"] == older and s["requested"] == younger and s["size"] == 4 and len(s["articles"]) == 4
    assert younger in s["aliases"] and s["label"] and s["first_seen"] <= s["last_seen"]
    assert younger not in {r["story_id"] for r in queries.stories(pipe.store)}
    assert younger not in queries.storyline(pipe.store, line)["stories"] and older in {x["story_id"] for x in queries.storyline(pipe.store, line)["stories"]}
    m = [x for x in s["history"] if x["action"] == "merge"][-1]
    assert (m["kept"], m["absorbed"], m["manual"], m["reason"]) == (older, younger, True, "one diplomatic thread")
    code, out = _cli("story", younger, "--db", pipe.settings.db)
    out = " ".join(out.split())  # rich wraps at the terminal width
    assert code == 0 and out.startswith(older) and f"{younger} was merged into {older}" in out and "one diplomatic thread" in out


def test_edits_survive_reingest_reload_and_new_articles_join(pipe, seeds_dir, tmp_path):
    pact, invitation = _story_of(pipe, "002"), _story_of(pipe, "001")
    third = queries.story(pipe.store, pact)["articles"][2]["doc_id"]
    split = split_story(pipe, pact, [third], reason="reaction piece")
    merged = merge_stories(pipe, pact, invitation, reason="one thread")
    edited = _snapshot(pipe)
    rep = pipe.ingest([seeds_dir])  # the same files again: nothing new, nothing moves
    assert not rep.stored and len(rep.skipped) == 5 and _snapshot(pipe) == edited
    # a new process on the same file sees the same stories, and continues from the edited state
    pipe.close()
    p2 = Pipeline(db=pipe.settings.db)
    assert _snapshot(p2) == edited
    assert [(h["action"], h["reason"]) for h in queries.story(p2.store, merged.story_id)["history"]] == [("split", "reaction piece"), ("merge", "one thread")]
    (tmp_path / "en.jsonl").write_text(json.dumps(EN_PACT) + "\n", encoding="utf-8")
    rep = p2.ingest([tmp_path / "en.jsonl"])
    assert len(rep.stored) == 1
    joined = _story_of_doc(p2, rep.stored[0])
    assert joined == merged.story_id  # the corrected pact story
    after = {r[0]: r for r in _snapshot(p2)}
    assert split.other_id in after and after[split.other_id][3] == (third,)  # the split is not merged back
    assert after[merged.story_id][1] == 4  # invitation + two pact articles + the English report
    cl = runner._LIVE[(p2.store.url, "cluster")].adapter.clusterer
    assert cl.resolve(merged.other_id) == merged.story_id and cl.story_of(third) == split.other_id
    p2.close()


def _story_of_doc(p, doc_id: str) -> str:
    return queries.live_story_row(p.store, p.store.rows("story_articles", doc_id=doc_id)[0]["story_id"])["story_id"]


def test_an_edit_by_another_process_reloads_a_state_held_in_memory(pipe, tmp_path):
    from lagebild.corpus.adapters import ClusterAdapter

    pact = _story_of(pipe, "002")
    stale = ClusterAdapter(pipe.settings)  # what a long-running server holds in memory
    _, state = pipe.store.load_state("cluster")
    stale.load(state, pipe.store)
    e = split_story(pipe, pact, [queries.story(pipe.store, pact)["articles"][2]["doc_id"]])
    key = (pipe.store.url, "cluster")
    runner._LIVE[key].adapter = stale  # the server's copy does not know about the split
    (tmp_path / "en.jsonl").write_text(json.dumps(EN_PACT) + "\n", encoding="utf-8")
    rep = pipe.ingest([tmp_path / "en.jsonl"])
    assert len(rep.stored) == 1
    cl = runner._LIVE[key].adapter.clusterer
    assert cl.splits and cl.splits[-1]["new"] == e.other_id  # reloaded before clustering the batch
    ids = [r["story_id"] for r in queries.stories(pipe.store)]
    assert len(ids) == len(set(ids)) and e.other_id in ids  # no ID handed out twice


def test_refused_edits_are_one_line_errors(pipe):
    db = pipe.settings.db
    pact, invitation, summit = _story_of(pipe, "002"), _story_of(pipe, "001"), _story_of(pipe, "004")
    arts = [a["doc_id"] for a in queries.story(pipe.store, pact)["articles"]]
    other = queries.story(pipe.store, invitation)["articles"][0]["doc_id"]
    with pytest.raises(StoryEditRefused):
        merge_stories(pipe, pact, pact)
    with pytest.raises(NotFound):
        split_story(pipe, "S9999999", arts[:1])
    cases = [
        (("story-merge", pact, "S9999999"), "LB203", "no story"),
        (("story-merge", pact, pact.lower()), "LB205", "already one story"),
        (("story-split", pact, other[:10]), "LB205", "not in story"),
        (("story-split", pact, *arts), "LB205", "cannot split all"),
        (("story-split", pact, "zzzzzzzz"), "LB203", "no article"),
    ]
    for args, code, text in cases:
        rc, out = _cli(*args, "--db", db)
        assert rc != 0 and out.strip().startswith(f"error {code}:") and text in out and len(out.strip().splitlines()) == 1, (args, out)
        assert "Traceback" not in out
    # nothing changed, and the clusterer in memory is intact
    assert queries.story(pipe.store, pact)["size"] == 3
    rc, out = _cli("story-merge", summit, invitation, "--reason", "test", "--json", "--db", db)
    assert rc == 0 and json.loads(out)["story_id"] == min(summit, invitation, key=lambda s: int(s[1:]))
    gone = json.loads(out)["other_id"]
    rc, out = _cli("story-merge", gone, summit if gone != summit else invitation, "--db", db)  # an alias resolves
    assert rc != 0 and "already one story" in out and f"{gone} was merged into" in out and len(out.strip().splitlines()) == 1


def test_http_edits_need_the_token_and_refresh_dossiers(pipe):
    from fastapi.testclient import TestClient

    from lagebild.web.app import create_app

    pact, invitation = _story_of(pipe, "002"), _story_of(pipe, "001")
    third = queries.story(pipe.store, pact)["articles"][2]["doc_id"]
    pipe.close()
    app = create_app(pipe.settings.db, token=TOKEN, background=False)
    with TestClient(app) as client:
        assert client.get(f"/stories/{pact}.json").status_code == 200  # builds and caches the dossier
        body = {"articles": [third[:12]], "reason": "reaction"}
        assert client.post(f"/stories/{pact}/split", json=body).status_code == 401
        assert client.post(f"/stories/{pact}/split", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = client.post(f"/stories/{pact}/split", json=body, headers=auth)
        assert r.status_code == 200, r.text
        new = r.json()["other_id"]
        assert r.json()["articles"] == [third] and r.json()["by"] == "api"
        app.state.dossiers.drain()
        d = client.get(f"/stories/{pact}.json").json()
        assert third not in json.dumps({k: v for k, v in d.items() if k != "history"})  # the history names it
        assert d["history"][-1]["articles"] == [third]
        r = client.post(f"/stories/{new}/merge", json={"with": invitation}, headers=auth)
        assert r.status_code == 200 and r.json()["story_id"] == min(new, invitation, key=lambda s: int(s[1:]))
        r = client.post(f"/stories/{pact}/merge", json={"with": pact}, headers=auth)
        assert r.status_code == 409 and r.json()["error"]["code"] == "LB205"
        r = client.post(f"/stories/{pact}/merge", json={}, headers=auth)
        assert r.status_code == 400
        ids = {s["story_id"] for s in client.get("/stories.json").json()["stories"]}
        assert new not in ids or invitation not in ids


def test_postgres_gives_the_same_edited_stories(pipe, seeds_dir, tmp_path):
    """The same edits on SQLite and PostgreSQL give the same stories, and the stream continues the same way."""
    from pg import server

    pg = Pipeline(db=server().fresh_db())
    assert len(pg.ingest([seeds_dir]).stored) == 5
    assert _snapshot(pg) == _snapshot(pipe)
    for p in (pipe, pg):
        pact, invitation = _story_of(p, "002"), _story_of(p, "001")
        split_story(p, pact, [queries.story(p.store, pact)["articles"][2]["doc_id"]], reason="reaction")
        merge_stories(p, pact, invitation, reason="one thread")
    assert _snapshot(pg) == _snapshot(pipe)
    pg.close()
    pg2 = Pipeline(db=pg.settings.db)
    assert _snapshot(pg2) == _snapshot(pipe)
    assert [(h["action"], h.get("reason")) for h in queries.story(pg2.store, _story_of(pg2, "001"))["history"]] == \
           [(h["action"], h.get("reason")) for h in queries.story(pipe.store, _story_of(pipe, "001"))["history"]]
    (tmp_path / "en.jsonl").write_text(json.dumps(EN_PACT) + "\n", encoding="utf-8")
    for p in (pipe, pg2):
        assert len(p.ingest([tmp_path / "en.jsonl"]).stored) == 1
    assert _snapshot(pg2) == _snapshot(pipe)
    pg2.close()
