"""Rule-based reported-speech extraction over tokens (German first).

Works on token indices: `extract(ctx)` returns `Ann` records with the token
indices of message, cue, source, addressee, frame and relay, plus the SpkAtt
form (Direct, Indirect, IndirectFreeIndirect) and STWR guess. The stage module
turns them into `Quote`s; the eval module into SpkAtt annotations.

Patterns (per sentence, cue words from ``lang/<lang>/quotes.py``):
  MSG, sagte X …            cue first in its clause, message before it
  X sagte, (dass) MSG       subject before the cue, message after it
  X sagte: „MSG“ / „MSG“, so X / wie X sagte, MSG / MSG, wie X meldete
  laut X / nach Angaben X / X zufolge: the rest of the sentence is the message
  (continuation sentences, Reported speech and nested quotes: `quote_context`;
  records and the cue lexicon: `quote_base`.)
"""

from __future__ import annotations

from .quote_base import Ann, Ctx, Lex, _clause, _is_participle, _konjunktiv, _mk, _quoted_name, _strip_end, _stwr, lexicon
from .quote_context import _continuations, _dedupe, _reported, add_nested
from .quote_np import (
    ATTACH_PREPOSITIONS, CONJ, MAX_SOURCE, PUNCT_BOUND, SENT_END, _addr, _adjectival, _attachments, _genitive, _nach_noun,
    _np_backward, _np_forward, _place_source, _prefield, _subject_after, _trim_source, is_media,
)

__all__ = ["Ann", "Ctx", "Lex", "add_nested", "extract", "lexicon"]


V2_PREFIELD = True

SO_PARENTHETICAL = 4  # "X, so Y, …" with at most this many message tokens before "so"


QUOTE_LEAD_BREAKS = frozenset({"–", "—", "-", ":"})


def _message_before(ctx: Ctx, lo: int, a: int) -> list[int]:
    """Message ending before clause start `lo` (skip the comma / closing quote)."""
    j = lo - 1
    while j >= a and ctx.w[j] in PUNCT_BOUND:
        j -= 1
    if j < a:
        return []
    start = a
    if ctx.qid[j] != -1:
        r = ctx.outer[ctx.qid[j]]
        if r.open_tok <= a:
            start = r.open_tok  # a quote that began in an earlier sentence
        elif r.open_tok - 1 >= a and ctx.w[r.open_tok - 1] in QUOTE_LEAD_BREAKS:
            # "… überreicht – „von höchster Qualität“, wie ein Sprecher erklärte": the
            # speaker's words are the quotation after the dash/colon, not the narration
            start = r.open_tok
    return list(range(start, j + 1))


def _message_after(ctx: Ctx, hi: int, b: int) -> tuple[list[int], bool]:
    """Message starting at clause end `hi`: a quote (maybe multi-sentence) or the rest."""
    j = hi
    while j < b and ctx.w[j] in PUNCT_BOUND:
        j += 1
    if j >= len(ctx.w):
        return [], False
    if j >= b or (ctx.w[j] in SENT_END and j == b - 1):
        # sentence ends with the frame: a quote may follow in the next sentence
        if ctx.w[hi - 1] == ":" or (b < len(ctx.w) and ctx.qid[b] != -1 and ctx.outer[ctx.qid[b]].open_tok == b):
            if b < len(ctx.w) and ctx.qid[b] != -1:
                r = ctx.outer[ctx.qid[b]]
                return list(range(r.open_tok, r.end_tok + 1)), True
        return [], False
    if ctx.qid[j] != -1 and ctx.outer[ctx.qid[j]].open_tok == j:
        r = ctx.outer[ctx.qid[j]]
        end = r.end_tok
        rest = [k for k in range(end + 1, b) if ctx.w[k] not in SENT_END and ctx.w[k] not in PUNCT_BOUND]
        if not rest or ctx.sent_of[end] != ctx.sent_of[j]:
            return list(range(j, end + 1)), True
        return _strip_end(ctx, list(range(j, b))), False
    return _strip_end(ctx, list(range(j, b))), False


