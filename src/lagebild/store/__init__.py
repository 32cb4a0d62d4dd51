"""Storage: one schema (SQLAlchemy Core) for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from .sql import Store, db_url

__all__ = ["Store", "db_url", "open_store"]


def open_store(db: str, *, create: bool = True) -> Store:
    return Store(db, create=create)
