"""Read routes: each HTML page and its JSON twin share one function producing a dict."""

from __future__ import annotations

import copy
import json
import re
import threading
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .. import queries
from ..errors import NotFound

PER_PAGE = 20
MAX_PER_PAGE = 100
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

Page = Query(1, ge=1, le=100_000, description="Page number, from 1.")
PerPage = Query(PER_PAGE, ge=1, description=f"Rows per page (capped at {MAX_PER_PAGE}).")


# Story list filters. Empty values (a submitted, blank form field) mean "no filter".
Since = Query(None, max_length=32, description="YYYY-MM-DD: stories still running on or after this day (last seen >= it); undated stories are left out.")
Until = Query(None, max_length=32, description="YYYY-MM-DD: stories already running on or before this day (first seen <= it); undated stories are left out.")
Lang = Query(None, pattern=r"^[A-Za-z-]{0,8}$", description="Stories with at least one article in this language (de, en, fr).")
MinSize = Query(None, max_length=16, description="Stories with at least this many articles.")
Entity = Query(None, max_length=200, description="Stories with an article mentioning this entity (any spelling or alias, as /entities/{name} finds it); unknown: no stories and a 'note'.")
Storyline = Query(None, pattern=r"^[A-Za-z0-9_-]{0,64}$", description="Stories of one storyline (L0000001).")
LabelQ = Query(None, max_length=200, description="Text in the story label.")


