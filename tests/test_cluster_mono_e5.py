"""The small-story check's monolingual e5 term (tenth pass, docs/bench/clustering.md): two differently worded
German reports of one event, which the check alone keeps apart (join probability in the uncertain band), join
through the lazy e5 cosine; an unrelated German article is decided outside the band (no e5 call) and stays out;
a state saved without the term decides as before."""

from __future__ import annotations

import json

import pytest

from lagebild.corpus import cluster_model
from lagebild.corpus.cluster import ClusterInput, StoryClusterer, embed_inputs

FIRE_A = ClusterInput(
    id="fire-a", date="2025-03-04", lang="de",
    title="Brand in Lagerhalle in Bremerhaven: Feuerwehr stundenlang im Einsatz",
    text="In einer Lagerhalle im Bremerhavener Fischereihafen ist in der Nacht zu Dienstag ein Großbrand ausgebrochen. "
         "Mehr als 120 Feuerwehrleute kämpften bis zum Morgen gegen die Flammen. Verletzt wurde niemand. "
         "Die Polizei schätzt den Schaden auf mehrere Millionen Euro, die Ursache ist noch unklar.")
FIRE_B = ClusterInput(
    id="fire-b", date="2025-03-04", lang="de",
    title="Millionenschaden: Nächtliches Feuer zerstört Hafenhalle",
    text="Flammen haben in der Nacht ein Gebäude im Bremerhavener Fischereihafen vernichtet. Rund 120 Retter "
         "löschten bis zum Tagesanbruch, Personen kamen nicht zu Schaden. Nach ersten Schätzungen der Ermittler "
         "liegt der Sachschaden im siebenstelligen Bereich; warum es brannte, ist offen.")
FOOTBALL = ClusterInput(
    id="football", date="2025-03-04", lang="de",
    title="Bundesliga: Freiburg gewinnt knapp gegen Mainz",
    text="Der SC Freiburg hat am Sonntag mit 1:0 gegen den FSV Mainz 05 gewonnen. Das Tor erzielte Vincenzo Grifo per "
         "Foulelfmeter in der 67. Minute. Freiburg rückt damit auf den sechsten Tabellenplatz vor.")


@pytest.fixture(scope="module")
def items() -> dict[str, ClusterInput]:
    return {it.id: it for it in embed_inputs([FIRE_A, FIRE_B, FOOTBALL])}


def clusterer(mono: bool) -> StoryClusterer:
    c = StoryClusterer()
    c.small.mono = mono
    return c


def test_the_shipped_model_has_the_term_around_the_threshold():
    m = cluster_model.load()
    assert m.uses_mono and m.mono_band is not None and m.mono_coef is not None
    lo, hi = m.mono_band
    assert 0.0 < lo < m.small_threshold < hi < 1.0
    assert m.mono_coef[0] > 10  # a higher e5 cosine raises the join probability
    assert StoryClusterer().small.mono  # new clusterers: on


def test_two_reports_of_one_fire_join_through_the_e5_check(items):
    off = clusterer(False)
    off.learn_one(items["fire-a"])
    b_off = off.learn_one(items["fire-b"])
    assert b_off.is_new and off.small.e5_calls == 0  # the check alone: uncertain, kept apart
    assert 0.2 <= 1.0 - b_off.score < off.model.small_threshold
    on = clusterer(True)
    a = on.learn_one(items["fire-a"])
    b = on.learn_one(items["fire-b"])
    assert b.story_id == a.story_id and not b.is_new
    assert on.small.mono_decisions == 1 and on.small.e5_calls == 2  # the report and the one member, once each
    assert b.score > 0.6  # the same-event e5 cosine makes the check sure
    # an unrelated article is decided far outside the band: no e5 call, a story of its own
    f = on.learn_one(items["football"])
    assert f.is_new and f.story_id != a.story_id
    assert on.small.mono_decisions == 1 and on.small.e5_calls == 2


def test_a_state_saved_without_the_term_decides_as_before(items):
    c = clusterer(True)
    c.learn_one(items["fire-a"])
    state = json.loads(json.dumps(c.state_dict()))
    assert state["small_mono"] is True
    assert StoryClusterer.from_state(json.loads(json.dumps(state))).small.mono  # round trip keeps it on
    del state["small_mono"]  # saved before the tenth pass
    old = StoryClusterer.from_state(state)
    assert not old.small.mono
    ref = clusterer(False)
    ref.learn_one(items["fire-a"])
    b = old.learn_one(items["fire-b"])
    assert b == ref.learn_one(items["fire-b"]) and b.is_new
    assert old.small.e5_calls == 0 and old.small.mono_decisions == 0
