"""The `lagebild` command line: thin, calls the Python API only.

Exit codes: 0 ok · 1 a user error (bad input, unknown ID, bad option) · 2 usage
error (from Typer) · 3 storage error · 4 partial: some inputs were skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import LagebildError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="lagebild: turn a stream of news articles into a checked situation picture.\n\n"
    "Exit codes: 0 ok, 1 user error, 2 usage error, 3 storage error, 4 some inputs skipped.",
)
out = Console()
err = Console(stderr=True)

DbOpt = typer.Option(None, "--db", help="SQLite file or postgresql:// URL (default: $LAGEBILD_DB or ./lagebild.db).")
JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON.")

EXIT_PARTIAL = 4


def _fail(e: LagebildError) -> None:
    err.print(e.line(), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def _pipeline(db: Optional[str], **kw):
    from .pipeline import Pipeline

    return Pipeline(db=db, **kw)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin. Formats: .txt .html .json .jsonl .xml/.rss/.atom .warc(.gz)."),
    db: Optional[str] = DbOpt,
    map_: Optional[list[str]] = typer.Option(None, "--map", help="Field mapping for JSON input, e.g. --map text=articleBody --map date=pubDate."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Skip files larger than this (default 20 MB)."),
    json_: bool = JsonOpt,
    no_corpus: bool = typer.Option(False, "--no-corpus", help="Store articles only; run dedup/clustering later with `lagebild update`."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run document stages on a Dask cluster: tcp://HOST:PORT of its scheduler."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Run document stages on a local Dask cluster of N worker processes."),
):
    """Read articles, clean them, annotate them and store them (idempotent, resumable)."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    mapping = {}
    for m in map_ or []:
        if "=" not in m:
            _fail(LagebildError(f"--map takes FIELD=NAME, got {m!r}"))
        k, v = m.split("=", 1)
        mapping[k.strip()] = v.strip()
    try:
        p = _pipeline(db, max_bytes=max_bytes)
        with Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(), TextColumn("{task.completed} read"), TimeElapsedColumn(), console=err, transient=True, disable=json_ or not err.is_terminal) as prog:
            task = prog.add_task("ingesting", total=None)
            rep = p.ingest(paths, mapping=mapping or None, progress=lambda n, _t: prog.update(task, completed=n), corpus=not no_corpus, scheduler=scheduler, workers=workers)
    except LagebildError as e:
        _fail(e)
    for e in rep.errors:
        err.print(e.line(), markup=False, highlight=False, soft_wrap=True)
    if json_:
        _print_json(rep.to_dict())
    else:
        out.print(f"stored {len(rep.stored)} new article(s), {len(rep.skipped)} already stored, {len(rep.errors)} skipped with errors · {rep.seconds:.1f} s · db {p.settings.db}")
    if rep.errors:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def update(db: Optional[str] = DbOpt, json_: bool = JsonOpt):
    """Bring corpus stages (dedup, clustering) up to date with the stored articles."""
    try:
        done = _pipeline(db).update_corpus()
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(done)
    else:
        out.print(", ".join(f"{k}: {v} article(s)" for k, v in done.items()) or "nothing to do")


@app.command()
def articles(db: Optional[str] = DbOpt, limit: int = typer.Option(50, help="Rows per page."), offset: int = typer.Option(0, help="Rows to skip."), json_: bool = JsonOpt):
    """List stored articles in arrival order."""
    try:
        rows = _pipeline(db).store.articles(limit=limit, offset=offset)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rows)
        return
    t = Table("id", "date", "lang", "agency", "title")
    for r in rows:
        date = (r["date"] or "?") + ("~" if r["date_estimated"] else "")
        t.add_row(r["doc_id"][:12], date, r["lang"] or "", r["agency"] or "", (r["title"] or "")[:70])
    out.print(t)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="Article ID (or an unambiguous prefix of at least 4 characters)."),
    db: Optional[str] = DbOpt,
    removed: bool = typer.Option(False, "--removed", help="Also list what cleaning removed, with the rule and offsets."),
    json_: bool = JsonOpt,
):
    """Show one stored article: metadata, text, entities, quotes, time expressions."""
    from .queries import article

    try:
        view = article(_pipeline(db).store, doc_id, removed=removed)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(view)
        return
    from .report.article import render_article_text

    out.print(render_article_text(view), markup=False, highlight=False)


@app.command()
def stages(json_: bool = JsonOpt):
    """List the document stages, what each requires and assigns."""
    from .stages import registry

    rows = [dict(name=s.name, version=s.version, requires=list(s.requires), assigns=list(s.assigns), default=s.default) for s in registry().values()]
    if json_:
        _print_json(rows)
        return
    t = Table("stage", "version", "requires", "assigns")
    for r in rows:
        t.add_row(r["name"], r["version"], ", ".join(r["requires"]), ", ".join(r["assigns"]))
    out.print(t)


@app.command("errors")
def errors_cmd(json_: bool = JsonOpt):
    """List every error code lagebild prints (also in docs/ERRORS.md)."""
    from .errors import catalogue

    rows = [{"code": c, "name": n, "meaning": d} for c, n, d in catalogue()]
    if json_:
        _print_json(rows)
        return
    t = Table("code", "name", "meaning")
    for r in rows:
        t.add_row(r["code"], r["name"], r["meaning"])
    out.print(t)


@app.command("eval")
def eval_(
    task: str = typer.Argument(..., help="ner | sentences | quotes | timex | dating | pairs | clustering | summary | dedup | entities"),
    data: Path = typer.Option(..., "--data", help="Gold data in the task's format (see EVAL.md)."),
    write_predictions: Optional[Path] = typer.Option(None, "--write-predictions", help="Write the system's output in the gold format into this folder."),
    json_: bool = JsonOpt,
):
    """Score a stage against labelled data (the contract is ../shared/EVAL.md)."""
    from .eval import run_task

    try:
        res = run_task(task, data, write_predictions, progress=not json_ and err.is_terminal)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(res)
        return
    t = Table("metric", "value", title=f"lagebild eval {task}")
    for k, v in res.items():
        if k != "details":
            t.add_row(k, f"{v:.2f}" if isinstance(v, float) else str(v))
    out.print(t)
    if isinstance(res.get("details"), dict):
        out.print_json(data=res["details"])


@app.command()
def demo(
    seeds: Path = typer.Option(Path("../shared/seeds"), "--seeds", help="Folder of articles to run on."),
    out_dir: Path = typer.Option(Path("out/demo"), "--out", help="Where the database and dossiers go."),
    json_: bool = JsonOpt,
):
    """Run the whole pipeline on the seed articles and write the dossiers."""
    from .demo import run_demo

    try:
        summary = run_demo(seeds, out_dir, console=out if not json_ else None)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(summary)


# Command modules register more commands on `app` (stories, dossier, serve, export…).
COMMAND_MODULES = ("lagebild.cli_corpus", "lagebild.cli_scale", "lagebild.cli_web", "lagebild.cli_reannotate")


def _load_command_modules() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise


_load_command_modules()


def main() -> None:
    try:
        app()
    except LagebildError as e:  # a user error that escaped a command
        err.print(e.line(), markup=False, highlight=False)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted: committed work is kept; run the same command again to resume")
        sys.exit(130)


if __name__ == "__main__":
    main()
