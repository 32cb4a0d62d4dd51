"""Read-side Python API over the store: stories, duplicates, entities, quotes.

The CLI and the web app are thin views over these functions; each returns plain
JSON-able dicts. All SQL uses bound parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from sqlalchemy import func, or_, select

from .corpus.names import name_key, same_name
from .errors import ConfigError, NotFound
from .store import schema as S


def stories(
    store,
    *,
    limit: int = 50,
    offset: int = 0,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    lang: str | None = None,
    min_size: int | None = None,
    entity: str | None = None,
    storyline: str | None = None,
    q: str | None = None,
) -> list[dict[str, Any]]:
    """Live stories, newest and largest first, optionally filtered; paging applies after the filters.

    - ``since`` / ``until`` (ISO dates, inclusive): stories whose [first_seen, last_seen] overlaps
      the range. Undated stories (all their articles undated: NULL first/last seen) cannot be
      placed in time and are left out whenever either bound is given.
    - ``lang``: stories with at least one article in that language ("de", "en", "fr").
    - ``min_size``: stories with at least that many articles.
    - ``entity``: stories with an article mentioning the entity, resolved like `find_entity`
      (key, any alias or spelling, a lone surname, a fuzzy name, Cyrillic); an unknown name gives [].
    - ``storyline``: the stories of one storyline (``L0000001``).
    - ``q``: words (one substring, case-insensitive for ASCII letters on SQLite) in the label.

    A bad date raises `ConfigError` (LB201). All filters are SQL with bound parameters.
    """
    st, sa = S.stories, S.story_articles
    conds: list[Any] = [st.c.alias_of.is_(None)]
    lo, hi = day_range(since, until)
    if lo:
        conds.append(st.c.last_seen >= lo)  # NULL (undated) compares as unknown: left out
    if hi:
        conds.append(st.c.first_seen <= hi)
    if min_size is not None and min_size > 1:
        conds.append(st.c.size >= int(min_size))
    if storyline:
        conds.append(st.c.storyline_id == storyline.strip().upper())
    if q and q.strip():
        conds.append(st.c.label.ilike("%" + _like_escape(q.strip()[:200]) + "%", escape="\\"))
    if lang and lang.strip():
        a2 = sa.alias("sa_lang")
        conds.append(
            select(a2.c.story_id)
            .join(S.articles, S.articles.c.doc_id == a2.c.doc_id)
            .where(a2.c.story_id == st.c.story_id, S.articles.c.lang == lang.strip().lower()[:8])
            .exists()
        )
    with store.engine.connect() as c:
        if entity is not None and entity.strip():
            key = _entity_key(c, entity.strip()[:200])
            if key is None:
                return []
            a3 = sa.alias("sa_ent")
            conds.append(st.c.story_id.in_(select(a3.c.story_id).join(S.mentions, S.mentions.c.doc_id == a3.c.doc_id).where(S.mentions.c.entity_key == key)))
        q_ = (
            select(st, func.max(sa.c.seq).label("latest_seq"))
            .join(sa, sa.c.story_id == st.c.story_id, isouter=True)
            .where(*conds)
            .group_by(st.c.story_id)
            .order_by(st.c.last_seen.desc().nulls_last(), st.c.size.desc(), func.max(sa.c.seq).desc())
            .limit(limit)
            .offset(offset)
        )
        rows = [dict(r) for r in c.execute(q_).mappings().all()]
    for r in rows:
        _detail(r)
    return rows


def day_range(since: str | dt.date | None, until: str | dt.date | None) -> tuple[str | None, str | None]:
    """The ``since`` / ``until`` filter days (`parse_day`); `ConfigError` when since is after until."""
    lo, hi = parse_day(since, "since"), parse_day(until, "until")
    if lo and hi and lo > hi:
        raise ConfigError(f"since date {lo} is after until date {hi}: nothing can overlap")
    return lo, hi


def parse_day(value: str | dt.date | None, name: str) -> str | None:
    """An ISO date (YYYY-MM-DD) as the stored day string, or None; anything else is a `ConfigError`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    v = str(value).strip()
    if not v:
        return None
    if not _ISO_DAY.match(v):
        raise ConfigError(f"{name} date {v[:40]!r} is not YYYY-MM-DD (e.g. 2024-06-01)")
    try:
        return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        raise ConfigError(f"{name} date {v[:40]!r} is not a calendar date (give YYYY-MM-DD, e.g. 2024-06-01)") from None


