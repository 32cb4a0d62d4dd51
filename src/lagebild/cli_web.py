"""`lagebild serve` (HTTP API and web UI, FastAPI + uvicorn) and `lagebild dossiers` (precomputed dossiers)."""

from __future__ import annotations

from typing import Optional

import typer

from .cli import DbOpt, JsonOpt, _fail, _print_json, app, out


@app.command()
def serve(
    db: Optional[str] = DbOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    token: Optional[str] = typer.Option(None, "--token", envvar="LAGEBILD_API_TOKEN", help="Bearer token for POST /articles (writes are refused without one)."),
    cors: Optional[list[str]] = typer.Option(None, "--cors-origin", help="Allow cross-origin GET requests from this origin (off by default)."),
    writer_process: bool = typer.Option(True, "--writer-process/--no-writer-process", help="Run the write pipeline in its own process (reads never wait for NLP)."),
    writer_nice: int = typer.Option(0, "--writer-nice", min=0, max=19, envvar="LAGEBILD_WRITER_NICE", help="Run the writer process this much nicer than the server (reads win the CPU on a busy machine; ingest gets less)."),
):
    """Serve the story list, dossiers, articles, entities, quotes and search (HTML + JSON) and the write API."""
    import uvicorn

    from .web.app import create_app

    app_ = create_app(db, token=token, cors_origins=cors, writer_process=writer_process, writer_nice=writer_nice)
    uvicorn.run(app_, host=host, port=port, log_level="info", timeout_keep_alive=30)


@app.command("dossiers")
def dossiers_cmd(
    db: Optional[str] = DbOpt,
    rebuild: bool = typer.Option(False, "--rebuild", help="Build the dossiers of stories whose stored dossier is missing or stale."),
    everything: bool = typer.Option(False, "--all", help="With --rebuild: rebuild every story's dossier, current or not."),
    json_: bool = JsonOpt,
):
    """Precomputed story dossiers (served by `lagebild serve`): how many are current; --rebuild brings them up to date."""
    import time

    from .errors import LagebildError
    from .report import cache
    from .settings import load_settings
    from .store import Store
    from .web.dossiers import page_html

    try:
        store = Store(db or load_settings().db)
        todo, counts = cache.stale(store, everything=everything)
        built, t0 = 0, time.time()
        if rebuild and todo:
            def progress(n: int, sid: str) -> None:
                if not json_ and (n % 100 == 0 or n == len(todo)):
                    out.print(f"  {n}/{len(todo)} dossiers ({time.time() - t0:.0f} s)")

            built = cache.rebuild(store, todo, html=page_html, progress=progress)
            counts = cache.stale(store)[1]
    except LagebildError as e:
        _fail(e)
        return
    res = {**counts, "built": built, "seconds": round(time.time() - t0, 1)}
    if json_:
        _print_json(res)
    else:
        out.print(f"{res['stories']} stories: {res['current']} dossiers current, {res['stale']} stale, {res['missing']} missing" + (f"; built {built} in {res['seconds']} s" if rebuild else ""))
