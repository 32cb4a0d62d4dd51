"""Forward migrations. Each step upgrades the schema by one version in place.

``MIGRATIONS[n]`` takes a connection at version ``n`` to ``n + 1`` (in the same
transaction as the version bump, under the schema lock of `Store._init_schema`).

- 1 -> 2: table ``corpus_rows``: corpus-stage state as rows written incrementally
  (dedup: one row per save with the articles indexed since the previous one, plus
  one row per article in the semantic window; cluster: one row per story and per
  storyline, upserted when they change). A stage whose state is still the old
  single JSON blob in ``corpus_state.state`` reads it once and writes it out as
  rows at its next save (`lagebild.corpus.state_rows`), so no article is processed again.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import update
from sqlalchemy.engine import Connection

from . import schema as S


def _v1_to_v2(c: Connection) -> None:
    S.corpus_rows.create(c, checkfirst=True)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2}


def upgrade(c: Connection, current: int, target: int) -> int:
    v = current
    while v < target:
        step = MIGRATIONS.get(v)
        if step is not None:
            step(c)
        v += 1
        c.execute(update(S.meta_kv).where(S.meta_kv.c.key == "schema_version").values(value=str(v)))
    return v
