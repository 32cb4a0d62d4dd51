"""Article dating from content on the seeds (no date given, or month only)."""

from __future__ import annotations

import datetime as dt
import re

from lagebild.model import DateInfo, Document, Metadata, Span
from lagebild.stages.dating import date_document, estimate
from lagebild.stages.timex import tag


def _doc(text: str, header: DateInfo | None = None) -> Document:
    try:
        from lagebild.stages.sentences import split_sentences

        sents = split_sentences(text, "de")
    except Exception:  # sentence stage not available: simple local splitter
        sents = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)]
    doc = Document(doc_id="t", text=text, meta=Metadata(date=header), lang="de",
                   sentences=tuple(Span(s, e) for s, e in sents))
    return doc.with_(timexes=tuple(tag(text, "de", header.value if header else None)))


def _body(text: str) -> str:
    return text.split("\n", 1)[1] if text.startswith(" date ") else text


def test_seed_002_month_header_gives_day_in_week_of_june_19(seed_texts):
    doc = date_document(_doc(_body(seed_texts["002"]), DateInfo("2024-06", precision="month")))
    d = doc.meta.date
    assert d.estimated and d.precision == "day" and d.source.startswith("estimate:")
    day = dt.date.fromisoformat(d.value)
    assert dt.date(2024, 6, 17) <= day <= dt.date(2024, 6, 23)
    assert d.earliest <= d.value <= d.latest and d.earliest >= "2024-06-01" and d.latest <= "2024-06-30"
    # relative timexes re-resolved against the estimate
    wed = [t for t in doc.timexes if doc.text[t.start:t.end] == "Mittwoch"]
    assert wed and wed[0].value == "2024-06-19"


def test_seed_001_is_january_2024(seed_texts):
    e = estimate(seed_texts["001"], "de")
    assert e is not None and (e.date.year, e.date.month) == (2024, 1)
    assert e.earliest <= e.date <= e.latest


def test_seed_004_interval_contains_september_2023(seed_texts):
    e = estimate(seed_texts["004"], "de")
    assert e is not None and e.date.year == 2023
    assert e.earliest <= dt.date(2023, 9, 13) <= e.latest
    assert (e.latest - e.earliest).days < 120


def test_no_evidence_no_estimate(seed_texts):
    doc = _doc("Die beiden Staaten unterzeichneten 1961 ein Bündnis.")
    assert date_document(doc).meta.date is None


def test_day_precise_date_is_kept():
    header = DateInfo("2024-06-20")
    doc = _doc("Am Mittwoch sagte er etwas.", header)
    assert date_document(doc).meta.date is header


def test_seed_003_history_is_a_lower_bound_not_the_date(seed_texts):
    # "Im September 2023 reiste Kim …" and "Februar 2022" are background next to "am Mittwoch"/"heute":
    # the estimate is after them (it was 2023-09-21 when they pulled the date to themselves).
    e = estimate(seed_texts["003"], "de")
    assert e is not None and e.date.year == 2024 and e.date.isoweekday() in (3, 4)  # Wed or the day after
    assert e.earliest <= dt.date(2024, 6, 19) <= e.latest
    assert e.earliest >= dt.date(2023, 9, 1)


def test_announced_date_is_an_upper_bound():
    text = ("Die Wahl soll am 30. März 2006 stattfinden. Am Dienstag stellte die Partei ihr Programm vor. "
            "Der Vorsitzende war 1998 gewählt worden.")
    e = estimate(text, "de")
    assert e is not None and e.date <= dt.date(2006, 3, 30) and e.date.isoweekday() in (2, 3, 4)


def test_seed_000_has_no_date_evidence(seed_texts):
    assert estimate(seed_texts["000"], "de") is None
