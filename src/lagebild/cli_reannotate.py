"""`lagebild reannotate`: bring stored articles up to the current stage versions."""

from __future__ import annotations

import typer

from .cli import DbOpt, JsonOpt, _fail, _pipeline, _print_json, app, err, out
from .errors import LagebildError


@app.command("reannotate")
def reannotate_cmd(
    db: str | None = DbOpt,
    stage: list[str] | None = typer.Option(None, "--stage", help="Only articles where this stage is outdated (repeatable); the whole chain still runs on them."),
    all_: bool = typer.Option(False, "--all", help="Re-annotate every stored article, whatever its versions (e.g. after a model change without a version bump); ignores --stage."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count the outdated articles; change nothing."),
    json_: bool = JsonOpt,
):
    """Re-run the document stages on stored articles annotated by older stage versions.

    An article is outdated when a stage of the current chain (see `lagebild stages`) is missing from it or its annotations name another version. The stages run again on the stored cleaned text; IDs, arrival order, duplicates and stories stay; the entity registry and cached dossiers follow the new annotations.

    Interrupted runs resume (each batch is committed); a second run finds nothing to do.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    try:
        p = _pipeline(db)
        with Progress(
            SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
            console=err, transient=True, disable=json_ or not err.is_terminal,
        ) as prog:
            task = prog.add_task("checking" if dry_run else "re-annotating", total=None)
            rep = p.reannotate(stages=stage or None, everything=all_, dry_run=dry_run, progress=lambda n, total: prog.update(task, completed=n, total=total))
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rep.to_dict())
        return
    per = ", ".join(f"{k} {v}" for k, v in rep.stages.items()) or "none"
    verb = "would re-annotate" if dry_run else "re-annotated"
    n = rep.outdated if dry_run else rep.reannotated
    out.print(f"checked {rep.checked} article(s): {verb} {n} (outdated stages: {per}) · {rep.seconds:.1f} s · db {p.settings.db}", markup=False, highlight=False)
    if rep.source_mismatch:
        names = ", ".join(f"{k} {v}" for k, v in rep.source_mismatch.items())
        err.print(f"note: annotations name another version than the article's stage record ({names}); --all re-annotates them", markup=False, highlight=False)
    if rep.ingest_outdated:
        out.print(f"{rep.ingest_outdated} article(s) were cleaned by an older ingest version; cleaning is not redone (their IDs derive from the cleaned text)", markup=False)
