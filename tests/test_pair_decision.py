"""The one-off same-story decision (`lagebild same-story`, `corpus.pair_decision`) on the seeds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.corpus import pair_decision
from lagebild.corpus.cluster_pairs import PairDoc
from lagebild.errors import ConfigError
from lagebild.settings import load_settings
from conftest import seed_path

runner = CliRunner()

EN_PACT = ("Putin and Kim sign mutual defence pact in Pyongyang",
           "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a mutual defence agreement "
           "in Pyongyang on Wednesday, pledging to help each other if either is attacked. Putin, on his first visit "
           "to North Korea in 24 years, thanked Kim for his support of Russia's war in Ukraine.")
EN_OTHER = ("Bundesliga: Bayern beat Dortmund 3-1",
            "Bayern Munich beat Borussia Dortmund 3-1 on Saturday, with two goals from Harry Kane, and moved four "
            "points clear at the top of the Bundesliga table.")


@pytest.fixture(scope="module")
def seeds():
    from lagebild.pipeline import Pipeline

    p = Pipeline(db=":memory:", stages=["language", "sentences", "timex", "dating"])
    return {k: p.process(seed_path(k)) for k in ("000", "001", "002")}


def test_default_backend_is_e5_and_configurable(monkeypatch):
    from lagebild.corpus import cluster_model

    monkeypatch.delenv("LAGEBILD_PAIR_EMBEDDINGS", raising=False)
    monkeypatch.delenv("LAGEBILD_EMBEDDINGS", raising=False)
    assert pair_decision.resolve_backend("default") == "e5"
    assert cluster_model.resolve_backend("default") == "use"  # streams (and `eval clustering`) keep USE
    monkeypatch.setenv("LAGEBILD_PAIR_EMBEDDINGS", "use")
    assert pair_decision.resolve_backend("default") == "use"
    monkeypatch.setenv("LAGEBILD_PAIR_EMBEDDINGS", "bert")
    with pytest.raises(ConfigError, match="pair_embeddings"):
        load_settings()


def test_cross_lingual_pact_report_ranks_above_unrelated(seeds):
    de = pair_decision.as_pair_doc(seeds["002"])
    docs = [de, PairDoc(*EN_PACT, "en"), PairDoc(*EN_OTHER, "en")]
    s = pair_decision.scores(docs, [(0, 1), (0, 2)], "e5")
    assert s[0] > s[1] + 0.3
    v = pair_decision.same_story(de, PairDoc(*EN_PACT, "en"))
    assert v.same and v.embeddings == "e5" and v.languages == ("de", "en") and v.gap_days is None


def test_dates_months_apart_are_not_one_story(seeds):
    v = pair_decision.same_story(seeds["001"], seeds["002"])  # January invitation vs June pact
    assert v.gap_days == 143 and not v.same
    v = pair_decision.same_story(seeds["000"], seeds["002"])  # two reports of the pact
    assert v.same and v.score >= v.threshold


def test_cli_json_and_bad_argument(tmp_path):
    r = runner.invoke(app, ["same-story", str(seed_path("000")), str(seed_path("002")), "--db", str(tmp_path / "x.db"), "--json"])
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    assert j["same"] is True and [a["lang"] for a in j["articles"]] == ["de", "de"]
    r = runner.invoke(app, ["same-story", str(seed_path("000")), "nosuchfile.txt", "--db", str(tmp_path / "x.db")])
    assert r.exit_code != 0 and "nosuchfile" in r.output and "Traceback" not in r.output


def test_encoding_progress_hook_counts_texts_encoded():
    from lagebild import embed

    seen: list[int] = []
    texts = ["Putin besucht Pjöngjang.", "Kim Jong Un empfängt Putin.", "Der Bundestag tagt am Mittwoch."]
    with embed.reporting(seen.append):
        embed.encode(texts, backend="use")
        embed.encode(texts[:2], backend="use")  # cached: nothing encoded again
    embed.encode(["Ein ganz anderer Satz über Wetter."], backend="use")  # outside the block: not reported
    assert sum(seen) == 3
