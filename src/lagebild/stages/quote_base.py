"""Core records of the rule-based quote extraction: tokens with sentence and quote
information (`Ctx`), the annotation record (`Ann`), the cue lexicon and small helpers
shared by `quote_rules` (cue patterns) and `quote_context` (continuations, nesting)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType

from .quote_marks import DOUBLE, SINGLE, Region, find_regions, outer_regions
from .quote_np import PUNCT_BOUND, SENT_END

MAX_NAME_WORDS = 3  # a quote of at most this many capitalised words is a name, not a partial quote

MAX_QUOTED_NAME = 6  # tokens of a quoted name ("„The Guardian“") a clause may contain


@dataclass
class Ann:
    message: list[int]
    cue: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    addr: list[int] = field(default_factory=list)
    frame: list[int] = field(default_factory=list)
    relay: list[int] = field(default_factory=list)
    form: str = "Indirect"
    stwr: str = "Speech"
    kind: str = "indirect"
    nested: bool = False
    has_nested: bool = False
    confidence: float = 0.7
    coord: bool = False  # cue verb coordinated with an earlier verb: subject from that clause


@dataclass(frozen=True)
class Lex:
    full: frozenset[str]  # cue verb forms that need nothing else
    particle: dict[str, frozenset[str]]  # finite form -> particles that make it a cue
    data: ModuleType


@lru_cache(maxsize=8)
def lexicon(data: ModuleType) -> Lex:
    insep = ("be", "er", "ver", "zer", "ent", "emp", "ge", "miss", "über", "unter", "wider", "hinter")
    full: set[str] = set(getattr(data, "IRREGULAR_FORMS", ()))
    for stem in getattr(data, "WEAK_STEMS", ()):
        for end in ("e", "t", "te", "ten", "en", "et", "ete", "eten", "st", "test"):
            full.add(stem + end)
        if stem.endswith("ier") or stem.startswith(insep):
            full.update({stem + "t", stem + "et"})
        else:
            full.update({"ge" + stem + "t", "ge" + stem + "et"})
    particle: dict[str, set[str]] = {}
    for part, finite, participle in getattr(data, "SEPARABLE", ()):
        full.add(participle)
        for f in finite.split():
            particle.setdefault(f, set()).add(part)
            full.add(part + f)  # verb-final in subordinate clauses: "mitteilte"
    full -= set(getattr(data, "NOT_CUES", ()))
    return Lex(frozenset(full), {k: frozenset(v) for k, v in particle.items()}, data)


class Ctx:
    """Tokens of one document with sentence, paragraph and quote information."""

    def __init__(self, text: str, tokens: list[tuple[int, int]], sents: list[tuple[int, int]], para_of: list[int], data: ModuleType):
        self.text = text
        self.tok = tokens
        self.w = [text[s:e] for s, e in tokens]
        self.low = [x.lower() for x in self.w]
        self.sents = sents  # token ranges [a, b)
        self.sent_of = [0] * len(tokens)
        for si, (a, b) in enumerate(sents):
            for i in range(a, b):
                self.sent_of[i] = si
        self.lex = lexicon(data)
        self.d = data
        regs = find_regions(text, tokens, self.sent_of, para_of)
        self.regions: list[Region] = regs
        self.outer = outer_regions(regs)
        self.qid = [-1] * len(tokens)
        for ri, r in enumerate(self.outer):
            for i in range(r.open_tok, r.end_tok + 1):
                self.qid[i] = ri

    def is_mark(self, i: int) -> bool:
        return self.w[i] in DOUBLE or (self.w[i] in SINGLE and len(self.w[i]) == 1)

    def is_cap(self, i: int) -> bool:
        return bool(self.w[i]) and self.w[i][0].isupper()


def _clause(ctx: Ctx, i: int, a: int, b: int) -> tuple[int, int]:
    """Clause around token i within sentence [a, b): bounded by punctuation and quotes."""
    lo = i
    while lo > a and ctx.w[lo - 1] not in PUNCT_BOUND:
        if ctx.qid[lo - 1] != -1:
            # a short quoted name inside the clause ("Die Zeitung „Yemen Observer“ berichtet")
            r = ctx.outer[ctx.qid[lo - 1]]
            if r.end_tok == lo - 1 and lo == i and r.end_tok - r.open_tok <= MAX_QUOTED_NAME and r.open_tok - 1 >= a and ctx.w[r.open_tok - 1] not in PUNCT_BOUND and ctx.w[r.open_tok - 1] not in SENT_END and ctx.qid[r.open_tok - 1] == -1 and (ctx.low[r.open_tok - 1] in ctx.d.ARTICLES or ctx.is_cap(r.open_tok - 1)):
                lo = r.open_tok
                continue
            break
        lo -= 1
    hi = i + 1
    while hi < b and ctx.w[hi] not in PUNCT_BOUND and ctx.w[hi] not in SENT_END and ctx.qid[hi] == -1:
        hi += 1
    return lo, hi


def _strip_end(ctx: Ctx, toks: list[int]) -> list[int]:
    while toks and (ctx.w[toks[-1]] in SENT_END or ctx.w[toks[-1]] in PUNCT_BOUND):
        toks = toks[:-1]
    while toks and ctx.w[toks[0]] in PUNCT_BOUND:
        toks = toks[1:]
    return toks


def _is_participle(lw: str) -> bool:
    return lw.startswith("ge") or "ge" in lw[2:6] or lw.endswith(("iert", "ert"))


def _konjunktiv(ctx: Ctx, a: int, b: int) -> bool:
    return any(ctx.low[k] in ctx.d.KONJUNKTIV_STRONG and ctx.qid[k] == -1 and not ctx.is_cap(k) for k in range(a, b))


def _quoted_name(ctx: Ctx, toks: list[int]) -> bool:
    """„Der Spiegel“, „Cast Lead“: a short quote of capitalised words is a name or title."""
    words = [k for k in toks if not ctx.is_mark(k)]
    def name_like(k: int) -> bool:  # "US-zentrischen" is an adjective, "Ruhr-Nachrichten" a name
        return not ctx.w[k][:1].isalpha() or ctx.is_cap(k) and ctx.w[k].split("-")[-1][:1].isupper()

    return 0 < len(words) <= MAX_NAME_WORDS and all(name_like(k) for k in words)


def _stwr(ctx: Ctx, cue: list[int]) -> str:
    d = ctx.d
    w = " ".join(ctx.low[k] for k in cue)
    if any(s in w for s in getattr(d, "STWR_WRITING_STEMS", ())):
        return "Writing"
    if any(s in w for s in getattr(d, "STWR_THOUGHT_STEMS", ())):
        return "Thought"
    return "Speech"


def _mk(ctx: Ctx, msg: list[int], cue: list[int], src: list[int], frame: list[int], direct: bool, stwr: str) -> Ann:
    ms = set(msg)
    cue = [k for k in cue if k not in ms]
    src = [k for k in src if k not in ms]
    frame = sorted(set(frame) | set(cue) | {k for k in src if ctx.sent_of[k] == ctx.sent_of[cue[0]]} if cue else set(frame))
    frame = [k for k in frame if k not in ms]
    form = "Direct" if direct else "Indirect"
    kind = "direct" if direct else ("mixed" if any(ctx.qid[k] != -1 for k in msg) else "indirect")
    return Ann(msg, cue, src, [], frame, [], form, stwr, kind, confidence=0.8 if direct else 0.7)
