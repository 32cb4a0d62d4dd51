"""Pages that are not news articles, told from their own text (story clustering).

- ``"stub"``: an error page, login wall or paywall stub ("999 This page is
  currently unavailable", "The New York Times > Log In", "Seite nicht gefunden"):
  the title, or the opening of a short text, says so (phrase lists in
  ``lagebild.lang.<lang>.stories.NON_ARTICLE_PHRASES``; English ones always apply).
  It shares nothing with the story it was linked from, so it must neither found
  a story that others join nor join one: it stays a story of its own, outside the
  candidate index.
- ``"dump"``: a huge text (`DUMP_CHARS`, e.g. a 100k-character parliamentary
  record or a briefing transcript): when it joins a story it does not move the
  story's centroid (it may found a story like an article: parking dumps as
  unjoinable was neutral on the tune streams and cost 0.6 B3 on dev).
- ``None``: an article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lang as langdata

DUMP_CHARS = 25_000
STUB_MAX_CHARS = 2_000  # an opening phrase marks a stub only in a short text
OPENING_CHARS = 300


@lru_cache(maxsize=16)
def phrases(lang: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for lg in dict.fromkeys((lang, "en")):
        mod = langdata.get(lg, "stories")
        out.extend(getattr(mod, "NON_ARTICLE_PHRASES", ()) if mod else ())
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=16)
def _pattern(lang: str | None) -> re.Pattern[str]:
    """The phrases as whole words ("log in" must not match inside "Newsblog in")."""
    alts = "|".join(re.escape(p) for p in sorted(phrases(lang), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def page_kind(title: str, text: str, lang: str | None = None) -> str | None:
    """"stub", "dump" or None (an article); bounded time on any input."""
    pat = _pattern(lang)
    if pat.search((title or "")[:300].lower()):
        return "stub"
    body = (text or "").strip()
    if len(body) <= STUB_MAX_CHARS and pat.search(body[:OPENING_CHARS].lower()):
        return "stub"
    if len(body) >= DUMP_CHARS:
        return "dump"
    return None
