"""Metadata rules: dates with precision, datelines, agencies vs cited media, authors with roles."""

from __future__ import annotations

import pytest

from lagebild.ingest import build_document, process_text
from lagebild.ingest.dates import parse_date
from lagebild.ingest.records import RawRecord


@pytest.mark.parametrize(
    "value,iso,precision",
    [
        ("2024-06", "2024-06", "month"),
        ("2024", "2024", "year"),
        ("2024-06-19T08:00:00+02:00", "2024-06-19", "day"),
        ("19.06.2024", "2024-06-19", "day"),
        ("19. Juni 2024", "2024-06-19", "day"),
        ("3. Jänner 2024", "2024-01-03", "day"),
        ("Jänner 2024", "2024-01", "month"),
        ("June 19, 2024", "2024-06-19", "day"),
        ("19 juin 2024", "2024-06-19", "day"),
        ("Wed, 19 Jun 2024 09:15:00 +0200", "2024-06-19", "day"),
    ],
)
def test_parse_date_precision(value, iso, precision):
    d = parse_date(value, source="json:date")
    assert (d.value, d.precision, d.source) == (iso, precision, "json:date")


@pytest.mark.parametrize("value", ["", "gestern", "2024-13-45", "31.02.2024", "9999"])
def test_parse_date_rejects(value):
    assert parse_date(value, source="x") is None


def first_para(seed_texts, n="002"):
    return [p for p in seed_texts[n].split("\n\n") if "Reuters) -" in p][0].split("(Reuters) - ")[1]


@pytest.mark.parametrize(
    "prefix,place,agency",
    [
        ("BERLIN (dpa) - ", "BERLIN", "dpa"),
        ("Wien (APA) – ", "Wien", "APA"),
        ("Pjöngjang (AFP) - ", "Pjöngjang", "AFP"),
        ("Washington (AP) — ", "Washington", "AP"),
        ("Moskau, 19. Juni (Reuters) - ", "Moskau", "Reuters"),
    ],
)
def test_datelines_with_agency(seed_texts, prefix, place, agency):
    body = first_para(seed_texts)
    d = process_text(f"Putin in Pjöngjang\n\n{prefix}{body}\n\nWeiterer Absatz mit Text über den Besuch.")
    assert d.meta.dateline.value == place
    assert d.meta.agency.value == agency and d.meta.agency.source == "rule:dateline"
    assert body in d.text and prefix.strip() not in d.text


def test_trailing_agency_tag(seed_texts):
    paras = [p for p in seed_texts["004"].split("\n\n") if len(p) > 100][:2]
    d = process_text("\n\n".join(["Kim bei Putin", *paras, "APA/dpa"]))
    assert d.meta.agency.value == "APA" and d.meta.agency.source == "rule:agency-tag"
    assert "APA/dpa" not in d.text


def test_cited_media_is_not_the_agency(seed_texts):
    d = process_text(seed_texts["001"])
    assert d.meta.agency is None and d.meta.cited_media == ("KCNA",)


def test_interviewer_rule_needs_no_other_evidence(seed_texts):
    # with a byline the "gegenüber AFP" interview is only a cited medium
    text = "Pakt in Pjöngjang\n\nVon Anna Autorin\n\n" + seed_texts["003"]
    d = process_text(text)
    assert d.meta.agency is None
    assert "AFP" in d.meta.cited_media
    assert [(a.name, a.role) for a in d.meta.authors] == [("Anna Autorin", "author")]


def test_english_byline_and_credit_line(seed_texts):
    text = (
        "Putin and Kim sign pact\n\nBy Ju-min Park and Josh Smith\n\n"
        "SEOUL (Reuters) - Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a pact on Wednesday.\n\n"
        "The deal includes a mutual defence pledge, Putin said after the talks in Pyongyang.\n\n"
        "(Reporting by Ju-min Park; Additional reporting by Guy Faulconbridge; Editing by Lincoln Feast)"
    )
    d = process_text(text)
    assert [(a.name, a.role) for a in d.meta.authors] == [
        ("Ju-min Park", "author"), ("Josh Smith", "author"), ("Ju-min Park", "material"),
        ("Guy Faulconbridge", "material"), ("Lincoln Feast", "editor"),
    ]
    assert d.meta.dateline.value == "SEOUL" and d.meta.agency.value == "Reuters"
    assert "Reporting by" not in d.text and d.meta.title.value == "Putin and Kim sign pact"


def test_every_field_has_provenance(seed_texts):
    rec = RawRecord(body=seed_texts["002"], origin="s.json", where="record 1", url="https://www.reuters.com/a",
                    title="Putin signalisiert Vertiefung", reader="json")
    m = build_document(rec).meta
    for f in (m.title, m.lead, m.outlet, m.agency, m.dateline):
        assert f.source and 0 < f.confidence <= 1
    assert m.outlet.value == "reuters.com" and m.outlet.source == "url:host"
    assert m.date.source == "header:date"
    assert all(p.source for p in m.authors)
    assert m.source_path == "s.json (record 1)"
