"""The web app's story edit history (aliases, merges, splits) and the "same story?" page, on the real seeds."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from lagebild import Pipeline, queries
from lagebild.corpus.story_edits import merge_stories, split_story
from lagebild.web.app import create_app

HTML = {"accept": "text/html"}
REASON = "AFP piece is the reaction <script>alert(1)</script> not the signing"


def _doc_of(p: Pipeline, seed_prefix: str) -> str:
    rows = [r for r in p.store.articles(limit=10) if (r.get("source_path") or "").rsplit("/", 1)[-1].startswith(seed_prefix)]
    assert len(rows) == 1, rows
    return rows[0]["doc_id"]


def _story(p: Pipeline, doc_id: str) -> str:
    return queries.live_story_row(p.store, p.store.rows("story_articles", doc_id=doc_id)[0]["story_id"])["story_id"]


@pytest.fixture(scope="module")
def env(tmp_path_factory, seeds_dir) -> dict:
    """The seeds ingested, the AFP pact piece split out of the pact story, the new story merged into the invitation."""
    path = str(tmp_path_factory.mktemp("web_history") / "seeds.db")
    p = Pipeline(db=path)
    assert len(p.ingest([seeds_dir]).stored) == 5
    docs = {k: _doc_of(p, k) for k in ("000", "001", "002", "003", "004")}
    pact, invitation, summit = _story(p, docs["002"]), _story(p, docs["001"]), _story(p, docs["004"])
    assert _story(p, docs["000"]) == _story(p, docs["003"]) == pact and len({pact, invitation, summit}) == 3
    split = split_story(p, pact, [docs["003"][:8]], reason=REASON, by="tester")
    assert split.articles == (docs["003"],)
    merged = merge_stories(p, invitation, split.other_id, reason="one diplomatic thread", by="analyst2")
    p.close()
    assert merged.other_id in (invitation, split.other_id)
    return {"db": path, "docs": docs, "pact": pact, "summit": summit, "new": split.other_id,
            "kept": merged.story_id, "alias": merged.other_id}


@pytest.fixture(scope="module")
def client(env) -> TestClient:
    return TestClient(create_app(env["db"], token="t", background=False))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_story_page_shows_the_split_with_its_reason(client, env):
    h = client.get(f"/stories/{env['pact']}", headers=HTML)
    assert h.status_code == 200
    section = h.text[h.text.index('id="story-edits"'):h.text.index("</details>")]
    assert "1 split" in section and "tester" in section and "(1 by analysts)" in section
    assert f"split: 1 article from {env['pact']} into {env['new']}" in _text(section)
    assert f'href="/articles/{env["docs"]["003"]}"' in section and f'href="/stories/{env["new"]}"' in section
    j = client.get(f"/stories/{env['pact']}.json").json()
    assert j["story"]["id"] == env["pact"] and j["aliases"] == [] and "requested" not in j
    (s,) = [e for e in j["history"] if e["action"] == "split"]
    assert (s["from"], s["new"], s["articles"], s["reason"], s["manual"], s["by"]) == (env["pact"], env["new"], [env["docs"]["003"]], REASON, True, "tester")
    assert s["when"].startswith("20")


def test_untouched_story_has_no_history_section(client, env):
    h = client.get(f"/stories/{env['summit']}", headers=HTML).text
    assert 'id="story-edits"' not in h and "was merged into" not in h
    j = client.get(f"/stories/{env['summit']}.json").json()
    assert j["history"] == [] and j["aliases"] == []


def test_reason_markup_is_escaped(client, env):
    for sid in (env["pact"], env["kept"]):
        h = client.get(f"/stories/{sid}", headers=HTML).text
        assert "<script" not in h.lower()
        assert "AFP piece is the reaction &lt;script&gt;alert(1)&lt;/script&gt; not the signing" in h


def test_alias_page_names_the_survivor(client, env):
    alias, kept = env["alias"], env["kept"]
    h = client.get(f"/stories/{alias}", headers=HTML)
    assert h.status_code == 200
    assert f"Story {alias} was merged into {kept}" in _text(h.text)
    assert f'href="/stories/{kept}"' in h.text and f"aliases: {alias}" in h.text
    assert "one diplomatic thread" in h.text and "analyst2" in h.text
    j = client.get(f"/stories/{alias}.json").json()
    assert j["story"]["id"] == kept and j["requested"] == alias and j["merged_into"] == kept and j["aliases"] == [alias]
    kinds = [(e["action"], e.get("reason")) for e in j["history"]]
    assert kinds == [("split", REASON), ("merge", "one diplomatic thread")]
    survivor = client.get(f"/stories/{kept}.json").json()
    assert "requested" not in survivor and survivor["aliases"] == [alias]
    assert "was merged into" not in _text(client.get(f"/stories/{kept}", headers=HTML).text)


def test_same_story_page_for_the_two_pact_reports(client, env):
    a, b = env["docs"]["000"], env["docs"]["002"]
    r = client.get(f"/articles/{a}/same-story/{b}", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    h = r.text
    assert 'class="verdict verdict-same"' in h and "Verdict: same story" in _text(h)
    assert f'href="/articles/{a}"' in h and f'href="/articles/{b}"' in h
    assert "Embeddings:" in h and "threshold" in h and "Days apart:" in h
    assert "Reuters" in h  # the outlet column: 002 is a Reuters report
    apart = client.get(f"/articles/{env['docs']['001']}/same-story/{b}", headers=HTML).text  # January vs June
    assert 'verdict-different' in apart and "verdict-same" not in apart and "Verdict: different stories" in _text(apart)


def test_compare_form_on_the_article_page(client, env):
    a, b = env["docs"]["000"], env["docs"]["002"]
    h = client.get(f"/articles/{a}", headers=HTML).text
    form = re.search(r'<form class="compare" action="([^"]+)" method="get">(.*?)</form>', h, re.DOTALL)
    assert form and form.group(1) == f"/articles/{a}/same-story" and 'name="other"' in form.group(2)
    r = client.get(form.group(1), params={"other": b[:6]}, headers=HTML, follow_redirects=False)  # an ID prefix
    assert r.status_code == 303 and r.headers["location"] == f"/articles/{a}/same-story/{b}"


def test_bad_ids_give_the_404_page(client, env):
    a = env["docs"]["000"]
    for url in (f"/articles/{a}/same-story/ffffffffffff", f"/articles/ffffffffffff/same-story/{a}",
                f"/articles/{a}/same-story?other=zz", f"/articles/{a}/same-story?other=", f"/articles/{a}/same-story?other=%3Cscript%3E",
                "/stories/S9999999"):
        r = client.get(url, headers=HTML)
        assert r.status_code == 404 and "Error 404" in r.text and "<script>" not in r.text, url
    r = client.get(f"/articles/{a}/same-story/ffffffffffff.json")
    assert r.status_code == 404 and r.json()["error"]["code"] == "LB203"
