"""Lossless JSON encoding of `Document` (for the store, export and the HTTP API)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .model import DateInfo, Document, Field, Mention, Metadata, Person, Quote, Removal, Span, Timex


def doc_to_dict(doc: Document) -> dict[str, Any]:
    return asdict(doc)


def _span(d: dict | None) -> Span | None:
    return Span(**d) if d else None


def _field(d: dict | None) -> Field | None:
    return Field(**d) if d else None


def _meta(d: dict) -> Metadata:
    return Metadata(
        title=_field(d.get("title")),
        lead=_field(d.get("lead")),
        outlet=_field(d.get("outlet")),
        agency=_field(d.get("agency")),
        cited_media=tuple(d.get("cited_media") or ()),
        authors=tuple(Person(**p) for p in d.get("authors") or ()),
        dateline=_field(d.get("dateline")),
        date=DateInfo(**d["date"]) if d.get("date") else None,
        url=d.get("url"),
        source_path=d.get("source_path"),
        extra=tuple(tuple(x) for x in d.get("extra") or ()),
    )


def _quote(d: dict) -> Quote:
    return Quote(
        kind=d["kind"],
        message=tuple(Span(**s) for s in d.get("message") or ()),
        cue=tuple(Span(**s) for s in d.get("cue") or ()),
        speaker=_span(d.get("speaker")),
        speaker_key=d.get("speaker_key"),
        addressee=_span(d.get("addressee")),
        relay=_span(d.get("relay")),
        speaker_ref=_span(d.get("speaker_ref")),
        confidence=d.get("confidence", 1.0),
        source=d.get("source", ""),
    )


def doc_from_dict(d: dict[str, Any]) -> Document:
    return Document(
        doc_id=d["doc_id"],
        text=d["text"],
        raw=d.get("raw", ""),
        meta=_meta(d.get("meta") or {}),
        lang=d.get("lang"),
        lang_confidence=d.get("lang_confidence", 0.0),
        removed=tuple(Removal(**r) for r in d.get("removed") or ()),
        blocks=tuple(Span(**s) for s in d.get("blocks") or ()),
        block_langs=tuple(Span(**s) for s in d.get("block_langs") or ()),
        sentences=tuple(Span(**s) for s in d.get("sentences") or ()),
        tokens=tuple(Span(**s) for s in d.get("tokens") or ()),
        entities=tuple(Mention(**m) for m in d.get("entities") or ()),
        quotes=tuple(_quote(q) for q in d.get("quotes") or ()),
        timexes=tuple(Timex(**t) for t in d.get("timexes") or ()),
        stages=tuple(d.get("stages") or ()),
    )


def dumps(doc: Document) -> str:
    return json.dumps(doc_to_dict(doc), ensure_ascii=False, separators=(",", ":"))


def loads(s: str) -> Document:
    return doc_from_dict(json.loads(s))