def _cue_tokens(ctx: Ctx, i: int, lo: int, hi: int) -> list[int] | None:
    """Cue tokens for a verb at i within clause [lo, hi), or None if no cue."""
    lw = ctx.low[i]
    lex = ctx.lex
    if lw in lex.particle:
        for k in range(i + 1, hi):
            if ctx.low[k] in lex.particle[lw]:
                cue = [i, k]
                return cue
        if lw not in lex.full:
            return None
    if lw not in lex.full:
        return None
    return [i]


def _extend_cue(ctx: Ctx, cue: list[int], lo: int, hi: int) -> list[int]:
    """Words that belong to the cue as annotated: "äußerte sich", "geht davon aus",
    "bezeichnete … als", "betont hatte" (auxiliary after a verb-final participle)."""
    d = ctx.d
    out = set(cue)
    last = max(cue)
    first = min(cue)
    stem = ctx.low[cue[-1] if ctx.low[cue[0]] in d.AUXILIARIES else cue[0]]
    for k in range(first + 1, hi):
        lw = ctx.low[k]
        if lw == "sich" and k <= first + 3 and any(stem.startswith(r) for r in getattr(d, "REFLEXIVE_CUES", ())):
            out.add(k)
        elif lw in getattr(d, "CUE_PRONOMINAL_ADVERBS", ()) and len(cue) > 1 and k < last:
            out.add(k)
        elif lw == "als" and any(stem.startswith(r) for r in getattr(d, "ALS_CUES", ())):
            out.add(k)
            break
    if last + 1 < hi and ctx.low[last + 1] in d.AUXILIARIES and last + 2 >= hi and _is_participle(ctx.low[last]):
        out.add(last + 1)
    return sorted(out)


def extract(ctx: Ctx) -> list[Ann]:
    anns: list[Ann] = []
    d = ctx.d
    used_cue: set[int] = set()
    reported: dict[int, list[int]] = {}  # sentence -> cue tokens of a cue verb without a message
    for si, (a, b) in enumerate(ctx.sents):
        sent_anns: list[Ann] = []
        for i in range(a, b):
            if ctx.qid[i] != -1 or i in used_cue:
                continue
            lw = ctx.low[i]
            ann = None
            if lw in d.PREP_BEFORE_SOURCE or (lw == "nach" and _nach_noun(ctx, i, b) is not None):
                ann = _prep_cue(ctx, i, a, b)
            elif i + 1 < b and (lw, ctx.low[i + 1]) in getattr(d, "PREP2_BEFORE_SOURCE", ()):
                # "according to KCNA, …": a two-word preposition
                ann = _prep_cue(ctx, i + 1, a, b)
                if ann is not None:
                    ann.message = _strip_start(ctx, [k for k in ann.message if k != i])
                    ann.cue, ann.frame = [i] + ann.cue, sorted({i} | set(ann.frame))
                    used_cue.add(i + 1)
            elif i == a and lw in getattr(d, "VIEW_PREPOSITIONS", ()) and i + 2 < b and ctx.low[i + 1] in getattr(d, "VIEW_PRONOUNS", ()) and _konjunktiv(ctx, i + 2, b):
                # "Für ihn bleibt die Regierung vorsichtig und wolle …": his view, reported
                msg = _strip_end(ctx, list(range(i + 2, b)))
                ann = _mk(ctx, msg, [i], [i + 1], [i, i + 1], False, "Speech")
            elif lw in getattr(d, "SELF_SOURCE_CUES", ()):
                msg = _strip_end(ctx, [k for k in range(a, b) if k != i])
                ann = _mk(ctx, msg, [i], [i], [i], False, "SW")
            elif lw in d.POSTPOSITIONS or (lw == "nach" and i > a and ctx.is_cap(i - 1) and ctx.low[i - 1] in getattr(d, "NACH_POSTPOSITION_NOUNS", ())):
                ann = _postposition_cue(ctx, i, a, b)  # "den Experten zufolge", "Seiner Meinung nach"
            elif lw in d.SO_WORDS and i > a and ctx.w[i - 1] == "," and i + 1 < b and (ctx.is_cap(i + 1) or ctx.low[i + 1] in d.ARTICLES):
                ann = _so_cue(ctx, i, a, b)
            elif (lw, ctx.low[i + 1] if i + 1 < b else "") in d.IMPERSONAL:
                ann = _verb_cue(ctx, i, a, b, [i, i + 1])
            elif (not ctx.is_cap(i) or i == a) and (lw in ctx.lex.full or lw in ctx.lex.particle):
                lo, hi = _clause(ctx, i, a, b)
                cue = _cue_tokens(ctx, i, lo, hi)
                if cue:
                    ann = _verb_cue(ctx, i, a, b, cue)
                    if (ann is None or not ann.message) and si not in reported:
                        reported[si] = cue
            if ann is not None and ann.message and getattr(d, "SUBJECT_FIRST_POSTPOSED", False):
                ann = _checked_svo_source(ctx, ann)
            if ann is not None and ann.message:
                used_cue.update(ann.cue)
                sent_anns.append(ann)
        _coord_subjects(ctx, sent_anns, a, b)
        anns.extend(sent_anns)
    anns = _dedupe(anns)
    anns.extend(_reported(ctx, anns, reported))  # before continuations: their speaker counts
    anns = _continuations(ctx, sorted(anns, key=lambda x: min(x.message)))
    return anns


