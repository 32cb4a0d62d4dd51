"""Turn a matched timex pattern (its named groups) into a TIMEX2 value.

Anchoring: ``Ctx.dct`` is the article date; ``Ctx.ref`` the last date mentioned
(narrative time). In *news* mode, underspecified dates ("im März", "am Mittwoch",
"vor vier Jahren") are resolved against the article date; in *narrative* mode
(history texts: WikiWarsDE) against the last mentioned date. Expressions that
follow a mentioned event ("zwei Tage später", "am selben Tag") always use ``ref``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from .timex_norm import PDate, add_days, duration_value, shift, week_value, weekday_near


@dataclass
class Ctx:
    data: ModuleType
    dct: PDate | None
    narrative: bool = False
    ref: PDate | None = None
    history: list[PDate] = field(default_factory=list)
    section_year: int | None = None  # year of the current heading (narrative texts)

    def anchor(self, narrative_word: bool = False) -> PDate | None:
        if self.narrative or narrative_word:
            return self.ref or self.dct
        return self.dct  # news: relative to the article date only (None = leave unresolved)

    def anchor_with(self, precision: str, narrative_word: bool = False) -> PDate | None:
        """The anchor if it has at least ``precision`` (day > month > year), else an older one
        from the same year."""
        order = {"none": 0, "year": 1, "month": 2, "day": 3}
        a = self.anchor(narrative_word)
        if a is None or order[a.precision] >= order[precision]:
            return a
        if self.narrative or narrative_word:
            for h in reversed(self.history[-8:]):
                if h.year == a.year and h.bc == a.bc and order[h.precision] >= order[precision]:
                    return h
        return None


Result = tuple[int, int, str, "str | None", "str | None"]  # start, end, type, value, mod

_WS = re.compile(r"\s+")


def _key(s: str | None) -> str:
    return _WS.sub(" ", s or "").strip().lower()


def _num(d: ModuleType, s: str | None) -> float | None:
    if s is None:
        return None
    k = _key(s)
    if k.isdigit():
        return float(int(k))
    return d.NUMBERS.get(k)


def _stem(d: ModuleType, word: str | None) -> str | None:
    if not word:
        return None
    w = _key(word)
    for stem in sorted(d.RELATIVE, key=len, reverse=True):
        if w.startswith(stem):
            return stem
    return None


def _mod(d: ModuleType, g: dict[str, Any]) -> str | None:
    mod = None
    if g.get("mod"):
        mod = d.MODS.get(_key(g["mod"]))
    if g.get("part"):
        mod = d.PARTS.get(_key(g["part"]), mod)
    return mod


def _year_of(ctx: Ctx, g: dict[str, Any], narrative_word: bool = False) -> PDate | None:
    """The year an expression refers to: explicit, relative ("des folgenden Jahres") or anchor."""
    d = ctx.data
    ytxt = g.get("year")
    if ytxt:
        y = int(ytxt)
        bc = bool(g.get("bc"))
        if len(ytxt) == 2 and g.get("monthnum"):  # 1.9.39
            a = ctx.anchor()
            century = (a.year // 100) if a and a.year and not a.bc and a.year >= 1000 else 19
            y = century * 100 + y
        elif len(ytxt) <= 3 and not bc and ctx.ref is not None and ctx.ref.bc:
            bc = True  # "Jahr 478" in a narrative set BC
        return PDate(y, bc=bc)
    rel = g.get("relyear")
    if rel:
        stem = _stem(d, g.get("rel"))
        off = d.RELATIVE.get(stem, 0) if stem else 0
        a = ctx.anchor(narrative_word=True)
        if a is None or a.year is None:
            return None
        y = a.year - off if a.bc else a.year + off
        return PDate(y, bc=a.bc) if y > 0 else None
    a = ctx.anchor(narrative_word)
    if a is None or a.year is None:
        return None
    sy = ctx.section_year
    if ctx.narrative and sy is not None and not a.bc and a.precision == "year" and abs(a.year - sy) > 1:
        return PDate(sy)  # a stray mention ("bis 1881") does not move the narrative year
    return PDate(a.year, bc=a.bc)


def _with_time(base: PDate | None, g: dict[str, Any], d: ModuleType) -> str | None:
    if base is None:
        return None
    bv = base.value()
    if bv is None or base.precision != "day":
        return None
    if g.get("midnight"):
        return bv + "T24:00"
    if g.get("hour") is not None:
        h = int(g["hour"])
        mi = int(g["minute"]) if g.get("minute") else 0
        ampm = _key(g.get("ampm")).replace(".", "")
        if ampm and h > 12:
            return None
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h > 24 or mi > 59:
            return None
        tz = "+01" if g.get("tz") and re.search(r"MEZ|mitteleurop", g["tz"]) else ""
        return f"{bv}T{h:02d}:{mi:02d}{tz}"
    dt_word = g.get("daytime") or g.get("daytime2") or g.get("daytime3")
    if dt_word:
        code = d.DAYTIMES.get(_key(dt_word))
        if code:
            return f"{bv}T{code}"
    return bv


def resolve_date(ctx: Ctx, g: dict[str, Any]) -> tuple[str | None, str | None]:
    """(value, mod) of a DATE pattern match."""
    d = ctx.data
    mod = _mod(d, g)
    if g.get("holiday"):
        h = d.HOLIDAYS.get(_key(g["holiday"]))
        if h is None:
            return None, mod
        if len(h) == 3:
            return PDate(*h).value(), mod
        y = _year_of(ctx, g)
        return (PDate(y.year, h[0], h[1]).value() if y else f"XXXX-{h[0]:02d}-{h[1]:02d}"), mod
    if g.get("century"):
        n = int(g["century"])
        if not 1 <= n <= 99:
            return None, mod
        return (f"BC{n - 1:02d}" if g.get("bc") else f"{n - 1:02d}"), mod
    if g.get("decade") or g.get("decadeword"):
        if g.get("decade"):
            dec = g["decade"]
            bc = bool(g.get("bc")) or (len(dec) < 3 and ctx.ref is not None and ctx.ref.bc)
            return (f"BC{int(dec):03d}" if bc else f"{int(dec):03d}"), mod
        n = d.DECADE_WORDS.get(_key(g["decadeword"]))
        a = ctx.anchor()
        century = a.year // 100 if a and a.year and not a.bc else 19
        return f"{century}{n}", mod
    if g.get("midnight") or (g.get("hour") is not None and not g.get("day")):
        base = ctx.anchor_with("day", narrative_word=True)
        return _with_time(base, g, d), mod
    month = None
    if g.get("month"):
        month = d.MONTHS.get(_key(g["month"]))
    elif g.get("monthnum"):
        month = int(g["monthnum"])
    day = int(g["day"]) if g.get("day") else None
    if day is not None and month is None:  # "Nacht vom 16." -> month of the reference
        a = ctx.anchor_with("month", narrative_word=True)
        if a is None:
            return None, mod
        return _with_time(PDate(a.year, a.month, day, a.bc), g, d), mod
    if g.get("weekday") and day is None:
        return _resolve_weekday(ctx, g), mod
    if g.get("half"):
        y = _year_of(ctx, g)
        kind = d.HALF_WORDS.get(_key(g["half"]), "H")
        n = int(g["ordnum"]) if g.get("ordnum") else d.ORDINALS.get(_key(g.get("ord")), 1)
        if n < 0:
            n = 2 if kind == "H" else 4
        yv = y.value() if y else "XXXX"
        return f"{yv}-{kind}{n}", mod
    if g.get("season"):
        code = d.SEASONS.get(_key(g["season"]), "")
        if ":" in code:
            code, smod = code.split(":")
            mod = mod or smod
        if g.get("rel"):
            return _rel_season(ctx, g, code), mod
        y = _year_of(ctx, g)
        return f"{y.value() if y else 'XXXX'}-{code}", mod
    if g.get("relmonth"):
        stem = _stem(d, g.get("rel"))
        a = ctx.anchor_with("month")
        if a is None:
            return None, mod
        p = shift(a, d.RELATIVE.get(stem, 0), "M") if stem else PDate(a.year, a.month, bc=a.bc)
        return (p.value() if p else None), mod
    if month is None and day is None:
        if g.get("daytime"):  # "am Abend", "gleichen Abend", "Nacht"
            base = ctx.anchor_with("day", narrative_word=True)
            if base is not None and g.get("relday"):
                stem = _stem(d, g["relday"])
                off = d.RELATIVE.get(stem, 0) if stem else 0
                base = add_days(base, int(off))
            return _with_time(base, g, d), mod
        # a year (explicit or "des Jahres")
        y = _year_of(ctx, g, narrative_word=True)
        return (y.value() if y else None), mod
    y = _year_of(ctx, g)
    if g.get("monthdir") and y is not None and month is not None and not g.get("year"):
        y = _month_dir_year(ctx, g, month) or y
    if y is None:
        if month is None or (day is not None and not PDate(2000, month, day).valid()):
            return None, mod
        return (f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")), mod
    p = PDate(y.year, month, day, y.bc)
    if not p.valid():
        return None, mod
    return _with_time(p, g, d) if (day and (g.get("hour") or g.get("daytime"))) else p.value(), mod


def _month_dir_year(ctx: Ctx, g: dict[str, Any], month: int) -> PDate | None:
    """"last June" / "juin dernier": the most recent (or next) June before (after) the anchor month."""
    stem = _stem(ctx.data, g.get("monthdir"))
    off = int(ctx.data.RELATIVE.get(stem, 0)) if stem else 0
    a = ctx.anchor_with("month")
    if a is None or a.year is None or a.month is None or a.bc:
        return None
    if off < 0 and month >= a.month:
        return PDate(a.year - 1)
    if off > 0 and month <= a.month:
        return PDate(a.year + 1)
    return PDate(a.year)


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _rel_season(ctx: Ctx, g: dict[str, Any], code: str) -> str | None:
    """"vergangenen Sommer" in June 2024 -> 2023-SU; "kommenden Winter" -> this year's winter."""
    stem = _stem(ctx.data, g.get("rel"))
    off = int(ctx.data.RELATIVE.get(stem, 0)) if stem else 0
    a = ctx.anchor_with("month", narrative_word=stem in ctx.data.RELATIVE_NARRATIVE if stem else False)
    if a is None or a.year is None or a.month is None:
        return f"XXXX-{code}"
    first, last = _SEASON_MONTHS.get(code, (1, 12))
    y = a.year
    if off < 0:
        y = a.year if a.month > last else a.year - 1
    elif off > 0:
        y = a.year if a.month < first else a.year + 1
    return PDate(y).value() + f"-{code}" if PDate(y).valid() else None


