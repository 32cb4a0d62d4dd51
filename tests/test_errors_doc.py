"""The error catalogue: unique codes per class, every code documented in docs/ERRORS.md."""

from __future__ import annotations

from pathlib import Path

import lagebild.web.writes  # noqa: F401 - registers WebError
from lagebild.errors import LagebildError, catalogue


def _classes(cls=LagebildError):
    yield cls
    for sub in cls.__subclasses__():
        yield from _classes(sub)


def test_codes_are_unique_per_class():
    codes = [c.code for c in _classes()]
    assert len(codes) == len(set(codes)), sorted(codes)


def test_every_code_is_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "ERRORS.md").read_text(encoding="utf-8")
    missing = [code for code, _, _ in catalogue() if f"| {code} |" not in doc]
    assert not missing, f"regenerate docs/ERRORS.md: {missing}"


def test_error_line_names_file_and_record():
    from lagebild.errors import BadRecord

    e = BadRecord("not a JSON line", path="feed.jsonl", where="line 7")
    assert e.line() == "error LB105: feed.jsonl (line 7): not a JSON line"