def _frame_for(ctx: Ctx, a: int, b: int, msg: list[int]) -> list[int]:
    ms = set(msg)
    fr = [k for k in range(a, b) if k not in ms]
    while fr and ctx.w[fr[-1]] in SENT_END:
        fr.pop()
    return fr


def _verb_cue(ctx: Ctx, i: int, a: int, b: int, cue: list[int]) -> Ann | None:
    d = ctx.d
    for verbs, markers in getattr(d, "NON_SPEECH_FRAMES", ()):
        if ctx.low[i] in verbs and any(ctx.low[k] in markers for k in range(a, b)):
            return None
    lo, hi = _clause(ctx, i, a, b)
    # extend the clause right over an impersonal "es" etc. is implicit
    first = lo
    while first < i and ctx.low[first] in CONJ and ctx.low[first] != "wie":
        first += 1
    wie = ctx.low[lo] in d.WIE_WORDS
    stwr = _stwr(ctx, cue)
    # auxiliary before a participle cue: "hatte … gesagt"
    if cue == [i] and (_is_participle(ctx.low[i]) or i + 1 == hi or (i - 1 >= lo and ctx.low[i - 1] in d.AUXILIARIES)):
        aux = [k for k in range(lo, i) if ctx.low[k] in d.AUXILIARIES]
        if aux:
            cue = [aux[0]] + cue
    cue = _extend_cue(ctx, cue, lo, hi)
    finite = cue[0]
    postposed = finite == first and lo > a and not wie
    coord = False
    if postposed and not wie and (
        (first > lo and ctx.low[first - 1] in getattr(d, "COORD_CONJ", ()))
        or (first == lo and ctx.w[lo - 1] == "," and _object_next(ctx, cue, b))
    ):
        # "Er bezeichnete X als … und begrüßte den Beginn …": a second verb of the same
        # subject; the noun phrase after it is its object, never the speaker
        postposed, coord = False, True
    if postposed:
        k = finite + 1
        while k < b and (k in cue or ctx.low[k] in ("es", "sich")):
            k += 1
        plausible = (len(cue) > 1 and ctx.low[cue[1]] == "es") or k < b and (ctx.is_cap(k) or ctx.low[k] in d.ARTICLES or ctx.low[k] in d.PRONOUNS or ctx.low[k] in ("vom", "von") or ctx.qid[k] != -1)
        if ctx.low[a] in d.WIE_WORDS and _apposed_subject(ctx, a + 1, lo, need_cap=False):
            # "Wie der Bevollmächtigte der EU-Kommission, Gerald Braun, mitteilte, …"
            lo, wie, postposed, first = a, True, False, a
        elif plausible and _apposed_subject(ctx, a, lo):
            plausible = False  # "Karl-Theodor zu Guttenberg, Obmann der …, warf der LINKEN … vor"
        if postposed and not plausible:
            if lo - a > MAX_SOURCE + 6 or ctx.w[lo - 1] != ",":
                return None
            postposed = False
            first = a
            while first < i and ctx.low[first] in CONJ and ctx.low[first] != "wie":
                first += 1
    if wie:
        # "wie X sagte, MSG" or "MSG, wie X meldete"
        src = [k for k in range(lo + 1, hi) if k not in cue and ctx.low[k] not in d.AUXILIARIES]
        src = _trim_source(ctx, src)
        cue = sorted(set(cue) | {lo})
        msg_after, direct = _message_after(ctx, hi, b)
        if msg_after and lo == a:
            msg = msg_after
        else:
            msg = _message_before(ctx, lo, a)
            direct = bool(msg) and ctx.qid[msg[0]] != -1 and ctx.qid[msg[-1]] != -1
        frame = [k for k in range(lo, hi)] + ([hi] if hi < b and ctx.w[hi] == "," else [])
        if lo > a and ctx.w[lo - 1] == ",":
            frame = [lo - 1] + frame
        return _mk(ctx, msg, cue, src, frame, direct, stwr)
    if postposed:
        msg = _message_before(ctx, lo, a)
        if not msg:
            return None
        if getattr(d, "SUBJECT_FIRST_POSTPOSED", False) and not (finite + 1 < b and (ctx.is_cap(finite + 1) or ctx.low[finite + 1] in d.ARTICLES or ctx.low[finite + 1] in d.PRONOUNS)):
            return None  # English "Putin, who arrived late, said nothing.": no inverted subject
        src_start = finite + 1
        skip = set(cue)
        while src_start < b and (src_start in skip or ctx.low[src_start] == "es"):
            src_start += 1
        src = _np_forward(ctx, src_start, b, skip)
        if len(cue) > 1 and ctx.low[cue[1]] == "es":  # "…, heißt es in der Mitteilung"
            src = _place_source(ctx, [k for k in range(src_start, b) if k not in skip])
        if ctx.low[finite] in d.AUXILIARIES and len(cue) > 1:
            src = _trim_source(ctx, [k for k in range(finite + 1, cue[-1]) if k not in cue])
            if not src:
                src = _np_forward(ctx, cue[-1] + 1, b, set(cue))
        for n, k in enumerate(src[1:], 1):
            if ctx.low[k] in ("der", "dem") and ctx.low[src[0]] not in d.ARTICLES and ctx.is_cap(src[n - 1]) and any(is_media(ctx, x) for x in src[n + 1 :]):
                src = src[:n]  # "sagte Müller der Sportschau": a dative medium, not a genitive
                break
        direct = ctx.qid[msg[0]] != -1 and ctx.qid[msg[-1]] != -1
        frame_end = b
        frame = [k for k in range(lo - 1 if lo > a else lo, frame_end) if k not in set(msg)]
        while frame and ctx.w[frame[-1]] in SENT_END:
            frame.pop()
        ann = _mk(ctx, msg, cue, src, frame, direct, stwr)
        _addr(ctx, ann, src, frame)
        return ann
    # subject (or adverbial) first: "X sagte, MSG"
    end_cl = hi
    if cue[-1] >= hi:
        end_cl = cue[-1] + 1
    msg, direct = _message_after(ctx, end_cl, b)
    if msg and not direct and _relative_clause(ctx, msg[0]):
        msg = []  # "nannte X die Verabschiedung des Gesetzes, das …": a relative clause
    if msg and not direct and not coord:
        msg = _cut_coordinated_verb(ctx, msg)
    if msg and not direct and lo > a and _relative_clause(ctx, lo) and ctx.low[msg[0]] not in d.SUBORDINATORS and ctx.w[hi - 1 if hi > lo else lo] != ":":
        return None  # "Putin, der … begrüßt wurde, überreichte …": the cue is inside a relative clause
    if not msg:
        # object quote inside the clause: "bezeichnete X als „…“"
        for k in range(finite + 1, b):
            if ctx.qid[k] != -1 and ctx.outer[ctx.qid[k]].open_tok == k:
                r = ctx.outer[ctx.qid[k]]
                if not _quoted_name(ctx, list(range(k, r.end_tok + 1))):  # not "nennt „Twitter“"
                    msg = list(range(k, r.end_tok + 1))
                    direct = True
                break
        if not msg and getattr(d, "SUBJECT_FIRST_POSTPOSED", False):
            msg = _complement_clause(ctx, cue, b)  # English "Blinken said (that) NATO was …"
        if not msg and getattr(d, "SUBJECT_FIRST_POSTPOSED", False) and a < lo <= first < finite and not _relative_clause(ctx, lo):
            # English "“…,” Kim said." / "The talks went well, the Kremlin said.": the
            # message precedes a subject-first frame
            msg = _message_before(ctx, lo, a)
            direct = bool(msg) and ctx.qid[msg[0]] != -1 and ctx.qid[msg[-1]] != -1
        if not msg:
            msg = _previous_as_message(ctx, a, first, finite)
            if not msg:
                return None
    if not any(ctx.low[cue[0]].startswith(v) for v in d.OBJECT_QUOTE_VERBS):
        pass
    else:
        for k in range(finite + 1, b):
            if ctx.qid[k] != -1 and ctx.outer[ctx.qid[k]].open_tok == k:
                r = ctx.outer[ctx.qid[k]]
                if (not msg or k < msg[0] or not direct) and not _quoted_name(ctx, list(range(k, r.end_tok + 1))):
                    msg, direct = list(range(k, r.end_tok + 1)), True
                break
    pre = [k for k in range(first, finite)]
    obj_pre: list[int] = []
    impersonal = len(cue) > 1 and ctx.low[cue[1]] == "es"
    if coord:
        src = []
    elif impersonal:
        src = _place_source(ctx, pre) or _place_source(ctx, list(range(max(cue) + 1, min(b, end_cl + 1))))
    elif not pre or (ctx.low[pre[0]] in d.FRONT_ADVERBIAL or ctx.low[pre[0]] in d.SUBORDINATORS):
        src = _subject_after(ctx, finite, min(b, end_cl + 1), cue)
    elif pre and (ctx.low[pre[0]] in getattr(d, "OBJECT_ONLY", ()) or len(pre) == 1 and ctx.low[pre[0]] in getattr(d, "OBJECT_DEMONSTRATIVES", ())):
        # "Den Flüchtlingen sicherte Präsident Gusmão zu, …", "Das sagte er": the fronted
        # phrase is an object; the subject follows the verb
        src = _subject_after(ctx, finite, min(b, end_cl + 1), cue)
        obj_pre = [k for k in pre if ctx.w[k] not in PUNCT_BOUND]
    else:
        src = _trim_source(ctx, pre)
        if V2_PREFIELD and first == a and src and len(pre) <= MAX_SOURCE + 8 and all(ctx.qid[k] == -1 for k in pre):
            src = _prefield(ctx, pre) or src
    if msg and msg[0] > finite:
        frame = [k for k in range(first, msg[0])]
    else:
        frame = _frame_for(ctx, a, b, msg)
    ms = set(msg)
    frame = [k for k in frame if k not in ms]
    addr_np: list[int] = []
    if src and not coord and _passive_addr(ctx, cue):
        # "Klien wurde vorgeworfen, …", "Ihm wird vorgeworfen": the subject / dative of a
        # passive addressee verb is the addressee; the speaker is unnamed
        addr_np, src = src, []
    elif src and not coord and PASSIVE_NO_SPEAKER and _passive(ctx, cue):
        # "Details wurden nicht genannt, etwa ob …": the subject of a passive is what was
        # (not) said, never who said it
        src = []
    ann = _mk(ctx, msg, cue, src, frame, direct, stwr)
    ann.coord = coord
    if addr_np:
        ann.addr = addr_np
    else:
        _addr(ctx, ann, src, frame)
    if obj_pre and _addr_verb(ctx, ann.cue) and ctx.low[obj_pre[0]] not in getattr(d, "OBJECT_DEMONSTRATIVES", ()):
        ann.addr = obj_pre
    return ann


