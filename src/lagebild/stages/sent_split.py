"""Rule-based sentence splitter for news text (German first; English, French).

`split_sentences(text, lang, blocks)` returns ``[(start, end), ...]`` character
offsets into ``text``, trimmed of surrounding whitespace, in order, never
overlapping and never crossing a block boundary.

How it works, in three steps:

1. **Units** (`lagebild.stages.sentences_units`). The text is cut into units that
   no sentence may cross: the given blocks (or blank-line separated paragraphs), and inside them single lines —
   headings, bullet items and one-paragraph-per-line text. A line that continues
   a sentence (the next line starts lower-case, the line ends with a comma or a
   hyphen) is joined; a hard-wrapped paragraph (many lines of similar length
   without final punctuation) is one unit.
2. **Candidates.** Inside a unit, every run of ``. ! ? …`` followed by closing
   quotes/brackets and whitespace is a candidate end; the sentence ends after
   the closing marks (``„Wir kommen.“ Dann …``).
3. **Decisions.** A candidate is rejected when the next word starts lower-case,
   when a period follows an abbreviation (``lang/<lang>/sentences.py``), a single
   letter (initials, "z. B."), an ordinal ("am 19. Juni", "19. Jahrhundert"), or
   when an ellipsis marks an omission ("[…]"). Ambiguous cases (an abbreviation
   that may end a sentence, a number before a capitalised noun) are settled by
   whether the next word is a typical sentence starter.

**Conventions.** ``convention="news"`` (the default) gives a sentence per
statement, as news readers and the SpkAtt gold need it: it also ends a sentence at
";", at a colon before a full clause, and after a heading, section label or match
heading glued to its paragraph (`lagebild.stages.sentences_cuts`; where the language
data enables these). ``convention="strict"`` ends sentences only at ``. ! ? …``
(GermEval 2014, SoMaJo and UD treebanks count that way).

Everything is linear in the length of the text; over-long sentences (no final
punctuation in a 1 MB paragraph) are cut at ``MAX_SENTENCE_CHARS``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .. import lang as langdata
from .sentences_cuts import midsentence_cuts as _midsentence_cuts
from .sentences_units import CLOSERS, OPENERS, word_before as _word_before
from .sentences_units import units as _units

MAX_SENTENCE_CHARS = 3000
CONVENTIONS = ("news", "strict")

# (the lookbehind and possessive quantifiers keep runs of dots linear)
_CAND = re.compile(r"(?<![.!?…])(?:\.\.\.++|[.!?…]++|[:;])[\"'»«“”’‘)\]›‹]*+(?=\s|$)")
_ROMAN = re.compile(r"[IVXLC]{2,6}")
_DOTTED_ABBR = re.compile(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}")
_LETTERS = re.compile(r"[^\W\d_]+")
_LOWER_WORD = re.compile(r"(?:^|\s)[a-zäöüß]")
_CAMEL = re.compile(r"[a-z]{1,2}[A-Z]")  # "eBay", "iPhone": lower-case sentence starts
_GROUPED_NUM = re.compile(r"\d{1,3}(?:\.\d{3})+")
_NUM_RANGE = re.compile(r"\d{1,2}\.[/–-]\d{1,2}")  # "24./25. Mai"
_NAME_CLOSER = re.compile(r"[)“\"»«]")
# up to three words and a closing quote, no final mark: "E! Online“ (a name with "!" in it)
_TITLE_TAIL = re.compile(r"(?:[^\s.!?…:;\"“”»«()]{1,20}[ \t]){0,2}[^\s.!?…:;\"“”»«()]{1,20}([\"“”»«)])")
# Interview layouts. A speaker label opens a turn: a name, initials or a label of up to
# four capitalised words (wiki italics '' allowed) and a colon ("R. Kelly: …", "Pau'': …",
# "SPIEGEL: …"). Free-standing layout marks before it (wiki italics '', indentation
# colons ": :") are a unit of their own, so the turn begins at the label.
_LABEL = r"(?:[A-ZÄÖÜ][\w-]*\.?[ \t]+){0,3}[A-ZÄÖÜ][\w-]*(?:[ \t]*'')?[ \t]*:"
_TURN_MARKUP = re.compile(r"(?:(?:''|::?)[ \t]+){1,4}(?=" + _LABEL + r"[ \t])")
# the colon of such a label, after layout marks (not the end of a clause)
_LABEL_AFTER_MARKUP = re.compile(r"(?:[.!?…]::?|(?<!\S)(?:''|::?))[ \t]*" + _LABEL[:-1] + r"$")
TEASER_MARKS = "➤►▶→"  # a teaser line ("➤ Mehr lesen: X: Y") is one unit: its colons never end it


@dataclass(frozen=True)
class LangRules:
    never: frozenset[str]
    maybe: frozenset[str]
    months: frozenset[str]
    ordinal_nouns: frozenset[str]
    ordinal_preceders: frozenset[str]
    cardinal_nouns: frozenset[str]
    starters: frozenset[str]
    spaced_closers: str
    colon_ends: bool
    semicolon_ends: bool
    midsentence_re: re.Pattern[str] | None
    heading_never_ends: frozenset[str]
    title_nouns: tuple[str, ...]
    particles: frozenset[str]
    title_starts: frozenset[str]
    label_re: tuple[re.Pattern[str], re.Pattern[str]] | None  # (at the unit start, after an end mark)
    score_headings: bool
    units: frozenset[str]
    list_cues: tuple[frozenset[str], tuple[str, ...]]  # (words, stems written with *)
    name_verb_re: re.Pattern[str] | None
    credit_re: tuple[frozenset[str], re.Pattern[str]] | None  # (credit labels, glued sentence start)


@lru_cache(maxsize=32)
def rules_for(lang: str | None, convention: str = "news") -> LangRules:
    """The splitter's language data; German data is the fallback for other languages."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown sentence convention {convention!r} (one of {', '.join(CONVENTIONS)})")
    mod = langdata.get(lang, "sentences") or langdata.get("de", "sentences")
    empty: frozenset[str] = frozenset()
    news = convention == "news"
    return LangRules(
        never=getattr(mod, "ABBREV_NEVER_FINAL", empty),
        maybe=getattr(mod, "ABBREV_MAYBE_FINAL", empty),
        months=getattr(mod, "MONTHS", empty),
        ordinal_nouns=getattr(mod, "ORDINAL_NOUNS", empty),
        ordinal_preceders=getattr(mod, "ORDINAL_PRECEDERS", empty),
        cardinal_nouns=getattr(mod, "CARDINAL_AFTER", empty),
        starters=getattr(mod, "SENTENCE_STARTERS", empty),
        spaced_closers=getattr(mod, "SPACED_CLOSERS", ""),
        colon_ends=news and getattr(mod, "COLON_ENDS_SENTENCE", False),
        semicolon_ends=news and getattr(mod, "SEMICOLON_ENDS_SENTENCE", False),
        midsentence_re=_midsentence_re(getattr(mod, "CAPITALISED_ONLY_AT_START", empty)) if news else None,
        heading_never_ends=getattr(mod, "HEADING_NEVER_ENDS_WITH", empty),
        title_nouns=tuple(sorted(getattr(mod, "TITLE_NOUNS", empty))),
        particles=getattr(mod, "VERB_PARTICLES", empty),
        title_starts=getattr(mod, "TITLE_START_WORDS", empty),
        label_re=_label_re(getattr(mod, "SECTION_LABELS", empty)) if news else None,
        score_headings=news and getattr(mod, "SCORE_HEADINGS", False),
        units=getattr(mod, "UNIT_LETTERS", empty),
        list_cues=_cues(getattr(mod, "COLON_LIST_CUES", empty)),
        name_verb_re=_name_verb_re(getattr(mod, "NOT_VERBS_AFTER_NAME", None)),
        credit_re=_credit_re(getattr(mod, "CREDIT_LABELS", empty), getattr(mod, "CAPITALISED_ONLY_AT_START", empty))
        if news
        else None,
    )


