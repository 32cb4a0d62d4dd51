"""Paths -> files -> readers. Bad input is yielded as an error, never raised.

- a directory is walked recursively in sorted order, taking files with a known
  extension (hidden files and unknown extensions are skipped);
- a pattern with ``*?[`` is a glob (sorted; no match is `InputNotFound`);
- ``-`` is stdin;
- a named file of any extension is read; the format comes from the extension,
  else from sniffing the content.

``max_bytes`` bounds what is held in memory: a whole-file format (.txt, .html,
.json, feeds) larger than that is rejected from its size *before* reading; the
streaming formats (.jsonl, .warc, .warc.gz) are read one line/record at a time,
so the limit applies to each line/record instead.
"""

from __future__ import annotations

import glob as globmod
import io
import os
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..errors import BadRecord, BinaryInput, EmptyInput, InputNotFound, InputTooLarge, LagebildError, UnsupportedFormat
from .decode import check_binary, decode_bytes
from .readers import Item, read_feed, read_html, read_json, read_jsonl, read_text, read_warc

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".warc.gz": "warc", ".arc.gz": "warc",
}
STREAMING = {"jsonl", "warc"}


def format_by_name(name: str) -> str | None:
    low = name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if low.endswith(ext):
            return EXTENSIONS[ext]
    return None


def sniff(head: bytes) -> str | None:
    """Format from the first bytes of the content."""
    if head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b"):
        return "warc"
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096].lower()
    if s.startswith(b"<?xml") or s.startswith(b"<rss") or s.startswith(b"<feed"):
        if b"<rss" in s or b"<feed" in s or b"<rdf:rdf" in s:
            return "feed"
        return "html" if b"<html" in s else "feed"
    if s.startswith(b"<!doctype html") or s.startswith(b"<html") or s.startswith(b"<head") or s.startswith(b"<body"):
        return "html"
    if s.startswith(b"["):
        return "json"
    if s.startswith(b"{"):
        first, _, rest = s.partition(b"\n")
        return "jsonl" if rest.strip().startswith(b"{") and first.rstrip().endswith(b"}") else "json"
    return None


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | str | LagebildError]:
    for p in paths:
        s = os.fspath(p)
        if s == "-":
            yield "-"
            continue
        path = Path(s)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and format_by_name(f):
                        yield Path(root) / f
        elif path.exists():
            yield path
        elif any(c in s for c in "*?["):
            matches = sorted(globmod.glob(s, recursive=True))
            if not matches:
                yield InputNotFound("no file matches this pattern", path=s)
            for m in matches:
                mp = Path(m)
                if mp.is_file():
                    yield mp
                elif mp.is_dir():
                    yield from expand([mp])
        else:
            yield InputNotFound("no such file or directory", path=s)


def iter_records(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    mapping: dict[str, str] | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Item]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for p in expand(paths):
        if isinstance(p, LagebildError):
            yield p
            continue
        origin = "-" if p == "-" else str(p)
        try:
            if p == "-":
                yield from _read_stdin(mapping, max_bytes)
            else:
                yield from _read_file(Path(p), mapping, max_bytes)
        except LagebildError as e:
            yield e
        except OSError as e:
            yield InputNotFound(f"cannot read ({e.strerror or type(e).__name__})", path=origin)
        except Exception as e:  # noqa: BLE001 - an unexpected reader failure must not stop the batch
            yield BadRecord(f"could not be read ({type(e).__name__}: {str(e)[:100]})", path=origin)


def _read_file(path: Path, mapping: dict[str, str] | None, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyInput("empty file", path=origin)
    fmt = format_by_name(path.name)
    with path.open("rb") as fh:
        head = fh.read(8192)
        if fmt is None:
            fmt = sniff(head)
        if fmt in STREAMING:
            fh.seek(0)
            yield from _dispatch_stream(fmt, fh, head, origin, size, mapping, max_bytes)
            return
        if size > max_bytes:
            raise InputTooLarge(f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes", path=origin)
        data = head + fh.read()
    yield from _dispatch(fmt, data, origin, mapping)


def _read_stdin(mapping: dict[str, str] | None, max_bytes: int) -> Iterator[Item]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"stdin is over the limit of {max_bytes:,} bytes", path="-")
    if not data:
        raise EmptyInput("empty input on stdin", path="-")
    fmt = sniff(data[:8192])
    if fmt in STREAMING:
        yield from _dispatch_stream(fmt, io.BytesIO(data), data[:8192], "-", len(data), mapping, max_bytes)
    else:
        yield from _dispatch(fmt, data, "-", mapping)


def _dispatch_stream(fmt: str, fh: IO[bytes], head: bytes, origin: str, size: int, mapping, max_bytes: int) -> Iterator[Item]:
    if fmt == "warc":
        if not (head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b")):
            check_binary(head, path=origin)
            raise UnsupportedFormat("not a WARC file (no WARC/1.x header)", path=origin)
        yield from read_warc(fh, origin, size, max_bytes)
    else:
        check_binary(head, path=origin)
        yield from read_jsonl(fh, origin, mapping, max_bytes)


def _dispatch(fmt: str | None, data: bytes, origin: str, mapping: dict[str, str] | None) -> Iterator[Item]:
    check_binary(data[:8192], path=origin)
    text = decode_bytes(data, path=origin)
    if not text.strip():
        raise EmptyInput("file contains only whitespace", path=origin)
    if fmt is None:
        fmt = "text"
    if fmt == "text":
        yield from read_text(text, origin)
    elif fmt == "html":
        yield from read_html(text, origin)
    elif fmt == "json":
        yield from read_json(text, origin, mapping)
    elif fmt == "feed":
        head = text[:4096].lower()
        if "<html" in head and "<rss" not in head and "<feed" not in head:
            yield from read_html(text, origin)
        else:
            yield from read_feed(data, origin)
    else:  # pragma: no cover - formats are a closed set
        raise UnsupportedFormat(f"unsupported format {fmt!r}", path=origin)


__all__ = ["iter_records", "expand", "sniff", "format_by_name", "BinaryInput"]
