"""Explicit publication dates with their precision (day, month, year)."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timezone

from ..model import DateInfo

_ISO = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_DMY = re.compile(r"^\s*(?P<d>\d{1,2})\.\s*(?P<m>\d{1,2})\.\s*(?P<y>\d{4})(?:[ ,]+[\d:]+(?:\s*Uhr)?)?\s*$")
_DAY_MONTHNAME = re.compile(r"^\s*(?:\w+,\s*)?(?P<d>\d{1,2})\.?\s+(?P<mn>[^\W\d_]+)\.?\s+(?P<y>\d{4})\b")
_MONTHNAME_DAY = re.compile(r"^\s*(?:\w+,\s*)?(?P<mn>[^\W\d_]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b")
_MONTHNAME_YEAR = re.compile(r"^\s*(?P<mn>[^\W\d_]+)\.?\s+(?P<y>\d{4})\s*$")


def _valid(y: int, m: int | None, d: int | None) -> bool:
    if not 1800 <= y <= 2200:
        return False
    try:
        date(y, m or 1, d or 1)
    except ValueError:
        return False
    return True


def _info(y: int, m: int | None, d: int | None, source: str, confidence: float) -> DateInfo | None:
    if not _valid(y, m, d):
        return None
    if m is None:
        return DateInfo(f"{y:04d}", "year", source, confidence)
    if d is None:
        return DateInfo(f"{y:04d}-{m:02d}", "month", source, confidence)
    return DateInfo(f"{y:04d}-{m:02d}-{d:02d}", "day", source, confidence)


def parse_date(value: object, *, source: str, confidence: float = 0.9) -> DateInfo | None:
    """Parse an explicit date; the precision is what the value states ("2024-06" is a month)."""
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return _info(value.tm_year, value.tm_mon, value.tm_mday, source, confidence)
    if isinstance(value, datetime | date):
        return _info(value.year, value.month, value.day, source, confidence)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1e8 < value < 1e11:  # unix seconds
            dt = datetime.fromtimestamp(value, tz=timezone.utc)
            return _info(dt.year, dt.month, dt.day, source, confidence)
        return None
    s = str(value).strip()[:80]
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return _info(int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None, source, confidence)
    m = _DMY.match(s)
    if m:
        return _info(int(m["y"]), int(m["m"]), int(m["d"]), source, confidence)
    months = _months()
    for pat in (_DAY_MONTHNAME, _MONTHNAME_DAY):
        m = pat.match(s)
        if m and m["mn"].casefold() in months:
            return _info(int(m["y"]), months[m["mn"].casefold()], int(m["d"]), source, confidence)
    m = _MONTHNAME_YEAR.match(s)
    if m and m["mn"].casefold() in months:
        return _info(int(m["y"]), months[m["mn"].casefold()], None, source, confidence)
    try:  # RFC 2822 (feeds, HTTP headers)
        from email.utils import parsedate_to_datetime

        dt = parsedate_to_datetime(s)
        return _info(dt.year, dt.month, dt.day, source, confidence)
    except (TypeError, ValueError, IndexError):
        return None


def _months() -> dict[str, int]:
    from .clean import rules

    return rules().months