def _cues(words: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Split cue words into plain words and stems (written with a trailing *)."""
    return frozenset(w for w in words if not w.endswith("*")), tuple(sorted(w[:-1] for w in words if w.endswith("*")))


def _name_verb_re(not_verbs: frozenset[str] | None) -> re.Pattern[str] | None:
    """One to three capitalised words, then a lower-case word that is not in `not_verbs`:
    a name as the subject of a new clause ("Simon Rolfes spielte …")."""
    if not_verbs is None:
        return None
    neg = "|".join(sorted(not_verbs, key=len, reverse=True))
    return re.compile(r"(?:[A-ZÄÖÜ][\w'-]*[ ]){1,3}(?!(?:" + neg + r")(?!\w))[a-zäöüß]{2,}(?![\w-])")


def _credit_re(labels: frozenset[str], starts: frozenset[str]) -> tuple[frozenset[str], re.Pattern[str]] | None:
    """Photo credit labels ("Foto") and a sentence start glued to a credit ("EPAWährend …")."""
    if not labels or not starts:
        return None
    alt = "|".join(sorted((w[:1].upper() + w[1:] for w in starts), key=len, reverse=True))
    return frozenset(labels), re.compile(r"(?<=[^\W\d_])(?:" + alt + r")(?=[ \t])")


def _label_re(labels: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A section label ("Zur Person", "Verwandte Artikel") glued to what follows."""
    if not labels:
        return None
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(labels, key=len, reverse=True))
    body = r"(?i:" + alt + r")\s+(?=[A-ZÄÖÜ0-9(\[„\"])"
    # two patterns: at the unit start, and after an end mark and one space (fast scanning)
    return re.compile(body), re.compile(r"[.!?…:\"“”»«)]\s" + body)


