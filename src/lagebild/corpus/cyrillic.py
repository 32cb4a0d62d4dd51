"""Cyrillic to Latin letters, for looking up a name typed in Cyrillic ("Путин", "Лавров").

Stored entity keys are folded from the Latin spellings found in German, English and
French articles (`names.name_key`); a Cyrillic query is transliterated with the
common scholarly/English table below and then folded the same way, so "Путин" meets
"Putin", "Песков" meets "Peskow" and "Владимир Путин" meets "Wladimir Putin".
Russian, Ukrainian and Belarusian letters; anything else is kept as it is.
"""

from __future__ import annotations

import re

_TABLE: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def to_latin(text: str) -> str:
    """Transliterate the Cyrillic letters of ``text`` (capitals stay capitalised)."""
    out = []
    for ch in text:
        low = ch.lower()
        lat = _TABLE.get(low)
        if lat is None:
            out.append(ch)
        elif ch != low and lat:
            out.append(lat[0].upper() + lat[1:])
        else:
            out.append(lat)
    return "".join(out)
