"""Precomputed dossiers: built once per story *version* and stored in ``dossier_cache``.

A story's version is ``"<number of articles>:<highest story_articles.seq>"``: it
changes whenever an article joins the story (also through a merge), and nothing
else about a story changes its dossier's input. ``build`` computes the version
*before* building, so an article that arrives during a build makes the stored
row stale (rebuilt later) and never hides a change. The row keeps the dossier
JSON and, optionally, a rendered page (the web app's HTML) so a page view is one
indexed read.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import NotFound
from ..store import schema as S


@dataclass(frozen=True)
class Cached:
    story_id: str
    version: str
    built_at: str
    json: str  # the dossier, serialised once
    html: str | None = None

    def dossier(self) -> dict[str, Any]:
        return json.loads(self.json)


def live_story_id(store, story_id: str) -> str:
    """Follow merge aliases to the live story; NotFound when there is no such story."""
    from ..queries import live_story_row

    return live_story_row(store, story_id)["story_id"]


def story_version(store, story_id: str) -> str:
    with store.engine.connect() as c:
        n, top = c.execute(
            select(func.count(), func.max(S.story_articles.c.seq)).where(S.story_articles.c.story_id == story_id)
        ).one()
    return f"{int(n)}:{int(top or 0)}"


def story_versions(store) -> dict[str, str]:
    """Current version of every live story (one grouped query)."""
    with store.engine.connect() as c:
        live = set(c.execute(select(S.stories.c.story_id).where(S.stories.c.alias_of.is_(None))).scalars())
        rows = c.execute(
            select(S.story_articles.c.story_id, func.count(), func.max(S.story_articles.c.seq)).group_by(S.story_articles.c.story_id)
        ).all()
    out = {sid: "0:0" for sid in live}
    for sid, n, top in rows:
        if sid in live:
            out[sid] = f"{int(n)}:{int(top or 0)}"
    return out


def load(store, story_id: str, *, with_html: bool = True) -> Cached | None:
    t = S.dossier_cache
    cols = [t.c.story_id, t.c.version, t.c.built_at, t.c.json] + ([t.c.html] if with_html else [])
    with store.engine.connect() as c:
        row = c.execute(select(*cols).where(t.c.story_id == story_id)).first()
    if row is None:
        return None
    return Cached(row[0], row[1], row[2] or "", row[3], row[4] if with_html else None)


def stored_versions(store) -> dict[str, str]:
    with store.engine.connect() as c:
        return dict(c.execute(select(S.dossier_cache.c.story_id, S.dossier_cache.c.version)).all())


def save(store, cached: Cached) -> None:
    t = S.dossier_cache
    vals = dict(version=cached.version, built_at=cached.built_at, json=cached.json, html=cached.html)
    for _ in range(2):  # a concurrent insert of the same story: retry as an update
        try:
            with store.engine.begin() as c:
                if c.execute(update(t).where(t.c.story_id == cached.story_id).values(**vals)).rowcount == 0:
                    c.execute(insert(t).values(story_id=cached.story_id, **vals))
            return
        except IntegrityError:
            continue


def build(store, story_id: str, *, html: Callable[[dict[str, Any]], str] | None = None) -> Cached:
    """Build the dossier of the live story ``story_id`` at its current version and store it."""
    from .dossier import build_dossier

    sid = live_story_id(store, story_id)
    version = story_version(store, sid)  # before building: a concurrent change leaves the row stale
    d = build_dossier(store, sid)
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    cached = Cached(sid, version, now, json.dumps(d, ensure_ascii=False, default=str), html(d) if html else None)
    save(store, cached)
    return cached


def stale(store, *, everything: bool = False) -> tuple[list[str], dict[str, int]]:
    """Live stories whose stored dossier is missing or older than the story; and counts."""
    cur = story_versions(store)
    have = stored_versions(store)
    missing = [s for s in cur if s not in have]
    old = [s for s in cur if s in have and have[s] != cur[s]]
    todo = sorted(cur) if everything else sorted(missing + old)
    return todo, {"stories": len(cur), "current": len(cur) - len(missing) - len(old), "stale": len(old), "missing": len(missing)}


def rebuild(store, story_ids: Iterable[str], *, html: Callable[[dict[str, Any]], str] | None = None, progress: Callable[[int, str], None] | None = None) -> int:
    n = 0
    for sid in story_ids:
        try:
            build(store, sid, html=html)
        except NotFound:
            continue
        n += 1
        if progress:
            progress(n, sid)
    return n