def _midsentence_re(words: frozenset[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(sorted((w[:1].upper() + w[1:] for w in words), key=len, reverse=True))
    # a space first, the word before it checked after: the regex engine scans fast
    return re.compile(r"[ \t](?<=[^\W_][ \t]|[)\]%][ \t])[ \t]*((?:" + alt + r")(?![\w-]))")


# --- steps 2 and 3: candidates and decisions --------------------------------------


def _next_word(u: str, k: int) -> tuple[str, str]:
    """(first character, first word) of the text from k, skipping opening marks."""
    n = len(u)
    steps = 0
    while k < n and u[k] in OPENERS and steps < 4:
        k += 1
        steps += 1
        while k < n and u[k] == " ":
            k += 1
    if k >= n:
        return "", ""
    m = _LETTERS.match(u, k)
    return u[k], (m.group(0) if m else "")


def _is_end(u: str, m: re.Match[str], k: int, r: LangRules, start: int) -> bool:
    punct = m.group(0).rstrip(CLOSERS)
    c, nw = _next_word(u, k)
    if punct == ";":
        return r.semicolon_ends and bool(c) and m.group(0) == ";"
    if not c:
        return True
    if c.islower() and not _CAMEL.match(nw):
        return False
    starter = nw.lower() in r.starters
    if punct == ":":
        return r.colon_ends and m.group(0) == ":" and _colon_ends(u, m.start(), k, start, starter, r)
    ps = m.start()
    if ps > 0 and (u[ps - 1] in "[(" or (u[ps - 1] == " " and u[ps - 2 : ps - 1] in ("[", "("))):
        return False  # "[…]", "(...)", "[ ...]": an omission, not an end
    if punct != ".":
        if "." in punct or "…" in punct:  # ellipsis
            return c.isupper() or c.isdigit() or not c.isalnum()
        if ")" in m.group(0) and u.rfind("(", start, ps) > u.rfind(")", start, ps):
            return starter  # "500 (verunsicherte?) Kunden": the mark ends the aside only
        if m.group(0) == punct and _in_name(u, k, start, ps):
            return False  # „E! Online“, „Yahoo! Nachrichten“: the mark is part of a name
        if u[k] in "–—-" and u[k + 1 : k + 2] == " ":
            return False  # "Vorbildfunktion? – Fehlanzeige!": the dash goes on with the answer
        return True  # ! ? and combinations
    w, wstart = _word_before(u, ps)
    if not w:
        return True
    if w[:1].isupper() and m.group(0) == "." and _NAME_CLOSER.search(u, k, k + 64) and _in_name(u, k, start, ps):
        return False  # "(Die Linke. PDS)": a name with a period, closed right after
    wl = w.lower()
    if wl in r.never or (".-" in wl and wl.rsplit("-", 1)[1] in r.never):
        return False  # "Dr.", "Dipl.-Ing.", "Univ.-Prof."
    if wl in r.maybe:
        return starter
    if len(w) == 1 and w.isalpha():
        if w.islower():
            # "… 165 g. Das Display …", "400 km/h. Der …": a unit after a number
            return starter and wl in r.units and _after_number(u, wstart)
        return starter
    grouped = "." in w and _GROUPED_NUM.fullmatch(w) is not None  # "der 100.000. Artikel"
    if w.isdigit() or grouped:
        if wstart <= start and len(w) <= 3 and not u[k].isdigit():
            return False  # "1. Die erste Forderung": a list number at the start, not a sentence
        if len(w) <= 3 or grouped:
            nl = nw.lower()
            if nl in r.months or nl in r.ordinal_nouns or c.isdigit():
                return False
            if c.isupper() and _word_before(u, max(0, wstart - 1))[0].lower() in r.cardinal_nouns:
                return True  # "auf Platz 93. BASF fiel …": a number after "Platz" is no ordinal
            if 2 <= len(nw) <= 4 and nw.isupper() and not starter:
                return False  # "1. FC Köln", "2. BL"
            if starter:
                return True
            pw, _ = _word_before(u, max(0, wstart - 1))
            if pw.lower() in r.ordinal_preceders or (pw[:1].islower() and not grouped):
                return False  # "am 3. Spieltag", "ein 13. Monatsgehalt" (but "zirka 1.000. Zu …")
        return True
    if _ROMAN.fullmatch(w):
        return starter
    if "." in w and (w.startswith(("www.", "http")) or "@" in w):
        return True  # "… unter www.bbc.co.uk. More …", "an info@dpa.de. Sie …": an address, not an abbreviation
    if "." in w and _DOTTED_ABBR.fullmatch(w):
        return starter or wl.replace(".", "") in ("usw", "etc")
    if _NUM_RANGE.fullmatch(w) and not starter:
        return False  # "vom 24./25. Mai"
    return True


def _colon_ends(u: str, ps: int, k: int, start: int, starter: bool, r: LangRules) -> bool:
    """Does a clause end at the colon u[ps] and a new one begin at k?

    "… kommt hinzu: Wie sich zeigte, …" and "… fiel in der 81. Minute: Simon Rolfes
    spielte …" end; a colon before a quotation, a list ("drei Punkte: Die …",
    "folgende …: …"), after a mere label ("Quellen:") or inside a quotation does not.
    """
    if u[k] in OPENERS or u[:8].lstrip()[:1] in TEASER_MARKS:
        return False
    if not starter and not (r.name_verb_re is not None and r.name_verb_re.match(u, k, k + 120)):
        return False
    if _LABEL_AFTER_MARKUP.search(u, max(start, ps - 80), ps):
        return False  # "… Universität Busan.: : S. Snyder: Nordkorea ist …": a speaker label
    lo = max(start, ps - 160)
    if len(_LOWER_WORD.findall(u, lo, ps)) < 2:
        return False
    before = u[lo:ps]
    if sum(before.count(q) for q in "„»") > sum(before.count(q) for q in "“«"):
        return False  # inside a quotation: „Denke daran: Das …“
    return not _has_list_cue(before, r)


def _in_name(u: str, k: int, start: int, ps: int) -> bool:
    """Is the mark at u[ps] part of a short quoted or bracketed name („E! Online“, "(Die
    Linke. PDS)")? At most two words lie between the opening mark and it, at most three
    follow it, then the quotation or bracket closes ("„Das ist riskant. Wer kommt“" ends)."""
    t = _TITLE_TAIL.match(u, k)
    if t is None:
        return False
    pairs = ("(", ")") if t.group(1) == ")" else (("„", "“"), ("»", "«"), ('"', '"'))
    for op, cl in pairs if isinstance(pairs[0], tuple) else (pairs,):
        o = u.rfind(op, max(start, ps - 40), ps)
        if o != -1 and u.find(cl, o + 1, ps) == -1 and u.count(" ", o, ps) <= 1:
            return not any(ch in ".!?…:;" for ch in u[o + 1 : ps])
    return False


def _has_list_cue(before: str, r: LangRules) -> bool:
    words, stems = r.list_cues
    for w in _LETTERS.findall(before.lower()):
        if w in words or any(w.startswith(st) for st in stems):
            return True
    return False


def _after_number(u: str, wstart: int) -> bool:
    """Is the word starting at wstart preceded by a number (or "km /")?"""
    pw, pstart = _word_before(u, max(0, wstart - 1))
    if pw == "/":
        pw, _ = _word_before(u, max(0, pstart - 1))
        return pw.isalpha() and len(pw) <= 3
    return pw[-1:].isdigit() or pw.lower() in ("km", "m")


def _split_unit(text: str, us: int, ue: int, r: LangRules, out: list[tuple[int, int]]) -> None:
    u = text[us:ue]
    start = 0
    n = len(u)
    cuts = _midsentence_cuts(u, r)
    ci = 0
    for m in _CAND.finditer(u):
        end = m.end()
        while ci < len(cuts) and cuts[ci] < end:  # a heading glued to the next sentence
            if cuts[ci] > start:
                _emit(text, us + start, us + cuts[ci], out)
                start = cuts[ci]
            ci += 1
        k = end
        while k < n and u[k].isspace():
            k += 1
        if k < n and (k + 1 == n or u[k + 1].isspace()) and (u[k] in r.spaced_closers or _closes(u, 0, end, u[k], k + 1 == n)):
            end = k + 1
            k = end
            while k < n and u[k].isspace():
                k += 1
        if k >= n or end <= start:
            continue
        if u[k] == "(" and u[end - 1] in _QUOTE_CLOSERS and _bracket_closes(u, k):
            continue  # "… abgelaufen.“ (Konrad-Adenauer-Stiftung).": a source or translation
        if _is_end(u, m, k, r, start):
            if (
                end - start <= 8
                and out
                and out[-1][1] >= us
                and us + end - out[-1][0] <= MAX_SENTENCE_CHARS
                and not u[start:end].strip(_STRAY)
            ):
                out[-1] = (out[-1][0], us + end)  # "… Tunnels. . Nun …": a stray mark joins the sentence before
            else:
                _emit(text, us + start, us + end, out)
            start = k
            t = _TURN_MARKUP.match(u, k) if u[k] in ":'" else None
            if t is not None:  # "… folgen? : : R. Kelly: Für …": the marks stand alone
                _emit(text, us + k, us + t.end(), out)
                start = t.end()
    for c in cuts[ci:]:
        if c > start:
            _emit(text, us + start, us + c, out)
            start = c
    _emit(text, us + start, ue, out)


_STRAY = ".!?…" + CLOSERS + " \t"
_QUOTE_CLOSERS = "\"“”»«’‘"


def _bracket_closes(u: str, k: int) -> bool:
    """Is the bracket opened at u[k] a source or translation of the quotation before it?
    It closes within 200 characters (none opened inside) and either ends a sentence of
    its own ("(Der Adler ist gelandet.)") or is followed by punctuation
    ("(Konrad-Adenauer-Stiftung)."); "(Schluss) up/mp …" is not."""
    j = u.find(")", k + 1, k + 200)
    if j == -1 or u.find("(", k + 1, j) != -1:
        return False
    return u[j - 1] in ".!?…" or u[j + 1 : j + 2] in (".", ",", ";", ":")


_PAIRS = {'"': '"', "“": "„", "”": "“", "«": "»", "»": "«", "’": "‘", "‘": "‚"}


def _closes(u: str, start: int, end: int, q: str, last: bool = False) -> bool:
    """Does the free-standing quote mark `q` close a quotation opened in u[start:end]?

    ``… passiert. " Der …``: a straight quote with spaces on both sides belongs to
    the sentence before when an odd number of them precede it in the unit (the
    quotation may have begun sentences earlier); likewise “ after an open „. A
    straight quote also closes an open „ (``„Hier leben alle friedlich. "``), and a
    quote mark that is the last character of the unit always belongs to the sentence
    before (`last`): it cannot open anything.
    """
    opener = _PAIRS.get(q)
    if opener is None:
        return False
    if last:
        return True
    if opener == q:
        return u.count(q, start, end) % 2 == 1 or (q == '"' and u.count("„", start, end) > u.count("“", start, end))
    return u.count(opener, start, end) > u.count(q, start, end)


def _emit(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    """Append [s, e) trimmed of whitespace; cut over-long sentences at whitespace."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while e - s > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, s, s + MAX_SENTENCE_CHARS)
        out.append((s, cut))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))


def _cut_point(text: str, s: int, limit: int) -> int:
    """The best place to cut an over-long sentence before `limit` (after ; , or a space)."""
    window = text[s:limit]
    for sep in ("; ", ", ", " "):
        i = window.rfind(sep, MAX_SENTENCE_CHARS // 2)
        if i > 0:
            return s + i + len(sep.rstrip())
    return limit  # no whitespace at all: cut hard


def split_sentences(
    text: str,
    lang: str | None = "de",
    blocks: Iterable[tuple[int, int]] = (),
    block_langs: Iterable[tuple[int, int, str | None]] = (),
    convention: str = "news",
) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in `text`; sentences never cross `blocks`.

    `block_langs` (``(start, end, code)``, e.g. from the language stage) selects the
    rules per block: an English paragraph in a German article is split as English.
    `convention` is "news" (a sentence per statement; default) or "strict" (only
    ``. ! ? …`` end a sentence); see the module docstring.
    """
    default = rules_for(lang, convention)
    if not text or text.isspace():
        return []
    by_lang = sorted((int(s), int(e), c) for s, e, c in block_langs if c and c != "und" and c != lang)
    starts = [b[0] for b in by_lang]
    out: list[tuple[int, int]] = []
    for us, ue in _units(text, tuple((int(s), int(e)) for s, e in blocks)):
        r = default
        if by_lang:
            j = bisect_right(starts, us) - 1
            if j >= 0 and by_lang[j][1] >= ue:
                r = rules_for(by_lang[j][2], convention)
        _split_unit(text, us, ue, r, out)
    return out
