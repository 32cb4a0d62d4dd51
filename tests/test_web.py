"""The web app in-process (TestClient) over a store built once from the seeds."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from lagebild import Pipeline
from lagebild.web.app import create_app

TOKEN = "s3cret-token"
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def db(tmp_path_factory, seeds_dir) -> str:
    path = str(tmp_path_factory.mktemp("web") / "seeds.db")
    p = Pipeline(db=path)
    rep = p.ingest([seeds_dir])
    p.close()
    assert len(rep.stored) == 5 and not rep.errors
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


@pytest.fixture(scope="module")
def ids(client) -> dict:
    stories = client.get("/stories.json").json()["stories"]
    arts = client.get("/articles.json").json()["articles"]
    return {"story": stories[0]["story_id"], "doc": arts[0]["doc_id"], "docs": [a["doc_id"] for a in arts]}


def test_story_list_html_and_json(client):
    j = client.get("/stories.json").json()
    assert j["articles_total"] == 5 and j["page"] == 1 and not j["has_next"]
    assert j["stories"] and all({"story_id", "size", "languages", "first_seen", "n_sources"} <= set(s) for s in j["stories"])
    assert sum(s["size"] for s in j["stories"]) == 5
    h = client.get("/stories", headers=HTML)
    assert h.status_code == 200 and h.headers["content-type"].startswith("text/html")
    for s in j["stories"]:
        assert f'href="/stories/{s["story_id"]}"' in h.text


def test_storylines_list_and_page(client):
    j = client.get("/storylines.json").json()
    (line,) = j["storylines"]
    assert line["size"] == 5 and len(line["stories"]) == 3 and "Wladimir Putin" in line["label"]
    one = client.get(f"/storylines/{line['storyline_id']}.json").json()
    assert [s["story_id"] for s in one["stories"]] == line["stories"]
    h = client.get(f"/storylines/{line['storyline_id']}", headers=HTML).text
    for sid in line["stories"]:
        assert f'href="/stories/{sid}"' in h
    assert f'href="/storylines/{line["storyline_id"]}"' in client.get("/stories", headers=HTML).text
    page = client.get(f"/stories/{line['stories'][0]}", headers=HTML).text
    assert f'href="/storylines/{line["storyline_id"]}"' in page  # the dossier page links its storyline
    r = client.get("/storylines/L0000999.json")
    assert r.status_code == 404


def test_story_page_is_the_dossier(client, ids):
    j = client.get(f"/stories/{ids['story']}.json").json()
    assert j["schema"] == "lagebild.dossier/1" and j["story"]["id"] == ids["story"]
    h = client.get(f"/stories/{ids['story']}").text
    assert "<html" in h and 'href="/stories"' in h
    for s in j["sources"]:
        assert f'href="/articles/{s["doc_id"]}"' in h


def test_article_page_highlights_and_removed(client, ids):
    doc = ids["doc"]
    j = client.get(f"/articles/{doc}.json").json()
    assert j["id"] == doc and j["entities"] and "also_ran_in" in j and "removed" not in j
    h = client.get(f"/articles/{doc}").text
    assert 'class="ent ent-' in h and ('class="timex"' in h) == bool(j["timexes"])
    ent = j["entities"][0]
    assert ent["text"].split()[0] in h
    assert "Removed by cleaning" not in h
    jr = client.get(f"/articles/{doc}.json?removed=1").json()
    assert "removed" in jr
    assert "Removed by cleaning" in client.get(f"/articles/{doc}?removed=1").text


def test_article_prefix_and_missing(client, ids):
    assert client.get(f"/articles/{ids['doc'][:8]}.json").json()["id"] == ids["doc"]
    r = client.get("/articles/ffffffffffff.json")
    assert r.status_code == 404 and r.json()["error"]["code"] == "LB203"
    r = client.get("/articles/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code == 404 and "root:" not in r.text


def test_entities_and_entity_page(client):
    ents = client.get("/entities.json?per_page=5").json()
    assert len(ents["entities"]) == 5 and ents["has_next"]
    top = next(e for e in ents["entities"] if e["type"] == "PER")
    e = client.get(f"/entities/{top['key']}.json").json()
    assert e["key"] == top["key"] and e["aliases"] and e["stories"] and e["co_occurring"]
    h = client.get(f"/entities/{top['key']}", headers=HTML).text
    assert top["name"] in h and "Co-occurring" in h
    assert client.get("/entities/Xyzzy%20Nobody.json").status_code == 404


def test_quote_search(client):
    j = client.get("/quotes.json", params={"speaker": "Wladimir Putin"}).json()
    assert j["quotes"] and all(q["speaker_key"] == "PER:vladymyr putyn" or "putin" in (q["speaker"] or "").lower() for q in j["quotes"])
    some = j["quotes"][0]["message"].split()[2]
    j2 = client.get("/quotes.json", params={"speaker": "Wladimir Putin", "q": some}).json()
    assert j2["quotes"] and all(some.lower() in q["message"].lower() for q in j2["quotes"])
    h = client.get("/quotes", params={"speaker": "Wladimir Putin"}).text
    assert h.count('class="quote-hit"') == len(j["quotes"])


def test_full_text_search(client):
    j = client.get("/search.json", params={"q": "Pjöngjang"}).json()
    assert j["results"] and all("\x02" not in r["snippet"] for r in j["results"])
    assert client.get("/search.json", params={"q": "zzqxnotaword"}).json()["results"] == []
    # FTS syntax in the query is treated as words, never as an operator or an error
    assert client.get("/search.json", params={"q": 'Kim" OR NEAR(* ) -- \'; DROP TABLE articles'}).status_code == 200
    h = client.get("/search", params={"q": "Pjöngjang"}).text
    assert "<mark>" in h and h.count('class="hit"') == len(j["results"])


def test_pagination_caps_and_pages(client, ids):
    p1 = client.get("/articles.json?per_page=2&page=1").json()
    p2 = client.get("/articles.json?per_page=2&page=2").json()
    p3 = client.get("/articles.json?per_page=2&page=3").json()
    got = [a["doc_id"] for p in (p1, p2, p3) for a in p["articles"]]
    assert got == ids["docs"] and p1["has_next"] and p2["has_next"] and not p3["has_next"]
    assert client.get("/articles.json?per_page=100000").json()["per_page"] == 100
    r = client.get("/stories.json?page=0")
    assert r.status_code == 422 and r.json()["error"]["code"] == "LB604"
    h = client.get("/articles?per_page=2", headers=HTML).text
    assert 'rel="next"' in h and "page=2" in h


def test_openapi_lists_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/stories", "/stories.json", "/stories/{story_id}.json", "/articles/{doc_id}.json", "/entities/{name}.json", "/quotes.json", "/search.json", "/articles"):
        assert p in paths
    assert "post" in paths["/articles"]
    assert client.get("/docs").status_code == 404  # no CDN-backed Swagger UI


ARTICLE = {
    "title": "Peskow: Kreml prüft <script>alert(1)</script> Einladung nach Pjöngjang",
    "text": "Moskau (dpa) - Kremlsprecher Dmitri Peskow sagte am Dienstag in Moskau, man prüfe die Einladung. "
    "<script>alert(1)</script> \"Wir werden die Einladung sorgfältig prüfen\", sagte Peskow. "
    "Nordkoreas Machthaber Kim Jong Un hatte Präsident Wladimir Putin im Januar nach Pjöngjang eingeladen. "
    "<img src=x onerror=alert(2)> Die Beziehungen zwischen Russland und Nordkorea gelten als eng.",
    "url": "javascript:alert(3)",
    "outlet": "Test<b>Zeitung</b>",
    "date": "2024-02-06",
}


def test_writes_need_a_token(client, db):
    assert client.post("/articles", json=ARTICLE).status_code == 401
    r = client.post("/articles", json=ARTICLE, headers={"authorization": "Bearer wrong"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "LB602"
    closed = TestClient(create_app(db, token=""))
    r = closed.post("/articles", json=ARTICLE, headers={"authorization": "Bearer "})
    assert r.status_code == 403 and "disabled" in r.json()["error"]["message"]


def test_size_limit_and_bad_bodies(client):
    auth = {"authorization": f"Bearer {TOKEN}"}
    big = json.dumps({"text": "x" * (5 * 1024 * 1024 + 10)})
    r = client.post("/articles", content=big, headers={**auth, "content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "LB603"
    r = client.post("/articles", content=b"{not json", headers=auth)
    assert r.status_code == 400 and r.json()["error"]["code"] == "LB604"
    r = client.post("/articles", json={"title": "no text"}, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "LB105"


def test_post_article_live_and_escaped(client, db):
    before = client.get("/stories.json").json()["articles_total"]
    r = client.post("/articles", json=[ARTICLE, ARTICLE], headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    res = r.json()["articles"]
    assert len(res) == 2 and res[0]["id"] == res[1]["id"] and res[0]["new"] and res[0]["story"]
    assert isinstance(res[0]["duplicates"], list)
    doc_id, story_id = res[0]["id"], res[0]["story"]
    # live: the same app (no restart) lists it
    j = client.get("/stories.json").json()
    assert j["articles_total"] == before + 1
    assert any(s["story_id"] == story_id for s in client.get("/stories.json?per_page=100").json()["stories"])
    assert client.get("/search.json", params={"q": "sorgfältig prüfen"}).json()["results"][0]["doc_id"] == doc_id
    # idempotent: posting again stores nothing new
    again = client.post("/articles", json=ARTICLE, headers={"authorization": f"Bearer {TOKEN}"})
    assert again.status_code == 200 and not again.json()["articles"][0]["new"]
    # no executable markup from article text on any page
    pages = [f"/articles/{doc_id}", f"/articles/{doc_id}?removed=1", f"/stories/{story_id}", "/stories", "/articles", "/search?q=Peskow", "/quotes?speaker=Peskow"]
    for p in pages:
        h = client.get(p, headers=HTML).text
        assert "<script" not in h.lower(), p
        assert "<img" not in h.lower(), p
        assert 'href="javascript:' not in h.lower(), p
        assert "<b>Zeitung" not in h, p
    art = client.get(f"/articles/{doc_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in art
    csp = client.get(f"/articles/{doc_id}").headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp


def test_cors_off_by_default(client):
    r = client.get("/stories.json", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}
    r = client.options("/articles", headers={"origin": "https://evil.example", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}


def test_error_pages_are_json_or_html(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and r.json() == {"error": {"code": "LB203", "message": "not found"}}
    h = client.get("/stories/<script>x", headers=HTML)
    assert h.status_code == 404 and "<script>" not in h.text and re.search(r"Error 404", h.text)


def test_same_story_of_two_stored_articles(client, ids):
    by_start = {}
    for i in ids["docs"]:
        text = client.get(f"/articles/{i}.json").json()["text"]
        by_start["invitation" if "Einladung nach Nordkorea" in text else "reuters" if "seit 24 Jahren eine deutliche" in text else "deal" if text.startswith("Deal zwischen") else i] = i
    same = client.get(f"/articles/{by_start['deal']}/same-story/{by_start['reuters']}.json").json()
    assert {"same", "score", "threshold", "embeddings", "articles"} <= set(same)
    assert same["same"] and same["score"] >= same["threshold"]
    assert [a["doc_id"] for a in same["articles"]] == [by_start["deal"], by_start["reuters"]]
    # the January invitation and the June pact: the same actors, five months apart -> not one story
    apart = client.get(f"/articles/{by_start['invitation']}/same-story/{by_start['reuters']}.json").json()
    assert not apart["same"] and apart["gap_days"] > 100
    assert client.get(f"/articles/{by_start['deal']}/same-story/nosuchid.json").status_code == 404
