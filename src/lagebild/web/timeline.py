"""The storyline page's timeline: each story a bar from its first to its last day, on one time axis.

`story_bars` only computes positions (pixels) and tick labels; the template draws them as inline SVG (no
script, no external resource), so Jinja's autoescaping covers every label that comes from article text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

WIDTH = 720  # drawing width in px (the SVG scales with the page)
ROW = 20  # px per story
AXIS = 22  # px below the bars for the tick labels
MIN_BAR = 5  # px: a one-day story stays visible
CHAR = 6.2  # px: the width of a label character at the page's small font, to place the label beside its bar


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _ticks(lo: dt.date, days: int, n: int = 5) -> list[dt.date]:
    """At most ``n`` tick days: month starts when the span is long enough to hold two, else evenly spaced days."""
    months = []
    d = dt.date(lo.year, lo.month, 1)
    end = lo + dt.timedelta(days=days)
    while d <= end:
        if d >= lo:
            months.append(d)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    if len(months) >= 2:
        step = max(1, -(-len(months) // n))
        return months[::step]
    return [lo + dt.timedelta(days=round(i * days / (n - 1))) for i in range(n)] if days >= n - 1 else [lo, end]


def story_bars(stories: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Layout of the dated stories of a storyline (oldest first): ``bars`` (x, w, y, story_id, label, size,
    first, last), ``ticks`` (x, text), ``width``, ``height``; None when no story has a date."""
    dated = [(a, b or a, s) for s in stories if (a := _day(s.get("first_seen"))) is not None
             for b in [_day(s.get("last_seen"))]]
    if not dated:
        return None
    dated.sort(key=lambda t: (t[0], t[1], str(t[2].get("story_id"))))
    lo = min(a for a, _, _ in dated)
    hi = max(b for _, b, _ in dated)
    days = max(1, (hi - lo).days + 1)  # the last day is drawn to its end
    scale = WIDTH / days

    def x(d: dt.date) -> float:
        return round((d - lo).days * scale, 1)

    bars = []
    for i, (a, b, s) in enumerate(dated):
        left = x(a)
        w = max(MIN_BAR, round(((b - a).days + 1) * scale, 1))
        left = min(left, WIDTH - w)
        label = str(s.get("label") or s.get("story_id") or "")
        text = label if len(label) <= 60 else label[:59] + "…"
        after = left + w + 4 + CHAR * len(text) <= WIDTH  # the label beside the bar, else before it
        bars.append({"x": left, "w": w, "y": i * ROW + 2, "story_id": s.get("story_id"), "label": label, "text": text,
                     "tx": round(left + w + 4 if after else max(0.0, left - 4), 1), "anchor": "start" if after else "end",
                     "size": s.get("size"), "first": a.isoformat(), "last": b.isoformat()})
    top = len(bars) * ROW + 4
    days_ = _ticks(lo, days - 1)
    monthly = len(days_) >= 2 and all(d.day == 1 for d in days_)  # month starts: "2024-01"
    ticks = [{"x": x(d), "text": d.isoformat()[:7] if monthly else d.isoformat(), "anchor": "end" if x(d) > 0.8 * WIDTH else "start"}
             for d in days_]
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": top + AXIS, "axis_y": top, "text_y": top + 15}
