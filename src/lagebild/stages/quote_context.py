"""Quotes beyond one cue sentence: Reported speech without a message clause, continuation
sentences (quotes, Konjunktiv I, reportative "soll") of the last speaker, de-duplication and
nested partial quotes (SpkAtt conventions)."""

from __future__ import annotations

from .quote_base import Ann, Ctx, _clause, _quoted_name, _stwr
from .quote_np import CONJ, SENT_END, _np_forward, _trim_source

MAX_CONTINUATION = 4

MERGE_IFI = True

REPORTATIVE_FI = True

REPORTATIVE_FI2 = True


def _reported(ctx: Ctx, anns: list[Ann], cands: dict[int, list[int]]) -> list[Ann]:
    """Reported speech: a cue verb with no message clause ("X sprach von …", "X kündigte … an").

    As annotated in SpkAtt: the message is the whole sentence (speaker included), no cue
    and no frame; the speaker is the subject.
    """
    d = ctx.d
    covered = {ctx.sent_of[k] for an in anns for k in an.message}
    out: list[Ann] = []
    for si, cue in sorted(cands.items()):
        if si in covered:
            continue
        a, b = ctx.sents[si]
        if b - a < 4 or b - a > 60 or any(ctx.qid[k] != -1 for k in range(a, b)) and ctx.qid[a] != -1:
            continue
        words = " ".join(ctx.low[k] for k in cue)
        if words not in getattr(d, "REPORTED_CUES", ()):
            continue
        finite = cue[0]
        lo, hi = _clause(ctx, finite, a, b)
        first = lo
        while first < finite and ctx.low[first] in CONJ:
            first += 1
        pre = list(range(first, finite))
        if not pre:
            continue
        if ctx.low[pre[0]] in d.FRONT_ADVERBIAL or ctx.low[pre[0]] in d.SUBORDINATORS or not (ctx.is_cap(pre[0]) or ctx.low[pre[0]] in d.ARTICLES):
            src = _np_forward(ctx, finite + 1, hi, set(cue))
        else:
            src = _trim_source(ctx, pre)
        if not src or (len(src) == 1 and ctx.low[src[0]] in ("es", "man", "das", "dies")):
            continue
        msg = list(range(a, b))
        out.append(Ann(msg, [], src, [], [], [], "Reported", _stwr(ctx, cue), "reported", confidence=0.4))
    return out


def _dedupe(anns: list[Ann]) -> list[Ann]:
    out: list[Ann] = []
    seen: list[set[int]] = []
    for an in anns:
        m = set(an.message)
        if any(len(m & s) > 0.8 * max(len(m), 1) and len(m & s) > 0.8 * len(s) for s in seen):
            continue
        seen.append(m)
        out.append(an)
    return out


def _reportative(ctx: Ctx, a: int, b: int) -> bool:
    return REPORTATIVE_FI and b - a >= 4 and any(ctx.low[k] in getattr(ctx.d, "REPORTATIVE_MODALS", ()) and ctx.qid[k] == -1 for k in range(a, b))


