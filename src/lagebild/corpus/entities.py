"""The corpus entity registry: one canonical entity per actor across articles and languages.

Each in-document key ("PER:vladymyr tykhonov", set by the coref stage) is an
*alias key*. `EntityRegistry.resolve` maps it to a canonical entity key with
indexed look-ups only (cost independent of corpus size):

1. exact alias key in ``entity_aliases`` (the usual case: transliteration folding
   already makes "Tichonow" and "Tikhonov" one key);
2. otherwise the candidates in the same *block* (type + first letters of the last
   name token), compared with `same_name` (token-wise fuzzy, type-guarded), so a
   typo or a transliteration variant joins ("Chruschtschow" / "Khrushchev") while a
   different given name never does ("Kim Il Sung" / "Kim Jong Un");
3. otherwise a new entity.

Registry rows keep every surface form with counts per language and first/last seen.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from ..model import Document, Mention
from ..store import schema as S
from .names import same_name, tokens

MERGE_THRESHOLD = 0.9


def block_of(alias_key: str) -> str:
    """Candidates for fuzzy matching: same type, same first letter, same start of the last token."""
    label, _, nk = alias_key.partition(":")
    toks = nk.split()
    if not toks:
        return f"{label}::"
    return f"{label}:{toks[0][:1]}:{toks[-1][:3]}"


def last_key_of(alias_key: str) -> str:
    label, _, nk = alias_key.partition(":")
    toks = nk.split()
    return f"{label}:{toks[-1] if toks else ''}"


def _display(surface: str) -> str:
    return " ".join(surface.split())


def canonical_name(counts: dict[str, int], person: bool) -> str:
    """An entity's name from its surfaces and their mention counts: a person's is the most frequent
    full (multi-token) name; a place's or an organisation's the most frequent surface ("Nordkorea",
    not the rarer official "Demokratische Volksrepublik Korea"); ties: longest, then first seen."""
    return max(counts, key=lambda s: (person and len(tokens(s)) >= 2, counts[s], len(s)))


# Statements built once (SQLAlchemy's per-call statement construction dominated the cost).
_SEL_ENTITY = select(S.entities.c.aliases_json, S.entities.c.n_mentions, S.entities.c.first_seen, S.entities.c.last_seen).where(S.entities.c.key == bindparam("k"))
_UPD_ENTITY = update(S.entities).where(S.entities.c.key == bindparam("k")).values(
    aliases_json=bindparam("aliases_json"), n_mentions=bindparam("n_mentions"), name=bindparam("name"), first_seen=bindparam("first_seen"), last_seen=bindparam("last_seen")
)
_INS_ENTITY = insert(S.entities)
_INS_ALIAS = insert(S.entity_aliases)
_SEL_BLOCK = select(S.entity_aliases.c.alias_key, S.entity_aliases.c.entity_key, S.entity_aliases.c.surface).where(S.entity_aliases.c.block == bindparam("b"))


class EntityRegistry:
    """Registry operations on one open connection (a corpus-stage transaction)."""

    PREFILTER = 8  # candidates per block kept by the C++ prefilter before `same_name`

    def __init__(self, conn: Connection):
        self.c = conn

    def _known(self, alias_keys: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(alias_keys), 500):
            chunk = alias_keys[i : i + 500]
            out.update(self.c.execute(select(S.entity_aliases.c.alias_key, S.entity_aliases.c.entity_key).where(S.entity_aliases.c.alias_key.in_(chunk))).all())
        return out

    def _match_in_block(self, alias_key: str, surface: str) -> str | None:
        """Fuzzy candidates in the alias's block: prefilter on keys (rapidfuzz), decide with `same_name`."""
        from rapidfuzz import process
        from rapidfuzz.distance import JaroWinkler

        rows = self.c.execute(_SEL_BLOCK, {"b": block_of(alias_key)}).all()
        if not rows:
            return self._lone_surname(alias_key)
        label, _, nk = alias_key.partition(":")
        keys = [r[0].partition(":")[2] for r in rows]
        top = process.extract(nk, keys, scorer=JaroWinkler.normalized_similarity, limit=self.PREFILTER, score_cutoff=0.75)
        best, best_s = None, 0.0
        for _k, _score, i in top:
            sc = same_name(surface, rows[i][2] or keys[i])
            if sc > best_s:
                best, best_s = rows[i][1], sc
        if best is not None and best_s >= MERGE_THRESHOLD:
            return best
        return self._lone_surname(alias_key)

    def _lone_surname(self, alias_key: str) -> str | None:
        """A lone surname ("Putin") joins the single full name in the registry that ends with it."""
        label, _, nk = alias_key.partition(":")
        if label != "PER" or len(nk.split()) != 1:
            return None
        rows = self.c.execute(select(S.entity_aliases.c.alias_key, S.entity_aliases.c.entity_key).where(S.entity_aliases.c.last_key == last_key_of(alias_key)).limit(50)).all()
        full = {ek for ak, ek in rows if len(ak.partition(":")[2].split()) > 1}
        return full.pop() if len(full) == 1 else None

    def resolve(self, alias_key: str, surface: str) -> str:
        known = self._known([alias_key])
        if alias_key in known:
            return known[alias_key]
        return self._add(alias_key, surface)

    def _add(self, alias_key: str, surface: str) -> str:
        entity_key = self._match_in_block(alias_key, surface) or alias_key
        if entity_key == alias_key:
            self.c.execute(_INS_ENTITY, [dict(key=alias_key, name=_display(surface), type=alias_key.split(":", 1)[0], aliases_json="{}", n_mentions=0, first_seen=None, last_seen=None)])
        self.c.execute(_INS_ALIAS, [dict(alias_key=alias_key, entity_key=entity_key, block=block_of(alias_key), last_key=last_key_of(alias_key), surface=_display(surface))])
        return entity_key

    def record(self, entity_key: str, surfaces: dict[str, int], lang: str | None, date: str | None) -> None:
        """Add a document's surface counts to one entity (one read, one write)."""
        row = self.c.execute(_SEL_ENTITY, {"k": entity_key}).first()
        if row is None:
            return
        aliases_js, cnt, first, last = row
        aliases: dict[str, dict[str, int]] = json.loads(aliases_js or "{}")
        for surf, n in surfaces.items():
            per_lang = aliases.setdefault(surf, {})
            per_lang[lang or "und"] = per_lang.get(lang or "und", 0) + n

        name = canonical_name({a: sum(per.values()) for a, per in aliases.items()}, person=entity_key.startswith("PER:"))
        vals: dict[str, Any] = dict(k=entity_key, aliases_json=json.dumps(aliases, ensure_ascii=False), n_mentions=(cnt or 0) + sum(surfaces.values()), name=name)
        vals["first_seen"] = min(first or date, date) if date else first
        vals["last_seen"] = max(last or date, date) if date else last
        self.c.execute(_UPD_ENTITY, vals)

    def process(self, doc: Document) -> dict[str, str]:
        """Resolve every keyed mention of `doc`; returns alias key -> entity key."""
        from ..model import trusted_date

        text = doc.text
        date = trusted_date(doc)  # a wide estimate would make first/last seen wrong
        surfaces: dict[str, str] = {}
        counts: dict[str, dict[str, int]] = {}
        for m in doc.entities:
            if not m.key or m.source.startswith("coref:"):  # role nouns are not names
                continue
            surf = _display(text[m.start : m.end])
            cur = surfaces.get(m.key)
            if cur is None or len(tokens(surf)) > len(tokens(cur)):
                surfaces[m.key] = surf
            per = counts.setdefault(m.key, {})
            per[surf] = per.get(surf, 0) + 1
        for m in doc.entities:
            if m.key and m.key not in surfaces:
                surfaces[m.key] = m.key.split(":", 1)[1]
        mapping = self._known(sorted(surfaces))
        for alias_key in sorted(surfaces):
            if alias_key not in mapping:
                mapping[alias_key] = self._add(alias_key, surfaces[alias_key])
        per_entity: dict[str, dict[str, int]] = {}
        for alias_key, per in counts.items():
            agg = per_entity.setdefault(mapping[alias_key], {})
            for surf, n in per.items():
                agg[surf] = agg.get(surf, 0) + n
        for ek in sorted(per_entity):
            self.record(ek, per_entity[ek], doc.lang, date)
        return mapping


def rekey(doc: Document, mapping: dict[str, str]) -> Document:
    from dataclasses import replace

    ents = tuple(Mention(m.start, m.end, m.label, m.confidence, m.source, mapping.get(m.key, m.key) if m.key else None) for m in doc.entities)
    quotes = tuple(replace(q, speaker_key=mapping.get(q.speaker_key, q.speaker_key)) if q.speaker_key else q for q in doc.quotes)
    return doc.with_(entities=ents, quotes=quotes)
