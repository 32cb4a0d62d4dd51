"""Forward migrations. Each step upgrades the schema by one version in place.

``MIGRATIONS[n]`` takes a connection at version ``n`` to ``n + 1``. Version 1 is
the first schema, so there is nothing to migrate yet; the mechanism is tested by
tests/test_store.py with a fake older version.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import update
from sqlalchemy.engine import Connection

from . import schema as S

MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def upgrade(c: Connection, current: int, target: int) -> int:
    v = current
    while v < target:
        step = MIGRATIONS.get(v)
        if step is not None:
            step(c)
        v += 1
        c.execute(update(S.meta_kv).where(S.meta_kv.c.key == "schema_version").values(value=str(v)))
    return v
