"""`create_app(db)`: a thin FastAPI app over `lagebild.queries`, the dossier and the pipeline.

Every HTML page has a JSON twin (``/stories`` and ``/stories.json``). Reads are
open; ``POST /articles`` and the analyst corrections ``POST /stories/{id}/merge`` and
``POST /stories/{id}/split`` need ``Authorization: Bearer <token>`` where the token
comes from the ``token`` argument or ``$LAGEBILD_API_TOKEN`` (no token
configured: writes are refused with 403). Errors are JSON
``{"error": {"code": "LB…", "message": …}}`` (an HTML page for browsers).
The database is read on every request, so new articles appear at once.
"""

from __future__ import annotations

import hmac
import json
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import LagebildError, NotFound, StoreError
from .writes import ProcessWriter, WebError, Writer, parse_edit, parse_items

TEMPLATES = Path(__file__).parent / "templates"
MAX_BODY = 5 * 1024 * 1024
MAX_PER_PAGE = 100

STATUS = {"LB203": 404, "LB201": 400, "LB202": 500, "LB205": 409}


def _status(e: LagebildError) -> int:
    if isinstance(e, WebError):
        return e.status
    if isinstance(e, StoreError):
        return 503
    if e.code in STATUS:
        return STATUS[e.code]
    return 422 if e.code.startswith("LB1") else 400


def _wants_html(request: Request) -> bool:
    p = request.url.path
    return request.method == "GET" and not p.endswith(".json") and p != "/openapi.json" and "text/html" in request.headers.get("accept", "")


def create_app(db: str | None = None, *, token: str | None = None, max_body: int = MAX_BODY, cors_origins: list[str] | None = None, background: bool = True, writer_process: bool | None = None, writer_nice: int | None = None) -> FastAPI:
    """The web app over the store at ``db`` (a path or a SQLAlchemy URL).

    ``writer_process=True`` (the default of `lagebild serve`, or ``LAGEBILD_WRITER_PROCESS=1``)
    runs the write pipeline in its own process so that ingesting never stalls page reads;
    ``writer_nice`` (or ``LAGEBILD_WRITER_NICE``) lowers that process's CPU priority.

    ``background=False`` queues dossier rebuilds without a builder thread
    (``app.state.dossiers.drain()`` runs them; for tests).
    """
    from ..settings import load_settings
    from ..store import Store

    db = db or load_settings().db
    token = token if token is not None else (os.environ.get("LAGEBILD_API_TOKEN") or None)
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app_: FastAPI):
        yield
        app_.state.writer.close()  # checkpoint the corpus stages' in-memory state

    app = FastAPI(title="lagebild", version="1", description=__doc__, docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.store = Store(db)
    if writer_process is None:
        writer_process = os.environ.get("LAGEBILD_WRITER_PROCESS", "0") == "1"
    app.state.writer = ProcessWriter(db, nice=writer_nice) if writer_process else Writer(db)
    app.state.token = token
    app.state.max_body = max_body
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True, default_for_string=True))
    from .timeline import story_bars

    env.globals["story_bars"] = story_bars  # the storyline page's timeline (positions only; the template escapes)
    app.state.env = env
    from .dossiers import DossierService

    w = app.state.writer
    if isinstance(w, ProcessWriter):  # the writer process builds dossiers too (between writes)
        app.state.dossiers = DossierService(app.state.store, env, background=background, delegate=w.schedule_rebuild, builder=w.build_now)
    else:
        app.state.dossiers = DossierService(app.state.store, env, background=background)
    if cors_origins:  # off by default
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"], allow_headers=[])

    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        if _wants_html(request):
            html = env.get_template("error.html.j2").render(status=status, code=code, message=message, request_path=request.url.path, query={})
            return HTMLResponse(html, status_code=status)
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)

    @app.exception_handler(LagebildError)
    async def _lb_error(request: Request, e: LagebildError):
        return error_response(request, _status(e), e.code, str(e))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, e: StarletteHTTPException):
        code = {404: "LB203", 405: "LB605"}.get(e.status_code, f"LB6{e.status_code % 100:02d}")
        msg = "not found" if e.status_code == 404 else str(e.detail)
        return error_response(request, e.status_code, code, msg)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, e: RequestValidationError):
        msg = "; ".join(f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}" for err in e.errors()[:5])
        return error_response(request, 422, "LB604", msg)

    app.add_middleware(SecurityHeaders)  # plain ASGI: BaseHTTPMiddleware costs milliseconds per request under load

    from .views import register_reads

    register_reads(app)

    @app.post("/articles", tags=["write"], summary="Ingest one article or a batch (JSON); needs the bearer token")
    async def post_articles(request: Request) -> JSONResponse:
        _check_token(request, app.state.token)
        payload = await _read_json(request, app.state.max_body)
        items = parse_items(payload)
        result = await run_in_threadpool(app.state.writer.ingest, items)
        # the corpus update is done: rebuild the touched stories' dossiers off the request path
        app.state.dossiers.schedule(sorted({a["story"] for a in result["articles"] if a.get("new") and a.get("story")}))
        status = 201 if any(a.get("new") for a in result["articles"]) else 200
        return JSONResponse(result, status_code=status)

    async def _story_edit(action: str, story_id: str, request: Request) -> JSONResponse:
        _check_token(request, app.state.token)
        body = parse_edit(action, await _read_json(request, app.state.max_body))
        result = await run_in_threadpool(app.state.writer.edit, action, story_id[:64], body)
        # the touched stories' dossiers are stale (a merged-away ID resolves to the survivor)
        app.state.dossiers.forget(result["touched"])
        app.state.dossiers.schedule([sid for sid in result["touched"] if sid != (result["other_id"] if action == "merge" else None)])
        return JSONResponse(result, status_code=200)

    @app.post("/stories/{story_id}/merge", tags=["write"], summary="Merge another story into this one (the older ID survives); needs the bearer token")
    async def post_story_merge(story_id: str, request: Request) -> JSONResponse:
        return await _story_edit("merge", story_id, request)

    @app.post("/stories/{story_id}/split", tags=["write"], summary="Move articles of this story into a new story; needs the bearer token")
    async def post_story_split(story_id: str, request: Request) -> JSONResponse:
        return await _story_edit("split", story_id, request)

    return app


_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Adds the security headers to every HTTP response (unless the response set them)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _SECURITY_HEADERS if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def _check_token(request: Request, token: str | None) -> None:
    if not token:
        raise WebError("writes are disabled: configure a token (LAGEBILD_API_TOKEN or serve --token)", status=403, code="LB602")
    auth = request.headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        raise WebError("missing bearer token (Authorization: Bearer <token>)", status=401, code="LB601")
    given = auth[7:].strip().encode()
    if not hmac.compare_digest(given, token.encode()):
        raise WebError("wrong token", status=403, code="LB602")


async def _read_json(request: Request, limit: int) -> Any:
    cl = request.headers.get("content-length")
    if cl is not None:
        try:
            if int(cl) > limit:
                raise WebError(f"request body larger than {limit} bytes", status=413, code="LB603")
        except ValueError:
            raise WebError("bad Content-Length", status=400, code="LB604") from None
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > limit:
            raise WebError(f"request body larger than {limit} bytes", status=413, code="LB603")
    try:
        return json.loads(bytes(buf).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise WebError(f"body is not valid UTF-8 JSON ({e})", status=400, code="LB604") from None


__all__ = ["create_app", "NotFound"]
