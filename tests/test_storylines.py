"""Storylines: the Wikinews storyline gold (bench/storylines.py), the linker on the seeds, the parameters file."""

from __future__ import annotations

import json

import pytest
from conftest import load_bench

from lagebild.corpus import storylines
from lagebild.corpus.features import DocFreq, lead_text, vectorise
from lagebild.corpus.storylines import (
    HAND_THRESHOLD,
    HAND_WEIGHTS,
    StorylineLinker,
    load_params,
)


@pytest.fixture(scope="module")
def bench():
    return load_bench("storylines.py", "bench_storylines")


@pytest.fixture(scope="module")
def stories(bench, data_dir):
    path = data_dir / "wikinewssum-en" / "clusters.jsonl"
    if not path.is_file():
        pytest.skip("wikinewssum-en not found")
    return bench.load_stories(path)


def test_specific_categories_drop_dates_sections_regions_countries_topics(bench, stories):
    cats = bench.specific_categories(stories)
    assert cats["2004 Indian Ocean earthquake and tsunami"] == ["wn040", "wn042", "wn047"]
    assert cats["Augusto Pinochet"] == ["wn022", "wn032", "wn049"]
    for generic in ("Published", "December 28, 2004", "Politics and conflicts", "Asia", "Brazil", "United States",
                    "Iraq", "Middle East", "Missing persons", "Football (soccer)", "Astronomy"):
        assert generic not in cats
    # rare only: a specific category on more than K stories is a theme
    assert all(2 <= len(ids) <= bench.K for ids in cats.values())
    assert bench.specific_categories(stories, k=2).keys() < cats.keys()


def test_category_gold_components_and_read_gold(bench, stories):
    gold = bench.category_gold(stories)
    assert gold["wn022"] == gold["wn049"] == gold["wn032"]  # Pinochet (+ one summit story, a known false link)
    assert gold["wn040"] == gold["wn042"] == gold["wn047"]
    assert gold["wn002"] != gold["wn035"]  # the kidnapping storyline shares only generic categories
    assert gold["wn008"] == "wn008"  # Firefox stands alone
    read = bench.read_gold(stories)
    assert read["wn002"] == read["wn035"] and read["wn024"] == read["wn025"] and read["wn032"] != read["wn022"]
    ids = [s["id"] for s in stories]
    assert len(bench.pair_set(read, ids)) == 7
    # the split is the stream builder's (crc32 of the cluster key)
    assert {s["part"] for s in stories} == {"tune", "dev"} and stories[0]["part"] == "dev"


def test_pairwise_and_b3_scores(bench):
    ids = ["a", "b", "c", "d"]
    gold = {"a": "a", "b": "a", "c": "c", "d": "c"}
    assert bench.pairwise(gold, gold, ids)[:3] == (100.0, 100.0, 100.0)
    lumped = {i: "x" for i in ids}
    p, r, _f, ng, npred = bench.pairwise(gold, lumped, ids)
    assert (ng, npred, r) == (2, 6, 100.0) and abs(p - 100 / 3) < 1e-9
    bp, br, _ = bench.b3(gold, lumped, ids)
    assert (round(bp, 6), br) == (50.0, 100.0)


def test_storyline_pair_labels(bench):
    row = {"Overall": "2.5", "Entities": "1.5", "Narrative": "2.0"}
    assert bench.storyline_label(row) == 1
    assert bench.storyline_label({**row, "Entities": "3.0"}) == 0
    assert bench.storyline_label({**row, "Overall": "1.0"}) is None  # same story: not a storyline decision
    assert bench.storyline_label({**row, "Narrative": "2.5"}) is None


