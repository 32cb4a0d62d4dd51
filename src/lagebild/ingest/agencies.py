"""News agencies and well-known media (data): canonical name -> aliases.

An *agency* wrote the copy; a *medium* may only be cited. Names are
language-independent, so they live here rather than under ``lang/``.
"""

from __future__ import annotations

import re
from functools import lru_cache

AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters", "REUTERS", "rtr"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "afp"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur", "dpa-AFX"),
    "APA": ("APA", "Austria Presse Agentur", "apa"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "KNA": ("KNA", "Katholische Nachrichten-Agentur"),
    "epd": ("epd", "Evangelischer Pressedienst"),
    "Bloomberg": ("Bloomberg",),
    "SDA": ("SDA", "Keystone-SDA", "sda"),
    "ANP": ("ANP",),
    "Belga": ("Belga",),
    "ANSA": ("ANSA",),
    "EFE": ("EFE",),
}

# Media that are usually *cited* ("laut KCNA"), never taken as the copy's author.
KNOWN_MEDIA: tuple[str, ...] = (
    "KCNA", "KCTV", "Rodong Sinmun", "Yonhap", "Tass", "TASS", "RIA Nowosti", "RIA Novosti", "Ria Nowosti",
    "Interfax", "Xinhua", "Kyodo", "CNN", "BBC", "ARD", "ZDF", "ORF", "Bild", "Spiegel", "New York Times",
    "Washington Post", "Wall Street Journal", "Financial Times", "Guardian", "Politico", "Axios", "NHK",
    "Al Jazeera", "CCTV", "RT", "Ukrinform", "Kyiv Independent",
)


def canonical_agency(name: str) -> str | None:
    """The canonical agency for ``name`` ("Thomson Reuters" -> "Reuters"), else None."""
    n = name.strip().strip("().").strip()
    for canon, aliases in AGENCIES.items():
        for a in aliases:
            if n == a or n.casefold() == a.casefold() and len(a) > 3:
                return canon
    # "APA/dpa", "AFP/Reuters": the first agency named wrote the copy
    if "/" in n:
        for part in n.split("/"):
            c = canonical_agency(part)
            if c:
                return c
    return None


@lru_cache(maxsize=1)
def _alias_re() -> tuple[re.Pattern[str], dict[str, str]]:
    alias = {a: canon for canon, aliases in AGENCIES.items() for a in aliases}
    names = sorted(alias, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])"), alias


@lru_cache(maxsize=1)
def _media_re() -> re.Pattern[str]:
    names = sorted(set(KNOWN_MEDIA), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def agencies_in(text: str) -> list[str]:
    """Canonical agencies whose alias appears in ``text`` (word-bounded), in order of first mention."""
    pat, alias = _alias_re()
    out: list[str] = []
    for m in pat.finditer(text):
        canon = alias[m.group(0)]
        if canon not in out:
            out.append(canon)
    return out


def media_in(text: str) -> list[tuple[int, str]]:
    """(offset, name) of the first mention of each known medium in ``text``."""
    seen: dict[str, int] = {}
    for m in _media_re().finditer(text):
        seen.setdefault(m.group(0), m.start())
    return sorted((o, n) for n, o in seen.items())
