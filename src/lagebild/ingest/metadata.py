"""Metadata from the reader's fields, the cleaning findings and the cleaned text.

Every field records its ``source`` rule and a confidence:
- ``json:<field>``, ``html:<field>``, ``feed:<field>``, ``warc:<header>`` — the reader;
- ``header:date`` — a header line of captured agency copy (" date 2024-06 …");
- ``rule:dateline`` — "Seoul/Moskau (Reuters) -", "(Seoul)";
- ``rule:copyright`` — "(c) Copyright Thomson Reuters 2024";
- ``rule:agency-tag`` — a trailing "(dpa)" / "APA/dpa" line;
- ``rule:cited-as-interviewer`` — someone spoke "gegenüber AFP" / "kommentierte AFP"
  and no other evidence names an agency: agencies interview for their own copy,
  so this is weak evidence (confidence 0.5) that the copy is that agency's;
- ``rule:first-line`` / ``rule:first-paragraph`` — title and lead from the layout;
- ``rule:byline`` / ``rule:credit-line`` — authors with roles.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..model import Field, Metadata, Person
from .agencies import _alias_re, agencies_in, canonical_agency, media_in
from .clean import Cleaned, rules
from .dates import parse_date
from .records import RawRecord


def _block(cleaned: Cleaned, label: str) -> str | None:
    for b in cleaned.blocks:
        if b.label == label:
            return cleaned.text[b.start : b.end]
    return None


def _agency(rec: RawRecord, cleaned: Cleaned) -> tuple[Field | None, list[str]]:
    """The agency that wrote the copy, and the agencies only mentioned as interviewers."""
    f = cleaned.findings
    if f.dateline_agency:
        return Field(f.dateline_agency, "rule:dateline", 0.95), []
    for line in f.copyright:
        found = agencies_in(line)
        if found:
            return Field(found[0], "rule:copyright", 0.9), []
    for tag in f.agency_tags:
        canon = canonical_agency(tag)
        if canon:
            return Field(canon, "rule:agency-tag", 0.85), []
    if rec.outlet and canonical_agency(rec.outlet):
        return Field(canonical_agency(rec.outlet), f"{rec.reader}:outlet", 0.8), []
    for a in rec.authors:
        canon = canonical_agency(a)
        if canon:
            return Field(canon, f"{rec.reader}:author", 0.7), []
    interviewers: list[str] = []
    for p in rules().interviewer:
        for m in p.finditer(cleaned.text):
            canon = canonical_agency(m.group("name").replace("the ", ""))
            if canon and canon not in interviewers:
                interviewers.append(canon)
    if len(interviewers) == 1 and not f.byline and not rec.authors:
        return Field(interviewers[0], "rule:cited-as-interviewer", 0.5), []
    return None, interviewers


def _cited_media(text: str, agency: str | None) -> tuple[str, ...]:
    found: dict[str, int] = {}
    for off, name in media_in(text):
        found.setdefault(name, off)
    for p in rules().cited:
        for m in p.finditer(text):
            canon = canonical_agency(m.group("name"))
            if canon:
                found.setdefault(canon, m.start("name"))
    pat, alias = _alias_re()
    for m in pat.finditer(text):  # agencies named in the text but not the copy's author
        found.setdefault(alias[m.group(0)], m.start())
    out = [n for n, _ in sorted(found.items(), key=lambda kv: kv[1]) if n != agency]
    # "RIA Nowosti" also matched as "RIA": keep the longer name only
    return tuple(n for n in out if not any(n != o and n in o for o in out))


def _authors(rec: RawRecord, cleaned: Cleaned) -> tuple[Person, ...]:
    out: list[Person] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, role: str, source: str) -> None:
        key = (name.casefold(), role)
        if name and key not in seen and canonical_agency(name) is None:
            seen.add(key)
            out.append(Person(name, role, source))

    for a in rec.authors:
        add(a.strip(), "author", f"{rec.reader}:author")
    for n in cleaned.findings.byline:
        add(n, "author", "rule:byline")
    for n, role in cleaned.findings.credits:
        add(n, role, "rule:credit-line")
    return tuple(out)


_DATELINE_PREFIX = re.compile(r"^\s*(?:[^\n()]{0,60}\([^()\n]{2,30}\)\s*[-–—:]\s*|\([^()\n]{2,40}\)\s*)")
_FIRST_SENTENCE = re.compile(r"^(.{20,}?[.!?])(?=\s+[A-ZÄÖÜ„\"»]|\s*$)", re.S)


def _title_from_text(text: str, limit: int = 100) -> Field | None:
    """No headline: the first sentence of the text (dateline removed), cut at a word boundary."""
    para = next((p.strip() for p in text.split("\n") if p.strip()), "")
    para = _DATELINE_PREFIX.sub("", para, count=1)
    if not para:
        return None
    m = _FIRST_SENTENCE.match(para)
    t = (m.group(1) if m else para).strip()
    if len(t) > limit:
        t = t[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return Field(t, "rule:first-sentence", 0.4)


def build_metadata(rec: RawRecord, cleaned: Cleaned) -> Metadata:
    f = cleaned.findings
    title_text = _block(cleaned, "title")
    if rec.title:
        title = Field(rec.title.strip(), f"{rec.reader}:title", 0.95)
    elif title_text:
        title = Field(title_text, "rule:first-line", 0.8)
    else:
        title = _title_from_text(cleaned.text)
    lead_text = _block(cleaned, "lead")
    lead = Field(lead_text, "rule:first-paragraph", 0.7) if lead_text else None
    if lead is None and rec.extra.get("description"):
        lead = Field(rec.extra["description"], f"{rec.reader}:description", 0.6)

    agency, _ = _agency(rec, cleaned)
    outlet = None
    if rec.outlet:
        outlet = Field(rec.outlet, f"{rec.reader}:outlet", 0.9)
    elif rec.url:
        host = urlparse(rec.url).netloc.lower().removeprefix("www.")
        if host:
            outlet = Field(host, "url:host", 0.6)

    # the header line of the text and the reader's field: the more precise one when they agree
    header = parse_date(f.header_date, source="header:date", confidence=0.95) if f.header_date else None
    field_date = parse_date(rec.date, source=f"{rec.reader}:date", confidence=0.9) if rec.date else None
    date = header or field_date
    if header and field_date and field_date.value.startswith(header.value) and len(field_date.value) > len(header.value):
        date = field_date

    dateline = Field(f.dateline, "rule:dateline", 0.9) if f.dateline else None
    extra = tuple(sorted((str(k), str(v)[:500]) for k, v in rec.extra.items() if v is not None))
    return Metadata(
        title=title,
        lead=lead,
        outlet=outlet,
        agency=agency,
        cited_media=_cited_media(cleaned.text, agency.value if agency else None),
        authors=_authors(rec, cleaned),
        dateline=dateline,
        date=date,
        url=rec.url,
        source_path=rec.location,
        extra=extra,
    )