@pytest.fixture(scope="module")
def seed_vecs(seed_texts):
    from lagebild.embed import encode

    dates = {"004": 0.0, "001": 130.0, "000": 280.0, "002": 280.0, "003": 281.0}
    items = []
    for key in sorted(seed_texts, key=lambda k: (dates[k], k)):
        lines = [ln.strip() for ln in seed_texts[key].strip().splitlines() if ln.strip()]
        title = next(ln for ln in lines if not ln.startswith(("date ", "- von")) and "Copyright" not in ln)
        body = seed_texts[key][seed_texts[key].index(title) + len(title):]
        items.append((key, dates[key], title, body))
    embs = encode([lead_text(t, b) for _, _, t, b in items])
    df = DocFreq()
    out = []
    for (key, t, title, body), e in zip(items, embs):
        v = vectorise(title, body, "de", df)
        v.emb = e
        out.append((key, t, v))
    return out


def run_seed_stories(seed_vecs, linker: StorylineLinker) -> dict[str, str]:
    """The seeds as three given stories (Vostochny, invitation, pact = 000+002+003)."""
    story_of = {"004": "vostochny", "001": "invitation", "000": "pact", "002": "pact", "003": "pact"}
    line_of: dict[str, str] = {}
    for key, t, v in seed_vecs:
        sid = story_of[key]
        if sid not in line_of:
            line_of[sid], _ = linker.link_new_story(sid, v, t, t)
        linker.add_article(line_of[sid], v, t, "de")
    return line_of


@pytest.mark.parametrize("which", ["hand", "shipped"])
def test_seed_stories_are_one_storyline_and_an_unrelated_story_is_not(seed_vecs, stories, which):
    lk = StorylineLinker(threshold=HAND_THRESHOLD, weights=HAND_WEIGHTS) if which == "hand" else StorylineLinker()
    line_of = run_seed_stories(seed_vecs, lk)
    assert len(set(line_of.values())) == 1, line_of
    assert lk.lines[line_of["pact"]].members == ["vostochny", "invitation", "pact"]
    # a Wikinews story on a browser release does not join the Russia / North Korea storyline
    firefox = next(s for s in stories if s["id"] == "wn008")["docs"][0]
    v = vectorise(firefox["title"], firefox["text"], "en", DocFreq())
    from lagebild.embed import encode

    v.emb = encode([lead_text(firefox["title"], firefox["text"])])[0]
    lid, _ = lk.link_new_story("firefox", v, 300.0, 300.0)
    assert lid != line_of["pact"]


def test_parameters_file_loads_and_is_used(tmp_path):
    p = tmp_path / "storylines.json"
    p.write_text(json.dumps({"weights": [0.5, 0.3, 0.2], "threshold": 0.37, "meta": {"on": "test"}}))
    assert load_params(p) == ((0.5, 0.3, 0.2), 0.37, {"on": "test"})
    p.write_text(json.dumps({"weights": [0.5, 0.5], "threshold": 0.3}))
    load_params.cache_clear()
    with pytest.raises(ValueError):
        load_params(p)
    load_params.cache_clear()
    w, t, meta = load_params()
    assert abs(sum(w) - 1.0) < 1e-3 and 0.0 < t < 1.0
    if storylines.PARAMS_PATH.is_file():  # a shipped fit: what the linker uses by default
        shipped = json.loads(storylines.PARAMS_PATH.read_text())
        assert (list(w), t) == (shipped["weights"], shipped["threshold"]) and meta["fitted_by"]
    else:
        assert (w, t) == (HAND_WEIGHTS, HAND_THRESHOLD)
    lk = StorylineLinker()
    assert lk.weights == w and lk.threshold == t


def test_state_keeps_the_blend_and_old_states_keep_the_hand_blend(seed_vecs):
    lk = StorylineLinker(threshold=0.5, weights=(0.6, 0.3, 0.1))
    run_seed_stories(seed_vecs, lk)
    st = json.loads(json.dumps(lk.state_dict()))
    back = StorylineLinker.from_state(st)
    assert back.weights == (0.6, 0.3, 0.1) and back.threshold == 0.5
    st.pop("weights")
    assert StorylineLinker.from_state(st).weights == HAND_WEIGHTS
