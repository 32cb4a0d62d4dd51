"""CLI commands for teams and scale: export, import, db upgrade / db version."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .cli import DbOpt, JsonOpt, _fail, _print_json, app, out
from .errors import LagebildError

db_app = typer.Typer(no_args_is_help=True, help="Database maintenance: schema version and forward migrations.")
app.add_typer(db_app, name="db")


def _db(db: Optional[str]) -> str:
    from .settings import load_settings

    return load_settings(db=db).db


@app.command()
def export(
    output: Path = typer.Option(..., "--output", "-o", help="A .jsonl file, or a folder for parquet."),
    format_: str = typer.Option("jsonl", "--format", help="jsonl | parquet"),
    db: Optional[str] = DbOpt,
    json_: bool = JsonOpt,
):
    """Export articles (with all annotations), stories, claims, duplicates and corpus state."""
    from .export import export_store
    from .store import Store

    try:
        counts = export_store(Store(_db(db), create=False), output, format_)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json({"output": str(output), "format": format_, "counts": counts})
    else:
        rest = ", ".join(f"{k} {v}" for k, v in counts.items() if k != "articles" and v)
        out.print(f"exported {counts['articles']} article(s){' · ' + rest if rest else ''} to {output}")


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="An export: a .jsonl file or a parquet folder."),
    db: Optional[str] = DbOpt,
    json_: bool = JsonOpt,
):
    """Import an export into a store (everything into an empty store; new articles otherwise)."""
    from .export import import_store
    from .store import Store

    try:
        rep = import_store(Store(_db(db)), path)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rep.to_dict())
        return
    out.print(f"imported {rep.articles} article(s), {rep.skipped} already stored, {sum(rep.rows.values())} corpus row(s)")
    if not rep.merged:
        out.print("the store was not empty: corpus output (stories, duplicates, claims) was not merged; run `lagebild update`")


@db_app.command("upgrade")
def db_upgrade(db: Optional[str] = DbOpt, json_: bool = JsonOpt):
    """Create the schema or migrate it forward to this lagebild's version."""
    from .store.upgrade import upgrade_database

    try:
        before, after = upgrade_database(_db(db))
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json({"from": before, "to": after})
    elif before == after:
        out.print(f"schema is up to date (version {after})")
    else:
        out.print(f"schema upgraded from version {before or 'none'} to {after}")


@db_app.command("version")
def db_version(db: Optional[str] = DbOpt, json_: bool = JsonOpt):
    """Print the schema version of the database and of this lagebild."""
    from .store import schema as S
    from .store.upgrade import read_version

    try:
        v = read_version(_db(db))
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json({"database": v, "lagebild": S.SCHEMA_VERSION})
    else:
        out.print(f"database schema {v if v is not None else 'none (empty database)'} · lagebild schema {S.SCHEMA_VERSION}")
