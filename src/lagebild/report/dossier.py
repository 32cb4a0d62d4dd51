"""The story dossier: one builder, three formats (JSON, Markdown, self-contained HTML).

`build_dossier(store, story_id)` collects the story's articles and computes:
summary (extractive, MMR over claims weighted by independent support, every
sentence citing all articles that support it), timeline (events with normalised
time, background marked), key actors, key quotes, claims with support and
disputes, sources and syndication groups. `render_markdown` / `render_html`
turn that dict into text; the HTML is self-contained (inline CSS, server-drawn
SVG, no JavaScript) and escapes all article text (Jinja2 autoescape).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..model import Document
from .summary import mmr_select

SCHEMA = "lagebild.dossier/1"


def story_documents(store, story_id: str) -> tuple[dict, list[Document]]:
    from ..queries import live_story_row

    story = live_story_row(store, story_id)
    links = sorted(store.rows("story_articles", story_id=story["story_id"]), key=lambda r: r["seq"] or 0)
    return story, [store.get(r["doc_id"]) for r in links]


def _provenance(store, docs: list[Document]):
    from ..corpus.claims import provenance_from_rows

    ids = {d.doc_id for d in docs}
    rows = [r for d in docs for r in store.rows("duplicates", doc_id=d.doc_id) if r["other_id"] in ids]
    agencies = {d.doc_id: d.meta.agency.value for d in docs if d.meta.agency and d.meta.agency.confidence >= 0.5}
    return provenance_from_rows(rows, agencies, docs), rows


def _actors(docs: list[Document], store) -> list[dict[str, Any]]:
    cnt: Counter[str] = Counter()
    per_doc: dict[str, set[str]] = {}
    label: dict[str, str] = {}
    for d in docs:
        for m in d.entities:
            if m.key:
                cnt[m.key] += 1
                per_doc.setdefault(m.key, set()).add(d.doc_id)
                label.setdefault(m.key, m.label)
    names = {}
    for key in cnt:
        r = store.rows("entities", key=key)
        names[key] = r[0]["name"] if r else key.split(":", 1)[1].title()
    out = [
        {"key": k, "name": names[k], "type": label[k], "mentions": n, "articles": len(per_doc[k])}
        for k, n in cnt.most_common()
    ]
    out.sort(key=lambda a: (-a["articles"], -a["mentions"], a["name"]))
    return out


def _title(actors: list[dict[str, Any]], terms: list[str], label: str | None, k: int = 3) -> str | None:
    """The dossier heading: the story's main actors by their full names ("Wladimir Putin,
    Kim Jong-un, Nordkorea" — the clusterer's label only knows single name tokens such as
    "Jong-un") and its key terms that are not part of those names."""
    names = [a["name"] for a in actors[:k]]
    if not names:
        return label
    parts = {w.lower() for n in names for w in n.replace("-", " ").split()}
    rest = [t for t in terms if t.lower() not in parts][:k]
    return ", ".join(names) + (" — " + ", ".join(rest) if rest else "")


def _cooccurrence(docs: list[Document], keys: list[str]) -> list[dict[str, Any]]:
    keyset = set(keys)
    pairs: Counter[tuple[str, str]] = Counter()
    for d in docs:
        for s in d.sentences:
            ks = sorted({m.key for m in d.entities if m.key in keyset and s.start <= m.start < s.end})
            for i, a in enumerate(ks):
                for b in ks[i + 1 :]:
                    pairs[(a, b)] += 1
    return [{"a": a, "b": b, "weight": w} for (a, b), w in pairs.most_common(40)]


_MARKS = "„“”\"»«‚‘’‹›'"


def _unquote(text: str) -> str:
    """The message without its own outer quotation marks (the renderers add „…“);
    marks inside it (nested quotes, a mixed quote's quoted part) stay."""
    t = text.strip()
    while len(t) >= 2 and t[0] in _MARKS and t[-1] in _MARKS:
        inner = [c for c in t[1:-1] if c in _MARKS]
        if inner and not (inner[0] in "„‚»‹" and inner[-1] in "“‘«›"):
            break  # „A“ and „B“: two quotes, not one wrapped
        t = t[1:-1].strip()
    marks = [c for c in t if c in _MARKS]
    if len(marks) == 1 and (t[:1] in "„‚»‹\"" or t[-1:] in "“‘«›\""):  # a span cut inside the quote: one mark left
        t = t[1:].strip() if t[:1] == marks[0] else t[:-1].strip()
    return t


def _quotes(docs: list[Document], names: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for d in docs:
        t = d.text
        for q in d.quotes:
            out.append(
                {
                    "doc_id": d.doc_id,
                    "kind": q.kind,
                    "text": _unquote(" … ".join(t[s.start : s.end] for s in q.message)),
                    "speaker": names.get(q.speaker_key or "", None) or (t[q.speaker.start : q.speaker.end] if q.speaker else None),
                    "speaker_key": q.speaker_key,
                    "addressee": t[q.addressee.start : q.addressee.end] if q.addressee else None,
                    "relay": t[q.relay.start : q.relay.end] if q.relay else None,
                }
            )
    out.sort(key=lambda q: (q["speaker"] is None, q["kind"] != "direct", -len(q["text"])))
    return out


def _timeline(docs: list[Document]) -> list[dict[str, Any]]:
    try:
        from ..corpus.timeline import merge_timeline
    except ImportError:
        return []
    events = merge_timeline(docs)
    out = []
    for e in events:
        out.append(e.to_dict() if hasattr(e, "to_dict") else dict(e.__dict__))
    return out


def _sources(docs: list[Document], dup_rows: list[dict]) -> list[dict[str, Any]]:
    also: dict[str, set[str]] = {}
    for r in dup_rows:
        also.setdefault(r["doc_id"], set()).add(r["other_id"])
        also.setdefault(r["other_id"], set()).add(r["doc_id"])
    out = []
    for d in docs:
        m = d.meta
        out.append(
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "outlet": m.outlet.value if m.outlet else None,
                "agency": m.agency.value if m.agency else None,
                "authors": [p.name for p in m.authors if p.role == "author"],
                "date": m.date.value if m.date else None,
                "date_estimated": bool(m.date and m.date.estimated),
                "lang": d.lang,
                "url": m.url,
                "shares_copy_with": sorted(also.get(d.doc_id, ())),
            }
        )
    return out


def build_dossier(store, story_id: str, *, summary_sentences: int = 6) -> dict[str, Any]:
    from ..corpus.claims import extract_claims

    story, docs = story_documents(store, story_id)
    prov, dup_rows = _provenance(store, docs)
    claims = extract_claims(docs, prov)
    actors = _actors(docs, store)
    names = {a["key"]: a["name"] for a in actors}
    chosen = mmr_select(claims, docs, k=summary_sentences)
    summary = [{"text": c.text, "articles": c.doc_ids, "independent_sources": c.independent, "label": c.label, "claim_id": c.claim_id} for c in chosen]
    timeline = _timeline(docs)
    detail = json.loads(story.get("detail_json") or "{}")
    key_actors = actors[:12]
    return {
        "schema": SCHEMA,
        "story": {
            "id": story["story_id"],
            "label": story.get("label"),
            "title": _title(key_actors, detail.get("terms", []), story.get("label")),
            "storyline": story.get("storyline_id"),
            "first_seen": story.get("first_seen"),
            "last_seen": story.get("last_seen"),
            "size": len(docs),
            "languages": sorted({d.lang for d in docs if d.lang}),
            "aliases": detail.get("aliases", []),
        },
        "summary": summary,
        "timeline": [e for e in timeline if not e.get("background")],
        "background": [e for e in timeline if e.get("background")],
        "actors": key_actors,
        "graph": _cooccurrence(docs, [a["key"] for a in key_actors]),
        "quotes": _quotes(docs, names)[:20],
        "claims": [c.to_dict() for c in claims if len(c.supports) > 1 or c.label == "disputed"][:40],
        "sources": _sources(docs, dup_rows),
        "syndication": [
            {"doc_id": r["doc_id"], "other_id": r["other_id"], "kind": r["kind"], "score": r["score"]} for r in dup_rows
        ],
    }


def write_dossier(store, story_id: str, fmt: str, path: Path | None = None, *, dossier: dict[str, Any] | None = None) -> str:
    """Render a story's dossier (built here unless ``dossier`` is given) and write it to ``path``."""
    from .render import render

    d = dossier if dossier is not None else build_dossier(store, story_id)
    text = render(d, fmt)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text


def write_all_dossiers(store, out_dir: Path, fmt: str = "html", min_size: int = 1) -> tuple[list[dict], list[str]]:
    """Dossiers of all stories into out_dir/dossiers/; returns (stories, paths)."""
    stories = [r for r in store.rows("stories") if not r.get("alias_of") and (r.get("size") or 0) >= min_size]
    stories.sort(key=lambda r: (-(r.get("size") or 0), r["story_id"]))
    paths = []
    out = []
    for s in stories:
        d = build_dossier(store, s["story_id"])  # built once, rendered three times
        out.append(dict(s, title=d["story"].get("title")))
        for f in ("html", "md", "json"):
            p = Path(out_dir) / "dossiers" / f"{s['story_id']}.{f}"
            write_dossier(store, s["story_id"], f, p, dossier=d)
            if f == fmt:
                paths.append(str(p))
    return out, paths