def _checked_svo_source(ctx: Ctx, ann: Ann) -> Ann | None:
    """English speakers are noun phrases: a leading "and"/"but" goes; a "speaker" holding a
    verb ("China reacted coolly", "was suspended …") or starting lower-case is no speaker,
    and the quote is dropped rather than attributed wrongly."""
    d = ctx.d
    src = list(ann.source)
    while src and ctx.low[src[0]] in getattr(d, "SOURCE_LEADING_CONJ", ()):
        src = src[1:]
    if not src:
        return ann if not ann.source else None
    first = src[0]
    verbish = any(
        ctx.low[k] in d.AUXILIARIES or ctx.low[k] in ctx.lex.full or (ctx.low[k].endswith("ed") and not ctx.is_cap(k) and len(ctx.low[k]) > 4)
        for k in src
    )
    if verbish or len(src) > 12 or not (ctx.is_cap(first) or ctx.low[first] in d.ARTICLES or ctx.low[first] in d.PRONOUNS or ctx.w[first][:1].isdigit()):
        return None
    ann.source = src
    return ann


def _strip_start(ctx: Ctx, msg: list[int]) -> list[int]:
    while msg and ctx.w[msg[0]] in PUNCT_BOUND:
        msg = msg[1:]
    return msg


def _complement_clause(ctx: Ctx, cue: list[int], b: int) -> list[int]:
    """English complement clause without a comma: "said (that) MSG", "told reporters (that) MSG".

    After the cue: an optional addressee (pronoun or short noun phrase), then "that" or a
    subject (capitalised word, article, pronoun) and the rest of the sentence."""
    d = ctx.d
    k = max(cue) + 1
    if k < b and (ctx.low[k] in getattr(d, "ADDRESSEE_AFTER_CUE", ()) or ctx.low[k] in d.ADDRESSEE_NOUNS or ctx.low[k] in d.MEDIA_WORDS):
        k += 1  # "told reporters …", "told Reuters …"
    elif k + 1 < b and ctx.is_cap(k) and ctx.low[k + 1] in d.SUBORDINATORS:
        k += 1  # "told Blinken that …"
    if k < b and ctx.low[k] in d.FRONT_ADVERBIAL:
        # "said on Wednesday that …": a time or place before the clause; without "that"
        # ("said on Monday.") there is no message
        that = [j for j in range(k + 1, min(b, k + 5)) if ctx.low[j] == "that"]
        if not that:
            return []
        k = that[0]
    if k < b and ctx.low[k] in d.SUBORDINATORS:
        start = k + 1 if ctx.low[k] == "that" else k
    elif k < b and (ctx.is_cap(k) or ctx.low[k] in d.ARTICLES or ctx.low[k] in d.PRONOUNS):
        start = k
    else:
        return []
    msg = _strip_end(ctx, list(range(start, b)))
    return msg if len(msg) >= 2 and ctx.qid[msg[0]] == -1 else []


