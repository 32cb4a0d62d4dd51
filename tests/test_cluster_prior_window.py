"""The small-story check's prior shift over a 30-day window of stream time (eleventh pass)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from test_cluster import pact_decision, seed_items

from lagebild.corpus import cluster_small
from lagebild.corpus.cluster import StoryClusterer


@pytest.fixture(scope="module")
def seeds(seed_texts):
    return seed_items(seed_texts)


def test_the_shipped_model_has_the_window_and_new_clusterers_use_it():
    c = StoryClusterer()
    assert c.model.small_prior_window_days == 30.0 and c.small.window


def test_old_singleton_decisions_stop_weighing_after_the_window(seeds):
    c = StoryClusterer()
    c.small.mono = False  # the prior shift alone
    m, best, x, gap = pact_decision(seeds, c)
    now = c.now
    fresh, thr = c.small.decide(m, best, x, gap, 0.5, now)
    assert fresh >= thr  # the pact reports join each other
    # 300 small-story decisions a year earlier, almost none of them joins (a stream of unrelated singletons)
    c.small.seen, c.small.mass, c.small.days = 300.0, 3.0, {int(now) - 365: [300.0, 3.0]}
    cumulative = replace(m, small_prior_window_days=None)
    p_cumulative, _ = c.small.decide(cumulative, best, x, gap, 0.5, now)
    assert p_cumulative < thr  # the year-old singletons still drive the shared prior down: the pair splits
    c.small.seen, c.small.mass, c.small.days = 300.0, 3.0, {int(now) - 365: [300.0, 3.0]}
    p_window, _ = c.small.decide(m, best, x, gap, 0.5, now)
    assert p_window >= thr and abs(p_window - fresh) < 0.05  # with the window they have expired
    assert list(c.small.days) == [int(now)] and c.small.seen == pytest.approx(1.0)
    # the same singletons a week ago are inside the window and still count
    c.small.seen, c.small.mass, c.small.days = 300.0, 3.0, {int(now) - 7: [300.0, 3.0]}
    p_recent, _ = c.small.decide(m, best, x, gap, 0.5, now)
    assert p_recent == pytest.approx(p_cumulative)


def test_window_state_round_trips_and_old_states_keep_the_cumulative_mean(seeds):
    c = StoryClusterer()
    for it in seeds:
        c.learn_one(it)
    state = json.loads(json.dumps(c.state_dict()))
    assert state["small_window"] is True and state["small_days"]
    assert sum(n for _, n, _ in state["small_days"]) == pytest.approx(state["small_seen"])
    back = StoryClusterer.from_state(state)
    assert back.small.window and back.small.days == c.small.days
    old = {k: v for k, v in state.items() if k not in ("small_window", "small_days")}  # saved before this pass
    assert not StoryClusterer.from_state(old).small.window


def test_module_switch_turns_the_window_off_for_new_clusterers(monkeypatch):
    monkeypatch.setattr(cluster_small, "WINDOW", False)
    assert not StoryClusterer().small.window