def _resolve_weekday(ctx: Ctx, g: dict[str, Any]) -> str | None:
    d = ctx.data
    wd = d.WEEKDAYS.get(_key(g["weekday"]))
    if wd is None:
        return None
    anchor = ctx.anchor_with("day")
    if anchor is None:
        if g.get("_night_before"):
            return f"XXXX-WXX-{(wd + 5) % 7 + 1}TNI"
        return f"XXXX-WXX-{wd}"
    direction = 0
    rel = _key(g.get("rel2"))
    if rel:
        stem = _stem(d, rel)
        direction = int(d.RELATIVE.get(stem, 0)) if stem else 0
    p = weekday_near(anchor, wd, direction)
    if p is None:
        return None
    if g.get("_night_before"):
        p = add_days(p, -1)
        return (p.value() + "TNI") if p else None
    return _with_time(p, g, d)


def resolve(kind: str, ctx: Ctx, g: dict[str, Any], text: str) -> tuple[str, str | None, str | None]:
    """(type, value, mod) for any rule kind."""
    d = ctx.data
    if kind == "date":
        if g.get("weekday") and re.match(getattr(d, "NIGHT_BEFORE", r"(?i)(in\s+der\s+)?nacht"), text):
            g = dict(g, _night_before=True)
        value, mod = resolve_date(ctx, g)
        ttype = "TIME" if value and "T" in value else "DATE"
        return ttype, value, mod
    if kind == "offset":
        if _within(d, g):  # "in weniger als einem Jahr": a span of time, not a date a year ahead
            return "DURATION", *_resolve_duration(ctx, g)
        return "DATE", *_resolve_offset(ctx, g)
    if kind == "rel":
        return _resolve_rel(ctx, g)
    if kind == "ref":
        return _resolve_ref(ctx, g)
    if kind == "set":
        if g.get("weekday"):
            wd = d.WEEKDAYS.get(_key(g["weekday"]))
            return "SET", f"XXXX-WXX-{wd}", None
        return "SET", d.SETS.get(_key(g.get("set"))), None
    if kind == "duration":
        return "DURATION", *_resolve_duration(ctx, g)
    return "DATE", None, None