_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _detail(r: dict[str, Any]) -> dict[str, Any]:
    """A story/storyline row with its ``detail_json`` spread into it (the label's name memory dropped)."""
    r.update(json.loads(r.pop("detail_json") or "{}"))
    r.pop("names", None)
    return r


def _sources(c, story_ids: list[str]) -> list[dict[str, Any]]:
    """Outlets and agencies of the stories' articles, with article counts (most first)."""
    q = (
        select(S.articles.c.outlet, S.articles.c.agency, func.count().label("articles"))
        .join(S.story_articles, S.story_articles.c.doc_id == S.articles.c.doc_id)
        .where(S.story_articles.c.story_id.in_(story_ids))
        .group_by(S.articles.c.outlet, S.articles.c.agency)
        .order_by(func.count().desc(), S.articles.c.outlet, S.articles.c.agency)
    )
    return [{"outlet": o, "agency": a, "articles": n} for o, a, n in c.execute(q).all()]


def storylines(store, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Storylines (stories linked over months by shared actors, places and topics), newest first.

    One SQL page: size and last activity are aggregated over the live stories of each storyline
    (a storyline without a live story is not listed)."""
    live = (
        select(S.stories.c.storyline_id, func.sum(S.stories.c.size).label("n"), func.max(S.stories.c.last_seen).label("last"))
        .where(S.stories.c.alias_of.is_(None), S.stories.c.storyline_id.is_not(None))
        .group_by(S.stories.c.storyline_id)
        .subquery()
    )
    q = (
        select(S.storylines, live.c.n)
        .join(live, live.c.storyline_id == S.storylines.c.storyline_id)
        .order_by(live.c.last.desc().nulls_last(), live.c.n.desc(), S.storylines.c.storyline_id.desc())
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as c:
        rows = [dict(r) for r in c.execute(q).mappings().all()]
    for r in rows:
        r["size"] = int(r.pop("n") or 0)
        _detail(r)
        r["stories"] = list(r.get("stories") or [])
    return rows


def storyline(store, storyline_id: str) -> dict[str, Any]:
    """One storyline: label, time span, languages, sources and its stories (oldest first)."""
    with store.engine.connect() as c:
        row = c.execute(select(S.storylines).where(S.storylines.c.storyline_id == storyline_id)).mappings().first()
        if row is None:
            raise NotFound(f"no storyline {storyline_id!r} (list them with `lagebild storylines`)")
        line = _detail(dict(row))
        members = c.execute(
            select(S.stories.c.story_id, S.stories.c.label, S.stories.c.size, S.stories.c.first_seen, S.stories.c.last_seen)
            .where(S.stories.c.storyline_id == storyline_id, S.stories.c.alias_of.is_(None))
        ).mappings().all()
        line["stories"] = sorted((dict(m) for m in members), key=lambda m: (m["first_seen"] or "", m["story_id"]))
        line["size"] = sum(m["size"] or 0 for m in line["stories"])
        line["sources"] = _sources(c, [m["story_id"] for m in line["stories"]])
    return line


def live_story_row(store, story_id: str) -> dict[str, Any]:
    """The story row, following merge aliases to the live story (a merge keeps the older ID)."""
    sid = story_id
    for _ in range(20):
        rows = store.rows("stories", story_id=sid)
        if not rows:
            raise NotFound(f"no story {story_id!r} (list them with `lagebild stories`)")
        if not rows[0].get("alias_of"):
            return rows[0]
        sid = rows[0]["alias_of"]
    raise NotFound(f"story {story_id!r}: merge aliases loop")


def story(store, story_id: str) -> dict[str, Any]:
    s = _detail(live_story_row(store, story_id))
    with store.engine.connect() as c:
        arts = c.execute(
            select(S.articles.c.doc_id, S.articles.c.title, S.articles.c.date, S.articles.c.lang, S.articles.c.agency)
            .join(S.story_articles, S.story_articles.c.doc_id == S.articles.c.doc_id)
            .where(S.story_articles.c.story_id == s["story_id"])
            .order_by(S.story_articles.c.seq)
        ).mappings().all()
        s["sources"] = _sources(c, [s["story_id"]])
    s["articles"] = [dict(a) for a in arts]
    if s["story_id"] != story_id.strip():
        s["requested"] = story_id.strip()  # an alias: the story it was merged into
    from .corpus.story_edits import story_history

    s["history"] = story_history(store, s["story_id"])  # merges and splits, analysts' ones marked manual
    return s


def duplicates(store, *, doc_id: str | None = None, copies_only: bool = False) -> list[dict[str, Any]]:
    with store.engine.connect() as c:
        q = select(S.duplicates)
        if doc_id:
            q = q.where(or_(S.duplicates.c.doc_id == doc_id, S.duplicates.c.other_id == doc_id))
        if copies_only:
            q = q.where(S.duplicates.c.kind != "same_agency")
        rows = [dict(r) for r in c.execute(q.order_by(S.duplicates.c.doc_id)).mappings().all()]
    for r in rows:
        r["detail"] = json.loads(r.pop("detail_json") or "{}")
    return rows


def also_ran_in(store, doc_id: str) -> list[str]:
    """Articles sharing copy with this one (transitively over copy links)."""
    seen, todo = {doc_id}, [doc_id]
    while todo:
        cur = todo.pop()
        for r in duplicates(store, doc_id=cur, copies_only=True):
            for o in (r["doc_id"], r["other_id"]):
                if o not in seen:
                    seen.add(o)
                    todo.append(o)
    seen.discard(doc_id)
    return sorted(seen)


def entities(store, *, story_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    with store.engine.connect() as c:
        if story_id:
            q = (
                select(S.entities.c.key, S.entities.c.name, S.entities.c.type, func.count().label("mentions"))
                .join(S.mentions, S.mentions.c.entity_key == S.entities.c.key)
                .join(S.story_articles, S.story_articles.c.doc_id == S.mentions.c.doc_id)
                .where(S.story_articles.c.story_id == story_id)
                .group_by(S.entities.c.key, S.entities.c.name, S.entities.c.type)
                .order_by(func.count().desc())
                .limit(limit)
            )
        else:
            q = select(S.entities.c.key, S.entities.c.name, S.entities.c.type, S.entities.c.n_mentions.label("mentions"), S.entities.c.first_seen, S.entities.c.last_seen).order_by(S.entities.c.n_mentions.desc()).limit(limit)
        return [dict(r) for r in c.execute(q).mappings().all()]


def entity_key(store, name: str) -> str | None:
    """The entity key a name resolves to (as `find_entity` resolves it), or None."""
    with store.engine.connect() as c:
        return _entity_key(c, name)


def _entity_key(c, name: str) -> str | None:
    """Resolve a name: the key itself, any alias in any spelling, a lone surname, a fuzzy full name;
    a name in Cyrillic script is transliterated and looked up the same way ("Путин" -> "Putin")."""
    key = _latin_entity_key(c, name)
    if key is None:
        from .corpus.cyrillic import has_cyrillic, to_latin

        if has_cyrillic(name):
            key = _latin_entity_key(c, to_latin(name))
    return key


def _latin_entity_key(c, name: str) -> str | None:
    key = c.execute(select(S.entities.c.key).where(S.entities.c.key == name)).scalar()
    if key is None:
        for label in ("PER", "ORG", "LOC", "MISC"):
            key = c.execute(select(S.entity_aliases.c.entity_key).where(S.entity_aliases.c.alias_key == f"{label}:{name_key(name)}")).scalar()
            if key:
                break
    if key is None:  # a lone surname in any spelling ("Peskov") -> the one full name ending with it
        from .corpus.names import token_key, tokens

        toks = tokens(name)
        if len(toks) == 1:
            for label in ("PER", "ORG", "LOC", "MISC"):
                ents = set(c.execute(select(S.entity_aliases.c.entity_key).where(S.entity_aliases.c.last_key == f"{label}:{token_key(toks[0])}")).scalars())
                if len(ents) == 1:
                    key = ents.pop()
                    break
    if key is None:
        cands = c.execute(select(S.entities.c.key, S.entities.c.name)).all()
        scored = sorted(((same_name(name, n), k) for k, n in cands), reverse=True)
        if scored and scored[0][0] >= 0.85:
            key = scored[0][1]
    return key


def find_entity(store, name: str) -> dict[str, Any]:
    """An entity by key, by any alias, or by fuzzy name; with aliases, articles, quotes, neighbours."""
    with store.engine.connect() as c:
        key = _entity_key(c, name)
        if key is None:
            raise NotFound(f"no entity named {name!r} (list them with `lagebild entities`)")
        ent = dict(c.execute(select(S.entities).where(S.entities.c.key == key)).mappings().one())
        ent["aliases"] = json.loads(ent.pop("aliases_json") or "{}")
        docs = c.execute(select(S.mentions.c.doc_id, func.count()).where(S.mentions.c.entity_key == key).group_by(S.mentions.c.doc_id)).all()
        ent["articles"] = [{"doc_id": d, "mentions": n} for d, n in docs]
        ent["quotes"] = [dict(r) for r in c.execute(select(S.quotes).where(S.quotes.c.speaker_key == key)).mappings().all()]
        ids = [d for d, _ in docs]
        co = c.execute(
            select(S.mentions.c.entity_key, func.count()).where(S.mentions.c.doc_id.in_(ids), S.mentions.c.entity_key != key, S.mentions.c.entity_key.is_not(None)).group_by(S.mentions.c.entity_key).order_by(func.count().desc()).limit(15)
        ).all()
        ent["co_occurring"] = [{"key": k, "count": n} for k, n in co]
        ent["stories"] = sorted(set(c.execute(select(S.story_articles.c.story_id).where(S.story_articles.c.doc_id.in_(ids))).scalars()))
    return ent


def quotes(store, *, speaker: str | None = None, story_id: str | None = None, text: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    with store.engine.connect() as c:
        q = select(S.quotes)
        if speaker:
            try:
                key = find_entity(store, speaker)["key"]
                q = q.where(or_(S.quotes.c.speaker_key == key, S.quotes.c.speaker.ilike(f"%{speaker}%")))
            except NotFound:
                q = q.where(S.quotes.c.speaker.ilike(f"%{speaker}%"))
        if story_id:
            q = q.join(S.story_articles, S.story_articles.c.doc_id == S.quotes.c.doc_id).where(S.story_articles.c.story_id == story_id)
        if text:
            q = q.where(S.quotes.c.message.ilike(f"%{text}%"))
        rows = c.execute(q.order_by(S.quotes.c.doc_id, S.quotes.c.idx).limit(limit).offset(offset)).mappings().all()
    return [dict(r) for r in rows]


def story_sources(store, story_ids: list[str]) -> dict[str, int]:
    """Number of distinct sources (outlet, else agency, else the article itself) per story."""
    if not story_ids:
        return {}
    src = func.coalesce(S.articles.c.outlet, S.articles.c.agency, S.articles.c.doc_id)
    with store.engine.connect() as c:
        rows = c.execute(
            select(S.story_articles.c.story_id, func.count(func.distinct(src)))
            .join(S.articles, S.articles.c.doc_id == S.story_articles.c.doc_id)
            .where(S.story_articles.c.story_id.in_(list(story_ids)))
            .group_by(S.story_articles.c.story_id)
        ).all()
    return {k: int(n) for k, n in rows}


def article(store, doc_id: str, *, removed: bool = False) -> dict[str, Any]:
    """One article as a view: annotations, plus its story and the articles that share its copy."""
    from .report.article import article_view

    doc = store.get(doc_id)
    view = article_view(doc, removed=removed)
    view["also_ran_in"] = also_ran_in(store, doc.doc_id)
    rows = store.rows("story_articles", doc_id=doc.doc_id)
    view["story"] = rows[0]["story_id"] if rows else None
    return view


def corpus_version(store) -> tuple[int, int, str]:
    """Changes whenever the story list can change: (max articles.seq, cluster watermark, its commit time).

    Two indexed lookups: cheap enough to ask on every request and key a cache
    of the story list by it.
    """
    with store.engine.connect() as c:
        top = c.execute(select(func.max(S.articles.c.seq))).scalar() or 0
        wm = c.execute(select(S.corpus_state.c.watermark, S.corpus_state.c.updated_at).where(S.corpus_state.c.name == "cluster")).first()
    return (int(top), int(wm[0]) if wm else 0, str(wm[1]) if wm else "")