def _continuations(ctx: Ctx, anns: list[Ann]) -> list[Ann]:
    """Sentences after an attributed one that continue it (Konjunktiv I or a bare quote)."""
    d = ctx.d
    covered = set()
    for an in anns:
        covered.update(ctx.sent_of[k] for k in an.message)
        covered.update(ctx.sent_of[k] for k in an.cue)
    media = getattr(d, "MEDIA_WORDS", frozenset())

    def media_only(an: Ann) -> bool:  # "…, kommentierte AFP": a relay, not the speaker
        return bool(an.source) and all(ctx.low[k] in media or not ctx.w[k][:1].isalnum() for k in an.source)

    last_by_sent: dict[int, Ann] = {}
    for an in anns:
        s_end = max(ctx.sent_of[k] for k in an.message)
        old = last_by_sent.get(s_end)
        if old is not None and media_only(an) and old.source and not media_only(old):
            if not old.relay:
                old.relay = list(an.source)
            continue
        last_by_sent[s_end] = an
    out = list(anns)
    for s_end, an in sorted(last_by_sent.items()):
        if not an.source:
            continue
        s = s_end + 1
        n = 0
        while s < len(ctx.sents) and s not in covered and n < MAX_CONTINUATION:
            a, b = ctx.sents[s]
            if a >= b:
                break
            toks = list(range(a, b))
            quoted = ctx.qid[a] != -1 and ctx.outer[ctx.qid[a]].open_tok == a
            if quoted:
                r = ctx.outer[ctx.qid[a]]
                msg = list(range(r.open_tok, r.end_tok + 1))
                rest = [k for k in range(r.end_tok + 1, b) if ctx.w[k] not in SENT_END]
                if rest:
                    break
                out.append(Ann(msg, [], list(an.source), [], [], list(an.relay), "Direct", an.stwr, "direct", confidence=0.5))
                covered.update(ctx.sent_of[k] for k in msg)
                s = ctx.sent_of[msg[-1]] + 1
            elif _reportative(ctx, a, b):
                # "Hoyzer soll umfassendes Wissen … haben.": reportative "soll" after an
                # attributed sentence is free indirect speech of the same speaker
                out.append(Ann(toks, [], list(an.source), [], [], list(an.relay), "FreeIndirect", an.stwr, "indirect", confidence=0.4))
                covered.add(s)
                s += 1
            elif any(ctx.low[k] in d.KONJUNKTIV_STRONG and ctx.qid[k] == -1 for k in toks):
                last = out[-1]
                if MERGE_IFI and last.form == "IndirectFreeIndirect" and not last.cue and max(last.message) == a - 1:
                    last.message = last.message + toks  # consecutive reported sentences: one message
                else:
                    out.append(Ann(toks, [], list(an.source), [], [], list(an.relay), "IndirectFreeIndirect", an.stwr, "indirect", confidence=0.5))
                covered.add(s)
                s += 1
            else:
                break
            n += 1
    # other sentences in Konjunktiv I without a cue: reported speech of the last speaker
    prev = sorted(out, key=lambda x: max(x.message))
    for s, (a, b) in enumerate(ctx.sents):
        if s in covered or b - a < 4:
            continue
        konj = any(ctx.low[k] in d.KONJUNKTIV_STRONG and ctx.qid[k] == -1 and not ctx.is_cap(k) for k in range(a, b))
        if not konj and not (REPORTATIVE_FI2 and _reportative(ctx, a, b)):
            continue
        src: list[int] = []
        for an in reversed(prev):
            end_s = ctx.sent_of[max(an.message)]
            if end_s < s:
                if s - end_s <= 3 and an.source:
                    src = list(an.source)
                break
        if not konj:
            if src:
                out.append(Ann(list(range(a, b)), [], src, [], [], [], "FreeIndirect", "Speech", "indirect", confidence=0.3))
                covered.add(s)
            continue
        last = out[-1] if out else None
        if MERGE_IFI and last is not None and last.form == "IndirectFreeIndirect" and not last.cue and max(last.message) == a - 1:
            last.message = last.message + list(range(a, b))
        else:
            out.append(Ann(list(range(a, b)), [], src, [], [], [], "IndirectFreeIndirect", "Speech", "indirect", confidence=0.4))
        covered.add(s)
    return out


def add_nested(ctx: Ctx, anns: list[Ann]) -> list[Ann]:
    """Partial quotes inside an indirect message become nested Direct annotations."""
    out = list(anns)
    for an in anns:
        if an.form == "Direct" or an.nested:
            continue
        ms = set(an.message)
        for r in ctx.outer:
            toks = list(range(r.open_tok, r.end_tok + 1))
            if r.open_tok in ms and r.end_tok in ms and len(toks) < len(ms) and len(toks) >= 3 and not _quoted_name(ctx, toks):
                out.append(Ann(toks, list(an.cue), list(an.source), list(an.addr), list(an.frame), list(an.relay), "Direct", an.stwr, "partial", nested=True, confidence=0.6))
                an.has_nested = True
                an.kind = "mixed"
    return out
