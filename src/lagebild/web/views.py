"""Read routes: each HTML page and its JSON twin share one function producing a dict."""

from __future__ import annotations

import copy
import json
import re
import threading
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .. import queries
from ..errors import NotFound

PER_PAGE = 20
MAX_PER_PAGE = 100
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

Page = Query(1, ge=1, le=100_000, description="Page number, from 1.")
PerPage = Query(PER_PAGE, ge=1, description=f"Rows per page (capped at {MAX_PER_PAGE}).")


def _paging(page: int, per_page: int) -> tuple[int, int, int]:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    return page, per_page, (page - 1) * per_page


def _pager(items: list, page: int, per_page: int) -> dict[str, Any]:
    """Fetch per_page+1 rows; the extra one only says whether a next page exists."""
    return {"page": page, "per_page": per_page, "has_next": len(items) > per_page, "has_prev": page > 1}


def _check_id(x: str, what: str) -> str:
    if not _ID.match(x):
        raise NotFound(f"no {what} {x[:80]!r}")
    return x


def register_reads(app: FastAPI) -> None:
    store = app.state.store
    env = app.state.env

    def html(name: str, request: Request, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(request_path=request.url.path, query=dict(request.query_params), **ctx))

    # --- stories ---------------------------------------------------------
    list_cache: dict[tuple, dict[str, Any]] = {}
    list_lock = threading.Lock()

    def stories_data(page: int, per_page: int) -> dict[str, Any]:
        """The story list page, cached per corpus version (the grouped query scans every story)."""
        page, per_page, _ = _paging(page, per_page)
        key = (queries.corpus_version(store), page, per_page)
        with list_lock:
            hit = list_cache.get(key)
        if hit is None:
            hit = _stories_data(page, per_page)
            with list_lock:
                if len(list_cache) > 64 or any(k[0] != key[0] for k in list_cache):
                    list_cache.clear()
                list_cache[key] = hit
        return copy.deepcopy(hit)

    def _stories_data(page: int, per_page: int) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        rows = queries.stories(store, limit=per_page + 1, offset=off)
        n_src = queries.story_sources(store, [r["story_id"] for r in rows[:per_page]])
        for r in rows:
            r["n_sources"] = n_src.get(r["story_id"], 0)
        return {"stories": rows[:per_page], **_pager(rows, page, per_page), "articles_total": store.count()}

    @app.get("/stories.json", tags=["read"], summary="Stories, most recent and most active first")
    def stories_json(page: int = Page, per_page: int = PerPage):
        return JSONResponse(_jsonable(stories_data(page, per_page)))

    @app.get("/stories", response_class=HTMLResponse, tags=["html"], summary="Story list (HTML)")
    def stories_html(request: Request, page: int = Page, per_page: int = PerPage):
        return html("stories.html.j2", request, **stories_data(page, per_page))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, page: int = Page, per_page: int = PerPage):
        return html("stories.html.j2", request, **stories_data(page, per_page))

    # --- storylines: stories linked over months -------------------------------
    def storylines_data(page: int, per_page: int) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        rows = queries.storylines(store, limit=per_page + 1, offset=off)
        return {"storylines": rows[:per_page], **_pager(rows, page, per_page)}

    @app.get("/storylines.json", tags=["read"], summary="Storylines (stories linked by shared actors, places and topics), newest first")
    def storylines_json(page: int = Page, per_page: int = PerPage):
        return JSONResponse(_jsonable(storylines_data(page, per_page)))

    @app.get("/storylines", response_class=HTMLResponse, tags=["html"], summary="Storyline list (HTML)")
    def storylines_html(request: Request, page: int = Page, per_page: int = PerPage):
        return html("storylines.html.j2", request, **storylines_data(page, per_page))

    @app.get("/storylines/{storyline_id}.json", tags=["read"], summary="One storyline: label, time span, sources and its stories")
    def storyline_json(storyline_id: str):
        return JSONResponse(_jsonable(queries.storyline(store, _check_id(storyline_id, "storyline"))))

    @app.get("/storylines/{storyline_id}", response_class=HTMLResponse, tags=["html"], summary="One storyline (HTML)")
    def storyline_html(request: Request, storyline_id: str):
        return html("storyline.html.j2", request, line=queries.storyline(store, _check_id(storyline_id, "storyline")))

    # --- one story: the stored dossier (web/dossiers.py) ----------------------
    dossiers = app.state.dossiers

    def stored(story_id: str):
        _check_id(story_id, "story")
        return dossiers.get(story_id)  # raises NotFound; follows merges

    def _cache_headers(c, stale: bool) -> dict[str, str]:
        return {"X-Dossier-Version": c.version, "X-Dossier-Built-At": c.built_at, "X-Dossier-Stale": "1" if stale else "0"}

    @app.get("/stories/{story_id}.json", tags=["read"], summary="A story's dossier (JSON; precomputed, with a 'cache' note saying whether it is being updated)")
    def story_json(story_id: str):
        c, stale = stored(story_id)
        note = json.dumps({"version": c.version, "built_at": c.built_at, "stale": stale})
        body = '{"cache": ' + note + ", " + c.json[1:]  # the stored JSON is a non-empty object: splice, do not re-encode
        return Response(body, media_type="application/json", headers=_cache_headers(c, stale))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, tags=["html"], summary="A story's dossier (HTML)")
    def story_html(request: Request, story_id: str):
        from .dossiers import STATUS_MARK, page_html, stale_note

        c, stale = stored(story_id)
        page = c.html if c.html else page_html(c.dossier(), env)
        if stale:
            page = page.replace(STATUS_MARK, stale_note(c), 1)
        return HTMLResponse(page, headers=_cache_headers(c, stale))

    # --- articles ----------------------------------------------------------
    def article_data(doc_id: str, removed: bool) -> dict[str, Any]:
        from ..report.article import article_view

        _check_id(doc_id, "article")
        doc = store.get(doc_id)
        view = article_view(doc, removed=removed)
        view["also_ran_in"] = queries.also_ran_in(store, doc.doc_id)
        view["duplicates"] = queries.duplicates(store, doc_id=doc.doc_id)
        from .writes import _story_of

        view["story"] = _story_of(store, doc.doc_id)
        return view

    @app.get("/articles.json", tags=["read"], summary="Articles in arrival order")
    def articles_json(page: int = Page, per_page: int = PerPage):
        return JSONResponse(_jsonable(articles_data(page, per_page)))

    @app.get("/articles", response_class=HTMLResponse, tags=["html"], summary="Article list (HTML)")
    def articles_html(request: Request, page: int = Page, per_page: int = PerPage):
        return html("articles.html.j2", request, **articles_data(page, per_page))

    def articles_data(page: int, per_page: int) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        rows = store.articles(limit=per_page + 1, offset=off)
        return {"articles": rows[:per_page], **_pager(rows, page, per_page)}

    @app.get("/articles/{doc_id}.json", tags=["read"], summary="One article with its annotations")
    def article_json(doc_id: str, removed: bool = False):
        return JSONResponse(_jsonable(article_data(doc_id, removed)))

    @app.get("/articles/{doc_id}", response_class=HTMLResponse, tags=["html"], summary="One article, annotations highlighted (HTML)")
    def article_html(request: Request, doc_id: str, removed: bool = False):
        from .highlight import segments

        v = article_data(doc_id, removed)
        return html("article.html.j2", request, a=v, segments=segments(v))

    @app.get("/articles/{doc_id}/same-story/{other_id}.json", tags=["read"],
             summary="Do two stored articles report the same story? (pair model, e5 embeddings by default; ~0.2 s)")
    def same_story_json(doc_id: str, other_id: str):
        from ..corpus.pair_decision import same_story

        docs = [store.get(_check_id(x, "article")) for x in (doc_id, other_id)]
        v = same_story(docs[0], docs[1])
        return JSONResponse({**v.to_dict(), "articles": [{"doc_id": d.doc_id, "title": d.title, "lang": d.lang} for d in docs]})

    # --- entities ------------------------------------------------------------
    def entities_data(page: int, per_page: int) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        rows = queries.entities(store, limit=off + per_page + 1)[off:]
        return {"entities": rows[:per_page], **_pager(rows, page, per_page)}

    @app.get("/entities.json", tags=["read"], summary="Entities by number of mentions")
    def entities_json(page: int = Page, per_page: int = PerPage):
        return JSONResponse(_jsonable(entities_data(page, per_page)))

    @app.get("/entities", response_class=HTMLResponse, tags=["html"], summary="Entity list (HTML)")
    def entities_html(request: Request, page: int = Page, per_page: int = PerPage):
        return html("entities.html.j2", request, **entities_data(page, per_page))

    def entity_data(name: str, page: int, per_page: int) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        e = queries.find_entity(store, name[:200])
        for k in ("articles", "quotes"):
            full = e[k]
            e[k] = full[off : off + per_page]
            e[f"n_{k}"] = len(full)
        e.update({"page": page, "per_page": per_page, "has_prev": page > 1, "has_next": off + per_page < max(e["n_articles"], e["n_quotes"])})
        return e

    @app.get("/entities/{name}.json", tags=["read"], summary="An entity by key, alias or name: aliases, quotes, stories, co-occurring")
    def entity_json(name: str, page: int = Page, per_page: int = PerPage):
        return JSONResponse(_jsonable(entity_data(name, page, per_page)))

    @app.get("/entities/{name}", response_class=HTMLResponse, tags=["html"], summary="Entity page (HTML)")
    def entity_html(request: Request, name: str, page: int = Page, per_page: int = PerPage):
        return html("entity.html.j2", request, e=entity_data(name, page, per_page))

    # --- quotes ----------------------------------------------------------------
    def quotes_data(speaker: str | None, q: str | None, story: str | None, page: int, per_page: int) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        rows = queries.quotes(store, speaker=(speaker or None) and speaker[:200], text=(q or None) and q[:200], story_id=story or None, limit=per_page + 1, offset=off)
        return {"quotes": rows[:per_page], "speaker": speaker or "", "q": q or "", **_pager(rows, page, per_page)}

    @app.get("/quotes.json", tags=["read"], summary="Quote search: who said what (speaker, words in the message)")
    def quotes_json(speaker: str | None = None, q: str | None = None, story: str | None = None, page: int = Page, per_page: int = PerPage):
        return JSONResponse(_jsonable(quotes_data(speaker, q, story, page, per_page)))

    @app.get("/quotes", response_class=HTMLResponse, tags=["html"], summary="Quote search (HTML)")
    def quotes_html(request: Request, speaker: str | None = None, q: str | None = None, story: str | None = None, page: int = Page, per_page: int = PerPage):
        return html("quotes.html.j2", request, **quotes_data(speaker, q, story, page, per_page))

    # --- full-text search --------------------------------------------------------
    def search_data(q: str | None, page: int, per_page: int) -> dict[str, Any]:
        from .search import search

        page, per_page, off = _paging(page, per_page)
        rows = search(store, q or "", limit=per_page + 1, offset=off)
        return {"q": q or "", "results": rows[:per_page], **_pager(rows, page, per_page)}

    @app.get("/search.json", tags=["read"], summary="Full-text search over articles (every word must occur)")
    def search_json(q: str | None = None, page: int = Page, per_page: int = PerPage):
        d = search_data(q, page, per_page)
        for r in d["results"]:
            r["snippet"] = (r.get("snippet") or "").replace("\x02", "").replace("\x03", "")
        return JSONResponse(_jsonable(d))

    @app.get("/search", response_class=HTMLResponse, tags=["html"], summary="Full-text search (HTML)")
    def search_html(request: Request, q: str | None = None, page: int = Page, per_page: int = PerPage):
        from .search import snippet_parts

        d = search_data(q, page, per_page)
        for r in d["results"]:
            r["parts"] = snippet_parts(r.get("snippet") or "")
        return html("search.html.j2", request, **d)

    @app.get("/health", tags=["read"], summary="Liveness and article count")
    def health():
        return {"ok": True, "articles": store.count()}


def _jsonable(d: Any) -> Any:
    import json

    return json.loads(json.dumps(d, default=str, ensure_ascii=False))
