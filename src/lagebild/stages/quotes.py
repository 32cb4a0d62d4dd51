"""Stage ``quotes``: reported speech with cue, message, speaker, addressee, relay.

Rules live in `quote_rules` (patterns) and `quote_marks` (quotation marks);
language data in ``lang/<lang>/quotes.py``. A language without that module gets
no quotes (documented fallback). Without ``doc.tokens`` (e.g. used alone) a
simple built-in tokenizer and sentence splitter are used.

Speaker: ``Quote.speaker`` is the named speaker. When the quote's own sentence
names the speaker only by a pronoun or role noun ("er", "dieser Experte"),
``speaker`` is the span of the last compatible named speaker earlier in the
article and ``speaker_ref`` keeps the span of the pronoun / role noun.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType

from .. import lang as lang_data
from ..model import Document, Mention, Quote, Span
from . import register
from .quote_rules import Ann, Ctx, add_nested, extract

VERSION = "5"
SOURCE = f"quotes@{VERSION}"
MAX_TOKENS = 200_000  # longer inputs are cut (bounded time); offsets stay valid

_TOKEN = re.compile(r"\w+(?:[-’'.]\w+)*|[^\w\s]", re.UNICODE)
_SENT_END = re.compile(r"[.!?…]")


def simple_tokens(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Fallback tokens and sentences (as token ranges) when no sentence stage ran."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    sents: list[tuple[int, int]] = []
    a = 0
    for i, (s, e) in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        boundary = nxt is None
        if nxt is not None:
            gap = text[e : nxt[0]]
            if "\n" in gap:
                boundary = True
            elif _SENT_END.fullmatch(text[s:e]) and gap and (text[nxt[0]].isupper() or text[nxt[0]] in "„\"»«"):
                boundary = True
        if boundary:
            sents.append((a, i + 1))
            a = i + 1
    return toks, sents


def _paragraphs(text: str, toks: list[tuple[int, int]], doc: Document) -> list[int]:
    para = [0] * len(toks)
    p = 0
    for i in range(1, len(toks)):
        gap = text[toks[i - 1][1] : toks[i][0]]
        if "\n" in gap:
            p += 1
        para[i] = p
    return para


def build_ctx(doc: Document, data: ModuleType) -> Ctx:
    text = doc.text
    if doc.tokens:
        toks = [(t.start, t.end) for t in doc.tokens][:MAX_TOKENS]
        starts = [s for s, _ in toks]
        sents: list[tuple[int, int]] = []
        import bisect

        for sp in doc.sentences or (Span(0, len(text)),):
            a = bisect.bisect_left(starts, sp.start)
            b = bisect.bisect_left(starts, sp.end)
            if b > a:
                sents.append((a, b))
        if not sents and toks:
            sents = [(0, len(toks))]
        # tokens outside every sentence: attach them as their own sentences
        covered = sum(b - a for a, b in sents)
        if covered != len(toks):
            fixed: list[tuple[int, int]] = []
            pos = 0
            for a, b in sorted(sents):
                a = max(a, pos)
                if a > pos:
                    fixed.append((pos, a))
                if b > a:
                    fixed.append((a, b))
                pos = max(pos, b)
            if pos < len(toks):
                fixed.append((pos, len(toks)))
            sents = fixed
    else:
        toks, sents = simple_tokens(text)
        toks = toks[:MAX_TOKENS]
        sents = [(a, min(b, len(toks))) for a, b in sents if a < len(toks)]
    return Ctx(text, toks, sents, _paragraphs(text, toks, doc), data)


def _span(ctx: Ctx, toks: list[int], label: str = "") -> Span | None:
    if not toks:
        return None
    return Span(ctx.tok[min(toks)][0], ctx.tok[max(toks)][1], label, source=SOURCE)


def _runs(ctx: Ctx, toks: list[int], label: str) -> tuple[Span, ...]:
    out: list[Span] = []
    run: list[int] = []
    for k in sorted(set(toks)):
        if run and k != run[-1] + 1:
            out.append(_span(ctx, run, label))  # type: ignore[arg-type]
            run = []
        run.append(k)
    if run:
        out.append(_span(ctx, run, label))  # type: ignore[arg-type]
    return tuple(out)


def _name_tokens(ctx: Ctx, src: list[int], entities: tuple[Mention, ...]) -> list[int]:
    """The tokens of a named person/organisation inside a source phrase, or []."""
    d = ctx.d
    if not src:
        return []
    if entities:
        a, b = ctx.tok[min(src)][0], ctx.tok[max(src)][1]
        for m in entities:
            if m.label in ("PER", "ORG") and a <= m.start and m.end <= b:
                return [k for k in src if m.start <= ctx.tok[k][0] and ctx.tok[k][1] <= m.end]
    # heuristic: first run of capitalised words not introduced by an article
    head: list[int] = []
    for k in src:
        if ctx.w[k] == ",":
            break
        head.append(k)
    run: list[int] = []
    for k in head:
        lw = ctx.low[k]
        if ctx.is_cap(k) and lw not in d.ROLE_NOUNS and lw not in d.ARTICLES and lw not in d.PRONOUNS:
            prev = k - 1
            if not run and prev >= head[0] and (ctx.low[prev] in d.ARTICLES or (not ctx.is_cap(prev) and ctx.low[prev] not in ("von",))):
                if ctx.low[prev] in d.ARTICLES:
                    continue
            run.append(k)
        elif run:
            break
    return run


def _is_reference(ctx: Ctx, src: list[int]) -> bool:
    """A pronoun or a role noun phrase ("er", "der Kremlchef", "dieser Experte")."""
    d = ctx.d
    pron = d.PRONOUNS | getattr(d, "OBJECT_PRONOUNS", frozenset())
    if len(src) == 1 and ctx.low[src[0]] in pron and ctx.low[src[0]] not in ("es", "man", "ich", "wir"):
        return True
    if 2 <= len(src) <= 4 and ctx.low[src[0]] in d.DEMONSTRATIVES:
        caps = [k for k in src if ctx.is_cap(k) and k != src[0]]
        return bool(caps) and all(ctx.low[k] in d.ROLE_NOUNS or ctx.low[k].endswith(tuple(d.ROLE_NOUNS)) for k in caps)
    return False


@lru_cache(maxsize=4)
def _role_patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    mod = lang_data.get(lang, "roles")
    if mod is None:
        return ()
    return tuple((re.compile(p, re.IGNORECASE), r) for p, r in getattr(mod, "ROLE_PATTERNS", ()))


def _holder_words(phrase: str, lang: str, date: str | None) -> frozenset[str]:
    """Name words of the office holder a role noun phrase stands for ("der Kremlchef" -> Putin)."""
    for pat, role in _role_patterns(lang):
        if pat.search(phrase):
            from .coref import holder_at  # read-only use of the coref stage's office holders

            h = holder_at(role, date)
            if h is not None:
                return frozenset(w.lower() for w in re.findall(r"\w[\w-]+", h.name))
            return frozenset()
    return frozenset()


def _agency_as_relay(ctx: Ctx, anns: list[Ann]) -> list[Ann]:
    """"…", sagte Koh Yu-hwan, …, kommentierte AFP: when a message already has a speaker, a
    second cue whose subject is only a news medium names who relayed it, not another speaker."""
    media = getattr(ctx.d, "MEDIA_WORDS", frozenset())

    def is_media(src: list[int]) -> bool:
        return bool(src) and all(ctx.low[k] in media or not ctx.w[k][:1].isalnum() for k in src)

    dropped: set[int] = set()
    for i, a in enumerate(anns):
        if not is_media(a.source):
            continue
        msg = set(a.message)
        for b in anns:
            if b is not a and b.source and not is_media(b.source) and msg & set(b.message):
                if not b.relay:
                    b.relay = list(a.source)
                dropped.add(i)
                break
    return [a for i, a in enumerate(anns) if i not in dropped]


def _drop_unattributed_duplicates(ctx: Ctx, anns: list[Ann]) -> list[Ann]:
    """"„…“, urteilte Kim …, heißt es in einer Übersetzung": a second, speakerless or
    impersonal cue on a message that already has a speaker adds no quote of its own; its
    document becomes the relay (the SpkAtt output keeps both annotations)."""
    def weak(a: Ann) -> bool:
        return not a.source or any(ctx.low[k] == "es" for k in a.cue)

    dropped: set[tuple[int, ...]] = set()
    for a in anns:
        msg = set(a.message)
        if a.nested or not a.cue or not msg or not weak(a):
            continue
        for b in anns:
            if b is not a and b.source and not weak(b) and len(msg & set(b.message)) >= 0.8 * min(len(msg), len(b.message)):
                dropped.add(tuple(a.cue))
                if a.source and not b.relay:
                    b.relay = list(a.source)
                break
    return [a for a in anns if not a.cue or tuple(a.cue) not in dropped]


def _addressee(ctx: Ctx, an: Ann, entities: tuple[Mention, ...]) -> Span | None:
    """The addressee span; trimmed to a named entity inside it ("sicherte Kim Hilfe zu")."""
    if not an.addr or an.relay:
        return None
    sp = _span(ctx, [k for k in an.addr if ctx.low[k] not in ("gegenüber", "zu")], "addressee")
    if sp is None:
        return None
    inner = [m for m in entities if m.label in ("PER", "ORG", "LOC") and sp.start <= m.start and m.end <= sp.end and (m.start, m.end) != (sp.start, sp.end)]
    if len(inner) == 1 and ctx.text[sp.start : inner[0].start].strip() == "":
        return Span(inner[0].start, inner[0].end, "addressee", source=SOURCE)
    return sp


def to_quotes(ctx: Ctx, anns: list[Ann], entities: tuple[Mention, ...], *, lang: str = "de", date: str | None = None) -> tuple[Quote, ...]:
    anns = _drop_unattributed_duplicates(ctx, _agency_as_relay(ctx, anns))
    quotes: list[Quote] = []
    named: list[tuple[int, list[int]]] = []  # (token position, name tokens) of earlier speakers
    per_mentions = [m for m in entities if m.label == "PER"]
    for an in sorted(anns, key=lambda x: (min(x.message), x.nested)):
        if not an.message:
            continue
        pos = min(an.cue) if an.cue else min(an.message)
        speaker: Span | None = None
        ref: Span | None = None
        src = an.source
        if src and _is_reference(ctx, src) and (ctx.sent_of[min(src)] == ctx.sent_of[pos] or not an.cue):
            ref = _span(ctx, src, "ref")
            holder = _holder_words(ctx.text[ctx.tok[min(src)][0] : ctx.tok[max(src)][1]], lang, date)
            cands = [(p, toks) for p, toks in named if p < pos]
            ent = [m for m in per_mentions if m.end <= ctx.tok[pos][0]]
            if holder:  # a role noun of a known office: only mentions of its holder
                cands = [(p, toks) for p, toks in cands if any(ctx.low[k] in holder for k in toks)]
                ent = [m for m in ent if holder & set(ctx.text[m.start : m.end].lower().split())]
                if not cands and not ent:  # the holder by name anywhere in the text
                    hits = [k for k in range(len(ctx.w)) if ctx.low[k] in holder and ctx.is_cap(k)]
                    if hits:
                        near = min(hits, key=lambda k: abs(k - pos))
                        run = [k for k in range(max(0, near - 2), min(len(ctx.w), near + 3)) if ctx.low[k] in holder and ctx.is_cap(k)]
                        cands = [(near, run)]
            cand_pos = cands[-1][0] if cands else -1
            # subject continuity: a speaker named in this or the previous sentence beats a
            # later mention that is only an object ("… und sicherte Kim Hilfe zu. Er …")
            recent = cand_pos >= 0 and ctx.sent_of[cand_pos] >= ctx.sent_of[pos] - 1
            if ent and not recent and (ctx.tok[cand_pos][0] < ent[-1].start if cand_pos >= 0 else True):
                m = ent[-1]
                speaker = Span(m.start, m.end, "PER", source=SOURCE)
            elif cands:
                speaker = _span(ctx, cands[-1][1], "PER")
            else:  # nothing to resolve to: the pronoun / role noun itself
                speaker, ref = _span(ctx, src, "speaker"), None
        elif src:
            name = _name_tokens(ctx, src, entities)
            if name:
                named.append((min(src), name))
            speaker = _span(ctx, src, "speaker")
        kind = {"Direct": "direct", "IndirectFreeIndirect": "indirect", "FreeIndirect": "indirect"}.get(an.form, an.kind)
        if an.form == "Indirect":
            kind = an.kind
        if an.nested:
            kind = "partial"
        quotes.append(
            Quote(
                kind=kind,
                message=_runs(ctx, an.message, "message"),
                cue=_runs(ctx, an.cue, "cue"),
                speaker=speaker,
                addressee=_addressee(ctx, an, entities),
                relay=_span(ctx, an.relay, "relay"),
                confidence=an.confidence,
                source=SOURCE,
                speaker_ref=ref,
            )
        )
    return tuple(quotes)


def quote_data(lang: str | None) -> ModuleType | None:
    return lang_data.get(lang or "de", "quotes")


def annotate(doc: Document, *, nested: bool = True) -> tuple[Ctx | None, list[Ann]]:
    data = quote_data(doc.lang)
    if data is None or not doc.text:
        return None, []
    ctx = build_ctx(doc, data)
    anns = extract(ctx)
    if nested:
        anns = add_nested(ctx, anns)
    return ctx, anns


@register("quotes", version=VERSION, requires=("sentences", "tokens"), assigns=("quotes",))
def make_quotes_stage():
    def run(doc: Document) -> Document:
        ctx, anns = annotate(doc)
        if ctx is None:
            return doc.with_(quotes=())
        date = doc.meta.date.value if doc.meta.date is not None else None
        return doc.with_(quotes=to_quotes(ctx, anns, doc.entities, lang=doc.lang or "de", date=date))

    return run
