"""Compile the per-language timex pattern templates (``lang/<xx>/time.py``) into regexes.

Templates use macros such as ``{MONTH}`` or ``{NUM}`` that expand to named groups
built from the language's word lists; the resolver (`timex_resolve`) reads the
groups by name. Compiled rule sets are cached once per process and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Iterable

from .. import lang as lang_pkg

_LEFT = r"(?<![\w.,])"
_RIGHT = r"(?!\w)"


@dataclass(frozen=True)
class Rule:
    kind: str
    regex: re.Pattern[str]
    index: int


@dataclass(frozen=True)
class RuleSet:
    lang: str
    data: ModuleType
    rules: tuple[Rule, ...]
    trigger: re.Pattern[str]  # cheap pre-filter: does the text contain any cue at all?
    cues: frozenset[str] = frozenset()  # lower-case words that can start or anchor a timex
    cue_parts: tuple[str, ...] = ()  # word parts ("tägig", weekday names in "Mittwochabend")


def _alt(words: Iterable[str], *, caps: bool = True, lower_only: Iterable[str] = (), ci: bool = False) -> str:
    """Alternation of words, longest first; each also capitalised unless lower-only.

    ``ci``: case-insensitive (multi-word phrases), except the ``lower_only`` words."""
    keep_lower = set(lower_only)
    if ci:
        words = list(words)
        loose = [w for w in words if w not in keep_lower]
        exact = [w for w in words if w in keep_lower]
        out = "(?i:" + _alt(loose, caps=False) + ")" if loose else ""
        if exact:
            out = (out + "|" if out else "") + _alt(exact, caps=False)
        return out
    forms: set[str] = set()
    for w in words:
        forms.add(w)
        if caps and w not in keep_lower:
            forms.add(w[:1].upper() + w[1:])
    ordered = sorted(forms, key=lambda x: (-len(x), x))
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


def _macros(d: ModuleType) -> dict[str, str]:
    num_words = list(d.NUMBERS)
    daytime_words = [w for w in d.DAYTIMES]
    if getattr(d, "DAYTIME_ANY_CASE", False):  # English/French: "morning", "soir" in lower case
        daytime = _alt(daytime_words)
    else:  # German: the nouns are capitalised ("am Abend"), the adverbs end in -s ("abends")
        daytime = _alt([w[:1].upper() + w[1:] for w in daytime_words], caps=False)
        daytime += "|" + _alt([w for w in daytime_words if w.endswith("s")], caps=False)
    # English month/weekday names are only names when capitalised ("May", "March")
    if getattr(d, "NAMES_CAPITALISED", False):
        months = _alt([w[:1].upper() + w[1:] for w in d.MONTHS], caps=False)
        weekdays = _alt([w[:1].upper() + w[1:] for w in d.WEEKDAYS], caps=False)
    else:
        months, weekdays = _alt(d.MONTHS), _alt(d.WEEKDAYS)
    rel_suffix = getattr(d, "REL_SUFFIX", "(?:e|en|er|es|em|n|s)?")
    refs = [r for r in d.REFS if r not in getattr(d, "REFS_WEAK", ())]
    ref_lower_only = set(getattr(d, "REFS_LOWER_ONLY", ()))
    year4 = r"(?P<year>1\d{3}|20\d{2})(?![\d]|[.,]\d)"
    not_after = getattr(d, "NOT_YEAR_AFTER", ())
    if not_after:
        year4 += r"(?!\s*(?:" + "|".join(re.escape(w) for w in not_after) + r")(?!\w))"
    m = {
        "DAY": r"(?P<day>0?[1-9]|[12]\d|3[01])\.",
        "DAY0": r"(?P<day0>0?[1-9]|[12]\d|3[01])\.",
        "MONTH": r"(?P<month>" + months + r")(?!\w)",
        "MONTHNAME": months,
        "MONTHNUM": r"(?P<monthnum>0?[1-9]|1[0-2])",
        "YEAR": r"(?P<year>\d{4}|\d{1,3}(?=\s*" + d.BC + r"))(?!\d)",
        "YEAR4": year4,
        "BC": d.BC,
        "NUM": r"(?P<num>\d{1,4}|" + _alt(num_words) + r")",
        "NUMWORD": _alt(num_words),
        "FUZZY": r"(?P<fuzzy>" + _alt(d.FUZZY_NUMBERS) + r")",
        "UNIT": r"(?P<unit>" + _alt(d.UNITS) + r")(?!\w)",
        "UNITADJ": r"(?P<unitadj>" + _alt(d.UNIT_ADJ, caps=False) + r")",
        "VAGUELONG": r"(?P<vague>" + _alt(d.VAGUE_LONG) + r")",
        "SEASON": r"(?P<season>" + _alt(d.SEASONS, ci=True) + r")(?!\w)",
        "PARTWORD": _alt(getattr(d, "PART_WORDS", ()), caps=False),
        "MODWORD": _alt(d.MODS),
        "DAYTIME": r"(?P<daytime>" + daytime + r")(?!\w)",
        "WEEKDAY": r"(?P<weekday>" + weekdays + r")",
        "WEEKDAYNAME": weekdays,
        "REL": r"(?P<rel>(?:" + _alt(d.RELATIVE) + r")" + rel_suffix + ")",
        "REF": r"(?P<ref>" + _alt(refs, lower_only=ref_lower_only, ci=True) + r")",
        "SET": r"(?P<set>" + _alt(d.SETS, ci=True) + r")",
        "HOLIDAY": r"(?P<holiday>" + _alt(d.HOLIDAYS, ci=True) + r")",
        "DECADEWORD": r"(?P<decadeword>" + _alt(d.DECADE_WORDS) + r")",
        "ORDWORD": _alt(d.ORDINALS),
        "HALF": r"(?P<half>" + _alt(d.HALF_WORDS) + r")",
        "AFTERWORD": _alt(d.AFTER_WORDS),
        "BEFOREWORD": _alt(d.BEFORE_WORDS),
    }
    return m


_MACRO = re.compile(r"\{([A-Z0-9]+)\}")


def expand(template: str, macros: dict[str, str]) -> str:
    # BC is itself used inside YEAR: expand repeatedly until stable (bounded).
    out = template
    for _ in range(3):
        new = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), out)
        if new == out:
            break
        out = new
    return out


@lru_cache(maxsize=8)
def ruleset(lang: str) -> RuleSet | None:
    """The compiled rules for a language, or None when it has no time data."""
    d = lang_pkg.get(lang, "time")
    if d is None:
        return None
    macros = _macros(d)
    rules = []
    for i, (kind, template) in enumerate(d.PATTERNS):
        rx = _LEFT + "(?:" + expand(template, macros) + ")" + _RIGHT
        rules.append(Rule(kind, re.compile(rx), i))
    cues = [r"\d", macros["MONTHNAME"], macros["WEEKDAYNAME"], _alt(d.UNITS), _alt(d.SEASONS),
            _alt([r for r in d.REFS]), _alt(d.SETS), _alt(d.HOLIDAYS), _alt(d.DAYTIMES), _alt(d.VAGUE_LONG),
            _alt(d.UNIT_ADJ)]
    trigger = re.compile("|".join(c for c in cues if c), re.IGNORECASE)  # empty lists add no alternative
    words: set[str] = set()
    for table in (d.MONTHS, d.WEEKDAYS, d.UNITS, d.SEASONS, d.REFS, d.SETS, d.HOLIDAYS, d.DAYTIMES,
                  d.VAGUE_LONG, d.DECADE_WORDS, d.HALF_WORDS, getattr(d, "REL_WORDS", {})):
        for k in table:
            ws = re.findall(r"\w+", k.lower())
            if len(ws) == 1:
                words.add(ws[0])
            else:  # a phrase: its longest word is enough as a cue
                words.add(max(ws, key=len))
    words.update(w.lower() for w in getattr(d, "EXTRA_CUES", ()))
    parts = tuple(sorted(set(d.UNIT_ADJ) | {w for w in d.WEEKDAYS if not w.endswith("s")}))
    return RuleSet(lang, d, tuple(rules), trigger, frozenset(words), parts)