def _story_filters(since: str | None, until: str | None, lang: str | None, min_size: str | None, entity: str | None, storyline: str | None, q: str | None) -> dict[str, Any]:
    """The non-empty filters as `queries.stories` keywords; an impossible date is a 422 like any bad parameter."""
    from fastapi.exceptions import RequestValidationError

    from ..errors import ConfigError

    f: dict[str, Any] = {}
    try:
        days = queries.day_range(since, until)
    except ConfigError as e:
        raise RequestValidationError([{"loc": ("query", "since/until"), "msg": e.message, "type": "value_error"}]) from None
    f.update((name, day) for name, day in zip(("since", "until"), days) if day)
    for name, v in (("lang", lang), ("entity", entity), ("storyline", storyline), ("q", q)):
        if v and v.strip():
            f[name] = v.strip()
    if min_size and min_size.strip():
        if not re.fullmatch(r"[0-9]{1,6}", min_size.strip()):
            raise RequestValidationError([{"loc": ("query", "min_size"), "msg": f"min_size {min_size[:16]!r} is not a whole number of articles (1–999999)", "type": "value_error"}])
        if int(min_size) > 1:
            f["min_size"] = int(min_size)
    return f


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

    def stories_data(page: int, per_page: int, filters: dict[str, Any] | None = None) -> dict[str, Any]:
        """The story list page, cached per corpus version and filters (the grouped query scans every story)."""
        page, per_page, _ = _paging(page, per_page)
        filters = filters or {}
        key = (queries.corpus_version(store), page, per_page, tuple(sorted(filters.items())))
        with list_lock:
            hit = list_cache.get(key)
        if hit is None:
            hit = _stories_data(page, per_page, filters)
            with list_lock:
                if len(list_cache) > 64 or any(k[0] != key[0] for k in list_cache):
                    list_cache.clear()
                list_cache[key] = hit
        return copy.deepcopy(hit)

    def _stories_data(page: int, per_page: int, filters: dict[str, Any]) -> dict[str, Any]:
        page, per_page, off = _paging(page, per_page)
        rows = queries.stories(store, limit=per_page + 1, offset=off, **filters)
        n_src = queries.story_sources(store, [r["story_id"] for r in rows[:per_page]])
        for r in rows:
            r["n_sources"] = n_src.get(r["story_id"], 0)
        d = {"stories": rows[:per_page], **_pager(rows, page, per_page), "articles_total": store.count(), "filters": filters}
        if not rows and filters.get("entity") and queries.entity_key(store, filters["entity"]) is None:
            d["note"] = f"no entity named {filters['entity']!r}"
        return d

    @app.get("/stories.json", tags=["read"], summary="Stories, most recent and most active first; optional filters (AND), paging after them")
    def stories_json(page: int = Page, per_page: int = PerPage, since: str | None = Since, until: str | None = Until, lang: str | None = Lang,
                     min_size: str | None = MinSize, entity: str | None = Entity, storyline: str | None = Storyline, q: str | None = LabelQ):
        f = _story_filters(since, until, lang, min_size, entity, storyline, q)
        return JSONResponse(_jsonable(stories_data(page, per_page, f)))

    @app.get("/stories", response_class=HTMLResponse, tags=["html"], summary="Story list with a filter form (HTML)")
    def stories_html(request: Request, page: int = Page, per_page: int = PerPage, since: str | None = Since, until: str | None = Until, lang: str | None = Lang,
                     min_size: str | None = MinSize, entity: str | None = Entity, storyline: str | None = Storyline, q: str | None = LabelQ):
        f = _story_filters(since, until, lang, min_size, entity, storyline, q)
        return html("stories.html.j2", request, **stories_data(page, per_page, f))

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

    # a story's aliases and merge/split history: read per request (edits do not rebuild the dossier),
    # cached per corpus version (every ingest and every edit changes it)
    edits_cache: dict[tuple, dict[str, Any]] = {}

    def story_edits(requested: str, sid: str) -> dict[str, Any]:
        key = (queries.corpus_version(store), sid)
        with list_lock:
            hit = edits_cache.get(key)
        if hit is None:
            hit = _story_edits(store, sid)
            with list_lock:
                if len(edits_cache) > 256 or any(k[0] != key[0] for k in edits_cache):
                    edits_cache.clear()
                edits_cache[key] = hit
        d = copy.deepcopy(hit)
        if requested != sid:  # an alias: the page of the story it was merged into
            d["requested"], d["merged_into"] = requested, sid
        return d

    @app.get("/stories/{story_id}.json", tags=["read"],
             summary="A story's dossier (JSON; precomputed, with a 'cache' note saying whether it is being updated), "
                     "its aliases and its merge/split history ('requested'/'merged_into' when the ID is an alias)")
    def story_json(story_id: str):
        c, stale = stored(story_id)
        note = json.dumps({"version": c.version, "built_at": c.built_at, "stale": stale})
        e = story_edits(story_id, c.story_id)
        e.pop("titles", None)
        extra = json.dumps(e, ensure_ascii=False, default=str)[1:-1]  # '"aliases": […], "history": […]'
        # the stored JSON is a non-empty object: splice, do not re-encode
        body = '{"cache": ' + note + ", " + extra + ", " + c.json[1:]
        return Response(body, media_type="application/json", headers=_cache_headers(c, stale))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, tags=["html"], summary="A story's dossier (HTML)")
    def story_html(request: Request, story_id: str):
        from .dossiers import STATUS_MARK, page_html, stale_note

        c, stale = stored(story_id)
        page = c.html if c.html else page_html(c.dossier(), env)
        e = story_edits(story_id, c.story_id)
        edits = env.get_template("story_edits.html.j2").render(story_id=c.story_id, **e, rows=_history_rows(e))
        page = page.replace(STATUS_MARK, (stale_note(c) if stale else "") + edits, 1)
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

    def same_story_data(doc_id: str, other_id: str) -> dict[str, Any]:
        from ..corpus.pair_decision import same_story

        docs = [store.get(_check_id(x, "article")) for x in (doc_id, other_id)]
        v = same_story(docs[0], docs[1])
        return {**v.to_dict(), "articles": [_pair_article(store, d) for d in docs]}

    @app.get("/articles/{doc_id}/same-story/{other_id}.json", tags=["read"],
             summary="Do two stored articles report the same story? (pair model, e5 embeddings by default; ~0.2 s)")
    def same_story_json(doc_id: str, other_id: str):
        return JSONResponse(_jsonable(same_story_data(doc_id, other_id)))

    @app.get("/articles/{doc_id}/same-story", tags=["html"], include_in_schema=False)
    def same_story_form(doc_id: str, other: str = ""):
        """The article page's "compare with" form (GET ?other=ID or prefix): redirects to the pair's page."""
        a = store.resolve_id(_check_id(doc_id, "article"))
        other = other.strip()
        if not other:
            raise NotFound("give the ID of the article to compare with (at least 4 characters)")
        b = store.resolve_id(_check_id(other, "article"))
        return RedirectResponse(f"/articles/{quote(a, safe='')}/same-story/{quote(b, safe='')}", status_code=303)

    @app.get("/articles/{doc_id}/same-story/{other_id}", response_class=HTMLResponse, tags=["html"],
             summary="Same story? Two stored articles side by side with the pair decision (HTML)")
    def same_story_html(request: Request, doc_id: str, other_id: str):
        return html("same_story.html.j2", request, v=same_story_data(doc_id, other_id))

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