def _apposed_subject(ctx: Ctx, a: int, lo: int, *, need_cap: bool = True) -> bool:
    """The text before ", VERB" is a noun phrase with an apposition (no verb, no quote):
    the subject of the cue, not a message."""
    d = ctx.d
    toks = [k for k in range(a, lo - 1)]
    if not toks or len(toks) > MAX_SOURCE + 6 or (need_cap and not ctx.is_cap(a)) or ctx.low[a] in d.FRONT_ADVERBIAL or "," not in (ctx.w[k] for k in toks):
        return False
    function = d.ARTICLES | ATTACH_PREPOSITIONS | {"der", "des", "dem", "den", "die", "das", ",", "(", ")", "/", "-"}
    return all(ctx.qid[k] == -1 and (ctx.is_cap(k) or ctx.low[k] in function or ctx.low[k].isdigit()) for k in toks)


def _relative_clause(ctx: Ctx, k: int) -> bool:
    """Token k opens a relative clause after a noun and a comma ("…, das die Leugnung …")."""
    d = ctx.d
    if k < 2 or k + 1 >= len(ctx.w) or ctx.w[k - 1] != "," or not ctx.is_cap(k - 2) or ctx.low[k] not in getattr(d, "RELATIVE_PRONOUNS", ()):
        return False
    nxt = k + 1
    if ctx.low[k] in ("deren", "dessen"):
        return True
    return not ctx.is_cap(nxt) and not (_adjectival(ctx.low[nxt]) and nxt + 1 < len(ctx.w) and ctx.is_cap(nxt + 1))


