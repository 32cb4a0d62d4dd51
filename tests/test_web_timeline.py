"""The storyline page's timeline (inline SVG): layout, the seeds' storyline, escaping."""

from __future__ import annotations

import re

from jinja2 import Environment, FileSystemLoader, select_autoescape
from test_web import HTML, client, db  # noqa: F401  (module fixtures: the seed store and its app)

from lagebild.web.app import TEMPLATES
from lagebild.web.timeline import WIDTH, story_bars


def test_bars_follow_time_and_stay_inside_the_drawing():
    tl = story_bars([
        {"story_id": "S3", "first_seen": "2024-06-19", "last_seen": "2024-06-20", "size": 3, "label": "Pakt"},
        {"story_id": "S1", "first_seen": "2023-09-13", "last_seen": None, "size": 1, "label": "Gipfel"},
        {"story_id": "S2", "first_seen": "2024-01-29", "last_seen": "2024-01-29", "size": 1, "label": "Einladung"},
        {"story_id": "S9", "first_seen": None, "last_seen": None, "size": 2, "label": "undatiert"},
    ])
    assert [b["story_id"] for b in tl["bars"]] == ["S1", "S2", "S3"]  # oldest first, the undated one left out
    xs = [b["x"] for b in tl["bars"]]
    assert xs == sorted(xs) and xs[0] == 0.0
    assert all(0 <= b["x"] and b["x"] + b["w"] <= WIDTH and b["w"] >= 5 for b in tl["bars"])
    # the January story sits at (Jan 29 - Sep 13) / (Jun 20 - Sep 13 + 1 day) of the axis
    assert abs(tl["bars"][1]["x"] - WIDTH * 138 / 282) < 1.0
    assert tl["bars"][2]["anchor"] == "end"  # the last bar's label goes before it, not off the drawing
    assert tl["ticks"][0]["text"] == "2023-10" and len(tl["ticks"]) <= 5  # month starts
    assert story_bars([{"story_id": "S9", "first_seen": None}]) is None
    week = story_bars([{"story_id": "A", "first_seen": "2024-06-03", "last_seen": "2024-06-10", "size": 4}])
    assert week["bars"][0]["w"] == WIDTH and week["ticks"][0]["text"] == "2024-06-03"  # a short span: days


def test_the_seed_storyline_page_draws_its_three_stories(client):  # noqa: F811
    line = client.get("/storylines.json").json()["storylines"][0]
    h = client.get(f"/storylines/{line['storyline_id']}", headers=HTML).text
    svg = h[h.index("<svg"):h.index("</svg>")]
    assert len(re.findall(r"<rect ", svg)) == 3
    assert len(re.findall(r'href="/stories/S\d+"', svg)) == 3


def test_labels_in_the_timeline_are_escaped():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["story_bars"] = story_bars
    evil = '<script>alert(1)</script>"><img src=x>'
    line = {"storyline_id": "L1", "label": "x", "size": 1, "languages": [], "entities": [], "sources": [],
            "stories": [{"story_id": "S1", "first_seen": "2024-06-19", "last_seen": "2024-06-19", "size": 1, "label": evil}]}
    out = env.get_template("storyline.html.j2").render(line=line, request_path="/storylines/L1", query={})
    assert "<script>alert" not in out and "<img src=x>" not in out and "&lt;script&gt;" in out
