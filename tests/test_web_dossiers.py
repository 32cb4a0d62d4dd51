"""Precomputed dossiers behind the story page: built once, rebuilt after a new article joins, stale served meanwhile."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

from lagebild import Pipeline
from lagebild.report import cache
from lagebild.store import schema as S
from lagebild.web.app import create_app

TOKEN = "t0ken"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory, seeds_dir) -> str:
    path = str(tmp_path_factory.mktemp("webdossiers") / "seeds.db")
    p = Pipeline(db=path)
    p.ingest([seeds_dir])
    p.close()
    return path


def _story_of_seed(client: TestClient, seed_text: str) -> str:
    first_words = seed_text.split("Seoul/Moskau (Reuters)")[1][:60].strip()
    hit = client.get("/search.json", params={"q": first_words}).json()["results"][0]
    return client.get(f"/articles/{hit['doc_id']}.json").json()["story"]


def test_built_once_under_concurrent_requests(db):
    app = create_app(db, token=TOKEN, background=False)
    store, svc = app.state.store, app.state.dossiers
    with store.engine.begin() as c:
        c.execute(delete(S.dossier_cache))
    sid = next(iter(cache.story_versions(store)))
    client = TestClient(app)
    with ThreadPoolExecutor(8) as ex:
        rs = list(ex.map(lambda _: client.get(f"/stories/{sid}.json"), range(8)))
    assert all(r.status_code == 200 for r in rs)
    assert svc.built == [sid]  # eight simultaneous first requests, one build
    row = cache.load(store, sid)
    assert row is not None and row.version == cache.story_version(store, sid)
    j = rs[0].json()
    assert j["story"]["id"] == sid and j["cache"] == {"version": row.version, "built_at": row.built_at, "stale": False}
    # later requests read the stored dossier, also in a fresh app (another process after a restart)
    app2 = create_app(db, token=TOKEN, background=False)
    h = TestClient(app2).get(f"/stories/{sid}")
    assert h.status_code == 200 and h.headers["x-dossier-stale"] == "0" and app2.state.dossiers.built == []
    assert "being updated" not in h.text and 'href="/stories"' in h.text


def test_rebuilt_after_a_new_article_joins_and_stale_meanwhile(db, seed_texts):
    app = create_app(db, token=TOKEN, background=False)
    store, svc = app.state.store, app.state.dossiers
    client = TestClient(app)
    todo, _ = cache.stale(store)
    cache.rebuild(store, todo)
    seed = seed_texts["002"]
    sid = _story_of_seed(client, seed)
    before = client.get(f"/stories/{sid}.json").json()
    assert before["cache"]["stale"] is False
    # a lightly edited copy of the same Reuters article joins the story
    text = seed.replace("eine deutliche Vertiefung", "eine spürbare Vertiefung") + "\n\nErgänzt um eine Zeile."
    r = client.post("/articles", json={"text": text, "title": "Putin in Pjöngjang (ergänzt)"}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["articles"][0]["story"] == sid
    assert svc.pending() == [sid]  # queued for the builder, not built on the request path
    # the copy's article page says where the same copy also ran (JSON and HTML)
    copy_id = r.json()["articles"][0]["id"]
    orig = client.get("/search.json", params={"q": seed.split("Seoul/Moskau (Reuters)")[1][:60].strip()}).json()["results"]
    orig_id = next(h["doc_id"] for h in orig if h["doc_id"] != copy_id)
    assert orig_id in client.get(f"/articles/{copy_id}.json").json()["also_ran_in"]
    art = client.get(f"/articles/{copy_id}", headers={"accept": "text/html"}).text
    assert "Also ran in" in art and f'href="/articles/{orig_id}"' in art
    t = time.perf_counter()
    j = client.get(f"/stories/{sid}.json")
    h = client.get(f"/stories/{sid}")
    assert time.perf_counter() - t < 5
    assert j.json()["cache"]["stale"] is True and j.headers["x-dossier-stale"] == "1"
    assert j.json()["story"]["size"] == before["story"]["size"]  # the last stored version
    assert "being updated" in h.text and h.headers["x-dossier-stale"] == "1"
    assert svc.built == []
    assert svc.drain() == 1 and svc.built == [sid]
    after = client.get(f"/stories/{sid}.json").json()
    assert after["cache"]["stale"] is False and after["cache"]["version"] != before["cache"]["version"]
    assert after["story"]["size"] == before["story"]["size"] + 1
    assert "being updated" not in client.get(f"/stories/{sid}").text


def test_background_thread_rebuilds_stale_story(db):
    app = create_app(db, token=TOKEN)  # background builder on
    store, svc = app.state.store, app.state.dossiers
    sid = next(iter(cache.story_versions(store)))
    cache.build(store, sid)
    cache.save(store, cache.Cached(sid, "0:0", "2000-01-01T00:00:00+00:00", '{"schema": "x", "story": {"id": "%s"}}' % sid, None))
    client = TestClient(app)
    first = client.get(f"/stories/{sid}.json").json()
    assert first["cache"]["stale"] is True and first["schema"] == "x"
    deadline = time.time() + 60
    while time.time() < deadline and cache.load(store, sid).version == "0:0":
        time.sleep(0.1)
    assert cache.load(store, sid).version == cache.story_version(store, sid)
    while time.time() < deadline and client.get(f"/stories/{sid}.json").json()["cache"]["stale"]:
        time.sleep(0.1)
    j = client.get(f"/stories/{sid}.json").json()
    assert j["cache"]["stale"] is False and j["schema"] == "lagebild.dossier/1"
    svc.close()


def test_cli_dossiers_rebuild(db):
    from typer.testing import CliRunner

    from lagebild.cli import app as cli

    store = create_app(db, background=False).state.store
    with store.engine.begin() as c:
        c.execute(delete(S.dossier_cache))
    r = CliRunner().invoke(cli, ["dossiers", "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    assert '"missing": ' in r.output and '"current": 0' in r.output
    r = CliRunner().invoke(cli, ["dossiers", "--rebuild", "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    todo, counts = cache.stale(store)
    assert todo == [] and counts["current"] == counts["stories"] > 0
    assert cache.load(store, next(iter(cache.story_versions(store)))).html.count('href="/stories"') >= 1


def test_writer_in_its_own_process(tmp_path, seed_texts):
    """`lagebild serve` runs writes in a child process: articles land, the story answers, close() checkpoints."""
    from fastapi.testclient import TestClient

    from lagebild.web.app import create_app

    db = str(tmp_path / "w.db")
    app = create_app(db, token="t0k", writer_process=True)
    with TestClient(app) as client:
        text = seed_texts["004"]
        r = client.post("/articles", json={"title": "Kim in Wostotschny", "text": text, "date": "2023-09-13"}, headers={"Authorization": "Bearer t0k"})
        assert r.status_code == 201, r.text
        art = r.json()["articles"][0]
        assert art["new"] and art["story"]
        assert client.get(f"/articles/{art['id']}.json").status_code == 200
        # the writer process builds the new story's dossier after the write (not the server, not on the request path)
        w = app.state.writer
        assert w.wait_rebuilt(120) and w.stats["writes"] == 1 and w.stats["dossiers_built"] == 1
        j = client.get(f"/stories/{art['story']}.json")
        assert j.status_code == 200 and j.headers["x-dossier-stale"] == "0" and j.json()["story"]["size"] == 1
        assert app.state.dossiers.built == [] and w.pending() == []
    from lagebild.store import Store

    assert Store(db).load_watermark("cluster") == 1  # checkpointed at shutdown


class _FakePool:
    """Stands in for the writer process: records the order of jobs; a write takes 0.15 s."""

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor

        self.jobs: list[str] = []
        self._ex = ThreadPoolExecutor(1)  # one worker, FIFO: like the single writer process

    def submit(self, fn, db, *args):
        from lagebild.web import writes

        def run():
            if fn is writes._child_ingest:
                self.jobs.append("write")
                time.sleep(0.15)
                return {"articles": []}, 0.1
            if fn is writes._child_rebuild:
                self.jobs.append("rebuild:" + ",".join(args[0]))
                return [], len(args[0]), 0.01
            return None

        return self._ex.submit(run)

    def shutdown(self, **_):
        self._ex.shutdown()


def test_dossier_rebuilds_wait_for_a_pause_in_writes(tmp_path):
    """Rebuilds never interleave with a burst of writes (the ingest throughput of the API is the CLI's),
    run once the writes pause, and still run under a continuous stream once a story waited max_stale."""
    from lagebild.web.writes import ProcessWriter

    w = ProcessWriter(str(tmp_path / "x.db"), quiet=1.0, max_stale=60.0)
    w._pool.shutdown()
    w._pool = pool = _FakePool()
    w.ingest([])
    w.schedule_rebuild(["S1"])
    for _ in range(5):  # back to back: no pause of 1 s
        w.ingest([])
        w.schedule_rebuild(["S2"])
    assert pool.jobs == ["write"] * 6 and w.pending() == ["S1", "S2"]
    assert w.wait_rebuilt(30)
    assert pool.jobs[6:] == ["rebuild:S1,S2"] and w.stats["dossiers_built"] == 2
    # a continuous stream of writes: the stale bound lets the rebuild in between two writes
    w.max_stale = 0.3
    w.schedule_rebuild(["S3"])
    for _ in range(8):
        w.ingest([])
    assert "rebuild:S3" in pool.jobs[7:-1]
    with w._cond:  # stop the rebuild thread (no child process to close)
        w._closed = True
        w._cond.notify_all()
    pool.shutdown()
