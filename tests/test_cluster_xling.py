"""The small-story check's cross-lingual e5 term (ninth pass, docs/bench/clustering.md): an English and a
French report join the German two-article pact story (seeds 000 + 002) through it; German-only streams
encode nothing with e5; the members' lead texts and e5 vectors survive the state and the row store."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_cluster import groups, seed_items

from lagebild.corpus import cluster_model
from lagebild.corpus.cluster import ClusterInput, StoryClusterer, embed_inputs

EN = ClusterInput(
    id="en-x", date="2024-06-19", lang="en",
    title="Russia and North Korea agree to defend each other",
    text="Vladimir Putin and Kim Jong Un signed a treaty in Pyongyang on Wednesday under which Russia and North Korea "
         "promise each other military help in case of an attack. Kim called it an alliance; the West is worried.")
FR = ClusterInput(
    id="fr-x", date="2024-06-19", lang="fr",
    title="Moscou et Pyongyang s'engagent à se défendre mutuellement",
    text="Vladimir Poutine et Kim Jong-un ont signé mercredi à Pyongyang un accord par lequel la Russie et la Corée du "
         "Nord se promettent une aide militaire en cas d'attaque. Kim a parlé d'une alliance ; l'Occident s'inquiète.")
MISSILE = ClusterInput(
    id="en-missile", date="2024-06-20", lang="en",
    title="North Korea fires ballistic missile into the sea, Seoul says",
    text="North Korea launched a short-range ballistic missile off its east coast on Thursday, South Korea's military "
         "said. Japan's coast guard warned ships. Pyongyang has tested several missiles this year.")


@pytest.fixture(scope="module")
def seeds(seed_texts) -> list[ClusterInput]:
    return seed_items(seed_texts)


@pytest.fixture(scope="module")
def reports() -> dict[str, ClusterInput]:
    return {it.id: it for it in embed_inputs([EN, FR, MISSILE])}


def pact_pair(seeds: list[ClusterInput], xling: bool) -> StoryClusterer:
    c = StoryClusterer(xling=xling)
    c.small.mono = False  # the cross-lingual term alone (tests/test_cluster_mono_e5.py has the monolingual one)
    for it in seeds:
        if it.id in ("000", "002"):
            c.learn_one(it)
    assert c.story_of("000") == c.story_of("002")  # the two-article German pact story: a small story
    return c


@pytest.fixture
def e5_texts(monkeypatch) -> list[str]:
    """Every text the clusterer sends to e5 (lagebild.embed.encode with backend "e5")."""
    from lagebild import embed

    seen: list[str] = []
    real = embed.encode

    def counting(texts, backend=None, batch_size=64):
        if backend == "e5":
            seen.extend(texts)
        return real(texts, backend=backend, batch_size=batch_size)

    monkeypatch.setattr(embed, "encode", counting)
    return seen


def test_the_shipped_model_has_the_term():
    m = cluster_model.load()
    assert m.uses_xling and m.xling_backend == "e5"
    a, b, _ = m.xling_coef
    assert a >= 0 and b > 10  # a higher e5 cosine raises the join probability


@pytest.mark.parametrize("rid", ["en-x", "fr-x"])
def test_english_and_french_reports_join_the_german_pact_story_through_the_e5_term(seeds, reports, rid, e5_texts):
    off = pact_pair(seeds, xling=False)
    p_off = off.learn_one(reports[rid])
    assert not e5_texts and off.small.xling_decisions == 0
    c = pact_pair(seeds, xling=True)
    pact = c.story_of("000")
    a = c.learn_one(reports[rid])
    assert a.story_id == pact and not a.is_new
    assert c.small.xling_decisions == 1 and c.small.e5_calls == 3 and len(e5_texts) == 3  # the report + 2 members
    assert a.score > p_off.score + 0.05  # same-event e5 cosine: more sure than without the term
    story = c.stories[pact]
    assert story.size == 3 and not story.member_leads  # grown past the small-story size: leads dropped


def test_an_other_event_stays_out(seeds, reports):
    c = pact_pair(seeds, xling=True)
    a = c.learn_one(reports["en-missile"])
    assert a.is_new and c.small.xling_decisions == 1  # judged with the e5 term, and kept out


def test_german_only_stream_makes_no_e5_call_and_decides_as_without(seeds, e5_texts):
    on, off = StoryClusterer(xling=True), StoryClusterer(xling=False)
    on.small.mono = off.small.mono = False  # the cross-lingual term alone (the monolingual one: test_cluster_mono_e5)
    for it in seeds:
        assert on.learn_one(it) == off.learn_one(it)
    assert not e5_texts and on.small.e5_calls == 0 and on.small.xling_decisions == 0
    ids = [it.id for it in seeds]
    assert groups(on, ids) == {frozenset({"000", "002", "003"}), frozenset({"001"}), frozenset({"004"})}
    # a small story keeps its members' lead texts (for a later cross-lingual decision), not their vectors
    pair = pact_pair(seeds, xling=True)
    s = pair.stories[pair.story_of("000")]
    assert len(s.member_leads) == 2 and s.member_e5 == [None, None] and "Putin" in " ".join(s.member_leads)
    assert not e5_texts and not any(x.member_leads for x in off.stories.values())  # without the term: nothing kept


def test_state_and_row_store_keep_the_vectors_and_old_states_decide_as_before(seeds, reports, tmp_path, e5_texts):
    from lagebild.corpus.cluster_rows import ClusterRows
    from lagebild.store import Store

    c = pact_pair(seeds, xling=True)
    c.learn_one(reports["en-missile"])  # a cross-lingual decision: the pact members' vectors are computed
    pact = c.stories[c.story_of("000")]
    assert len(pact.member_e5) == 2 and all(v is not None for v in pact.member_e5)
    restored = StoryClusterer.from_state(json.loads(json.dumps(c.state_dict())))
    st = Store(str(tmp_path / "c.db"))
    with st.transaction() as conn:
        scalars = ClusterRows().save(c, conn, st, "cluster")
    loaded, _ = ClusterRows.load(st, "cluster", scalars)
    for other in (restored, loaded):
        assert other.xling
        s = other.stories[pact.id]
        assert s.member_leads == pact.member_leads
        assert all(np.array_equal(u, v) for u, v in zip(s.member_e5, pact.member_e5))
    n = len(e5_texts)
    a = restored.learn_one(reports["fr-x"])  # the members' vectors come from the state: only the report is encoded
    assert a.story_id == pact.id and len(e5_texts) == n + 1 and restored.small.e5_calls == 1
    # a state saved before the ninth pass: no "xling" in its config, no leads -> the check as before, no e5
    old = json.loads(json.dumps(c.state_dict()))
    del old["config"]["xling"]
    for s in old["stories"]:
        s.pop("member_leads", None)
        s.pop("member_e5", None)
    was = StoryClusterer.from_state(old)
    assert not was.xling
    b = was.learn_one(reports["fr-x"])
    assert len(e5_texts) == n + 1 and was.small.e5_calls == 0
    ref = StoryClusterer.from_state(json.loads(json.dumps(c.state_dict())))
    ref.xling = ref.small.xling = False
    assert b == ref.learn_one(reports["fr-x"])
