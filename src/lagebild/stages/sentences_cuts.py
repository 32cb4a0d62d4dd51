"""Headings, labels, match headings and photo credits glued to the next sentence: the
offsets where a sentence must end although no punctuation marks it (news convention;
part of `lagebild.stages.sent_split`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .sentences_units import word_before as _word_before

if TYPE_CHECKING:
    from .sent_split import LangRules

__all__ = ["midsentence_cuts"]

# a match heading "Deutschland - Serbien: 0:1 (0:1)" glued to its report
_SCORE = re.compile(r": \d{1,2}:\d{1,2}(?: \(\d{1,2}:\d{1,2}\))?(?= +[A-ZÄÖÜ0-9])")
_TEAMS = re.compile(r"[A-ZÄÖÜ][^\s:.!?]*(?: [^\s:.!?]+){0,3} [-–] [A-ZÄÖÜ][^:.!?]{0,40}$")
_ENUM = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)")  # "(1)", "a)", "(iii)"


def midsentence_cuts(u: str, r: LangRules) -> list[int]:
    """Offsets where a heading glued to the next sentence ends (news convention).

    In German a word like "Der", "Bisher" or "Am" is capitalised only at a sentence
    start, so "… Grundsteuer Bisher war …" shows a heading glued to its paragraph
    (text flattened without line breaks), unless the word before makes it a name or
    a nominalisation ("Partei Die Linke", "das Für und Wider"). Section labels ("Zur
    Person …") and match headings ("A - B: 0:1 (0:1) …") end there too. Only for
    languages whose data lists such words.
    """
    cuts: list[int] = []
    if r.label_re is not None:
        at_start, after_end = r.label_re
        m0 = at_start.match(u)
        cuts += ([m0.end()] if m0 else []) + [m.end() for m in after_end.finditer(u)]
    if r.credit_re is not None and ":" in u:
        cuts += _credit_cuts(u, r.credit_re)
    if r.score_headings and ": " in u:
        cuts += [m.end() for m in _SCORE.finditer(u) if _TEAMS.search(u[max(0, m.start() - 80) : m.start()])]
    for m in r.midsentence_re.finditer(u) if r.midsentence_re is not None else ():
        w, wstart = _word_before(u, m.start())
        wl = w.lower()
        if wl in r.heading_never_ends:
            continue  # "das Für und Wider", "aus dem In- und Ausland", "Sa und So": not a heading end
        if wl.endswith(r.title_nouns):
            continue  # a title: "die Wochenzeitung Die Zeit", "der Film Nach der Hochzeit"
        if wl in r.particles and m.group(1).lower() in r.title_starts:
            continue  # "Koalition mit Die Linke" (but "… nimmt Form an Am Mittwoch …" ends)
        if _ENUM.fullmatch(u, wstart, m.start()):
            continue  # "(1) Die Frist …": an enumerated item, not a heading
        nxt = u[m.end(1) : m.end(1) + 6]
        if nxt.lstrip()[:1] in (",", "-", "–") or nxt.startswith((" und ", " oder ")):
            continue  # "Für und Wider", "So, 5. Juni", "In- und Ausland"
        cuts.append(m.start(1))
    return sorted(cuts)


def _credit_cuts(u: str, res: tuple[frozenset[str], re.Pattern[str]]) -> list[int]:
    """Where a sentence starts glued to a photo credit: "Foto: … / EPAWährend seines …".

    Scraped captions lose the line break after the agency name; a word capitalised
    only at a sentence start, glued to the credit's last letter within 120
    characters of the label, begins the next sentence. (Colons are rare: the
    label is looked up at each colon, which keeps the scan cheap.)"""
    labels, glued = res
    out: list[int] = []
    i = u.find(":")
    while i != -1:
        w, _ = _word_before(u, i)
        if w.lower() in labels:
            g = glued.search(u, i + 1, i + 121)
            if g is not None and not any(c in ".!?" for c in u[i + 1 : g.start()]):
                out.append(g.start())
        i = u.find(":", i + 1)
    return out
