"""`lagebild demo`: the whole pipeline on a folder of articles (default: the seeds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import InputNotFound


def run_demo(seeds: Path, out_dir: Path, console=None) -> dict[str, Any]:
    from .pipeline import Pipeline

    seeds = Path(seeds)
    if not seeds.exists():
        raise InputNotFound("seed folder not found (pass --seeds DIR)", path=str(seeds))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "lagebild.db"
    # a demo shows what this version does: start from an empty database, never from
    # annotations an older version stored
    for old in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        old.unlink(missing_ok=True)
    p = Pipeline(db=str(db))
    rep = p.ingest([str(seeds)])
    summary: dict[str, Any] = {"db": str(db), "ingest": rep.to_dict(), "articles": [], "stories": [], "dossiers": []}
    for row in p.store.articles(limit=1000):
        summary["articles"].append({k: row[k] for k in ("doc_id", "date", "date_estimated", "lang", "agency", "title")})
    try:
        from .report.dossier import write_all_dossiers
    except ModuleNotFoundError:
        write_all_dossiers = None
    if write_all_dossiers is not None:
        summary["stories"], summary["dossiers"] = write_all_dossiers(p.store, out_dir)
    from .queries import storylines

    summary["storylines"] = [
        {"storyline_id": r["storyline_id"], "label": r.get("label"), "stories": r["stories"], "first_seen": r.get("first_seen"), "last_seen": r.get("last_seen")}
        for r in storylines(p.store)
    ]
    if console is not None:
        _print(console, summary, rep)
    p.close()
    return summary


def _print(console, s: dict[str, Any], rep) -> None:
    from rich.table import Table

    console.print(f"[bold]lagebild demo[/bold] · {len(rep.stored)} new, {len(rep.skipped)} already stored, {len(rep.errors)} errors · {rep.seconds:.1f} s")
    for e in rep.errors:
        console.print(f"  {e.line()}", markup=False)
    t = Table("id", "date", "lang", "agency", "title")
    for a in s["articles"]:
        t.add_row(a["doc_id"][:12], (a["date"] or "?") + ("~" if a["date_estimated"] else ""), a["lang"] or "", a["agency"] or "", (a["title"] or "")[:60])
    console.print(t)
    for st in s["stories"]:
        n = st.get("size", "?")
        console.print(f"story {st['story_id']}: {st.get('title') or st.get('label', '')} ({n} article{'' if n == 1 else 's'})", markup=False)
    for ln in s.get("storylines", []):
        span = f"{ln['first_seen'] or '?'} – {ln['last_seen'] or '?'}"
        console.print(f"storyline {ln['storyline_id']}: {ln['label'] or ''} ({len(ln['stories'])} stories: {', '.join(ln['stories'])}; {span})", markup=False)
    console.print(f"database: {s['db']}")
    for d in s["dossiers"]:
        console.print(f"dossier:  {d}")
    console.print("explore:  lagebild stories --db " + s["db"] + "   ·   lagebild storylines --db " + s["db"] + "   ·   lagebild show ID --db " + s["db"], markup=False)
