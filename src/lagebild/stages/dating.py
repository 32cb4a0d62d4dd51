"""Stage ``dating``: estimate the publication date when it is missing or imprecise.

Evidence comes from the text's own time expressions, tagged *without* an anchor:
explicit dates ("19. Juni 2024", "September 2023"), day-months without a year
("am 12. März"), months without a year ("Anfang Jänner"), weekdays ("am
Mittwoch", "in der Nacht auf Donnerstag"), years, and relative counts next to an
explicit date ("vor vier Jahren … im April 2019" -> 2023). Every day of a
candidate window is scored against the evidence; the best day is the estimate
and the days scoring nearly as well give the honest interval ``[earliest,
latest]``. A month-precision header ("date 2024-06") restricts the window.
Relative timexes are then re-resolved against the estimate.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace

from ..model import DateInfo, Document, Metadata, Timex
from . import register
from .timex import tag
from .timex_norm import parse_value

VERSION = "1"
MAX_WINDOW_DAYS = 800
_VOR = re.compile(r"(?i)^vor\s+(\S+)\s+(jahr|monat)")
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])")
_MONTHONLY = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?$")
_YEAR_MIN, _YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class Estimate:
    date: dt.date
    earliest: dt.date
    latest: dt.date
    confidence: float
    evidence: str


def _evidence(text: str, timexes: list[Timex], lang: str) -> dict[str, list]:
    from .. import lang as lang_pkg

    d = lang_pkg.get(lang, "time")
    ev: dict[str, list] = {"day": [], "month": [], "year": [], "daymonth": [], "monthonly": [], "weekday": [],
                           "vor": [], "near": [], "future": []}
    explicit: list[tuple[int, dt.date, str]] = []
    refs = getattr(d, "REFS", {}) if d is not None else {}
    for t in timexes:
        v = t.value or ""
        r = refs.get(" ".join(text[t.start:t.end].lower().split()))
        if isinstance(r, tuple) and r[0] == "day" and -2 <= r[1] <= 0:  # "heute", "gestern": near publication
            ev["near"].append(r[1])
            continue
        m = _WEEKDAY.match(v)
        if m:
            ev["weekday"].append(int(m.group(1)))
            continue
        m = _MONTHONLY.match(v)
        if m:
            if m.group(2):
                ev["daymonth"].append((int(m.group(1)), int(m.group(2))))
            else:
                ev["monthonly"].append(int(m.group(1)))
            continue
        p = parse_value(v)
        if p is not None and not p.bc and p.year and _YEAR_MIN <= p.year <= _YEAR_MAX and t.type in ("DATE", "TIME"):
            if p.precision == "day" and _future(text, t.start, d):
                ev["future"].append(p.date())
            elif p.precision == "day":
                ev["day"].append(p.date())
                explicit.append((t.start, p.date(), "day"))
            elif p.precision == "month":
                ev["month"].append(dt.date(p.year, p.month, 1))
                explicit.append((t.start, dt.date(p.year, p.month, 1), "month"))
            elif len(v) == 4:
                ev["year"].append(p.year)
                explicit.append((t.start, dt.date(p.year, 1, 1), "year"))
            continue
        m = _VOR.match(text[t.start:t.end])
        if m and d is not None and t.value is None:
            w = m.group(1).lower()
            n = int(w) if w.isdigit() else d.NUMBERS.get(w)
            if not n:
                continue
            unit = m.group(2).lower()
            near = []
            for x in timexes:
                if x is t or abs(x.start - t.start) > 250:
                    continue
                pv = parse_value(x.value)
                if pv is None or pv.bc or not pv.year or pv.month is None or not _YEAR_MIN <= pv.year <= _YEAR_MAX:
                    continue
                near.append((abs(x.start - t.start), dt.date(pv.year, pv.month, 1)))
            if near:
                date = min(near)[1]
                months = int(n) * (12 if unit == "jahr" else 1)
                idx = date.year * 12 + date.month - 1 + months
                ev["vor"].append((dt.date(idx // 12, idx % 12 + 1, 1), unit))
    return ev


_SENT_END = re.compile(r"[.!?\n]")


def _future(text: str, pos: int, d) -> bool:
    """Is the sentence around ``pos`` about the future (a cue word from ``FUTURE_CUES``)?"""
    cues = getattr(d, "FUTURE_CUES", ()) if d is not None else ()
    if not cues:
        return False
    s = max((m.end() for m in _SENT_END.finditer(text, max(0, pos - 300), pos)), default=max(0, pos - 300))
    m = _SENT_END.search(text, pos)
    e = m.start() if m else min(len(text), pos + 300)
    words = " " + " ".join(re.findall(r"\w+", text[s:e].lower())) + " "
    return any(f" {c} " in words for c in cues)


def _window(ev: dict[str, list], header: DateInfo | None) -> tuple[dt.date, dt.date] | None:
    if header is not None and header.value:
        p = parse_value(header.value)
        if p is not None and p.year and not p.bc:
            if p.precision == "month":
                start = dt.date(p.year, p.month, 1)
                nxt = dt.date(p.year + (p.month == 12), p.month % 12 + 1, 1)
                return start, nxt - dt.timedelta(days=1)
            if p.precision == "year":
                return dt.date(p.year, 1, 1), dt.date(p.year, 12, 31)
    starts = [x for x in ev["day"] + ev["month"]] + [v for v, _ in ev["vor"]]
    if not starts and ev["future"]:  # only announced dates: the article is some time before them
        hi = min(ev["future"])
        return hi - dt.timedelta(days=120), hi
    if not starts:
        if not ev["year"] or not (ev["daymonth"] or ev["monthonly"]):
            return None  # years alone (often background: "1961") are too weak to date an article
        y = max(ev["year"])
        return dt.date(y, 1, 1), dt.date(y + 1, 12, 31)
    hi = max(starts)
    # the latest explicit date may be a future event: look back a little, and ahead a year
    return hi - dt.timedelta(days=120), hi + dt.timedelta(days=400)


# How many days after a mentioned weekday / date news appears (0 = same day): yesterday is
# most common. Shapes, not fitted values.
_WEEKDAY_BACK = (0.6, 1.0, 0.75, 0.4, 0.2, 0.15, 0.25)


def _after_event(delta: int) -> float:
    if delta < 0:
        return -0.3 if delta > -30 else 0.0
    if delta <= 3:
        return (1.6, 2.0, 1.9, 1.5)[delta]
    return 0.5 + 1.0 * math.exp(-(delta - 3) / 5.0)


def _score(day: dt.date, ev: dict[str, list], w0: dt.date) -> float:
    s = 0.0
    for x in ev["day"]:
        delta = (day - x).days
        s += _after_event(delta)
    # With near-publication evidence (a weekday, "heute", "gestern") the news is told that way, and a
    # month given with its year ("Im September 2023 reiste Kim …") is background: a lower bound that
    # does not pull the date to itself; a year named explicitly is mostly not the current one.
    background = bool(ev["weekday"] or ev["near"])
    for x in ev["future"]:  # an upper bound, most often announced a few days to weeks ahead
        delta = (x - day).days
        s += -1.0 if delta < 0 else 0.8 + 0.7 * math.exp(-delta / 14.0)
    for x in ev["month"]:
        months = (day.year - x.year) * 12 + day.month - x.month
        if months < 0:
            s += -1.0
        elif background:
            s += 1.0 + (0.3 if day.year > x.year else 0.0)
        else:
            s += 1.0 + 0.5 * math.exp(-months / 6.0)
    for y in ev["year"]:
        s += 0.3 if day.year in (y, y + 1) else (0.1 if day.year > y else -0.3)
    for m, dd in ev["daymonth"]:
        try:
            x = dt.date(day.year, m, dd)
        except ValueError:
            continue
        if x > day:
            x = dt.date(day.year - 1, m, dd) if not (m == 2 and dd == 29) else x
        s += _after_event((day - x).days)
    for m in ev["monthonly"]:
        k = (day.month - m) % 12
        s += (1.5, 1.5, 1.0, 0.5)[k] if k <= 3 else 0.0
    for wd in ev["weekday"]:
        s += _WEEKDAY_BACK[(day.isoweekday() - wd) % 7]
    for v, unit in ev["vor"]:
        if unit == "jahr":
            s += 2.0 if day.year == v.year else (0.5 if abs(day.year - v.year) == 1 else 0.0)
        else:
            s += 2.0 if (day.year, day.month) == (v.year, v.month) else 0.0
    s -= 0.0005 * (day - w0).days  # mild preference for the earliest consistent day
    return s


def estimate(text: str, lang: str = "de", header: DateInfo | None = None,
             timexes: list[Timex] | None = None) -> Estimate | None:
    """The publication date of ``text`` estimated from its content (None if no evidence)."""
    tx = timexes if timexes is not None else tag(text, lang, None, mode="news")
    ev = _evidence(text, tx, lang)
    win = _window(ev, header)
    if win is None:
        return None
    lo, hi = win
    days = min((hi - lo).days + 1, MAX_WINDOW_DAYS)
    cands = [lo + dt.timedelta(days=i) for i in range(days)]
    scores = [_score(c, ev, lo) for c in cands]
    best = max(scores)
    margin = 0.5
    near = [c for c, s in zip(cands, scores) if s >= best - margin]
    top = [c for c, s in zip(cands, scores) if s >= best - 0.03]  # ties up to the mild prior
    choice = top[len(top) // 2]  # the (upper) median of equally good days
    n_ev = sum(len(v) for v in ev.values())
    spread = (near[-1] - near[0]).days
    conf = max(0.05, min(0.95, (0.3 + 0.1 * min(n_ev, 5)) * (1.0 if spread <= 7 else 7 / spread) ** 0.3))
    parts = [f"{k}:{len(v)}" for k, v in ev.items() if v]
    return Estimate(choice, near[0], near[-1], round(conf, 2), ",".join(parts))


def to_dateinfo(e: Estimate) -> DateInfo:
    # the value is the single best day; the interval says how sure that is
    return DateInfo(value=e.date.isoformat(), precision="day", source=f"estimate:{e.evidence}", confidence=e.confidence,
                    estimated=True, earliest=e.earliest.isoformat(), latest=e.latest.isoformat())


def date_document(doc: Document) -> Document:
    meta = doc.meta or Metadata()
    cur = meta.date
    if cur is not None and cur.precision == "day" and not cur.estimated:
        return doc
    lang = doc.lang or "de"
    e = estimate(doc.text, lang, cur)
    if e is None:
        return doc
    info = to_dateinfo(e)
    # re-resolve relative expressions against the estimated day
    timexes = tuple(tag(doc.text, lang, e.date.isoformat()))
    return doc.with_(meta=replace(meta, date=info), timexes=timexes)


@register("dating", version=VERSION, requires=("timexes",), assigns=("meta", "timexes"))
def make_dating_stage():
    return date_document