_COMPARATIVE = ("LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE")


def _within(d: ModuleType, g: dict[str, Any]) -> bool:
    """A forward offset ("in …") with a comparison ("weniger als", "über") measures a span."""
    dir_word = _key(g.get("dir"))
    forward = dir_word in getattr(d, "ARTICLE_RELATIVE_PREPS", ()) and dir_word not in getattr(d, "BEFORE_PREPS", ())
    return bool(forward and g.get("num") and _mod(d, g) in _COMPARATIVE)


def _unit(d: ModuleType, g: dict[str, Any]) -> str | None:
    u = _key(g.get("unit"))
    return d.UNITS.get(u) if u else None


def _resolve_offset(ctx: Ctx, g: dict[str, Any]) -> tuple[str | None, str | None]:
    d = ctx.data
    mod = _mod(d, g)
    dir_word = _key(g.get("dir"))
    sign = -1 if (dir_word in d.BEFORE_WORDS or dir_word in getattr(d, "BEFORE_PREPS", ("vor",))) else 1
    if g.get("dirword"):
        unit = d.UNITS.get(_key(g["dirword"]))
        n: float | None = 1.0
    else:
        unit = _unit(d, g)
        n = _num(d, g.get("num")) if g.get("num") else (1.0 if g.get("unit") else None)
    if unit is None:
        return None, mod
    from_article = dir_word in getattr(d, "ARTICLE_RELATIVE_PREPS", ("vor", "in"))
    anchor = ctx.anchor(narrative_word=not from_article)
    if anchor is None:
        return None, mod
    if n is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), mod
    p = shift(anchor, sign * n, unit)
    return (p.value() if p else None), mod


