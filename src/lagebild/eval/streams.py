"""Reader for labelled article streams (EVAL.md `clustering` and `dedup` formats).

A stream is one JSONL file (or a folder holding exactly one): one article per
line, read in file order. Every problem is a `BadData` naming the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from ..errors import BadData


def read_stream(path: Path, required: Sequence[str]) -> list[dict[str, Any]]:
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if len(files) != 1:
            raise BadData(f"expected one .jsonl stream file in the folder, found {len(files)}", path=str(path))
        path = files[0]
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except ValueError:
                    raise BadData("not a JSON line", path=str(path), where=f"line {n}") from None
                if not isinstance(r, dict) or any(k not in r for k in required):
                    raise BadData(f"a stream line needs the fields {', '.join(required)}", path=str(path), where=f"line {n}")
                if not isinstance(r.get("text", ""), str) or not isinstance(r["id"], (str, int)):
                    raise BadData("'id' and 'text' must be strings", path=str(path), where=f"line {n}")
                r["id"] = str(r["id"])
                if r["id"] in seen:
                    raise BadData(f"duplicate id {r['id']!r}", path=str(path), where=f"line {n}")
                seen.add(r["id"])
                rows.append(r)
    except (OSError, UnicodeDecodeError) as e:
        raise BadData(f"cannot read stream ({type(e).__name__})", path=str(path)) from None
    if not rows:
        raise BadData("empty stream", path=str(path))
    return rows
