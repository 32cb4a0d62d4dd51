"""Analyst corrections of stories: merge two stories into one, split articles out into a new story.

    >>> from lagebild import Pipeline
    >>> from lagebild.corpus.story_edits import merge_stories, split_story
    >>> p = Pipeline(db="news.db")
    >>> merge_stories(p, "S0000002", "S0000003", reason="same summit").story_id   # the older ID survives
    'S0000002'
    >>> split_story(p, "S0000002", ["9bc08cb0"], reason="AFP piece is the reaction").other_id
    'S0000004'

Each edit works on the streaming clusterer's own state, the way the corpus runner does
(`runner._live` + `ClusterAdapter`): under the corpus lock (so it never interleaves with an
ingest, in this process or another), it applies the edit to the `StoryClusterer` — a merge
through the same `_merge` as an automatic one (older ID kept, the younger recorded as its
alias), a split through `StoryClusterer.split` — then, in ONE transaction, rewrites the
rows (``story_articles``, ``stories`` with ``alias_of``, labels and sizes via
`ClusterAdapter._sync_story`, ``storylines``), saves the clusterer's state at its
unchanged watermark, drops the cached dossiers of the touched stories and counts the edit.
The log entries (``merges``/``splits`` of the clusterer) carry ``manual: true``, ``reason``,
``by`` and ``when``. Articles that arrive later are clustered against the edited stories.
A process that holds the clusterer in memory (the web server's writer) notices an edit
made by another process (`ClusterAdapter.reload_if_edited`) and reloads before its next batch.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from ..errors import NotFound, StoryEditRefused
from ..store import schema as S

STAGE = "cluster"


@dataclass(frozen=True)
class StoryEdit:
    """What an edit did. Merge: ``story_id`` survives (the older), ``other_id`` is now its alias,
    ``articles`` moved into ``story_id``. Split: ``articles`` moved from ``story_id`` into the new
    story ``other_id``."""

    action: str  # "merge" | "split"
    story_id: str
    other_id: str
    articles: tuple[str, ...]
    reason: str
    by: str | None
    when: str  # UTC, ISO 8601
    resolved: dict[str, str]  # an argument given as an alias -> the live story it named

    @property
    def touched(self) -> list[str]:
        """Story IDs whose pages and dossiers changed."""
        return [self.story_id, self.other_id]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["articles"] = list(self.articles)
        d["touched"] = self.touched
        return d


def merge_stories(target: Any, a: str, b: str, *, reason: str = "", by: str | None = None, settings: Any = None) -> StoryEdit:
    """Merge stories ``a`` and ``b`` (an analyst saying "these are one story"). The older ID survives
    whichever comes first; the younger becomes its alias. ``target``: a `Pipeline` or a `Store`."""

    def check(cl: Any) -> tuple[str, str, dict[str, str]]:
        ra, rb, resolved = _story(cl, a), _story(cl, b), {}
        for x, r in ((a, ra), (b, rb)):
            if _norm(x) != r:
                resolved[_norm(x)] = r
        if ra == rb:
            how = f" ({', '.join(f'{k} was merged into {v}' for k, v in resolved.items())})" if resolved else ""
            raise StoryEditRefused(f"{_norm(a)} and {_norm(b)} are already one story, {ra}{how}")
        return ra, rb, resolved

    def apply(ad: Any, c: Connection, store: Any, log: dict[str, Any]) -> StoryEdit:
        cl = ad.clusterer
        ra, rb, resolved = check(cl)
        keep = cl.merge(ra, rb, log=log)
        gone = rb if keep == ra else ra
        moved = tuple(c.execute(select(S.story_articles.c.doc_id).where(S.story_articles.c.story_id == gone)
                                .order_by(S.story_articles.c.seq)).scalars())
        gone_line = cl.stories[gone].parent
        names = _names(c, gone)
        # as an automatic merge in `ClusterAdapter.process`: the articles move, the younger row becomes an alias
        c.execute(update(S.story_articles).where(S.story_articles.c.story_id == gone).values(story_id=keep))
        c.execute(update(S.stories).where(S.stories.c.story_id == gone).values(alias_of=keep, size=0))
        c.execute(update(S.stories).where(S.stories.c.alias_of == gone).values(alias_of=keep))  # older aliases: one hop
        _learn_names(c, keep, names)
        ad._sync_story(c, keep)
        if gone_line != cl.stories[keep].parent:
            ad._sync_line(c, gone_line)
        return StoryEdit("merge", keep, gone, moved, log["reason"], log["by"], log["when"], resolved)

    return _edit(target, settings, lambda cl: check(cl) and None, apply, reason, by)


def split_story(target: Any, story_id: str, doc_ids: Sequence[str], *, reason: str = "", by: str | None = None,
                settings: Any = None) -> StoryEdit:
    """Move the articles ``doc_ids`` (full IDs or unambiguous prefixes) of story ``story_id`` into a new
    story (an analyst saying "these articles are another story"); the story keeps its ID."""
    if not doc_ids:
        raise StoryEditRefused("name at least one article to split out of the story")
    ids: list[str] = []

    def check(cl: Any) -> str:
        sid = _story(cl, story_id)
        ids.clear()
        for x in doc_ids:
            did = store_of(target).resolve_id(x)
            where = cl.story_of(did)
            if where != sid:
                raise StoryEditRefused(f"article {did[:12]} is not in story {sid}"
                                       + (f" (it is in {where})" if where else " (it is not clustered yet)"))
            if did not in ids:
                ids.append(did)
        if len(ids) >= cl.stories[sid].size:
            raise StoryEditRefused(f"cannot split all {len(ids)} articles out of {sid}: a story keeps at least one")
        return sid

    def apply(ad: Any, c: Connection, store: Any, log: dict[str, Any]) -> StoryEdit:
        from ..model import trusted_date
        from .adapters import _title

        cl = ad.clusterer
        sid = check(cl)
        docs = [store.get(d) for d in ids]
        items = [ad._mod.ClusterInput(id=d.doc_id, date=trusted_date(d), lang=d.lang, title=_title(d), text=d.text)
                 for d in docs]
        stay = [m for m in cl.stories[sid].members if m not in set(ids)]
        new = cl.split(sid, items, log["reason"], log={k: v for k, v in log.items() if k != "reason"},
                       span=_span(c, stay))
        c.execute(update(S.story_articles).where(S.story_articles.c.doc_id.in_(ids)).values(story_id=new))
        ad._sync_story(c, sid)
        for d in docs:  # the new story's label learns full names from its articles, as at ingest
            ad._sync_story(c, new, d)
        resolved = {_norm(story_id): sid} if _norm(story_id) != sid else {}
        return StoryEdit("split", sid, new, tuple(ids), log["reason"], log["by"], log["when"], resolved)

    return _edit(target, settings, check, apply, reason, by)


def story_history(store: Any, story_id: str) -> list[dict[str, Any]]:
    """The merges and splits that touched a story (and the stories merged into it), oldest first:
    ``{"action", "kept"/"absorbed" or "from"/"new", "articles", "reason"}``; an analyst's edit also has
    ``manual``, ``by``, ``when``, ``edit`` (its number) and ``after_seq``, an automatic merge ``at_article``."""
    from ..store import rows as R

    merges = [{"action": "merge", **json.loads(d)} for _, d in R.read(store, STAGE, "merge")]
    splits = [{"action": "split", **json.loads(d)} for _, d in R.read(store, STAGE, "split")]
    family = {story_id}
    for m in merges:  # the story, the stories merged into it (transitively) and those it was merged into
        if m["kept"] in family or m["absorbed"] in family:
            family.update((m["kept"], m["absorbed"]))
    out = [m for m in merges if m["kept"] in family or m["absorbed"] in family]
    out += [s for s in splits if s["from"] in family or s["new"] in family]
    # in stream order: an automatic merge happened at its article, an edit after the article it names
    at = sorted({e["at_article"] for e in out if e.get("at_article")})
    seqs: dict[str, int] = {}
    with store.engine.connect() as c:
        for i in range(0, len(at), 500):
            A = S.articles.c
            seqs.update(c.execute(select(A.doc_id, A.seq).where(A.doc_id.in_(at[i : i + 500]))).all())
    order = {id(e): i for i, e in enumerate(out)}

    def key(e: dict[str, Any]) -> tuple:
        if e.get("manual"):
            return (int(e.get("after_seq") or 0), 1, int(e.get("edit") or 0), order[id(e)])
        return (seqs.get(e.get("at_article") or "", 0), 0, "", order[id(e)])

    return sorted(out, key=key)


# --- the common part ------------------------------------------------------------------
def store_of(target: Any) -> Any:
    return target.store if hasattr(target, "store") and hasattr(target, "settings") else target


def _edit(target: Any, settings: Any, check: Callable[[Any], Any], apply: Callable[..., StoryEdit], reason: str,
          by: str | None) -> StoryEdit:
    from . import runner

    store = store_of(target)
    if settings is None:
        settings = getattr(target, "settings", None)
        if settings is None:
            from ..settings import load_settings

            settings = load_settings(db=store.db)
    if STAGE not in settings.corpus_stages:
        raise StoryEditRefused("story clustering is not among the corpus stages (corpus_stages in lagebild.toml)")
    when = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    log = {"manual": True, "reason": " ".join((reason or "").split()), "by": by or _user(), "when": when}
    with store.corpus_lock():  # the lock every ingest's corpus update takes: edits never interleave with one
        live = runner._live(store, STAGE, settings)
        if live is None:
            raise StoryEditRefused("story clustering is not available")
        with store.engine.connect() as c:
            live.adapter.reload_if_edited(c, store)  # edited by another process since this one loaded it
        if live.processed == 0 and not live.adapter.clusterer.stories:
            raise NotFound("no stories yet: ingest articles first (`lagebild ingest`)")
        check(live.adapter.clusterer)  # user mistakes before anything changes
        log["after_seq"] = live.processed  # the edit's place in the stream: after this article
        log["edit"] = live.adapter.edits + 1  # analysts' edits of this store, numbered
        try:
            with store.transaction() as c:
                edit = apply(live.adapter, c, store, log)
                c.execute(delete(S.dossier_cache).where(S.dossier_cache.c.story_id.in_(edit.touched)))
                live.adapter.note_edit(c, store)
                store.save_state(c, STAGE, live.processed, live.adapter.save(c, store))
                # the story list's cache key (`queries.corpus_version`) changes even within the same second
                c.execute(update(S.corpus_state).where(S.corpus_state.c.name == STAGE)
                          .values(updated_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")))
            live.saved, live.since_save = live.processed, 0
        except BaseException:
            runner._LIVE.pop((store.url, STAGE), None)  # memory is ahead of the rolled-back store: reload next time
            raise
    return edit


def _norm(x: str) -> str:
    return x.strip().upper()


def _story(cl: Any, x: str) -> str:
    sid = _norm(x)
    if sid not in cl.stories:
        raise NotFound(f"no story {x.strip()!r} (list them with `lagebild stories`)")
    return cl.resolve(sid)


def _user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return None


def _names(c: Connection, story_id: str) -> dict[str, str]:
    from .adapters import _stored_names

    return _stored_names(c, S.stories, S.stories.c.story_id, story_id)


def _learn_names(c: Connection, story_id: str, names: dict[str, str]) -> None:
    """The surviving story's label keeps the full names the absorbed story had learnt (its own first)."""
    if not names:
        return
    raw = c.execute(select(S.stories.c.detail_json).where(S.stories.c.story_id == story_id)).scalar()
    try:
        detail = json.loads(raw) if raw else {}
    except ValueError:
        detail = {}
    detail["names"] = {**names, **(detail.get("names") or {})}
    c.execute(update(S.stories).where(S.stories.c.story_id == story_id).values(detail_json=json.dumps(detail, ensure_ascii=False)))


def _span(c: Connection, doc_ids: list[str]) -> tuple[float, float] | None:
    """(first, last) day of the articles by their trusted dates (`model.trusted_date`), None when none is known."""
    from ..model import trusted_value
    from .cluster_state import parse_date

    ts: list[float] = []
    A = S.articles.c
    for i in range(0, len(doc_ids), 500):
        q = select(A.date, A.date_estimated, A.date_earliest, A.date_latest).where(A.doc_id.in_(doc_ids[i : i + 500]))
        for date, est, lo, hi in c.execute(q).all():
            t = parse_date(trusted_value(date, bool(est), lo, hi))
            if t is not None:
                ts.append(t)
    return (min(ts), max(ts)) if ts else None