def _resolve_rel(ctx: Ctx, g: dict[str, Any]) -> tuple[str, str | None, str | None]:
    d = ctx.data
    rword = _key(g.get("rword"))
    if rword:
        table = getattr(d, "REL_WORDS", {})
        unit, off = table.get(rword, ("Y", 0))
        stem_narr = True
    else:
        unit_word = _key(g.get("unit"))
        unit = d.UNITS.get(unit_word) or d.UNITS.get(unit_word.rstrip("s"))
        stem = _stem(d, g.get("rel"))
        off = d.RELATIVE.get(stem, 0) if stem else 0
        stem_narr = stem in d.RELATIVE_NARRATIVE if stem else True
        if unit_word and unit_word not in d.UNIT_SINGULAR:
            return "DURATION", duration_value(None, unit or "D"), None
    if unit is None:
        return "DATE", None, None
    if g.get("year"):
        return "DATE", PDate(int(g["year"])).value(), None
    prec = {"D": "day", "W": "day", "M": "month"}.get(unit, "year")
    a = ctx.anchor_with(prec, narrative_word=stem_narr)
    if a is None:
        return "DATE", None, None
    if unit == "W":
        if ctx.narrative or stem_narr:
            p = shift(a, off * 7, "D")
            return "DATE", p.value() if p and off else week_value(a), None
        return "DATE", week_value(a, int(off)), None
    if unit in ("DE", "CE"):
        p = shift(a, off * (10 if unit == "DE" else 100), "Y")
        if p is None or p.year is None:
            return "DATE", None, None
        return "DATE", (str(p.year // 10) if unit == "DE" else f"{p.year // 100:02d}"), None
    if unit in ("H", "MI", "S"):
        return "DURATION", duration_value(None, unit), None
    base = a if unit == "D" else (PDate(a.year, a.month, bc=a.bc) if unit == "M" else PDate(a.year, bc=a.bc))
    p = shift(base, off, unit) if off else base
    return "DATE", p.value() if p else None, None


def _resolve_ref(ctx: Ctx, g: dict[str, Any]) -> tuple[str, str | None, str | None]:
    d = ctx.data
    r = d.REFS.get(_key(g.get("ref")))
    if r is None:
        return "DATE", None, None
    if isinstance(r, str):
        return "DATE", r, None
    unit, off = r[0], r[1]
    if ctx.narrative and off == 0:
        return "DATE", "PRESENT_REF", None
    a = ctx.dct if not ctx.narrative else ctx.ref
    if a is None:
        return "DATE", ("PRESENT_REF" if off == 0 else None), None
    if unit == "year":
        p = shift(PDate(a.year, bc=a.bc), off, "Y") if off else PDate(a.year, bc=a.bc)
        return "DATE", p.value() if p else None, None
    if a.precision != "day":
        return "DATE", None, None
    p = add_days(a, int(off))
    if p is None:
        return "DATE", None, None
    v = p.value()
    if len(r) > 2 and v:
        return "TIME", f"{v}T{r[2]}", None
    return "DATE", v, None


def _resolve_duration(ctx: Ctx, g: dict[str, Any]) -> tuple[str | None, str | None]:
    d = ctx.data
    mod = _mod(d, g)
    if g.get("vague"):
        return d.VAGUE_LONG.get(_key(g["vague"])), mod
    if g.get("fuzzyunit"):
        u = d.UNITS.get(_key(g["fuzzyunit"]))
        return duration_value(None, u or "Y"), mod
    if g.get("unitadj"):
        unit = d.UNIT_ADJ.get(_key(g["unitadj"]))
        n = _num(d, g.get("num"))
        return (duration_value(n, unit) if unit and n else None), mod
    unit = _unit(d, g)
    if unit is None:
        return None, mod
    if g.get("fuzzy") or not g.get("num"):
        return duration_value(None, unit), mod
    n = _num(d, g.get("num"))
    if n is None or n <= 0 or n > 100000:
        return None, mod
    return duration_value(n, unit), mod