def _previous_as_message(ctx: Ctx, a: int, first: int, finite: int) -> list[int]:
    """"Dies bestätigte X am Abend.": the demonstrative stands for the previous sentence,
    which is the message together with it (as annotated in SpkAtt)."""
    si = ctx.sent_of[a]
    if si == 0 or first != a or finite != a + 1 or ctx.low[a] not in getattr(ctx.d, "OBJECT_DEMONSTRATIVES", ()):
        return []
    pa, pb = ctx.sents[si - 1]
    if pb - pa < 4 or pb - pa > 80 or any(ctx.qid[k] != -1 for k in (pa, pb - 1)):
        return []
    return list(range(pa, pb)) + [a]


def _cut_coordinated_verb(ctx: Ctx, msg: list[int]) -> list[int]:
    """"X sagte, dass … würde, und weigerte sich …": a second verb of the speaker after "und"
    ends the message (a past-tense or cue verb right after "und", not a Konjunktiv)."""
    lex = ctx.lex
    for n, k in enumerate(msg[:-2]):
        if ctx.low[k] != "und" or n < 3 or ctx.qid[k] != -1:
            continue
        v, nxt = ctx.low[k + 1], ctx.low[k + 2]
        if ctx.is_cap(k + 1) or v in ctx.d.KONJUNKTIV:
            continue
        if v in lex.full and not _is_participle(v) or v in lex.particle or (v.endswith(("te", "ten")) and len(v) > 4 and nxt in ("sich", "auch", "hier", "dann", "zudem", "ebenfalls")):
            return _strip_end(ctx, msg[:n])
    return msg


