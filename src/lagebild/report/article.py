"""One article as a view: a JSON-able dict (for --json and the HTTP API) and plain text."""

from __future__ import annotations

from typing import Any

from ..model import Document


def _f(field) -> Any:
    return None if field is None else {"value": field.value, "source": field.source, "confidence": field.confidence}


def article_view(doc: Document, *, removed: bool = False) -> dict[str, Any]:
    t = doc.text
    m = doc.meta
    view: dict[str, Any] = {
        "id": doc.doc_id,
        "title": doc.title,
        "lang": doc.lang,
        "lang_confidence": doc.lang_confidence,
        "meta": {
            "title": _f(m.title),
            "lead": _f(m.lead),
            "outlet": _f(m.outlet),
            "agency": _f(m.agency),
            "cited_media": list(m.cited_media),
            "authors": [{"name": p.name, "role": p.role, "source": p.source} for p in m.authors],
            "dateline": _f(m.dateline),
            "date": None
            if m.date is None
            else {
                "value": m.date.value,
                "precision": m.date.precision,
                "estimated": m.date.estimated,
                "earliest": m.date.earliest,
                "latest": m.date.latest,
                "confidence": m.date.confidence,
                "source": m.date.source,
            },
            "url": m.url,
            "source_path": m.source_path,
        },
        "text": t,
        "blocks": [{"label": b.label, "start": b.start, "end": b.end} for b in doc.blocks],
        "n_sentences": len(doc.sentences),
        "entities": [
            {"text": t[e.start : e.end], "label": e.label, "start": e.start, "end": e.end, "key": e.key, "confidence": round(e.confidence, 3)}
            for e in doc.entities
        ],
        "quotes": [
            {
                "kind": q.kind,
                "message": " … ".join(t[s.start : s.end] for s in q.message),
                "cue": " ".join(t[s.start : s.end] for s in q.cue),
                "speaker": t[q.speaker.start : q.speaker.end] if q.speaker else None,
                "speaker_key": q.speaker_key,
                "addressee": t[q.addressee.start : q.addressee.end] if q.addressee else None,
                "relay": t[q.relay.start : q.relay.end] if q.relay else None,
                "start": q.start,
                "end": q.end,
                "confidence": round(q.confidence, 3),
            }
            for q in doc.quotes
        ],
        "timexes": [
            {"text": t[x.start : x.end], "type": x.type, "value": x.value, "mod": x.mod, "start": x.start, "end": x.end} for x in doc.timexes
        ],
        "stages": list(doc.stages),
    }
    if removed:
        view["removed"] = [{"rule": r.rule, "start": r.start, "end": r.end, "text": r.text} for r in doc.removed]
    return view


def render_article_text(view: dict[str, Any]) -> str:
    m = view["meta"]
    lines = [f"# {view['title'] or '(untitled)'}", f"id       {view['id']}"]
    d = m["date"]
    if d:
        est = f" (estimated {d['earliest']}…{d['latest']}, confidence {d['confidence']:.2f})" if d["estimated"] else ""
        lines.append(f"date     {d['value']} [{d['precision']}]{est} via {d['source']}")
    for key in ("outlet", "agency", "dateline"):
        if m[key]:
            lines.append(f"{key:<8} {m[key]['value']} via {m[key]['source']}")
    if m["authors"]:
        lines.append("authors  " + "; ".join(f"{a['name']} ({a['role']})" for a in m["authors"]))
    if m["cited_media"]:
        lines.append("cites    " + ", ".join(m["cited_media"]))
    lines.append(f"language {view['lang']} ({view['lang_confidence']:.2f})")
    if view.get("story"):
        lines.append(f"story    {view['story']}")
    if view.get("also_ran_in"):
        lines.append("also ran in " + ", ".join(i[:12] for i in view["also_ran_in"]))
    lines.append("")
    lines.append(view["text"])
    if view["entities"]:
        lines.append("\n## Entities")
        seen: dict[tuple[str, str], int] = {}
        for e in view["entities"]:
            seen[(e["text"], e["label"])] = seen.get((e["text"], e["label"]), 0) + 1
        lines.append(", ".join(f"{t} [{lab}]" + (f" ×{n}" if n > 1 else "") for (t, lab), n in seen.items()))
    if view["quotes"]:
        lines.append("\n## Quotes")
        for q in view["quotes"]:
            extra = "".join(f" {k} {q[k]}" for k in ("addressee", "relay") if q[k])
            lines.append(f"- [{q['kind']}] {q['speaker'] or '?'}{extra}: {q['message']}")
    if view["timexes"]:
        lines.append("\n## Time expressions")
        lines.append(", ".join(f"{x['text']} = {x['value']}" for x in view["timexes"]))
    if "removed" in view:
        lines.append("\n## Removed by cleaning")
        for r in view["removed"]:
            lines.append(f"- {r['rule']} [{r['start']}:{r['end']}] {r['text']!r}")
    return "\n".join(lines)
