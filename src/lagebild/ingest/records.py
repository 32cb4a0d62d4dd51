"""What a reader yields: one raw record per article, before cleaning."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawRecord:
    """One article as a reader found it.

    ``body`` is plain text (``kind="text"``) or an HTML document (``kind="html"``).
    Reader-provided metadata (JSON fields, feed item fields, HTTP headers) goes in
    the optional fields; ``origin`` names the file and ``where`` the line/record,
    so every later error can say where the input came from.
    """

    body: str
    kind: str = "text"  # text | html
    origin: str = "<string>"  # file path (or "-" for stdin)
    where: str | None = None  # "line 12", "item 3", "record 7"
    title: str | None = None
    url: str | None = None
    date: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    lang: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    reader: str = "text"  # which reader made it (provenance for metadata fields)
    extracted: str | None = None  # kind="html": main text the reader already extracted (trafilatura)

    @property
    def location(self) -> str:
        return f"{self.origin} ({self.where})" if self.where else self.origin
