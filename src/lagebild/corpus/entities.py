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

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ..model import Document, Mention
from ..store import schema as S
from .names import same_name, tokens

MERGE_THRESHOLD = 0.9


def block_of(alias_key: str) -> str:
    label, _, nk = alias_key.partition(":")
    last = nk.split()[-1] if nk.split() else ""
    return f"{label}:{last[:3]}"


def _display(surface: str) -> str:
    return " ".join(surface.split())


class EntityRegistry:
    """Registry operations on one open connection (a corpus-stage transaction)."""

    def __init__(self, conn: Connection):
        self.c = conn

    def resolve(self, alias_key: str, surface: str) -> str:
        row = self.c.execute(select(S.entity_aliases.c.entity_key).where(S.entity_aliases.c.alias_key == alias_key)).first()
        if row:
            return row[0]
        label = alias_key.split(":", 1)[0]
        blk = block_of(alias_key)
        best, best_s = None, 0.0
        if len(tokens(surface)) >= 1:
            for ek, surf in self.c.execute(select(S.entity_aliases.c.entity_key, S.entity_aliases.c.surface).where(S.entity_aliases.c.block == blk)).all():
                s = same_name(surface, surf or "")
                if s > best_s:
                    best, best_s = ek, s
        entity_key = best if best is not None and best_s >= MERGE_THRESHOLD else alias_key
        if entity_key == alias_key:
            self.c.execute(insert(S.entities).values(key=alias_key, name=_display(surface), type=label, aliases_json="{}", n_mentions=0))
        self.c.execute(insert(S.entity_aliases).values(alias_key=alias_key, entity_key=entity_key, block=blk, surface=_display(surface)))
        return entity_key

    def record(self, entity_key: str, surface: str, lang: str | None, date: str | None, n: int = 1) -> None:
        row = self.c.execute(select(S.entities.c.name, S.entities.c.aliases_json, S.entities.c.n_mentions, S.entities.c.first_seen, S.entities.c.last_seen).where(S.entities.c.key == entity_key)).first()
        if row is None:
            return
        name, aliases_js, cnt, first, last = row
        aliases: dict[str, dict[str, int]] = json.loads(aliases_js or "{}")
        surf = _display(surface)
        per_lang = aliases.setdefault(surf, {})
        per_lang[lang or "und"] = per_lang.get(lang or "und", 0) + n
        # the canonical name is the most frequent multi-token surface (ties: longest)
        def score(s: str) -> tuple[int, int, int]:
            return (len(tokens(s)) >= 2, sum(aliases[s].values()), len(s))

        name = max(aliases, key=score)
        vals: dict[str, Any] = dict(aliases_json=json.dumps(aliases, ensure_ascii=False), n_mentions=(cnt or 0) + n, name=name)
        if date:
            vals["first_seen"] = min(first or date, date)
            vals["last_seen"] = max(last or date, date)
        self.c.execute(update(S.entities).where(S.entities.c.key == entity_key).values(**vals))

    def process(self, doc: Document) -> dict[str, str]:
        """Resolve every keyed mention of `doc`; returns alias key -> entity key."""
        text = doc.text
        date = doc.meta.date.value if doc.meta.date else None
        mapping: dict[str, str] = {}
        surfaces: dict[str, str] = {}
        counts: dict[tuple[str, str], int] = {}
        for m in doc.entities:
            if not m.key:
                continue
            surf = text[m.start : m.end]
            if m.source.startswith("coref:"):
                continue  # role nouns are not names
            cur = surfaces.get(m.key)
            if cur is None or len(tokens(surf)) > len(tokens(cur)):
                surfaces[m.key] = surf
            counts[(m.key, _display(surf))] = counts.get((m.key, _display(surf)), 0) + 1
        for m in doc.entities:
            if m.key and m.key not in surfaces:
                surfaces[m.key] = m.key.split(":", 1)[1]
        for alias_key, surf in surfaces.items():
            mapping[alias_key] = self.resolve(alias_key, surf)
        for (alias_key, surf), n in counts.items():
            self.record(mapping[alias_key], surf, doc.lang, date, n)
        return mapping


def rekey(doc: Document, mapping: dict[str, str]) -> Document:
    from dataclasses import replace

    ents = tuple(Mention(m.start, m.end, m.label, m.confidence, m.source, mapping.get(m.key, m.key) if m.key else None) for m in doc.entities)
    quotes = tuple(replace(q, speaker_key=mapping.get(q.speaker_key, q.speaker_key)) if q.speaker_key else q for q in doc.quotes)
    return doc.with_(entities=ents, quotes=quotes)