def _pair_article(store: Any, d: Any) -> dict[str, Any]:
    """What the same-story page shows of one article."""
    from ..model import trusted_date
    from .writes import _story_of

    m = d.meta
    return {
        "doc_id": d.doc_id, "title": d.title, "lang": d.lang,
        "date": m.date.value if m.date else None, "date_estimated": bool(m.date and m.date.estimated),
        "trusted_date": trusted_date(d),  # the date the time decay uses (None: not trustworthy)
        "outlet": m.outlet.value if m.outlet else None, "agency": m.agency.value if m.agency else None,
        "story": _story_of(store, d.doc_id),
    }


def _story_edits(store: Any, sid: str) -> dict[str, Any]:
    """Aliases (IDs merged into ``sid``) and the merges/splits that touched it, with the named articles' titles."""
    from ..corpus.story_edits import story_history
    from ..store import schema as S

    hist = story_history(store, sid)
    aliases: list[str] = []
    for e in hist:
        x = e.get("absorbed") if e["action"] == "merge" else None
        if x and x != sid and x not in aliases and len(aliases) < 500:
            try:
                if queries.live_story_row(store, x)["story_id"] == sid:
                    aliases.append(x)
            except NotFound:
                pass
    ids = sorted({d for e in hist for d in [*(e.get("articles") or []), e.get("at_article")] if d})
    titles: dict[str, str] = {}
    from sqlalchemy import select

    with store.engine.connect() as c:
        for i in range(0, len(ids), 500):
            titles.update(c.execute(select(S.articles.c.doc_id, S.articles.c.title).where(S.articles.c.doc_id.in_(ids[i : i + 500]))).all())
    return {"aliases": aliases, "history": hist, "titles": {k: v or "" for k, v in titles.items()}}


def _history_rows(e: dict[str, Any]) -> list[dict[str, Any]]:
    """History entries as table rows for the story page (newest first)."""
    titles = e.get("titles") or {}
    rows = []
    for h in reversed(e.get("history") or []):
        when = str(h.get("when") or "")
        arts = list(h.get("articles") or [])
        rows.append({
            "action": h["action"], "manual": bool(h.get("manual")), "by": h.get("by"), "reason": h.get("reason") or "",
            "when": when[:16].replace("T", " ") + " UTC" if when else "", "edit": h.get("edit"),
            "at_article": h.get("at_article"), "at_title": titles.get(h.get("at_article") or "", ""),
            "kept": h.get("kept"), "absorbed": h.get("absorbed"), "from": h.get("from"), "new": h.get("new"),
            "articles": [{"doc_id": a, "title": titles.get(a, "")} for a in arts],
        })
    return rows


def _jsonable(d: Any) -> Any:
    import json

    return json.loads(json.dumps(d, default=str, ensure_ascii=False))
