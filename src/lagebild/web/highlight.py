"""Server-side highlighting of an article's annotations as escaped HTML segments.

Article text is untrusted: the text is cut into segments at every annotation
boundary and each segment is later rendered by Jinja2 with autoescape, so no
article character ever reaches the page unescaped. Overlapping annotations
(an entity inside a quote) become flat segments carrying several CSS classes,
so no tag can be left unbalanced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""
    entity_key: str | None = None


def _spans(view: dict[str, Any]) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, css class, tooltip, entity key) for entities, quotes and time expressions."""
    out: list[tuple[int, int, str, str, str | None]] = []
    for q in view.get("quotes", []):
        out.append((q["start"], q["end"], "quote", f"quote ({q['kind']}): {q.get('speaker') or '?'}", None))
    for e in view.get("entities", []):
        out.append((e["start"], e["end"], f"ent ent-{str(e['label']).lower()}", f"{e['label']}" + (f" · {e['key']}" if e.get("key") else ""), e.get("key")))
    for x in view.get("timexes", []):
        out.append((x["start"], x["end"], "timex", f"{x['type']} = {x['value']}", None))
    return out


def segments(view: dict[str, Any]) -> list[Segment]:
    text: str = view["text"]
    n = len(text)
    spans = [(max(0, s), min(n, e), c, t, k) for s, e, c, t, k in _spans(view) if isinstance(s, int) and isinstance(e, int) and 0 <= s < e]
    cuts = sorted({0, n, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        active = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        classes: list[str] = []
        titles: list[str] = []
        key = None
        for _, _, c, t, k in active:
            if c not in classes:
                classes.append(c)
                titles.append(t)
            key = key or k
        out.append(Segment(text[a:b], classes, " | ".join(titles), key))
    return out
