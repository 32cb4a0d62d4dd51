"""Render a dossier dict as JSON, Markdown or a self-contained HTML page."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


def _cite_map(d: dict[str, Any]) -> dict[str, int]:
    return {s["doc_id"]: i + 1 for i, s in enumerate(d["sources"])}


def render(d: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(d, ensure_ascii=False, indent=2, default=str)
    if fmt in ("md", "markdown"):
        return render_markdown(d)
    if fmt == "html":
        return render_html(d)
    from ..errors import ConfigError

    raise ConfigError(f"unknown format {fmt!r}; use html, md or json")


def _md_escape(s: str | None) -> str:
    if not s:
        return ""
    return s.replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def render_markdown(d: dict[str, Any]) -> str:
    cites = _cite_map(d)
    st = d["story"]
    L = [f"# {_md_escape(st.get('title') or st['label'] or st['id'])}", "", f"Story `{st['id']}` · {st['size']} articles · {st['first_seen'] or '?'} – {st['last_seen'] or '?'} · languages: {', '.join(st['languages'])}", ""]
    L += ["## Summary", ""]
    for s in d["summary"]:
        refs = "".join(f"[{cites[a]}]" for a in s["articles"] if a in cites)
        L.append(f"- {_md_escape(s['text'])} {refs} _({s['label'].replace('_', ' ')}, {s['independent_sources']} independent)_")
    L += ["", "## Timeline", ""]
    if not d["timeline"]:
        L.append("_No dated events._")
    else:
        for e in d["timeline"]:
            refs = "".join(f"[{cites[a]}]" for a in e.get("doc_ids", e.get("articles", [])) if a in cites)
            L.append(f"- **{e.get('value') or e.get('time')}** {_md_escape(e.get('text') or e.get('sentence'))} {refs}")
    L += ["", "## Key actors", ""]
    for a in d["actors"]:
        L.append(f"- {_md_escape(a['name'])} ({a['type']}) — {a['mentions']} mentions in {a['articles']} articles")
    L += ["", "## Key quotes", ""]
    if not d["quotes"]:
        L.append("_No quotes found._")
    else:
        for q in d["quotes"][:10]:
            extra = (f" to {_md_escape(q['addressee'])}" if q["addressee"] else "") + (f" (via {_md_escape(q['relay'])})" if q["relay"] else "")
            L.append(f"- **{_md_escape(q['speaker'] or 'unknown')}**{extra}: „{_md_escape(q['text'])}“ [{cites.get(q['doc_id'], '?')}]")
    L += ["", "## Claims and support", ""]
    if not d["claims"]:
        L.append("_No claim is reported by more than one article._")
    else:
        for c in d["claims"]:
            refs = "".join(f"[{cites[a]}]" for a in c["articles"] if a in cites)
            L.append(f"- {c['label'].replace('_', ' ')} ({c['independent_sources']} independent): {_md_escape(c['text'])} {refs}")
            for dis in c["disputes"]:
                if dis.get("kind") == "attribution":
                    L.append("  - stated as fact by one source, attributed to a speaker by another")
                else:
                    L.append(f"  - disputed values: {dis['values']}")
    L += ["", "## Background", ""]
    if not d["background"]:
        L.append("_None mentioned._")
    else:
        for e in d["background"]:
            L.append(f"- **{e.get('value') or e.get('time')}** {_md_escape(e.get('text') or e.get('sentence'))}")
    L += ["", "## Sources", ""]
    for s in d["sources"]:
        bits = [x for x in (s["outlet"], s["agency"], (s["date"] or "?") + (" (estimated)" if s["date_estimated"] else ""), s["lang"]) if x]
        also = f" — shares copy with {', '.join('[' + str(cites[o]) + ']' for o in s['shares_copy_with'] if o in cites)}" if s["shares_copy_with"] else ""
        L.append(f"{cites[s['doc_id']]}. {_md_escape(s['title'] or s['doc_id'])} · {' · '.join(bits)} · `{s['doc_id']}`{also}")
    return "\n".join(L) + "\n"


def _timeline_svg(events: list[dict[str, Any]], width: int = 760) -> dict[str, Any] | None:
    pts = []
    for e in events:
        v = str(e.get("value") or e.get("time") or "")
        try:
            y = int(v[:4])
            m = int(v[5:7]) if len(v) >= 7 and v[5:7].isdigit() else 6
            dd = int(v[8:10]) if len(v) >= 10 and v[8:10].isdigit() else 15
        except ValueError:
            continue
        pts.append((y + (m - 1) / 12 + (dd - 1) / 365, v, e))
    if not pts:
        return None
    lo, hi = min(p[0] for p in pts), max(p[0] for p in pts)
    span = max(hi - lo, 0.1)
    marks = []
    last_x = {0: -1e9, 1: -1e9, 2: -1e9}  # per label row: x of the last label drawn
    for x, v, e in sorted(pts, key=lambda p: p[0]):
        px = 30 + (width - 60) * (x - lo) / span
        text = v[:4] if span > 8 else v[:7]  # years on long spans, months otherwise
        row = next((r for r in (0, 1, 2) if px - last_x[r] > 7 * len(text) + 6), None)
        if row is not None and not any(m["label"] == text and abs(m["x"] - px) < 40 for m in marks):
            last_x[row] = px
            label, y = text, 30 + row * 18
        else:
            label, y = "", 84  # a tick without a label where it would overlap
        marks.append({"x": round(px, 1), "y": y, "label": label, "background": bool(e.get("background"))})
    return {"width": width, "height": 120, "marks": marks}


def _graph_svg(actors: list[dict[str, Any]], edges: list[dict[str, Any]], size: int = 420) -> dict[str, Any] | None:
    if not actors:
        return None
    n = len(actors)
    cx = cy = size / 2
    r = size / 2 - 70
    pos = {}
    nodes = []
    for i, a in enumerate(actors):
        ang = 2 * math.pi * i / n - math.pi / 2
        x, y = cx + r * math.cos(ang), cy + r * math.sin(ang)
        pos[a["key"]] = (x, y)
        nodes.append({"x": round(x, 1), "y": round(y, 1), "r": round(4 + 3 * math.log1p(a["mentions"]), 1), "name": a["name"], "type": a["type"]})
    wmax = max((e["weight"] for e in edges), default=1)
    lines = []
    for e in edges:
        if e["a"] in pos and e["b"] in pos:
            (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
            lines.append({"x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1), "w": round(0.5 + 3.5 * e["weight"] / wmax, 2)})
    return {"size": size, "nodes": nodes, "edges": lines}


@lru_cache(maxsize=1)
def _html_env() -> Environment:
    """Once per process: compiling the template costs ~0.1 s, more than rendering it."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"], default=True))


def render_html(d: dict[str, Any]) -> str:
    tpl = _html_env().get_template("dossier.html.j2")
    return tpl.render(
        d=d,
        cites=_cite_map(d),
        timeline_svg=_timeline_svg(d["timeline"] + d["background"]),
        graph_svg=_graph_svg(d["actors"][:10], d["graph"]),
    )
