"""Exonyms: one place, many names across languages (Moskau / Moscow / Moscou,
Russland / Russia / Russie, Nordkorea / North Korea / Corée du Nord).

No spelling rule can see that "Moskau" and "Moscow" are one city, so the place names
come from CLDR (babel, offline): territory names and the exemplar cities of time zones
in the languages lagebild reads, plus each language's official state names
(``OFFICIAL_NAMES`` in ``lang/<code>/entities.py``: "Demokratische Volksrepublik Korea"
→ KP). A name that CLDR gives to two different places in different languages is
ambiguous and left out.

``exonym_id("Moskau") == exonym_id("Moscow") == "zone:Europe/Moscow"``;
``exonym_name(id)`` is the English name, used as the language-neutral entity key.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from .names import name_key

# Latin-script locales whose CLDR names are folded by `name_key` (transliteration-neutral)
LOCALES: tuple[str, ...] = ("de", "en", "fr", "es", "it", "nl", "pl", "pt", "tr")
_SKIP_TERRITORIES = frozenset({"001", "EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})
_SKIP_ZONE_PREFIXES = ("Antarctica/", "Etc/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/")
_MIN_KEY_CHARS = 3  # "Rom" stays, two-letter keys never join anything

# Capitals in the news that CLDR names only under another city (Beijing is in
# Asia/Shanghai) or not in every language: English name -> other names.
EXTRA_PLACES: dict[str, tuple[str, ...]] = {
    "Beijing": ("Peking", "Pékin", "Pechino", "Pekín", "Pequim", "Pekin"),
    "Kyiv": ("Kiew", "Kiev", "Kyjiw", "Kiïv", "Kijów", "Kyïv"),
    "New Delhi": ("Neu-Delhi", "New Delhi", "Nuova Delhi", "Nueva Delhi", "Nova Deli", "Nowe Delhi"),
    "Washington": ("Washington D.C.", "Washington, D.C."),
    "The Hague": ("Den Haag", "La Haye", "L'Aia", "La Haya", "Haia", "Haga"),
    "Tel Aviv": ("Tel Aviv-Jaffa", "Tel-Aviv"),
    "Pyongyang": ("Pjöngjang", "Pyongyang", "Pyeongyang"),
    "Vostochny": ("Wostotschny", "Vostotchny", "Vostochny"),
}


def cldr_places(locale: str) -> Iterator[tuple[str, str]]:
    """(name, place id) for the CLDR places of one locale: territories (``"territory:RU"``,
    all codes but numeric regions) and the exemplar cities of time zones (``"zone:Europe/Moscow"``;
    a zone without a localised city is named after its id). Names with a comma or a bracket are
    left out. Shared by the exonym table and the NER gazetteer (`stages.ner_rules`)."""
    from babel import Locale

    loc = Locale.parse(locale)
    for terr, name in loc.territories.items():
        if not terr.isdigit() and "," not in name and "(" not in name:
            yield name, "territory:" + terr
    tz = loc.time_zones
    for zone in _zones():
        city = tz.get(zone, {}).get("city") or zone.rsplit("/", 1)[1].replace("_", " ")
        if city and "," not in city and city[:1].isupper():
            yield city, "zone:" + zone


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    from babel.core import get_global

    return tuple(z for z in get_global("zone_territories") if "/" in z and not z.startswith(_SKIP_ZONE_PREFIXES))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(name key -> place id, place id -> English name)."""
    from .. import lang

    ids: dict[str, str] = {}
    clash: set[str] = set()
    english: dict[str, str] = {}

    def add(name: str, pid: str) -> None:
        k = name_key(name)
        if len(k.replace(" ", "")) < _MIN_KEY_CHARS:
            return
        old = ids.get(k)
        if old is not None and old != pid:
            clash.add(k)
        ids[k] = pid

    for code in LOCALES:
        for name, pid in cldr_places(code):
            if pid.partition(":")[2] in _SKIP_TERRITORIES:
                continue
            add(name, pid)
            if code == "en":
                english[pid] = name
        mod = lang.get(code, "entities")
        for name, terr in dict(getattr(mod, "OFFICIAL_NAMES", {}) if mod else {}).items():
            add(name, "territory:" + terr)
    for en, names in EXTRA_PLACES.items():
        pid = "place:" + en
        english.setdefault(pid, en)
        for name in (en, *names):
            k = name_key(name)
            if k not in ids:  # CLDR's own id wins (Pyongyang is a time zone)
                ids[k] = pid
    for k in clash:
        ids.pop(k, None)
    return ids, english


def exonym_id(name: str) -> str | None:
    """The language-neutral id of a place name known to CLDR, or None."""
    if not name or len(name) > 80:
        return None
    return _tables()[0].get(name_key(name))


def exonym_name(pid: str) -> str:
    return _tables()[1].get(pid, pid.split(":", 1)[-1])


def place_key(name: str) -> str | None:
    """``"LOC:<name key of the English name>"`` for a CLDR place, else None."""
    pid = exonym_id(name)
    return None if pid is None else "LOC:" + name_key(exonym_name(pid))
