"""Claims and corroboration for one story.

A *claim* is a sentence-level statement, matched across the story's articles and
languages by multilingual sentence embeddings plus agreement of names and numbers.
Each claim's support is counted in **independent sources**: two supporting
sentences are one source when their articles are copies of each other (exact/near
duplicates), come from the same agency, or when the sentences sit inside a passage
that the duplicate detector found reused (e.g. the same AFP quote translated
differently). A claim is *corroborated* (≥ 2 independent sources), *single source*,
or *disputed* (the same statement with different numbers in independent sources).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Sequence

import numpy as np

from ..model import Document

MATCH_SCORE = 0.56  # same claim: 0.6 * embedding cosine + 0.4 * content-word overlap
DISPUTE_COSINE = 0.80  # same slot, compare numbers
MAX_SENTENCES_PER_DOC = 80
_NUM = re.compile(r"(?<![\w.])\d{1,3}(?:[.\u202f ]\d{3})+(?![\w])|(?<![\w.])\d+(?:,\d+)?(?![\w])")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class Support:
    doc_id: str
    start: int
    end: int
    text: str
    source_group: str = ""


@dataclass
class Claim:
    claim_id: str
    text: str  # the representative sentence
    doc_id: str  # where the representative comes from
    supports: list[Support] = field(default_factory=list)
    label: str = "single_source"  # corroborated | single_source | disputed
    independent: int = 1
    disputes: list[dict] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        return list(dict.fromkeys(s.doc_id for s in self.supports))

    def to_dict(self) -> dict:
        return {
            "claim_id": self.claim_id,
            "text": self.text,
            "doc_id": self.doc_id,
            "label": self.label,
            "independent_sources": self.independent,
            "articles": self.doc_ids,
            "supports": [s.__dict__ for s in self.supports],
            "disputes": self.disputes,
            "entities": self.entities,
            "numbers": self.numbers,
        }


def numbers_in(text: str) -> set[str]:
    out = set()
    for m in _NUM.finditer(text):
        n = re.sub(r"[.\u202f ]", "", m.group(0)).replace(",", ".")
        out.add(n)
    return out


_WORD = re.compile(r"\w{4,}")


def _stems(text: str) -> frozenset[str]:
    """Crude language-neutral content stems: lower-cased 6-letter prefixes of longer words."""
    return frozenset(w.lower()[:6] for w in _WORD.findall(text))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


class _UF:
    def __init__(self) -> None:
        self.p: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.p.setdefault(x, x)
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class Provenance:
    """What the corpus knows about shared origin: copy groups, agencies, reused passages."""

    copy_pairs: tuple[tuple[str, str], ...] = ()  # exact/near duplicates
    agency: dict[str, str] = field(default_factory=dict)  # doc_id -> agency
    passages: tuple[tuple[str, int, int, str, int, int], ...] = ()  # (doc, s, e, other, os, oe)
    names: dict[str, frozenset[str]] = field(default_factory=dict)  # doc_id -> its source names (agency, outlet), folded
    cites: dict[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)  # doc_id -> media it cites (span, folded name)

    @cached_property
    def passage_index(self) -> dict[tuple[str, str], tuple]:
        idx: dict[tuple[str, str], list] = {}
        for p in self.passages:
            idx.setdefault((p[0], p[3]), []).append(p)
        return {k: tuple(v) for k, v in idx.items()}


def _cites(sup: Support, other: Support, prov: Provenance) -> bool:
    """Does `sup`'s sentence cite the medium that `other`'s article comes from?"""
    names = prov.names.get(other.doc_id)
    if not names:
        return False
    return any(sup.start <= cs < sup.end and name in names for cs, _ce, name in prov.cites.get(sup.doc_id, ()))


def _in_passage(sup: Support, other: Support, prov: Provenance) -> bool:
    idx = prov.passage_index
    for d, s, e, o, os_, oe in idx.get((sup.doc_id, other.doc_id), ()) + idx.get((other.doc_id, sup.doc_id), ()):
        if d == sup.doc_id and o == other.doc_id and s <= sup.start < e and os_ <= other.start < oe:
            return True
        if o == sup.doc_id and d == other.doc_id and os_ <= sup.start < oe and s <= other.start < e:
            return True
    return False


def source_groups(supports: Sequence[Support], prov: Provenance) -> list[str]:
    """One group label per support; equal labels = not independent."""
    uf = _UF()
    for a, b in prov.copy_pairs:
        uf.union(a, b)
    for s in supports:
        ag = prov.agency.get(s.doc_id)
        if ag:
            uf.union(s.doc_id, f"agency:{ag}")
    # an outlet quoting another counts once: "laut Reuters" in a sentence supporting a claim
    # that a Reuters article also makes joins the two (sentence-level)
    for i, a in enumerate(supports):
        for b in supports[i + 1 :]:
            if a.doc_id == b.doc_id:
                continue
            if _cites(a, b, prov) or _cites(b, a, prov):
                uf.union(uf.find(a.doc_id) + f"#{a.start}", uf.find(b.doc_id) + f"#{b.start}")
                uf.union(f"#{a.doc_id}#{a.start}", f"#{b.doc_id}#{b.start}")
    # sentence-level reuse: two supports inside a passage reused between their articles
    for i, a in enumerate(supports):
        for b in supports[i + 1 :]:
            if a.doc_id != b.doc_id and _in_passage(a, b, prov):
                uf.union(uf.find(a.doc_id) + f"#{a.start}", uf.find(b.doc_id) + f"#{b.start}")
                uf.union(f"#{a.doc_id}#{a.start}", f"#{b.doc_id}#{b.start}")
    out = []
    for s in supports:
        sk = f"#{s.doc_id}#{s.start}"
        root = uf.find(sk)
        if root != sk or any(uf.find(f"#{o.doc_id}#{o.start}") == sk for o in supports if o is not s):
            out.append("reuse:" + root)  # shared with another article's sentence: one source
        else:
            out.append(uf.find(s.doc_id))
    return out


def _sentences(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    try:  # a document stored before the sentence stage existed
        from ..stages.sentences import split_sentences

        return list(split_sentences(doc.text, doc.lang or "de", [(b.start, b.end) for b in doc.blocks]))
    except Exception:  # noqa: BLE001 - best effort fallback
        return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", doc.text)]


def _candidate_sentences(doc: Document) -> list[tuple[int, int]]:
    heads = [(b.start, b.end) for b in doc.blocks if b.label in ("title", "heading")]
    out = []
    for start, end in _sentences(doc):
        if any(h0 <= start and end <= h1 for h0, h1 in heads):
            continue
        if len(doc.text[start:end].split()) < 5:
            continue
        out.append((start, end))
        if len(out) >= MAX_SENTENCES_PER_DOC:
            break
    return out


MAX_UNITS = 1500  # sentences embedded per dossier (budget: ~1 s of embedding on one core)
LEAD_SENTENCES = 20  # per article when the story is large: news states its claims early


def _units(docs: Sequence[Document]) -> list[tuple[Document, int, int]]:
    """Candidate sentences under a budget: every article contributes, the lead first."""
    per_doc = [_candidate_sentences(d) for d in docs]
    total = sum(len(x) for x in per_doc)
    cap = MAX_SENTENCES_PER_DOC
    if total > MAX_UNITS:
        cap = max(3, min(LEAD_SENTENCES, MAX_UNITS // max(1, len(docs))))
    return [(d, s, e) for d, sents in zip(docs, per_doc) for s, e in sents[:cap]]


def extract_claims(docs: Sequence[Document], prov: Provenance | None = None, *, backend: str | None = None) -> list[Claim]:
    """Cluster the sentences of a story's articles into claims with independent support.

    Greedy single pass in reading order: a sentence joins the claim whose centroid is
    most similar (0.6 cosine + 0.4 content-word overlap with the claim's first members)
    if that reaches MATCH_SCORE and the claim has no sentence of the same article yet.
    """
    from ..embed import encode

    prov = prov or Provenance()
    units = _units(docs)
    if not units:
        return []
    texts = [d.text[s:e] for d, s, e in units]
    emb = encode(texts, backend=backend)
    stems = [_stems(t) for t in texts]
    n = emb.shape[0]
    S = emb @ emb.T  # sentence-sentence cosines, computed once
    # D[j, i] = (sum of claim j's member vectors) . e_i, updated incrementally;
    # so cos(centroid_j, e_i) = D[j, i] / |sum_j|, with |sum_j|^2 = sum of S over members.
    D = np.zeros((n, n), dtype=np.float32)
    sq = np.zeros(n, dtype=np.float64)
    members: list[list[int]] = []
    docs_of: list[set[str]] = []
    for i, (d, s, e) in enumerate(units):
        best, best_sim = -1, 0.0
        k = len(members)
        if k:
            cos = D[:k, i] / np.sqrt(np.maximum(sq[:k], 1e-12))
            top = np.argpartition(-cos, 9)[:10] if k > 10 else np.arange(k)
            for j in top:
                if d.doc_id in docs_of[j]:
                    continue  # one article rarely states one claim twice
                lex = max(_overlap(stems[i], stems[m]) for m in members[j][:5])
                sc = 0.6 * float(cos[j]) + 0.4 * lex
                if sc > best_sim:
                    best, best_sim = int(j), sc
        if best >= 0 and best_sim >= MATCH_SCORE:
            sq[best] += 2.0 * float(D[best, i]) + float(S[i, i])
            D[best] += S[i]
            members[best].append(i)
            docs_of[best].add(d.doc_id)
        else:
            D[k] = S[i]
            sq[k] = float(S[i, i])
            members.append([i])
            docs_of.append({d.doc_id})
    quote_spans = {d.doc_id: [(sp.start, sp.end) for q in d.quotes for sp in q.message] for d in docs}
    claims: list[Claim] = []
    ent_index: dict[str, list] = {}
    for d in docs:
        ent_index[d.doc_id] = [(m.start, m.key) for m in d.entities if m.key]
    for mem in members:
        rep = mem[0]
        d0, s0, e0 = units[rep]
        sups = [Support(units[k][0].doc_id, units[k][1], units[k][2], texts[k]) for k in mem]
        groups = source_groups(sups, prov) if len(sups) > 1 else [_doc_group(sups[0].doc_id, prov)]
        sups = [Support(x.doc_id, x.start, x.end, x.text, g) for x, g in zip(sups, groups)]
        cid = hashlib.sha256(f"{d0.doc_id}:{s0}:{e0}".encode()).hexdigest()[:12]
        ents = sorted({key for k in mem for st, key in ent_index[units[k][0].doc_id] if units[k][1] <= st < units[k][2]})
        claim = Claim(cid, texts[rep], d0.doc_id, sups, independent=len(set(groups)), entities=ents, numbers=sorted(numbers_in(texts[rep])))
        claim.label = "corroborated" if claim.independent >= 2 else "single_source"
        # disputes: independent supports whose numbers (other than years) disagree
        nums: dict[str, set[str]] = {}
        for sup in sups:
            nn = {x for x in numbers_in(sup.text) if not _YEAR.match(x)}
            if nn:
                nums.setdefault(sup.source_group, set()).update(nn)
        if len(nums) >= 2:
            vals = list(nums.items())
            for a in range(len(vals)):
                for b in range(a + 1, len(vals)):
                    if vals[a][1].isdisjoint(vals[b][1]):
                        claim.disputes.append({"groups": [vals[a][0], vals[b][0]], "values": [sorted(vals[a][1]), sorted(vals[b][1])]})
        # one source states it as fact, another only attributes it to a party (a quote)
        attributed = {sup.source_group: _attributed(sup, quote_spans) for sup in sups}
        if len(attributed) >= 2 and any(attributed.values()) and not all(attributed.values()):
            claim.disputes.append({"kind": "attribution", "fact": sorted(g for g, a in attributed.items() if not a), "attributed": sorted(g for g, a in attributed.items() if a)})
        if any(dd.get("kind", "values") == "values" for dd in claim.disputes):
            claim.label = "disputed"
        claims.append(claim)
    claims.sort(key=lambda c: (-c.independent, -len(c.supports), c.claim_id))
    return claims


def _attributed(sup: Support, quote_spans: dict[str, list[tuple[int, int]]]) -> bool:
    """The sentence reports the statement as someone's words (it overlaps a quote's message by half)."""
    n = max(1, sup.end - sup.start)
    inside = sum(max(0, min(e, sup.end) - max(s, sup.start)) for s, e in quote_spans.get(sup.doc_id, ()))
    return inside / n >= 0.5


def _doc_group(doc_id: str, prov: Provenance) -> str:
    return source_groups([Support(doc_id, 0, 0, "")], prov)[0]


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.casefold())


def provenance_from_rows(dup_rows: Iterable[dict], agencies: dict[str, str], docs: Sequence[Document] = ()) -> Provenance:
    """Provenance from duplicate rows, agencies, and (optionally) the documents' own source names
    and the media they cite (quote relays and `meta.cited_media` found in the text)."""
    import json

    pairs, passages = [], []
    for r in dup_rows:
        if r["kind"] in ("exact", "near"):
            pairs.append((r["doc_id"], r["other_id"]))
        if r["kind"] in ("passage", "translated", "paraphrase"):
            det = json.loads(r.get("detail_json") or "{}")
            for p in det.get("passages", []):
                passages.append((r["doc_id"], p[0], p[1], r["other_id"], p[2], p[3]))
    names: dict[str, frozenset[str]] = {}
    cites: dict[str, tuple[tuple[int, int, str], ...]] = {}
    for d in docs:
        own = {v for v in (d.meta.agency.value if d.meta.agency else None, d.meta.outlet.value if d.meta.outlet else None) if v}
        names[d.doc_id] = frozenset(_fold(v) for v in own)
        spans = [(q.relay.start, q.relay.end) for q in d.quotes if q.relay]
        found = []
        for s, e in spans:
            for w in re.findall(r"[A-ZÄÖÜ][\w-]+", d.text[s:e]):
                found.append((s, e, _fold(w)))
        for medium in d.meta.cited_media:
            for m in re.finditer(re.escape(medium), d.text):
                found.append((m.start(), m.end(), _fold(medium)))
        cites[d.doc_id] = tuple(found)
    return Provenance(tuple(pairs), dict(agencies), tuple(passages), names, cites)
