"""Ingest: input files -> `RawRecord`s -> cleaned `Document`s with metadata.

API used by the pipeline:
- `iter_records(paths, mapping=None, max_bytes=20_000_000)` yields `RawRecord`
  or a `LagebildError` (bad input is yielded, not raised, so a batch goes on);
- `build_document(rec)` cleans, extracts metadata and assigns the content ID;
  raises `NoText` when nothing is left;
- `process_text(text, origin=...)` for a string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from ..errors import BadRecord, LagebildError, NoText
from ..model import Document, make_doc_id
from .records import RawRecord
from .sources import iter_records

INGEST_VERSION = "1"
__all__ = ["RawRecord", "iter_records", "build_document", "process_text", "INGEST_VERSION"]


def _norm_text(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s


def _key(s: str) -> str:
    return re.sub(r"\W+", " ", s).casefold().strip()


def _raw_for(rec: RawRecord) -> tuple[RawRecord, str]:
    if rec.kind == "html":
        text = rec.extracted
        if text is None:
            from .html import extract_html

            ex = extract_html(rec.body, url=rec.url, path=rec.origin, where=rec.where)
            text = ex.text
            rec = replace(
                rec, extracted=text, title=rec.title or ex.title, url=rec.url or ex.url, date=rec.date or ex.date,
                outlet=rec.outlet or ex.outlet, authors=rec.authors or ex.authors, lang=rec.lang or ex.lang,
            )
        return rec, _norm_text(text)
    raw = _norm_text(rec.body)
    # records with a separate title (JSON, feeds): the title opens the text, as on the page
    if rec.title and rec.reader not in ("text", "html", "warc"):
        first = [ln for ln in raw[:2000].split("\n") if ln.strip()][:3]
        if _key(rec.title) and not any(_key(rec.title) in _key(ln[: len(rec.title) + 40]) for ln in first):
            raw = _norm_text(rec.title.strip()) + "\n\n" + raw
    return rec, raw


def build_document(rec: RawRecord) -> Document:
    """Clean ``rec`` and extract its metadata. Raises `NoText` if nothing is left.

    Any other failure on odd input is raised as `BadRecord` naming the record, so a
    batch can report it and go on.
    """
    try:
        return _build(rec)
    except LagebildError:
        raise
    except Exception as e:  # noqa: BLE001
        raise BadRecord(f"could not be processed ({type(e).__name__}: {str(e)[:100]})", path=rec.origin, where=rec.where) from e


def _build(rec: RawRecord) -> Document:
    from .clean import clean
    from .metadata import build_metadata

    rec, raw = _raw_for(rec)
    cleaned = clean(raw, title_hint=rec.title)
    if not cleaned.text.strip():
        raise NoText("no article text left after cleaning", path=rec.origin, where=rec.where)
    meta = build_metadata(rec, cleaned)
    lang = rec.lang if rec.lang and len(rec.lang) == 2 and rec.lang.isalpha() else None
    return Document(
        doc_id=make_doc_id(cleaned.text, rec.url),
        text=cleaned.text,
        raw=raw,
        meta=meta,
        lang=lang,
        lang_confidence=0.5 if lang else 0.0,
        removed=cleaned.removed,
        blocks=cleaned.blocks,
        stages=(f"ingest@{INGEST_VERSION}",),
    )


def process_text(text: str, *, origin: str = "<string>") -> Document:
    """A `Document` from a string of plain text (or HTML, if it looks like a page)."""
    from .html import looks_like_html

    kind = "html" if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")) and looks_like_html(text) else "text"
    return build_document(RawRecord(body=text, kind=kind, origin=origin, reader="html" if kind == "html" else "text"))
