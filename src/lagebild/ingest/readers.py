"""Format readers: bytes (or a binary stream) -> RawRecords, bad records as errors.

Each reader yields `RawRecord` or a `LagebildError` naming the file and the
line/item/record, so that one bad record never stops the rest of a file.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import IO, Any, Iterator

from ..errors import BadRecord, EmptyInput, InputTooLarge, LagebildError, NoText
from .decode import check_binary, decode_bytes
from .html import extract_html, fragment_to_text, looks_like_html
from .records import RawRecord

Item = RawRecord | LagebildError

# our field -> the names it goes by in the wild (first match wins)
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "articleBody", "article_body", "article", "maintext", "fulltext", "full_text", "html"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "uri", "source_url", "canonical_url"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "datePublished", "date_publish", "publish_date", "published_date", "timestamp", "created_at"),
    "outlet": ("source", "outlet", "site", "site_name", "sitename", "publisher", "source_name", "domain"),
    "authors": ("authors", "author", "byline", "creator", "creators"),
    "lang": ("lang", "language", "locale"),
    "id": ("id", "_id", "guid", "uuid", "article_id"),
}
FALLBACK_TEXT = ("summary", "description", "teaser", "abstract")
ARRAY_KEYS = ("articles", "items", "data", "documents", "results", "records")


def _get(obj: dict[str, Any], key: str) -> Any:
    cur: Any = obj
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _as_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        parts = [_as_text(x) for x in v]
        return "\n\n".join(p for p in parts if p) or None
    if isinstance(v, dict):
        for k in ("name", "title", "value", "text", "#text", "href", "url"):
            if isinstance(v.get(k), str):
                return v[k]
        return None
    return str(v)


def _names(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(n.strip() for n in v.replace(" und ", ",").replace(" and ", ",").split(",") if n.strip())
    if isinstance(v, list):
        return tuple(n for x in v for n in _names(x))
    t = _as_text(v)
    return (t,) if t else ()


def record_from_fields(
    obj: Any, *, origin: str, where: str | None, mapping: dict[str, str] | None, reader: str
) -> RawRecord:
    """A JSON object (or feed item) with common field names -> RawRecord."""
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object, got {type(obj).__name__}", path=origin, where=where)
    mapping = mapping or {}

    def pick(name: str, extra: tuple[str, ...] = ()) -> Any:
        if name in mapping:
            return _get(obj, mapping[name])
        for k in FIELDS.get(name, ()) + extra:
            if k in obj and obj[k] not in (None, "", []):
                return obj[k]
        return None

    body = _as_text(pick("text", FALLBACK_TEXT))
    if not body or not body.strip():
        want = mapping.get("text", "/".join(FIELDS["text"][:3]))
        raise BadRecord(f"record has no text (no non-empty field {want!r}; use --map text=FIELD)", path=origin, where=where)
    title = _as_text(pick("title"))
    url = _as_text(pick("url"))
    kind, extracted = "text", None
    extra: dict[str, str] = {}
    if looks_like_html(body):
        if body.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
            ex = extract_html(body, url=url, path=origin, where=where)
            kind, extracted = "html", ex.text
            title = title or ex.title
        else:
            body = fragment_to_text(body)
            if not body:
                raise NoText("record text is HTML without text", path=origin, where=where)
    date = pick("date")
    rid = pick("id")
    if rid is not None:
        extra["id"] = str(_as_text(rid))
    for k, v in obj.items():
        if isinstance(v, str | int | float) and k not in extra and len(str(v)) <= 200 and k not in {"text", "body", "content"}:
            extra.setdefault(f"field:{k}", str(v))
    return RawRecord(
        body=body,
        kind=kind,
        origin=origin,
        where=where,
        title=title.strip() if title else None,
        url=url.strip() if url else None,
        date=str(date) if date is not None and not isinstance(date, dict) else _as_text(date),
        outlet=_as_text(pick("outlet")),
        authors=_names(pick("authors")),
        lang=(_as_text(pick("lang")) or "").strip().lower()[:2] or None,
        extra=extra,
        reader=reader,
        extracted=extracted,
    )


def read_text(text: str, origin: str) -> Iterator[Item]:
    yield RawRecord(body=text, kind="text", origin=origin, reader="text")


def read_html(text: str, origin: str, where: str | None = None, url: str | None = None, reader: str = "html") -> Iterator[Item]:
    ex = extract_html(text, url=url, path=origin, where=where)
    extra = dict(ex.extra)
    yield RawRecord(
        body=text, kind="html", origin=origin, where=where, title=ex.title, url=ex.url, date=ex.date,
        outlet=ex.outlet, authors=ex.authors, lang=ex.lang, extra=extra, reader=reader, extracted=ex.text,
    )


def read_json(text: str, origin: str, mapping: dict[str, str] | None) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield BadRecord(f"broken JSON: {e.msg}", path=origin, where=f"line {e.lineno}, column {e.colno}")
        return
    if isinstance(data, dict):
        inner = next((data[k] for k in ARRAY_KEYS if isinstance(data.get(k), list)), None)
        if inner is not None and not any(k in data for k in FIELDS["text"]):
            data = inner
    items = data if isinstance(data, list) else [data]
    if not items:
        yield EmptyInput("JSON array without records", path=origin)
        return
    for i, obj in enumerate(items, 1):
        where = f"record {i}" if isinstance(data, list) else None
        try:
            yield record_from_fields(obj, origin=origin, where=where, mapping=mapping, reader="json")
        except LagebildError as e:
            yield e


def read_jsonl(stream: IO[bytes], origin: str, mapping: dict[str, str] | None, max_bytes: int) -> Iterator[Item]:
    n = 0
    seen = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            break
        n += 1
        where = f"line {n}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield InputTooLarge(f"line is over the limit of {max_bytes} bytes", path=origin, where=where)
            continue
        if not line.strip():
            continue
        seen += 1
        try:
            check_binary(line, path=origin, where=where)
            text = decode_bytes(line, path=origin, where=where)
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                raise BadRecord(f"broken JSON line: {e.msg} (column {e.colno})", path=origin, where=where) from None
            yield record_from_fields(obj, origin=origin, where=where, mapping=mapping, reader="json")
        except LagebildError as e:
            yield e
    if seen == 0:
        yield EmptyInput("no records (only blank lines)", path=origin)


def read_feed(data: bytes, origin: str) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(io.BytesIO(data))
    entries = list(feed.entries)
    if not entries:
        msg = "feed without items" if not feed.bozo else f"not a readable RSS/Atom feed ({type(feed.bozo_exception).__name__})"
        yield BadRecord(msg, path=origin)
        return
    outlet = feed.feed.get("title") or None
    flang = (feed.feed.get("language") or "")[:2].lower() or None
    for i, e in enumerate(entries, 1):
        where = f"item {i}"
        content = ""
        if e.get("content"):
            content = "\n\n".join(c.get("value", "") for c in e.content if c.get("value"))
        source_field = "content"
        if not content.strip():
            content, source_field = e.get("summary", "") or "", "summary"
        text = fragment_to_text(content) if content else ""
        if not text.strip():
            yield BadRecord("feed item without text (no content or summary)", path=origin, where=where)
            continue
        authors = tuple(a.get("name", "") for a in e.get("authors", []) if a.get("name")) or _names(e.get("author"))
        date = e.get("published_parsed") or e.get("updated_parsed")
        date_s = f"{date.tm_year:04d}-{date.tm_mon:02d}-{date.tm_mday:02d}" if date else (e.get("published") or None)
        yield RawRecord(
            body=text, kind="text", origin=origin, where=where, title=(e.get("title") or "").strip() or None,
            url=e.get("link") or None, date=date_s, outlet=outlet, authors=authors, lang=flang,
            extra={"feed_text": source_field, **({"id": e["id"]} if e.get("id") else {})}, reader="feed",
        )


def read_warc(stream: IO[bytes], origin: str, size: int | None, max_bytes: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(stream)
    n = 0
    try:
        for rec in it:
            n += 1
            where = f"record {n}"
            if rec.rec_type not in ("response", "resource"):
                continue
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else rec.rec_headers.get_header("Content-Type")) or ""
            if "html" not in ctype.lower():
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            payload = rec.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield InputTooLarge(f"WARC record over the limit of {max_bytes} bytes", path=origin, where=where)
                continue
            if getattr(rec.raw_stream, "limit", 0):
                yield BadRecord(f"truncated WARC record ({url or 'no URI'}): content ends early", path=origin, where=where)
                continue
            try:
                check_binary(payload, path=origin, where=where)
                html = decode_bytes(payload, path=origin, where=where)
                for r in read_html(html, origin, where=where, url=url, reader="warc"):
                    if isinstance(r, RawRecord):
                        wdate = rec.rec_headers.get_header("WARC-Date")
                        extra = dict(r.extra, warc_date=wdate or "")
                        r = replace(r, extra=extra)
                    yield r
            except LagebildError as e:
                yield e
    except Exception as e:  # noqa: BLE001 - warcio raises many types on broken archives
        yield BadRecord(f"truncated or broken WARC record ({type(e).__name__}: {str(e)[:80]})", path=origin, where=f"record {n + 1}")
        return
    end = getattr(it, "offset", None)
    if size is not None and end is not None and end < size:
        yield BadRecord(f"truncated WARC record at byte {end} (archive ends early)", path=origin, where=f"record {n + 1}")
    elif n == 0:
        yield BadRecord("no WARC records found", path=origin)
