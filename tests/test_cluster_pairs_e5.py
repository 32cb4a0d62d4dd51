"""The e5 pair model (`cluster_pairs`, models/cluster/pair-e5.json): a learned diagonal metric on e5 vectors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lagebild.corpus import cluster_pairs as CP
from lagebild.corpus.cluster_pairs import PairDoc
from lagebild.eval.pairs import split_title


def test_e5_model_file_loads_with_its_signals():
    m = CP.load("e5")
    assert m is not None and m.version == 2 and m.signals == CP.E5_SIGNALS
    raw = json.loads(CP.model_path("e5").read_text(encoding="utf-8"))
    assert raw["signals"] == list(CP.E5_SIGNALS) and raw["version"] == 2
    assert len(m.diag) == 384 and np.isfinite(m.diag).all() and 0.0 < m.threshold < 1.0
    assert m.text in ("lead", "full") and len(m.coef) == len(m.mean) == len(m.scale) == 5
    assert CP.PairModel.from_json(json.loads(json.dumps(m.to_json()))) == m
    # numbers only: no string longer than a short label in the model file
    strings = [v for v in raw["meta"].values() if isinstance(v, str)]
    assert all(len(s) < 200 for s in strings)


def test_use_model_keeps_version_1_format():
    m = CP.load("use")
    assert m is not None and m.version == 1 and m.signals == CP.SIGNALS
    assert set(m.to_json()) == {"signals", "coef", "intercept", "mean", "scale", "threshold", "meta"}
    bad = dict(m.to_json(), version=2)  # a v1 file claiming version 2 lacks the e5 fields
    with pytest.raises((ValueError, KeyError)):
        CP.PairModel.from_json(bad)
    with pytest.raises(ValueError):
        CP.PairModel.from_json(dict(m.to_json(), version=3))


def _doc(text: str) -> PairDoc:
    title, body = split_title(text)
    if not title:
        head, _, rest = text.strip().partition("\n")
        title, body = head.strip(), rest.strip()
    return PairDoc(title, body[:2000], "de")


def test_seed_pact_pair_scores_above_different_stories(seed_texts):
    docs = [_doc(seed_texts[k]) for k in ("000", "002", "004", "001")]
    pairs = [(0, 1), (2, 3), (0, 2)]  # pact/pact (same), Vostochny/invitation, pact/Vostochny (different)
    m = CP.load("e5")
    S = CP.pair_signals(docs, pairs, "e5")
    assert S.shape == (3, len(CP.E5_SIGNALS))
    sc = m.score(S, np.zeros(3))
    assert sc[0] > sc[1] and sc[0] > sc[2]
    assert sc[0] >= m.threshold  # the two pact reports are one story
    # the signals are the e5 cosine of the model's text and the diagonal metric of the same vectors
    from lagebild.embed import encode

    E = encode([CP.e5_text(d.title, d.text, m.text) for d in docs[:2]], backend="e5").astype(np.float64)
    assert S[0, 0] == pytest.approx(float(E[0] @ E[1]), abs=1e-5)
    assert S[0, 1] == pytest.approx(float((E[0] * E[1]) @ np.asarray(m.diag) + m.diag_bias), abs=1e-4)


def test_e5_text_kinds():
    body = "Pjöngjang (Reuters) - " + "Wladimir Putin und Kim Jong Un unterzeichnen einen Pakt. " * 60
    lead, full = CP.e5_text("Pakt", body, "lead"), CP.e5_text("Pakt", body, "full")
    assert lead.startswith("Pakt\n") and full.startswith(lead)
    assert len(lead) <= 4 + 1 + 600 + 5 and len(full) <= 4 + 1 + CP.FULL_E5_CHARS


def test_metric_applies_to_its_languages_only(seed_texts):
    m = CP.load("e5")
    de = [_doc(seed_texts[k]) for k in ("000", "002")]
    en = [PairDoc(d.title, d.text, "en") for d in de]  # same vectors, other language label
    S_de, S_en = CP.pair_signals(de, [(0, 1)], "e5"), CP.pair_signals(en, [(0, 1)], "e5")
    assert S_de[0, 0] == pytest.approx(S_en[0, 0])
    if m.diag_langs and "en" not in m.diag_langs:
        assert S_en[0, 1] == pytest.approx(m.diag_bias) and S_de[0, 1] != pytest.approx(m.diag_bias)
