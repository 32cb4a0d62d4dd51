"""The data model: one `Document` per article, every annotation as character
offsets into the *cleaned* text.

All classes are frozen dataclasses. Stages never mutate a document; they return
a new one with `dataclasses.replace` (see `Document.with_`). Every annotation
can say which stage produced it (`source`) and how sure it is (`confidence`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Iterable

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in the cleaned text."""

    start: int
    end: int
    label: str = ""
    confidence: float = 1.0
    source: str = ""  # stage name (and version) that produced it

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:  # pragma: no cover - trivial
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the raw input that cleaning removed, for auditing.

    Offsets are into ``Document.raw``.
    """

    start: int
    end: int
    rule: str  # e.g. "photo_caption", "agency_slug", "teaser_link"
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    """A metadata value with its provenance."""

    value: Any
    source: str  # e.g. "html:meta[og:title]", "rule:byline", "header:date", "json:title"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class DateInfo:
    """A publication date with its precision (``day``, ``month``, ``year``).

    ``value`` is ISO 8601 at the given precision ("2024-06-19", "2024-06", "2024").
    Estimated dates carry an interval ``[earliest, latest]`` (ISO days).
    """

    value: str
    precision: str = "day"
    source: str = ""
    confidence: float = 1.0
    estimated: bool = False
    earliest: str | None = None
    latest: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str = "author"  # author, material, writer, editor
    source: str = ""


@dataclass(frozen=True)
class Metadata:
    title: Field | None = None
    lead: Field | None = None
    outlet: Field | None = None
    agency: Field | None = None  # the agency that wrote the copy (Reuters, AFP, dpa…)
    cited_media: tuple[str, ...] = ()  # media merely cited ("laut KCNA")
    authors: tuple[Person, ...] = ()
    dateline: Field | None = None  # e.g. "Seoul/Moskau"
    date: DateInfo | None = None
    url: str | None = None
    source_path: str | None = None  # file (and record) it was read from
    extra: tuple[tuple[str, str], ...] = ()  # free key/value pairs from the reader


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention. ``key`` is the canonical entity key once resolved."""

    start: int
    end: int
    label: str  # PER, ORG, LOC, MISC
    confidence: float = 1.0
    source: str = ""
    key: str | None = None  # canonical entity id (entity resolution)


@dataclass(frozen=True, slots=True)
class Quote:
    """Reported speech: cue, message and roles as spans in the cleaned text."""

    kind: str  # direct, indirect, mixed, partial, reported
    message: tuple[Span, ...]
    cue: tuple[Span, ...] = ()
    speaker: Span | None = None
    speaker_key: str | None = None  # resolved entity key
    addressee: Span | None = None
    relay: Span | None = None  # medium: "gegenüber AFP", "laut KCNA"
    confidence: float = 1.0
    source: str = ""
    # the words that name the speaker in the quote's own sentence when `speaker` was
    # resolved elsewhere ("er", "dieser Experte" -> speaker = the earlier "Wladimir Tichonow")
    speaker_ref: Span | None = None

    @property
    def start(self) -> int:
        return min(s.start for s in self.message)

    @property
    def end(self) -> int:
        return max(s.end for s in self.message)


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression, normalised TIMEX-style."""

    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str | None  # ISO 8601 / TIMEX value ("2024-06-19", "P24Y", "XXXX-06"); None = unresolved
    mod: str | None = None  # START, MID, END, APPROX, BEFORE, AFTER…
    anchor: str | None = None  # the date it was resolved against
    confidence: float = 1.0
    source: str = ""


@dataclass(frozen=True)
class Document:
    """One article. ``text`` is the cleaned text all offsets refer to."""

    doc_id: str
    text: str
    raw: str = ""
    meta: Metadata = field(default_factory=Metadata)
    lang: str | None = None
    lang_confidence: float = 0.0
    removed: tuple[Removal, ...] = ()
    blocks: tuple[Span, ...] = ()  # paragraphs: label title|lead|heading|paragraph|list_item
    block_langs: tuple[Span, ...] = ()  # per-block language (label = ISO 639-1 or "und")
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Span, ...] = ()
    entities: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    stages: tuple[str, ...] = ()  # names@versions of the stages that ran

    def with_(self, **changes: Any) -> "Document":
        return replace(self, **changes)

    def span_text(self, span: Span | Mention | Timex) -> str:
        return self.text[span.start : span.end]

    @property
    def title(self) -> str | None:
        return self.meta.title.value if self.meta.title else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def document_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Document))


_WS = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """Normalisation used for content IDs: NFC, casefold, whitespace folded."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _WS.sub(" ", text).strip()


def make_doc_id(clean_text: str, url: str | None = None) -> str:
    """Stable content-derived ID: first 16 hex chars of SHA-256."""
    h = hashlib.sha256(normalise_for_id(clean_text).encode("utf-8"))
    if url:
        h.update(b"\x00" + url.strip().encode("utf-8"))
    return h.hexdigest()[:16]


def spans_in_range(doc: Document, spans: Iterable[Span | Mention | Timex]) -> bool:
    n = len(doc.text)
    return all(0 <= s.start <= s.end <= n for s in spans)


MAX_ESTIMATE_DAYS = 62  # an estimated date with a wider interval is not trusted for ordering or clustering


def trusted_date(doc: Document) -> str | None:
    """The publication date other stages may rely on: given dates, and estimates whose
    interval is at most MAX_ESTIMATE_DAYS wide. None otherwise."""
    d = doc.meta.date
    return None if d is None else trusted_value(d.value, d.estimated, d.earliest, d.latest)


def trusted_value(value: str | None, estimated: bool, earliest: str | None, latest: str | None) -> str | None:
    """`trusted_date` of a date given by its fields (e.g. a stored article row)."""
    import datetime as dt

    if estimated and earliest and latest:
        try:
            span = (dt.date.fromisoformat(latest[:10]) - dt.date.fromisoformat(earliest[:10])).days
        except ValueError:
            return None
        if span > MAX_ESTIMATE_DAYS:
            return None
    return value


def in_date_order(docs: Iterable[Document]) -> list[Document]:
    """Articles that arrive together (one ingest batch: a folder, a feed poll) have no order of
    their own; they are stored, and so streamed to the corpus stages, by trusted publication
    date, undated ones last, ties in input order. Deterministic for the same input."""
    items = list(docs)
    keyed = [((0, trusted_date(d), i) if trusted_date(d) else (1, "", i), d) for i, d in enumerate(items)]
    return [d for _, d in sorted(keyed, key=lambda x: x[0])]