PASSIVE_NO_SPEAKER = True


def _passive(ctx: Ctx, cue: list[int]) -> bool:
    """A passive cue: a form of "werden" with a participle ("wurden … genannt")."""
    return len(cue) >= 2 and ctx.low[cue[0]] in getattr(ctx.d, "PASSIVE_AUXILIARIES", ()) and any(_is_participle(ctx.low[k]) for k in cue[1:])


def _passive_addr(ctx: Ctx, cue: list[int]) -> bool:
    """A passive of an addressee verb: "wurde vorgeworfen", "wird aufgefordert"."""
    d = ctx.d
    return (
        len(cue) >= 2
        and ctx.low[cue[0]] in getattr(d, "PASSIVE_AUXILIARIES", ())
        and any(ctx.low[k] in getattr(d, "PASSIVE_ADDR_PARTICIPLES", ()) for k in cue[1:])
    )


def _addr_verb(ctx: Ctx, cue: list[int]) -> bool:
    words = " ".join(ctx.low[x] for x in cue)
    return any(words.startswith(v) or f" {v}" in words for v in getattr(ctx.d, "ADDR_OBJECT_CUES", ()))


def _object_next(ctx: Ctx, cue: list[int], b: int) -> bool:
    """The token after the cue opens an accusative/dative object ("…, begrüßte den …")."""
    k = max(cue) + 1
    return k < b and ctx.low[k] in getattr(ctx.d, "OBJECT_ONLY", ())


