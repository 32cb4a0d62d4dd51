"""Each kind of bad input yields one clear error naming the file (and line/record),
and the good records of the same batch still come through."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from lagebild.errors import (
    BadRecord, BinaryInput, EmptyInput, InputNotFound, InputTooLarge, LagebildError, NoText, UndecodableInput,
)
from lagebild.ingest import build_document, iter_records
from lagebild.ingest.records import RawRecord


@pytest.fixture()
def good(tmp_path, seed_texts):
    p = tmp_path / "good.txt"
    p.write_text(seed_texts["001"], encoding="utf-8")
    return p


def run(paths, **kw):
    out = list(iter_records([str(p) for p in paths], **kw))
    return [x for x in out if isinstance(x, RawRecord)], [x for x in out if isinstance(x, LagebildError)]


def one_error(errs, cls, path, where=None):
    assert len(errs) == 1, errs
    e = errs[0]
    assert isinstance(e, cls)
    line = e.line()
    assert "\n" not in line and line.startswith(f"error {cls.code}: ")
    assert str(path) in line
    if where:
        assert where in line
    return e


def test_missing_path(tmp_path, good):
    recs, errs = run([tmp_path / "nope.txt", good])
    one_error(errs, InputNotFound, tmp_path / "nope.txt")
    assert len(recs) == 1


def test_empty_file(tmp_path, good):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    recs, errs = run([p, good])
    one_error(errs, EmptyInput, p)
    assert len(recs) == 1


def test_binary_file(tmp_path, good):
    p = tmp_path / "scan.txt"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    recs, errs = run([p, good])
    one_error(errs, BinaryInput, p)
    assert len(recs) == 1


def test_undecodable_bytes(tmp_path, good, seed_texts):
    # neither UTF-8 nor cp1252 (0x81/0x8d/0x90/0x9d are undefined there) nor clean latin-1
    bad = seed_texts["000"][:300].encode("utf-8")[:200] + b"\x81\x8d\x90\x9d" * 40 + b"\xc3(\xa0\xa1" * 20
    p = tmp_path / "broken.txt"
    p.write_bytes(bad)
    recs, errs = run([p, good])
    one_error(errs, UndecodableInput, p)
    assert len(recs) == 1


def test_broken_jsonl_line(tmp_path, seed_texts):
    p = tmp_path / "batch.jsonl"
    lines = [json.dumps({"title": "A", "text": seed_texts["001"]}), '{"title": "B", "text": "unterminated', "",
             json.dumps({"title": "C", "text": seed_texts["004"]})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, errs = run([p])
    e = one_error(errs, BadRecord, p, "line 2")
    assert "broken JSON" in str(e)
    assert [r.title for r in recs] == ["A", "C"] and [r.where for r in recs] == ["line 1", "line 4"]


def test_html_without_text(tmp_path, good):
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>x</title><script>var a=1;</script></head><body><nav>Home</nav></body></html>")
    recs, errs = run([p, good])
    one_error(errs, NoText, p)
    assert len(recs) == 1


def test_file_over_size_limit_is_not_read(tmp_path, good, monkeypatch):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # sparse file: 50 MB on paper, never read
        fh.seek(50_000_000)
        fh.write(b"x")
    real_open = type(p).open

    def guarded_open(self, *a, **k):
        fh = real_open(self, *a, **k)
        if self == p:
            orig = fh.read

            def small_reads_only(n=-1):
                if n < 0 or n > 65536:
                    raise MemoryError("the whole over-size file was read")
                return orig(n)

            fh.read = small_reads_only
        return fh

    monkeypatch.setattr(type(p), "open", guarded_open)
    recs, errs = run([p, good], max_bytes=1_000_000)
    e = one_error(errs, InputTooLarge, p)
    assert "1,000,000" in str(e)
    assert len(recs) == 1


def test_jsonl_line_over_limit(tmp_path, seed_texts):
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"text": seed_texts["001"]}) + "\n")
    recs, errs = run([p], max_bytes=5000)
    one_error(errs, InputTooLarge, p, "line 1")
    assert [r.where for r in recs] == ["line 2"]


def _warc(pages, gz):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i, body in enumerate(pages):
        h = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://example.org/{i}", "response", payload=io.BytesIO(body.encode()), http_headers=h))
    return buf.getvalue()


def _page(text):
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return f"<html><head><title>T</title></head><body><article>{paras}</article></body></html>"


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_record(tmp_path, seed_texts, gz):
    data = _warc([_page(seed_texts["000"]), _page(seed_texts["001"]), _page(seed_texts["004"])], gz)
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    p.write_bytes(data[: len(data) - 700])
    recs, errs = run([p])
    e = one_error(errs, BadRecord, p, "record 3")
    assert "truncated" in str(e)
    assert [r.url for r in recs] == ["https://example.org/0", "https://example.org/1"]


def test_record_without_text_raises_notext_in_build():
    with pytest.raises(NoText) as ei:
        build_document(RawRecord(body="Foto: APA / dpa\n\nKommentare", origin="x.txt", where="line 3"))
    assert "x.txt (line 3)" in str(ei.value)


def test_whitespace_only_and_blank_jsonl(tmp_path, good):
    a = tmp_path / "blank.txt"
    a.write_text("  \n\n \t\n")
    b = tmp_path / "blank.jsonl"
    b.write_text("\n\n")
    recs, errs = run([a, b, good])
    assert [type(e) for e in errs] == [EmptyInput, EmptyInput]
    assert len(recs) == 1


def test_gzip_that_is_not_warc(tmp_path, good):
    p = tmp_path / "notes.txt"
    p.write_bytes(gzip.compress(b"hello"))
    recs, errs = run([p, good])
    assert len(errs) == 1 and isinstance(errs[0], (BinaryInput, BadRecord)) and str(p) in str(errs[0])
    assert len(recs) == 1
