"""Who said it, end to end (quotes + entities + coref) on the seeds: adverbs are no
speakers, "demnach" points back to the previous source, a place that only modifies the
speaker phrase is not the speaker, "Dafür spricht …" is no speech act."""

from __future__ import annotations

import pytest

from conftest import seed_path
from lagebild.pipeline import Pipeline


@pytest.fixture(scope="module")
def docs():
    p = Pipeline()
    return {k: p.process(seed_path(k)) for k in ("001", "004")}


def _t(doc, span) -> str:
    return doc.text[span.start : span.end] if span else ""


def _find(doc, needle: str):
    return [q for q in doc.quotes if needle in doc.text[q.start : q.end]]


def test_fronted_adverb_is_not_the_speaker(docs):
    """"Erst vor kurzem hatte Kim Jong-un angekündigt, …": the subject follows the verb."""
    doc = docs["001"]
    hits = _find(doc, "die Verfassung des isolierten")
    assert hits
    assert all(_t(doc, q.speaker) == "Kim Jong-un" for q in hits), [_t(doc, q.speaker) for q in hits]
    assert all(q.speaker_key and q.speaker_key.startswith("PER:") for q in hits)


def test_wie_clause_after_dash_quote_attributes_only_the_quotation(docs):
    """"… überreicht – "von höchster Qualität", wie ein Kreml-Sprecher damals erklärte"."""
    doc = docs["001"]
    hits = [q for q in doc.quotes if _t(doc, q.speaker) == "ein Kreml-Sprecher"]
    assert hits
    assert all("Gewehre" not in doc.text[q.start : q.end] for q in hits)
    assert any(doc.text[q.start : q.end].strip('"') == "von höchster Qualität" for q in hits)


def test_demnach_resolves_to_the_previous_source(docs):
    doc = docs["001"]
    hits = _find(doc, "Russland solle demnach")
    assert hits
    q = hits[0]
    assert _t(doc, q.speaker) == "Analysten der US-Denkfabrik CSIS"
    assert _t(doc, q.speaker_ref) == "demnach"
    assert not any(_t(doc, x.speaker).lower() == "demnach" for x in doc.quotes)


def test_dafuer_spricht_is_no_speech_act(docs):
    doc = docs["004"]
    hits = _find(doc, "Dafür, dass es bei der Begegnung")
    assert len(hits) == 1, [[doc.text[c.start : c.end] for c in q.cue] for q in hits]
    assert [doc.text[c.start : c.end] for c in hits[0].cue] == ["zufolge"]


def test_modifying_place_is_not_the_speaker_key(docs):
    """"Nordkoreas Staatsmedien" did not speak as the country Nordkorea."""
    doc = docs["004"]
    hits = [q for q in doc.quotes if _t(doc, q.speaker) == "Nordkoreas Staatsmedien"]
    assert hits and all(q.speaker_key is None for q in hits)
    peskow = [q for q in doc.quotes if "Peskow" in _t(doc, q.speaker)]
    assert peskow and all(q.speaker_key and q.speaker_key.startswith("PER:") for q in peskow)
