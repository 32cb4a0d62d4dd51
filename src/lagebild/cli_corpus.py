"""CLI commands over the corpus: stories, duplicates, entities, quotes, dossiers."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from . import queries
from .cli import DbOpt, JsonOpt, _fail, _pipeline, _print_json, app, err, out
from .errors import LagebildError


def _store(db):
    return _pipeline(db).store


@app.command("stories")
def stories_cmd(
    db: Optional[str] = DbOpt,
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Stories still running on or after this day (last seen >= it). Undated stories are left out."),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="Stories already running on or before this day (first seen <= it). Undated stories are left out."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Stories with at least one article in this language (de, en, fr)."),
    min_size: Optional[int] = typer.Option(None, "--min-size", min=1, help="Stories with at least this many articles."),
    entity: Optional[str] = typer.Option(None, "--entity", help="Stories with an article mentioning this entity: any spelling or alias, as `lagebild entity` finds it (Putin, Путин, Wladimir Putin)."),
    storyline: Optional[str] = typer.Option(None, "--storyline", help="Stories of one storyline (L0000001)."),
    q: Optional[str] = typer.Option(None, "--q", help="Text in the story label."),
    limit: int = typer.Option(50, help="Rows per page."),
    offset: int = typer.Option(0, help="Rows to skip (after filtering)."),
    json_: bool = JsonOpt,
):
    """List stories, newest and largest first; the filters combine (AND) and paging applies after them.

    --since/--until select the stories whose time span (first seen to last seen) overlaps the range;
    undated stories are left out as soon as either is given.
    """
    try:
        store = _store(db)
        rows = queries.stories(store, limit=limit, offset=offset, since=since, until=until, lang=lang, min_size=min_size, entity=entity, storyline=storyline, q=q)
        if not rows and entity and entity.strip() and queries.entity_key(store, entity.strip()) is None:
            err.print(f"note: no entity named {entity.strip()[:80]!r}, so no stories (list them with `lagebild entities`)", markup=False, highlight=False, soft_wrap=True)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rows)
        return
    t = Table("story", "size", "first", "last", "storyline", "label")
    for r in rows:
        t.add_row(r["story_id"], str(r["size"]), r["first_seen"] or "?", r["last_seen"] or "?", r["storyline_id"] or "", escape(_clip(r["label"] or "", 90)))
    out.print(t)


def _clip(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters, with an ellipsis when cut."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@app.command("story")
def story_cmd(story_id: str = typer.Argument(..., help="Story ID (S0000001) or storyline ID (L0000001)."), db: Optional[str] = DbOpt, json_: bool = JsonOpt):
    """Show one story (label, time span, sources, articles) or one storyline (its stories)."""
    is_line = story_id.upper().startswith("L")
    try:
        s = queries.storyline(_store(db), story_id) if is_line else queries.story(_store(db), story_id)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(s)
        return
    if is_line:
        out.print(
            f"[bold]{escape(s['storyline_id'])}[/bold] {escape(s['label'] or '')}  ({len(s['stories'])} stories, {s['size']} articles, "
            f"{s.get('first_seen') or '?'} – {s.get('last_seen') or '?'}, {', '.join(s.get('languages') or []) or '?'})"
        )
        for m in s["stories"]:
            out.print(f"  {m['story_id']}  {m['first_seen'] or '?':10} – {m['last_seen'] or '?':10}  {m['size']:>4}  {(m['label'] or '')[:70]}", markup=False)
    else:
        out.print(
            f"[bold]{escape(s['story_id'])}[/bold] {escape(s['label'] or '')}  ({s['size']} articles, {s['first_seen'] or '?'} – {s['last_seen'] or '?'}, storyline {s['storyline_id']})"
        )
        for a in s["articles"]:
            out.print(f"  {a['doc_id'][:12]}  {a['date'] or '?':10}  {a['lang'] or '':3} {a['agency'] or '':8} {(a['title'] or '')[:60]}", markup=False)
        if s.get("requested"):
            out.print(f"  ({s['requested']} was merged into {s['story_id']})", markup=False)
        for h in s.get("history") or []:
            out.print(f"  {_history_line(h)}", markup=False)
    src = ", ".join(f"{r['outlet'] or r['agency'] or 'outlet unknown'}{' (' + r['agency'] + ')' if r['outlet'] and r['agency'] else ''} ×{r['articles']}" for r in s.get("sources", []))
    if src:
        out.print(f"  sources: {src}", markup=False)


@app.command("storylines")
def storylines_cmd(db: Optional[str] = DbOpt, limit: int = typer.Option(50, help="Rows per page."), offset: int = typer.Option(0, help="Rows to skip."), json_: bool = JsonOpt):
    """List storylines: stories linked over months by shared actors, places and topics."""
    try:
        rows = queries.storylines(_store(db), limit=limit, offset=offset)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rows)
        return
    t = Table("storyline", "stories", "articles", "first", "last", "label")
    for r in rows:
        t.add_row(r["storyline_id"], str(len(r["stories"])), str(r["size"]), r.get("first_seen") or "?", r.get("last_seen") or "?", escape(_clip(r["label"] or "", 90)))
    out.print(t)


@app.command("dossier")
def dossier_cmd(
    story_id: str = typer.Argument(..., help="Story ID."),
    db: Optional[str] = DbOpt,
    fmt: str = typer.Option("html", "--format", help="html | md | json"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file (default: print)."),
):
    """Build the story dossier: summary with citations, timeline, actors, quotes, claims, sources."""
    from .report.dossier import write_dossier

    if fmt not in ("html", "md", "json"):
        _fail(LagebildError(f"--format must be html, md or json, got {fmt!r}"))
    try:
        text = write_dossier(_store(db), story_id, fmt, output)
    except LagebildError as e:
        _fail(e)
    if output is None:
        typer.echo(text)
    else:
        out.print(f"wrote {output}")


@app.command("duplicates")
def duplicates_cmd(db: Optional[str] = DbOpt, doc_id: Optional[str] = typer.Option(None, "--article", help="Only links of this article."), json_: bool = JsonOpt):
    """List near-duplicate, reuse and syndication links."""
    try:
        st = _store(db)
        rows = queries.duplicates(st, doc_id=st.resolve_id(doc_id) if doc_id else None)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rows)
        return
    t = Table("article", "copies / shares with", "kind", "score", "original")
    for r in rows:
        t.add_row(r["doc_id"][:12], r["other_id"][:12], r["kind"], f"{r['score']:.2f}", (r["original_id"] or "")[:12])
    out.print(t)


def _stored(store, x: str):
    from .errors import NotFound

    try:
        return store.get(store.resolve_id(x))
    except NotFound:
        raise NotFound(f"no file and no stored article {x!r}") from None


@app.command("same-story")
def same_story_cmd(
    a: str = typer.Argument(..., help="An article: a file (any input format; its first record) or a stored article ID (prefix)."),
    b: str = typer.Argument(..., help="The other article, the same way."),
    db: Optional[str] = DbOpt,
    json_: bool = JsonOpt,
):
    """Do two articles report the same story? A one-off decision by the pair model, in any two languages.

    Uses multilingual-e5-small embeddings unless `pair_embeddings = "use"` (lagebild.toml) or
    LAGEBILD_PAIR_EMBEDDINGS=use; ~0.2 CPU-s per pair. The score is 0..1; "same" at or above the fitted threshold.
    When both publication dates are known, articles weeks apart score lower (the stories' time decay).
    """
    from .corpus.pair_decision import same_story

    try:
        pipe = _pipeline(db, stages=["language", "sentences", "timex", "dating"])  # dates for the time decay
        docs = [pipe.process(Path(x)) if Path(x).is_file() else _stored(pipe.store, x) for x in (a, b)]
        v = same_story(docs[0], docs[1])
    except LagebildError as e:
        _fail(e)
    res = {**v.to_dict(), "articles": [{"arg": x, "title": d.title, "lang": d.lang} for x, d in zip((a, b), docs)]}
    if json_:
        _print_json(res)
        return
    t = Table("", "article", "language", "title", show_header=False)
    for name, r in zip("AB", res["articles"]):
        t.add_row(name, escape(r["arg"][:40]), r["lang"] or "?", escape((r["title"] or "")[:70]))
    out.print(t)
    verdict = "[bold green]same story[/]" if v.same else "[bold]different stories[/]"
    gap = f"; {v.gap_days:.0f} days apart" if v.gap_days is not None else ""
    out.print(f"{verdict}: score {v.score:.2f} (threshold {v.threshold:.2f}; {v.scorer}, {v.embeddings} embeddings{gap})")


@app.command("entities")
def entities_cmd(db: Optional[str] = DbOpt, story: Optional[str] = typer.Option(None, "--story", help="Only entities of this story."), limit: int = 50, json_: bool = JsonOpt):
    """List canonical entities (merged across spellings and languages)."""
    try:
        rows = queries.entities(_store(db), story_id=story, limit=limit)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rows)
        return
    t = Table("entity", "type", "mentions", "key")
    for r in rows:
        t.add_row(r["name"], r["type"] or "", str(r["mentions"]), r["key"])
    out.print(t)


@app.command("entity")
def entity_cmd(name: str = typer.Argument(..., help="A name in any spelling, or an entity key."), db: Optional[str] = DbOpt, json_: bool = JsonOpt):
    """One entity: aliases per language, articles, quotes, co-occurring entities, stories."""
    try:
        e = queries.find_entity(_store(db), name)
    except LagebildError as e_:
        _fail(e_)
    if json_:
        _print_json(e)
        return
    out.print(f"[bold]{e['name']}[/bold] ({e['type']}) · {e['n_mentions']} mentions · {e['first_seen'] or '?'} – {e['last_seen'] or '?'} · key {e['key']}")
    out.print("aliases: " + ", ".join(f"{a} ({', '.join(f'{l}:{n}' for l, n in v.items())})" for a, v in e["aliases"].items()), markup=False)
    out.print(f"articles: {len(e['articles'])} · stories: {', '.join(e['stories'])}")
    for q in e["quotes"][:10]:
        out.print(f"  „{q['message']}“", markup=False)
    out.print("co-occurs with: " + ", ".join(f"{c['key']} ({c['count']})" for c in e["co_occurring"]), markup=False)


@app.command("quotes")
def quotes_cmd(
    db: Optional[str] = DbOpt,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Speaker name in any spelling."),
    story: Optional[str] = typer.Option(None, "--story", help="Only quotes in this story."),
    text: Optional[str] = typer.Option(None, "--text", help="Only quotes containing this text."),
    limit: int = 100,
    json_: bool = JsonOpt,
):
    """Who said what: quotes with speaker, addressee and relay."""
    try:
        rows = queries.quotes(_store(db), speaker=speaker, story_id=story, text=text, limit=limit)
    except LagebildError as e:
        _fail(e)
    if json_:
        _print_json(rows)
        return
    for r in rows:
        extra = (f" → {r['addressee']}" if r["addressee"] else "") + (f" (via {r['relay']})" if r["relay"] else "")
        out.print(f"[{r['kind']}] {r['speaker'] or '?'}{extra}: {r['message']}  ({r['doc_id'][:8]})", markup=False)


def _history_line(h: dict) -> str:
    """One merge or split of a story's history, for `lagebild story`."""
    who = " by hand" + (f" ({h['by']}, {h['when']})" if h.get("by") else f" ({h['when']})" if h.get("when") else "") if h.get("manual") else " automatically"
    why = f": {h['reason']}" if h.get("reason") else ""
    if h["action"] == "merge":
        at = f" at article {h['at_article'][:12]}" if h.get("at_article") else ""
        return f"merged {h['absorbed']} into {h['kept']}{who}{at}{why}"
    n = len(h.get("articles") or [])
    return f"split {n} article{'s' if n != 1 else ''} of {h['from']} into {h['new']}{who}{why}"


def _edit_out(edit, json_: bool, what: str) -> None:
    if json_:
        _print_json(edit.to_dict())
        return
    for alias, sid in edit.resolved.items():
        out.print(f"({alias} is an alias of {sid} since an earlier merge)", markup=False)
    out.print(what, markup=False)


ReasonOpt = typer.Option("", "--reason", help="Why (kept in the story's history).")
ByOpt = typer.Option(None, "--by", help="Who made the correction (default: the user name).")


@app.command("story-merge")
def story_merge_cmd(
    a: str = typer.Argument(..., help="A story ID."),
    b: str = typer.Argument(..., help="The other story ID."),
    reason: str = ReasonOpt,
    by: Optional[str] = ByOpt,
    db: Optional[str] = DbOpt,
    json_: bool = JsonOpt,
):
    """Merge two stories into one (an analyst's correction): the older ID survives, the younger becomes its alias."""
    from .corpus.story_edits import merge_stories

    try:
        e = merge_stories(_pipeline(db), a, b, reason=reason, by=by)
    except LagebildError as x:
        _fail(x)
    _edit_out(e, json_, f"merged {e.other_id} into {e.story_id} ({len(e.articles)} article(s) moved); {e.other_id} now resolves to {e.story_id}")


@app.command("story-split")
def story_split_cmd(
    story_id: str = typer.Argument(..., help="The story to split."),
    articles: list[str] = typer.Argument(..., help="Article IDs (or unambiguous prefixes) that form another story."),
    reason: str = ReasonOpt,
    by: Optional[str] = ByOpt,
    db: Optional[str] = DbOpt,
    json_: bool = JsonOpt,
):
    """Move articles of a story into a new story (an analyst's correction); the story keeps its ID."""
    from .corpus.story_edits import split_story

    try:
        e = split_story(_pipeline(db), story_id, articles, reason=reason, by=by)
    except LagebildError as x:
        _fail(x)
    _edit_out(e, json_, f"split {len(e.articles)} article(s) out of {e.story_id} into the new story {e.other_id}")
