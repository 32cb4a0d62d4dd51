"""`lagebild db upgrade` / `db version`: read the schema version without touching it, then migrate.

Opening a `Store` already creates a missing schema and runs forward migrations
(under a lock, so two processes opening an old database do it once); this module
reports what happened, for operators who upgrade a shared PostgreSQL database
deliberately before rolling out a new lagebild to a team.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema as S
from .sql import Store, db_url


def read_version(db: str) -> int | None:
    """The database's schema version, or None for an empty database."""
    url = db_url(db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        raise StoreError("database file not found", path=url[len("sqlite:///") :])
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError) as e:
        raise StoreError(f"cannot open database {db!r}: {e}") from None
    try:
        with engine.connect() as c:
            if not inspect(c).has_table(S.meta_kv.name):
                return None
            v = c.execute(select(S.meta_kv.c.value).where(S.meta_kv.c.key == "schema_version")).scalar()
            return int(v) if v is not None else None
    except SQLAlchemyError as e:
        first = (str(getattr(e, "orig", e)).strip().splitlines() or ["?"])[0]
        raise StoreError(f"cannot read database {db!r}: {first}") from None
    finally:
        engine.dispose()


def upgrade_database(db: str) -> tuple[int | None, int]:
    """Create or migrate the schema; returns (version before, version after)."""
    url = db_url(db)
    before = None
    if not (url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists()):
        before = read_version(db)
    st = Store(db)
    try:
        return before, st.schema_version()
    finally:
        st.close()
