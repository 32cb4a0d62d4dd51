"""`lagebild serve`: the HTTP API and web UI (FastAPI + uvicorn)."""

from __future__ import annotations

from typing import Optional

import typer

from .cli import DbOpt, app


@app.command()
def serve(
    db: Optional[str] = DbOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    token: Optional[str] = typer.Option(None, "--token", envvar="LAGEBILD_API_TOKEN", help="Bearer token for POST /articles (writes are refused without one)."),
    cors: Optional[list[str]] = typer.Option(None, "--cors-origin", help="Allow cross-origin GET requests from this origin (off by default)."),
):
    """Serve the story list, dossiers, articles, entities, quotes and search (HTML + JSON) and the write API."""
    import uvicorn

    from .web.app import create_app

    uvicorn.run(create_app(db, token=token, cors_origins=cors), host=host, port=port, log_level="info")
