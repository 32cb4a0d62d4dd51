"""Reader for SpkAtt-2023 JSON files (German Wikinews with speech annotations).

Text comes as tokens; `load` rebuilds running text with the usual detokenisation
rules and keeps a token -> character map, so the same files serve the sentence
splitter (gold boundaries), the quote stage and article dating.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import BadData

NO_SPACE_BEFORE = set(".,;:!?)]}»“%…'’") | {"''", "n't"}
NO_SPACE_AFTER = set("([{„«‚") | {"``"}
_DOCNAME = re.compile(r"^(?P<id>\S+)\s+-\s+(?P<title>.*?)\s*\((?P<date>\d{4}-\d{2}-\d{2})\)\s*$")


@dataclass
class SpkDoc:
    path: Path
    name: str  # DocumentName
    sentences: list[list[str]]
    annotations: list[dict[str, Any]]
    text: str = ""
    # (sentence, token) -> (start, end) char offsets in `text`
    tok_offsets: list[list[tuple[int, int]]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> str | None:
        m = _DOCNAME.match(self.name)
        return m.group("date") if m else None

    @property
    def title(self) -> str | None:
        m = _DOCNAME.match(self.name)
        return m.group("title") if m else None

    @property
    def doc_key(self) -> str:
        m = _DOCNAME.match(self.name)
        return m.group("id") if m else self.path.stem

    def sentence_spans(self) -> list[tuple[int, int]]:
        return [(offs[0][0], offs[-1][1]) for offs in self.tok_offsets if offs]


def detokenise(sentences: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Join tokens into running text; sentences separated by one space.

    Straight double quotes alternate between opening and closing within a sentence.
    """
    parts: list[str] = []
    pos = 0
    offsets: list[list[tuple[int, int]]] = []
    for si, toks in enumerate(sentences):
        sent_offs = []
        open_quote = False
        prev = None
        for ti, tok in enumerate(toks):
            space = True
            if si == 0 and ti == 0:
                space = False
            elif ti == 0:
                space = True
            else:
                if tok in NO_SPACE_BEFORE and not (tok in {'"'}):
                    space = False
                if prev in NO_SPACE_AFTER:
                    space = False
                if tok == '"':
                    space = not open_quote
                if prev == '"' and open_quote:
                    space = False
                if tok == "“" and prev is not None:
                    space = False
            if tok == '"':
                open_quote = not open_quote
            if space:
                parts.append(" ")
                pos += 1
            sent_offs.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            prev = tok
        offsets.append(sent_offs)
    return "".join(parts), offsets


def read_file(path: Path) -> SpkDoc:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        sents = [s["Tokens"] for s in raw["Sentences"]]
        name = raw.get("DocumentName", path.stem)
        anns = raw.get("Annotations", [])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BadData(f"not a SpkAtt JSON file ({type(e).__name__}: {e})", path=str(path)) from None
    text, offs = detokenise(sents)
    return SpkDoc(Path(path), name, sents, anns, text, offs, raw)


def iter_files(data: Path) -> list[Path]:
    data = Path(data)
    if data.is_file():
        files = [data]
    elif data.is_dir():
        files = sorted(p for p in data.rglob("*.json"))
    else:
        raise BadData("no such file or folder", path=str(data))
    if not files:
        raise BadData("no SpkAtt .json files found", path=str(data))
    return files


def load(data: Path) -> Iterator[SpkDoc]:
    for p in iter_files(data):
        yield read_file(p)


def parse_pos(pos: str) -> tuple[int, int]:
    s, t = pos.split(":")
    return int(s), int(t)


def split_files(data: Path, dev_fraction: float = 0.2, seed: int = 13) -> tuple[list[Path], list[Path]]:
    """The project's fixed train/dev split of a SpkAtt folder (by file, seeded)."""
    import random

    files = iter_files(data)
    rng = random.Random(seed)
    shuffled = files[:]
    rng.shuffle(shuffled)
    n_dev = int(round(len(files) * dev_fraction))
    dev = sorted(shuffled[:n_dev])
    train = sorted(shuffled[n_dev:])
    return train, dev