def _coord_subjects(ctx: Ctx, sent_anns: list[Ann], a: int, b: int) -> None:
    """A coordinated cue verb takes the subject of the clause it is coordinated with:
    the source of the previous annotation in the sentence, else the sentence-initial
    noun phrase."""
    d = ctx.d
    prev: list[int] = []
    for an in sent_anns:
        if an.coord and not an.source:
            src = prev
            if not src and (ctx.is_cap(a) or ctx.low[a] in d.ARTICLES) and ctx.low[a] not in d.FRONT_ADVERBIAL and ctx.low[a] not in d.SUBORDINATORS:
                src = _trim_source(ctx, _np_forward(ctx, a, min(an.cue)))
            if src:
                an.source = list(src)
                an.frame = sorted(set(an.frame) | set(src))
        if an.source:
            prev = an.source


def _prep_cue(ctx: Ctx, i: int, a: int, b: int) -> Ann | None:
    src = _np_forward(ctx, i + 1, b)
    j = i + 1
    if not src and j + 1 < b and not ctx.is_cap(j) and _adjectival(ctx.low[j]) and (ctx.is_cap(j + 1) or _adjectival(ctx.low[j + 1])):
        tail = _np_forward(ctx, j + 1, b) if ctx.is_cap(j + 1) else ([j + 1] + _np_forward(ctx, j + 2, b) if j + 2 < b and ctx.is_cap(j + 2) else [])
        src = [j] + tail if tail else []  # "laut israelischen Medien", "laut aktueller Statistik"
    if not src and j < b and ("." in ctx.w[j] or "-" in ctx.w[j]) and ctx.w[j][-1:].isalpha() and ctx.qid[j] == -1:
        src = [j]  # "laut ndr.de", "laut ai-Bericht"
    if ctx.low[i] == "nach":
        k = _nach_noun(ctx, i, b)
        src = list(range(i + 1, k + 1)) + _genitive(ctx, k + 1, b) if k is not None else []
    if not src:
        return None
    if i == a:
        src = src + _attachments(ctx, max(src) + 1, b)
    frame = [i] + src
    msg = [k for k in range(a, b) if k not in set(frame)]
    msg = _strip_end(ctx, msg)
    ann = _mk(ctx, msg, [i], src, frame, False, "SW" if ctx.low[i] == "laut" else "Speech")
    if any(ctx.low[x] in ctx.d.MEDIA_WORDS for x in src):
        ann.relay = [x for x in src if ctx.w[x].isupper() and len(ctx.w[x]) > 1] or src
    return ann


def _postposition_cue(ctx: Ctx, i: int, a: int, b: int) -> Ann | None:
    src = _np_backward(ctx, i, a)
    if not src:
        return None
    frame = src + [i]
    msg = _strip_end(ctx, [k for k in range(a, b) if k not in set(frame)])
    return _mk(ctx, msg, [i], src, frame, False, "SW")


def _so_cue(ctx: Ctx, i: int, a: int, b: int) -> Ann | None:
    src = _np_forward(ctx, i + 1, b)
    if not src:
        return None
    msg = _message_before(ctx, i, a)
    if not msg:
        return None
    after: list[int] = []
    if "," in (ctx.w[k] for k in src) and len(msg) <= SO_PARENTHETICAL:
        # "Im Gegenzug, so Washington und Seoul, stellte Russland …": a parenthetical
        # inside the message; the source ends at its comma, the message goes on after it
        cut = next(k for k in src if ctx.w[k] == ",")
        rest = _strip_end(ctx, list(range(cut + 1, b)))
        if len(rest) >= 3:
            src = [k for k in src if k < cut]
            after = rest
    end = src[-1] + 1
    trail = end
    while trail < b and ctx.low[trail] in getattr(ctx.d, "SO_TRAILING", ()):
        trail += 1  # ", so Elshorst weiter."
    if not after and trail < b and ctx.w[trail] not in SENT_END and ctx.w[trail] not in (",", ":") and len(msg) <= SO_PARENTHETICAL:
        return None  # (after a full message clause the so-phrase may go on: "…, so das Ergebnis einer gestern vorgestellten Studie …")
    direct = ctx.qid[msg[0]] != -1 and ctx.qid[msg[-1]] != -1 and not after
    frame = [i - 1, i] + src + list(range(end, trail)) + ([end] if after and ctx.w[end] == "," else [])
    return _mk(ctx, msg + after, [i], src, frame, direct, "Speech")
