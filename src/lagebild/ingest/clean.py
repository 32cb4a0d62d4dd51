"""Cleaning: remove what is not article text, record every removal, find blocks.

The engine is language-neutral; the patterns live in ``lang/<lang>/cleaning.py``.
Because cleaning runs before language identification, the rules of all
supported languages are applied together (they are anchored, outlet-specific
patterns that do not collide). Lines are the unit: a rule either removes a whole
line, a prefix of a line (a photo credit glued to the next sentence, a
dateline), or trailing lines at the end of the article.

The output keeps what cleaning learned on the way (byline names, credit
clauses, dateline, header date) in `Findings`, for `metadata`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Removal, Span
from .blocks import classify_blocks

LANGS = ("de", "en", "fr")
MAX_LINE = 5000  # rules only look at this many characters of a line (bounded time)


@dataclass(frozen=True)
class Rules:
    line: tuple[tuple[str, re.Pattern[str]], ...]
    prefix: tuple[tuple[str, re.Pattern[str]], ...]
    trailing: tuple[tuple[str, re.Pattern[str]], ...]
    byline: tuple[re.Pattern[str], ...]
    credit_line: tuple[re.Pattern[str], ...]
    credit_roles: tuple[tuple[re.Pattern[str], str], ...]
    contact_clause: tuple[re.Pattern[str], ...]
    name_sep: re.Pattern[str]
    dateline: tuple[re.Pattern[str], ...]
    header_date: tuple[re.Pattern[str], ...]
    cited: tuple[re.Pattern[str], ...]
    interviewer: tuple[re.Pattern[str], ...]
    months: dict[str, int]


@lru_cache(maxsize=8)
def rules(langs: tuple[str, ...] = LANGS) -> Rules:
    """Compile the cleaning data of ``langs`` once per process."""
    from .. import lang as langpkg

    mods = [m for m in (langpkg.get(code, "cleaning") for code in langs) if m is not None]

    def uniq(items):
        seen, out = set(), []
        for it in items:
            if it not in seen:
                seen.add(it)
                out.append(it)
        return out

    def named(attr):
        return tuple((n, re.compile(p)) for n, p in uniq(x for m in mods for x in getattr(m, attr, ())))

    def plain(attr):
        return tuple(re.compile(p) for p in uniq(x for m in mods for x in getattr(m, attr, ())))

    def single(attr):
        return tuple(re.compile(p) for p in uniq(getattr(m, attr) for m in mods if getattr(m, attr, None)))

    seps = uniq(m.NAME_SEPARATORS for m in mods if getattr(m, "NAME_SEPARATORS", None))
    months: dict[str, int] = {}
    for m in mods:
        months.update(getattr(m, "MONTHS", {}))
    return Rules(
        line=named("LINE_RULES"),
        prefix=named("PREFIX_RULES"),
        trailing=named("TRAILING_RULES"),
        byline=plain("BYLINE_RULES"),
        credit_line=single("CREDIT_LINE"),
        credit_roles=tuple((re.compile(p), r) for p, r in uniq(x for m in mods for x in getattr(m, "CREDIT_ROLES", ()))),
        contact_clause=single("CONTACT_CLAUSE"),
        name_sep=re.compile("|".join(f"(?:{s})" for s in seps) or r"\s*,\s*"),
        dateline=plain("DATELINE_RULES"),
        header_date=single("HEADER_DATE"),
        cited=plain("CITED_MEDIA_PATTERNS"),
        interviewer=plain("INTERVIEWER_PATTERNS"),
        months=months,
    )


@dataclass
class Findings:
    """What cleaning learned about the article while removing things."""

    header_date: str | None = None
    byline: list[str] = field(default_factory=list)
    credits: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    dateline: str | None = None
    dateline_agency: str | None = None
    dateline_date: str | None = None
    copyright: list[str] = field(default_factory=list)
    agency_tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Cleaned:
    raw: str
    text: str
    removed: tuple[Removal, ...]
    blocks: tuple[Span, ...]
    findings: Findings


@dataclass
class _Seg:
    """A kept piece of one raw line."""

    start: int
    end: int
    line_no: int
    gap_before: bool  # a blank line (or removed line) separates it from the previous segment


def _lines(raw: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in raw.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _strip(raw: str, s: int, e: int) -> tuple[int, int]:
    while s < e and raw[s].isspace():
        s += 1
    while e > s and raw[e - 1].isspace():
        e -= 1
    return s, e


def split_names(text: str, r: Rules) -> list[str]:
    text = text.strip().rstrip(".;,)").strip()
    names = [n.strip(" .;,") for n in r.name_sep.split(text)]
    return [n for n in names if n and len(n) <= 60 and any(c.isupper() for c in n[:1])]


def _credit(raw: str, s: int, e: int, r: Rules, found: Findings, removed: list[Removal]) -> None:
    """Split a credit paragraph into credit clauses and a contact part."""
    body = raw[s:e]
    inner_s = s + body.index("(") + 1
    clauses: list[tuple[int, int]] = []
    pos = inner_s
    for m in re.finditer(r";", raw[inner_s:e]):
        clauses.append((pos, inner_s + m.start()))
        pos = inner_s + m.end()
    clauses.append((pos, e))
    contact_from = None
    for cs, ce in clauses:
        ctext = raw[cs:ce].strip()
        if any(p.match(ctext) for p in r.contact_clause) or "@" in ctext:
            contact_from = cs if contact_from is None else contact_from
            break
        for pat, role in r.credit_roles:
            m = pat.match(ctext)
            if m:
                for n in split_names(ctext[m.end() :], r):
                    found.credits.append((n, role))
                break
    if contact_from is not None:
        cs = contact_from
        while cs < e and raw[cs].isspace():
            cs += 1
        removed.append(Removal(s, cs, "credit_line", raw[s:cs]))
        removed.append(Removal(cs, e, "contact", raw[cs:e]))
    else:
        removed.append(Removal(s, e, "credit_line", raw[s:e]))


def clean(raw: str, *, title_hint: str | None = None) -> Cleaned:
    """Clean ``raw`` (NFC, ``\\n`` line ends). Never raises on odd input."""
    r = rules()
    found = Findings()
    removed: list[Removal] = []
    segs: list[_Seg] = []
    gap = False
    content_lines = 0
    for no, (ls, le) in enumerate(_lines(raw)):
        s, e = _strip(raw, ls, le)
        if s == e:
            gap = True
            continue
        line = raw[s : min(e, s + MAX_LINE)]
        content_lines += 1
        if content_lines <= 3 and found.header_date is None:  # header (after a title a reader put first)
            for hp in r.header_date:
                m = hp.match(raw, ls, e)
                if m:
                    found.header_date = m.group("date")
                    removed.append(Removal(ls, m.end(), "header_date", raw[ls : m.end()]))
                    s = m.end()
                    line = raw[s : min(e, s + MAX_LINE)]
                    break
            if s == e:
                gap = True
                continue
        rule = None
        if e - s <= MAX_LINE:
            if any(p.fullmatch(line) for p in r.credit_line):
                _credit(raw, s, e, r, found, removed)
                gap = True
                continue
            # a byline never opens the article ("Von Kim Jong Un" may be a headline) unless dashed
            if len(line) <= 120 and (0 < len(segs) < 4 or (not segs and line[:1] in "-–—")):
                for bp in r.byline:
                    m = bp.fullmatch(line)
                    if m:
                        found.byline.extend(split_names(m.group("names"), r))
                        rule = "byline"
                        break
            if rule is None:
                for name, p in r.line:
                    if p.fullmatch(line):
                        rule = name
                        break
        if rule is not None:
            if rule == "copyright":
                found.copyright.append(line)
            removed.append(Removal(s, e, rule, raw[s:e]))
            if rule == "photo_credit":
                _drop_caption(raw, segs, removed, no)
            gap = True
            continue
        for name, p in r.prefix:
            m = p.match(line)
            if m and m.end() < len(line):
                removed.append(Removal(s, s + m.end(), name, raw[s : s + m.end()]))
                if name == "photo_credit":
                    _drop_caption(raw, segs, removed, no)
                s, _ = _strip(raw, s + m.end(), e)
                break
        segs.append(_Seg(s, e, no, gap))
        gap = False
    _trailing(raw, segs, removed, r, found)
    _dateline(raw, segs, removed, r, found, title_hint)
    removed.sort(key=lambda x: (x.start, x.end))
    text, blocks = _assemble(raw, segs, title_hint)
    return Cleaned(raw, text, tuple(removed), blocks, found)


def _drop_caption(raw: str, segs: list[_Seg], removed: list[Removal], line_no: int) -> None:
    """A short line right before a photo credit (no blank line between) is its caption."""
    if len(segs) < 2:  # never the first line (the headline)
        return
    prev = segs[-1]
    text = raw[prev.start : prev.end]
    if prev.line_no != line_no - 1 or len(text) > 160 or text.endswith((".", ":", ";", ",")):
        return
    if text.isupper():
        return
    segs.pop()
    removed.append(Removal(prev.start, prev.end, "photo_caption", text))


def _trailing(raw: str, segs: list[_Seg], removed: list[Removal], r: Rules, found: Findings) -> None:
    while segs:
        last = segs[-1]
        line = raw[last.start : last.end]
        hit = next((n for n, p in r.trailing if len(line) <= 60 and p.fullmatch(line)), None)
        if hit is None:
            return
        if hit == "agency_tag":
            found.agency_tags.append(line.strip("()."))
        removed.append(Removal(last.start, last.end, hit, line))
        segs.pop()


def _dateline(raw: str, segs: list[_Seg], removed: list[Removal], r: Rules, found: Findings, title_hint: str | None) -> None:
    from .agencies import canonical_agency

    for i, seg in enumerate(segs[:3]):
        line = raw[seg.start : min(seg.end, seg.start + 300)]
        for k, p in enumerate(r.dateline):
            m = p.match(line)
            if not m or m.end() >= len(line):
                continue
            groups = m.groupdict()
            agency = groups.get("agency")
            place = groups.get("place")
            if agency is not None:
                canon = canonical_agency(agency)
                if canon is None:
                    continue
                found.dateline_agency = canon
            elif i > 1 or (i == 1 and not _headline_like(raw[segs[0].start : segs[0].end])):
                continue  # "(Seoul)" only opens the article (or the line after the headline)
            if place and canonical_agency(place) is None:
                found.dateline = place.strip()
            found.dateline_date = groups.get("date")
            removed.append(Removal(seg.start, seg.start + m.end(), "dateline", raw[seg.start : seg.start + m.end()]))
            seg.start = seg.start + m.end()
            return


def _headline_like(text: str) -> bool:
    return len(text) <= 200 and not text.endswith((".", ":", ";", ","))


_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SOFT = re.compile(r"[\u00ad\u200b\u200c\u200d\ufeff]")


def _norm(piece: str) -> str:
    return _WS.sub(" ", _SOFT.sub("", piece)).strip()


def _assemble(raw: str, segs: list[_Seg], title_hint: str | None) -> tuple[str, tuple[Span, ...]]:
    lines = [_norm(raw[s.start : s.end]) for s in segs]
    keep = [(ln, sg) for ln, sg in zip(lines, segs) if ln]
    lines = [ln for ln, _ in keep]
    segs = [sg for _, sg in keep]
    groups: list[str] = []
    wrapped = _hard_wrapped(lines)
    for ln, sg in zip(lines, segs):
        if wrapped and groups and not sg.gap_before and not _is_list(ln):
            groups[-1] = groups[-1] + " " + ln
        else:
            groups.append(ln)
    labels = classify_blocks(groups, title_hint)
    out: list[str] = []
    blocks: list[Span] = []
    pos = 0
    for g, label in zip(groups, labels):
        if out:
            out.append("\n\n")
            pos += 2
        out.append(g)
        blocks.append(Span(pos, pos + len(g), label, source="clean"))
        pos += len(g)
    return "".join(out), tuple(blocks)


_LIST = re.compile(r"^(?:[•·▪‣◦●■□➢*]|[-–](?=\s)|\d{1,2}[.)](?=\s))\s*")


def _is_list(line: str) -> bool:
    return bool(_LIST.match(line))


def _hard_wrapped(lines: list[str]) -> bool:
    """Plain text wrapped at a fixed width (lines of 50-100 chars, none longer)."""
    if len(lines) < 5:
        return False
    lens = sorted(len(x) for x in lines)
    return lens[-1] <= 100 and lens[len(lens) // 2] >= 50
