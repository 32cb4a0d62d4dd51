"""HTML -> main text and metadata (trafilatura; its dates come from htmldate)."""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass, field

from ..errors import NoText

MAX_HTML = 5_000_000  # characters handed to the parser (bounded time)
MIN_CHARS, MIN_WORDS = 25, 5  # less than this is not an article


@dataclass(frozen=True)
class HtmlExtract:
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    lang: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def extract_html(markup: str, *, url: str | None = None, path: str = "<string>", where: str | None = None) -> HtmlExtract:
    """Main text and metadata of an HTML page; `NoText` if there is no article text."""
    import trafilatura

    doc = None
    if markup.strip():
        try:
            doc = trafilatura.bare_extraction(
                markup[:MAX_HTML],
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as e:  # noqa: BLE001 - parser failures on hostile markup are bad input
            raise NoText(f"HTML could not be parsed ({type(e).__name__})", path=path, where=where) from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS:  # e.g. only a navigation fallback
        raise NoText("HTML without article text", path=path, where=where)
    authors: tuple[str, ...] = ()
    if getattr(doc, "author", None):
        authors = tuple(a.strip() for a in re.split(r";|\s+und\s+|\s+and\s+", doc.author) if a.strip())
    extra = {}
    if getattr(doc, "description", None):
        extra["description"] = doc.description
    if getattr(doc, "hostname", None):
        extra["hostname"] = doc.hostname
    return HtmlExtract(
        text=text,
        title=getattr(doc, "title", None) or None,
        date=getattr(doc, "date", None) or None,
        url=getattr(doc, "url", None) or url,
        outlet=getattr(doc, "sitename", None) or None,
        authors=authors,
        lang=getattr(doc, "language", None) or None,
        extra=extra,
    )


_BLOCK_TAGS = re.compile(r"(?i)<\s*(?:/?(?:p|div|h[1-6]|ul|ol|blockquote|section|article|tr|table)\b[^>]*|br\s*/?)>")
_LI = re.compile(r"(?i)<\s*li\b[^>]*>")
_TAG = re.compile(r"<[^>]{0,2000}>")
_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>")


def fragment_to_text(fragment: str) -> str:
    """A small HTML fragment (feed item content) -> plain text with line breaks."""
    if "<" not in fragment:
        return htmlmod.unescape(fragment).strip()
    s = _SCRIPT.sub(" ", fragment[:MAX_HTML])
    s = _LI.sub("\n• ", s)
    s = _BLOCK_TAGS.sub("\n", s)
    s = _TAG.sub("", s)
    s = htmlmod.unescape(s)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in s.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln:
            out.append(ln)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip()


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:p|div|br|h[1-6]|span|a)\b[^>]*>", text[:5000], re.I))
