"""Calendar arithmetic and TIMEX2 value formatting for partial dates.

A `PDate` is a date known to some precision (year; year-month; year-month-day),
possibly BC. Arithmetic uses `datetime.date` and refuses (returns None) outside
years 1..9999, so impossible inputs stay unnormalised instead of becoming wrong.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MAX_YEAR = 9999


@dataclass(frozen=True, slots=True)
class PDate:
    year: int | None
    month: int | None = None
    day: int | None = None
    bc: bool = False

    @property
    def precision(self) -> str:
        if self.year is None:
            return "none"
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day"

    def valid(self) -> bool:
        if self.year is None or not (0 <= self.year <= MAX_YEAR):
            return False
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            if self.month is None or self.bc or self.year < 1:
                return False
            return 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]
        return True

    def value(self) -> str | None:
        if not self.valid():
            return None
        assert self.year is not None
        out = f"BC{self.year:04d}" if self.bc else f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def date(self) -> dt.date | None:
        if self.precision != "day" or not self.valid() or self.bc:
            return None
        assert self.year and self.month and self.day
        return dt.date(self.year, self.month, self.day)


_ISO = re.compile(r"^(?P<bc>BC)?(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")


def parse_value(value: str | None) -> PDate | None:
    """A PDate from a TIMEX/ISO value prefix ("2024-06-19", "2024-06", "BC0480"), else None."""
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    p = PDate(int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None, bool(m["bc"]))
    return p if p.valid() else None


def from_date(d: dt.date) -> PDate:
    return PDate(d.year, d.month, d.day)


def add_days(p: PDate, n: int) -> PDate | None:
    d = p.date()
    if d is None:
        return None
    try:
        return from_date(d + dt.timedelta(days=n))
    except OverflowError:
        return None


def add_months(p: PDate, n: int) -> PDate | None:
    if p.year is None or p.month is None or p.bc:
        return None
    idx = p.year * 12 + (p.month - 1) + n
    y, m = divmod(idx, 12)
    if not 1 <= y <= MAX_YEAR:
        return None
    return PDate(y, m + 1)


def add_years(p: PDate, n: int) -> PDate | None:
    if p.year is None:
        return None
    if p.bc:  # BC years count down
        y = p.year - n
        if y <= 0:
            return None  # crossing the era boundary: leave unresolved
        return PDate(y, bc=True)
    y = p.year + n
    if not 1 <= y <= MAX_YEAR:
        return None
    return PDate(y)


def shift(p: PDate, n: float, unit: str) -> PDate | None:
    """Shift by n units at the unit's natural precision (D/W -> day, M -> month, Y -> year)."""
    if unit in ("D", "W", "H"):
        days = n * 7 if unit == "W" else (n / 24 if unit == "H" else n)
        if p.precision != "day":
            return None
        return add_days(p, int(round(days)))
    if unit == "M":
        if p.month is None:
            return None
        return add_months(PDate(p.year, p.month, bc=p.bc), int(round(n)))
    if unit == "Y" and n != int(n):
        if p.month is None:
            return None
        return add_months(PDate(p.year, p.month, bc=p.bc), int(round(n * 12)))
    if unit == "Y":
        return add_years(PDate(p.year, bc=p.bc), int(round(n)))
    if unit == "DE":
        return add_years(PDate(p.year, bc=p.bc), int(round(n * 10)))
    return None


def week_value(p: PDate, weeks: int = 0) -> str | None:
    d = p.date()
    if d is None:
        return None
    try:
        d = d + dt.timedelta(weeks=weeks)
    except OverflowError:
        return None
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def weekday_near(anchor: PDate, weekday: int, direction: int = 0) -> PDate | None:
    """The date with ISO ``weekday`` (1=Mon) nearest to anchor.

    direction -1: the most recent one strictly before anchor... or the anchor day
    itself is never returned for -1/+1; 0 picks the past one within 6 days unless
    the future one is much closer (news reports mostly past events).
    """
    d = anchor.date()
    if d is None:
        return None
    back = (d.isoweekday() - weekday) % 7
    fwd = (weekday - d.isoweekday()) % 7
    if direction < 0:
        delta = -(back or 7)
    elif direction > 0:
        delta = fwd or 7
    else:
        if back == 0:
            delta = 0
        elif back <= 4 or fwd > 2:
            delta = -back
        else:
            delta = fwd
    return add_days(anchor, delta)


def duration_value(n: float | None, unit: str) -> str:
    """"P2D", "PT3H", "P1Y6M", "PXD" (n None = vague)."""
    time_unit = unit in ("H", "MI", "S")
    code = {"MI": "M"}.get(unit, unit)
    if unit == "H6":  # half-year
        return duration_value(None if n is None else n * 6, "M")
    if unit == "Q":
        return duration_value(None if n is None else n * 3, "M")
    if n is None:
        return ("PT" if time_unit else "P") + "X" + code
    if n == int(n):
        return ("PT" if time_unit else "P") + f"{int(n)}{code}"
    whole = int(n)
    frac = n - whole
    sub = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MI"), "DE": (10, "Y"),
           "CE": (10, "DE")}.get(unit)
    if sub is None:
        return ("PT" if time_unit else "P") + f"{whole}{code}"
    sub_n = int(round(frac * sub[0]))
    if whole == 0:
        return duration_value(sub_n, sub[1])
    tail = duration_value(sub_n, sub[1])
    head = ("PT" if time_unit else "P") + f"{whole}{code}"
    if tail.startswith("PT") and not head.startswith("PT"):
        return head + tail[1:]
    return head + tail[len("PT") if head.startswith("PT") else 1 :]
