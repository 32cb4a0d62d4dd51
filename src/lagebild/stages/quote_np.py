"""Noun phrases for quote roles: source, addressee and relay (German first).

Heuristic chunking without a parser: article/adjective/capitalised head, a genitive
or "von" tail, appositions between commas, a quoted name ("laut „Welt“").
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from .quote_base import Ann, Ctx

PUNCT_BOUND = frozenset({",", ":", ";", "–", "—", "(", ")", "-"})
SENT_END = frozenset({".", "!", "?", "…", ";"})
CONJ = frozenset({"und", "aber", "doch", "denn", "oder", "sondern", "so", "wie"})
MAX_SOURCE = 14
MAX_ATTACHMENT = 10
ATTACH_PREPOSITIONS = frozenset({"von", "vom", "aus", "für", "in", "im", "an", "am", "ohne", "zu", "zur", "zum", "bei", "beim", "über", "gegen", "mit", "und"})
GENITIVE_OPENERS = frozenset(
    {"der", "des", "von", "vom", "eines", "einer", "seines", "seiner", "ihres", "ihrer", "dieses", "dieser",
     "vieler", "mehrerer", "einiger", "aller", "beider", "unserer", "unseres", "zahlreicher"}
)
MAX_NAME_AFTER_HEAD = 5  # tokens (marks included) of a quoted name after a head noun


def _np_forward(ctx: Ctx, i: int, b: int, stop_at: set[int] | None = None) -> list[int]:
    """A source noun phrase starting at i, with a genitive/"von" tail and appositions."""
    d = ctx.d
    out: list[int] = []
    j = i
    head = False  # a capitalised head noun / name was seen
    tails = 0
    while j < b and len(out) < MAX_SOURCE:
        lw = ctx.low[j]
        if (stop_at and j in stop_at) or ctx.w[j] in SENT_END:
            break
        if ctx.qid[j] != -1:
            r = ctx.outer[ctx.qid[j]]
            named = r.end_tok - j <= MAX_NAME_AFTER_HEAD and out and ctx.is_cap(out[-1]) and all(ctx.is_cap(k) or not ctx.w[k][:1].isalpha() for k in range(j, r.end_tok + 1))
            if r.open_tok != j or r.end_tok - j > MAX_SOURCE or ctx.sent_of[r.end_tok] != ctx.sent_of[j] or (head and not named):
                break  # a quoted name may follow the head: "des Fachmagazins „Automobilwoche“"
            out.extend(range(j, r.end_tok + 1))
            j = r.end_tok + 1
            head = True
            continue
        if ctx.w[j] == "(" and head:
            k = j + 1
            while k < b and k - j < 8 and ctx.w[k] != ")":
                k += 1
            if k < b and ctx.w[k] == ")":
                out.extend(range(j, k + 1))
                j = k + 1
                continue
            break
        if ctx.w[j] == ",":
            # apposition: ", der Sprecher der Polizei," / ", Professor an der Universität,"
            k = j + 1
            if head and k < b and (ctx.low[k] in d.ARTICLES or ctx.is_cap(k) or _adjectival(ctx.low[k])) and ctx.low[k] not in ctx.lex.full and ctx.low[k] not in d.SOURCE_STOP:
                m = k
                while m < b and ctx.w[m] not in PUNCT_BOUND and ctx.w[m] not in SENT_END and ctx.qid[m] == -1:
                    m += 1
                seg = list(range(k, m))
                last = ctx.w[m - 1] if m > k else ""
                if seg and last[:1].isupper() and len(out) + len(seg) <= MAX_SOURCE + 8:
                    out.append(j)
                    out.extend(seg)
                    j = m
                    continue
            break
        if ctx.w[j] in PUNCT_BOUND:
            break
        if lw in ctx.lex.full and out:
            break
        if not head:
            if lw in d.PRONOUNS and not out:
                out.append(j)
                break
            if ctx.is_cap(j):
                head = True
            elif lw in d.ARTICLES or lw in ("vom", "von") and not out or (_adjectival(lw) and out) or lw.isdigit() or (lw == "und" and out and _adjectival(ctx.low[out[-1]])):
                pass
            else:
                break
            out.append(j)
            j += 1
            continue
        # after the head: more names, or a genitive / "von" tail
        if lw == "und" and j + 1 < b and not (stop_at and j + 1 in stop_at) and ctx.qid[j + 1] == -1:
            # coordinated names / nouns: "Peter Danckert und Max Straubinger"
            k = j + 1
            if ctx.low[k] in d.ARTICLES and k + 1 < b:
                k += 1
            if ctx.is_cap(k) and ctx.low[k] not in d.SOURCE_STOP and ctx.low[k] not in ctx.lex.full and ctx.low[k] not in d.PRONOUNS:
                out.extend(range(j, k + 1))
                j = k + 1
                continue
            break
        if ctx.is_cap(j) and lw not in d.SOURCE_STOP and lw not in d.ADDRESSEE_NOUNS:
            out.append(j)
            j += 1
            continue
        if lw in ("der", "des", "eines", "einer", "von", "vom") and tails < 2:
            tails += 1
            head = False
            out.append(j)
            j += 1
            continue
        break
    while out and (ctx.low[out[-1]] in d.ARTICLES or ctx.w[out[-1]] == "," or ctx.low[out[-1]] in ("von", "vom")):
        out.pop()
    return out


def _adjectival(lw: str) -> bool:
    return lw.endswith(("en", "er", "e", "es", "em")) and lw.isalpha() and len(lw) > 3


def _np_backward(ctx: Ctx, i: int, a: int) -> list[int]:
    """Noun phrase ending before token i ("den Experten zufolge")."""
    d = ctx.d
    out: list[int] = []
    j = i - 1
    while j >= a and len(out) < MAX_SOURCE:
        lw = ctx.low[j]
        if ctx.w[j] in PUNCT_BOUND or ctx.w[j] in SENT_END:
            break
        if lw in d.ARTICLES:
            out.append(j)
            if lw in ("der", "des") and out and ctx.is_cap(out[-2] if len(out) > 1 else j + 1) and j - 1 >= a and ctx.is_cap(j - 1) and ctx.low[j - 1] not in d.ARTICLES and ctx.qid[j - 1] == -1:
                j -= 1  # genitive: "Ermittlungen der Polizei zufolge"
                continue
            break
        if ctx.qid[j] != -1 or ctx.is_cap(j):
            out.append(j)
            j -= 1
            continue
        if _adjectival(lw) and not (j - 1 >= a and ctx.is_cap(j - 1) and ctx.low[j - 1] not in d.ARTICLES):
            # an attributive adjective, not a verb after a noun ("Sie entstammen …")
            out.append(j)
            j -= 1
            continue
        break
    return sorted(out)


def _trim_source(ctx: Ctx, src: list[int]) -> list[int]:
    d = ctx.d
    while src and (ctx.low[src[0]] in CONJ or ctx.w[src[0]] in PUNCT_BOUND):
        src = src[1:]
    # cut at the first adverbial stop word after a noun
    out: list[int] = []
    srcset = set(src)
    # name particle between names before the verb: "Karl-Theodor zu Guttenberg"
    particles = {k for k in src if ctx.low[k] in ("zu", "von", "van", "de") and k - 1 in srcset and k + 1 in srcset and ctx.is_cap(k - 1) and ctx.is_cap(k + 1)}
    keep = particles | {k for k in src if ctx.low[k] == "und" and k + 1 in set(src) and (ctx.is_cap(k + 1) or _adjectival(ctx.low[k + 1]))
            and (ctx.is_cap(k - 1) or _adjectival(ctx.low[k - 1])) and ctx.low[k + 1] not in ctx.lex.full}
    for k in src:
        if out and ctx.low[k] in d.SOURCE_STOP and ctx.low[k] not in ("der", "die", "des", "dem", "den", "von", "vom") and k not in keep:
            break
        out.append(k)
    while out and (ctx.w[out[-1]] in PUNCT_BOUND or ctx.low[out[-1]] in d.ARTICLES or ctx.low[out[-1]] in d.AUXILIARIES):
        out.pop()
    return out[:MAX_SOURCE]


DATIVE_ADDR = True


def is_media(ctx: Ctx, k: int) -> bool:
    """A news medium word, also as the head of a compound ("US-Zeitschrift")."""
    lw = ctx.low[k]
    return lw in ctx.d.MEDIA_WORDS or (ctx.is_cap(k) and lw.endswith(tuple(getattr(ctx.d, "MEDIA_SUFFIXES", ()))))


def _addr(ctx: Ctx, ann: Ann, src: list[int], frame: list[int]) -> None:
    """Addressee or relay in the frame: "zu Putin", "gegenüber AFP", "sagte Putin Reportern"."""
    d = ctx.d
    fs = sorted(frame)
    srcset = set(src)
    for pos, k in enumerate(fs):
        lw = ctx.low[k]
        in_pp = k >= 3 and (ctx.low[k - 2] in ("beim", "im", "am", "zum", "zur") or ctx.low[k - 2] in d.ARTICLES and ctx.low[k - 3] in ("bei", "nach", "vor", "in", "an", "auf"))
        attached = k - 1 >= 0 and ctx.is_cap(k - 1) and k - 1 not in srcset and not in_pp and (
            ctx.low[k - 1] not in d.FRONT_ADVERBIAL and ctx.low[k - 1] not in d.SOURCE_STOP
            and ctx.low[k - 1] not in getattr(d, "TIME_NOUNS", ()) and k - 1 != ctx.sents[ctx.sent_of[k]][0]
        )  # "Abgrenzung gegenüber der PKK": attached to a noun, no addressee ("bei der Begrüßung zu Kim" is)
        if lw in ("zu", "gegenüber") and pos + 1 < len(fs) and k + 1 == fs[pos + 1] and k not in srcset and not attached:
            np = _np_forward(ctx, k + 1, max(fs) + 1)
            np = [x for x in np if x in set(frame)]
            if not np:
                continue
            if lw == "zu" and (not ctx.is_cap(np[-1]) or ctx.low[np[0]] in getattr(d, "ZU_NOT_ADDRESSEE", ())):
                continue  # "zu Ehren seines Gastes" is no addressee
            if any(ctx.low[x] in d.MEDIA_WORDS for x in np):
                caps = [x for x in np if ctx.w[x].isupper() and len(ctx.w[x]) > 1] or np
                ann.relay = caps
                if lw == "gegenüber":
                    ann.addr = np
            else:
                ann.addr = np
            return
        if lw in d.ADDRESSEE_NOUNS and k not in srcset and src and k > src[-1]:
            ann.addr = [k]
            return
    if not fs:
        return
    cue_words = " ".join(ctx.low[x] for x in ann.cue)
    obj_verb = any(cue_words.startswith(v) or f" {v}" in cue_words for v in getattr(d, "ADDR_OBJECT_CUES", ()))
    frameset = set(frame)
    after_verb = bool(src) and bool(ann.cue) and max(src) < min(ann.cue)  # "X warf der Regierung vor"
    for k in fs:
        if after_verb and k < min(ann.cue):
            continue
        if k in srcset or k in ann.cue or (k - 1 in frameset and ctx.low[k - 1] in d.SOURCE_STOP | {"als", "von", "vom"}):
            continue
        lw = ctx.low[k]
        if lw not in d.ARTICLES and not (obj_verb and ctx.is_cap(k)) and lw not in d.ADDRESSEE_NOUNS:
            continue
        if lw in d.FRONT_ADVERBIAL or lw in d.SOURCE_STOP and lw not in d.ARTICLES or lw in d.SUBORDINATORS:
            continue  # "Auch wirft …", "Darin wird …": a capitalised adverb, not an object
        if lw in ("das", "es", "dies", "sein", "seine", "ihr", "ihre") or (not obj_verb and lw not in ("dem", "der", "den", "einem", "einer")):
            continue
        np = [x for x in _np_forward(ctx, k, max(fs) + 1) if x in frameset and x not in srcset]
        if not np or not ctx.is_cap(np[-1]) or (src and not (np[0] > max(src) or np[-1] < min(src))):
            continue
        media = any(is_media(ctx, x) or ctx.low[x] in d.ADDRESSEE_NOUNS for x in np)
        dative_after_cue = DATIVE_ADDR and ctx.low[np[0]] in ("dem", "einem") and ann.cue and np[0] == max(ann.cue) + 1
        if (media or dative_after_cue) and not obj_verb and ann.cue and np[0] > min(ann.cue):
            ann.addr = np
            if any(is_media(ctx, x) for x in np):
                ann.relay = [x for x in np if ctx.w[x].isupper() and len(ctx.w[x]) > 1] or np
            return
        if obj_verb and not media:
            ann.addr = np
            return
    # "sagte er Herrn Putin" / "sagte er der Financial Times": a (dative) noun phrase right
    # after a pronoun source
    if src and len(src) == 1 and ctx.low[src[0]] in d.PRONOUNS:
        k = src[0] + 1
        if k + 1 in set(frame) and ctx.low[k] in ("der", "dem", "einem", "einer") and ctx.is_cap(k + 1):
            np = [x for x in _np_forward(ctx, k, max(fs) + 1) if x in frameset]
            if np and (ctx.low[k] != "der" or any(is_media(ctx, x) for x in np)):
                ann.addr = np
                return
        if k in set(frame) and ctx.is_cap(k) and ctx.low[k] not in d.SOURCE_STOP:
            np = _np_forward(ctx, k, max(fs) + 1)
            if np:
                ann.addr = np


def _nach_noun(ctx: Ctx, i: int, b: int) -> int | None:
    """Position of the noun in "nach (eigenen) Angaben", or None."""
    d = ctx.d
    for k in range(i + 1, min(b, i + 4)):
        lw = ctx.low[k]
        if ctx.is_cap(k):
            if lw in d.NACH_NOUNS or lw.endswith(tuple(d.NACH_NOUNS)):
                return k
            return None
        if not (lw in d.ARTICLES or _adjectival(lw)):
            return None
    return None


def _attachments(ctx: Ctx, j: int, b: int) -> list[int]:
    """Tokens between a fronted source phrase and the finite verb ("Nach Angaben des
    Instituts von Athen lag …", "Nach Angaben der Organisation Ärzte ohne Grenzen
    mussten …"): in a verb-second clause they still belong to the source phrase."""
    d = ctx.d
    out: list[int] = []
    k = j
    while k < b and len(out) <= MAX_ATTACHMENT:
        lw = ctx.low[k]
        if ctx.qid[k] != -1 or ctx.w[k] in SENT_END or ctx.w[k] == ",":
            return []
        if ctx.is_cap(k) or lw in d.ARTICLES or lw in ATTACH_PREPOSITIONS or lw.isdigit() or ctx.w[k] in ("(", ")") or (
            _adjectival(lw) and k + 1 < b and (ctx.is_cap(k + 1) or _adjectival(ctx.low[k + 1]))
        ):
            out.append(k)
            k += 1
            continue
        break
    if k >= b or not out or ctx.low[out[-1]] in d.ARTICLES or ctx.low[out[-1]] in ATTACH_PREPOSITIONS:
        return []
    return out  # k is the (lower-case) finite verb


def _genitive(ctx: Ctx, j: int, b: int) -> list[int]:
    if j < b and ctx.low[j] in GENITIVE_OPENERS:
        return _np_forward(ctx, j, b)
    if j + 1 < b and ctx.low[j].endswith("er") and _adjectival(ctx.low[j]) and not ctx.is_cap(j) and ctx.is_cap(j + 1):
        # "nach Angaben libanesischer Sicherheitskreise"
        tail = _np_forward(ctx, j + 1, b)
        return [j] + tail if tail else []
    if j < b and ctx.is_cap(j):
        return _np_forward(ctx, j, b)
    return []


def _place_source(ctx: Ctx, toks: list[int]) -> list[int]:
    """Source of an impersonal cue: the document in "In der Mitteilung heißt es" / "heißt es
    im Bericht" (the noun phrase after the first in/im/auf/bei of the phrase)."""
    for n, k in enumerate(toks[:3]):
        if ctx.low[k] in getattr(ctx.d, "PLACE_PREPOSITIONS", ()):
            return _np_forward(ctx, k + 1, (toks[-1] + 1) if toks else k + 1)
    return []


def _subject_after(ctx: Ctx, finite: int, end: int, cue: list[int]) -> list[int]:
    """The subject after a fronted adverbial/object: "Am Montag äußerte sich der Minister …"."""
    k = finite + 1
    while k < end and (k in cue or ctx.low[k] in ("es", "sich")):
        k += 1
    return _np_forward(ctx, k, end, set(cue))


def _prefield(ctx: Ctx, pre: list[int]) -> list[int]:
    """Verb-second: everything before the finite verb of a main clause is one constituent,
    the subject with its attachments ("Der Vertreter der Arbeitgeber im Aufsichtsrat der
    Bundesagentur für Arbeit (BA), Peter Clever, hat …"); trailing adverbs are cut."""
    d = ctx.d
    out = list(pre)
    while out and (ctx.w[out[-1]] in PUNCT_BOUND or ctx.low[out[-1]] in d.SOURCE_STOP and ctx.low[out[-1]] not in ATTACH_PREPOSITIONS or ctx.low[out[-1]] in d.AUXILIARIES):
        out.pop()
    if any(ctx.low[k] in ctx.lex.full or ctx.low[k] in d.SUBORDINATORS or ctx.low[k] in d.KONJUNKTIV for k in out):
        return []  # a verb or clause inside: not a plain noun phrase
    if any(ctx.low[k] in d.SOURCE_STOP and ctx.low[k] not in ATTACH_PREPOSITIONS and ctx.low[k] not in d.ARTICLES and ctx.low[k] != "und" for k in out):
        return []  # an adverb inside ("Die Polizei hingegen …"): keep the trimmed phrase
    return out
