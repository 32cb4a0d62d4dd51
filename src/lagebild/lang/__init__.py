"""Per-language data, not code.

Each language is a package (``lang/de``, ``lang/en``, ``lang/fr``) with one data
module per stage (``cleaning``, ``sentences``, ``entities``, ``quotes``, ``time``),
so that adding a language means adding files, and stage owners never edit the same
file. `get(lang, module)` returns the data module, or None when a language lacks it
(the stage then applies its documented fallback and reports it).
"""

from __future__ import annotations

import importlib
from types import ModuleType

SUPPORTED = ("de", "en", "fr")


def get(lang: str | None, module: str) -> ModuleType | None:
    if not lang or lang not in SUPPORTED:
        return None
    try:
        return importlib.import_module(f"lagebild.lang.{lang}.{module}")
    except ModuleNotFoundError as e:
        if e.name == f"lagebild.lang.{lang}.{module}":
            return None
        raise
