"""Configuration: defaults that work, overridable by a TOML file and env vars.

Precedence (last wins): defaults < ``lagebild.toml`` (cwd, or ``LAGEBILD_CONFIG``)
< environment variables (``LAGEBILD_DB``, ``LAGEBILD_MAX_BYTES``, …) < explicit
keyword arguments. Validated up front; a bad value is a `ConfigError`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "ru", "uk", "tr")


@dataclass(frozen=True)
class Settings:
    db: str = "lagebild.db"  # a file path (SQLite) or a SQLAlchemy URL (postgresql://…)
    max_bytes: int = 20_000_000  # per input file
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    stages: tuple[str, ...] | None = None  # None = the default chain
    corpus_stages: tuple[str, ...] = ("dedup", "cluster", "entities")  # entities last: it records story-derived dates
    batch_size: int = 50  # articles per store transaction
    embeddings: str = "use"  # use | e5: streaming story clustering
    pair_embeddings: str = "e5"  # use | e5: one-off same-story decisions (`lagebild same-story`, eval pairs)
    api_token: str | None = None  # required for write endpoints of `lagebild serve`
    extra: dict[str, Any] = field(default_factory=dict)

    def with_(self, **kw: Any) -> "Settings":
        kw = {k: v for k, v in kw.items() if v is not None}
        return _validate(replace(self, **kw))


_ENV = {
    "db": "LAGEBILD_DB",
    "max_bytes": "LAGEBILD_MAX_BYTES",
    "languages": "LAGEBILD_LANGUAGES",
    "batch_size": "LAGEBILD_BATCH_SIZE",
    "embeddings": "LAGEBILD_EMBEDDINGS",
    "pair_embeddings": "LAGEBILD_PAIR_EMBEDDINGS",
    "api_token": "LAGEBILD_API_TOKEN",
}


def _coerce(name: str, value: Any) -> Any:
    if name in ("max_bytes", "batch_size"):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"setting {name} must be an integer, got {value!r}") from None
    if name in ("languages", "stages", "corpus_stages"):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return tuple(value)
    return value


def _validate(s: Settings) -> Settings:
    if s.max_bytes <= 0:
        raise ConfigError("max_bytes must be positive")
    if s.batch_size <= 0:
        raise ConfigError("batch_size must be positive")
    for name in ("embeddings", "pair_embeddings"):
        if getattr(s, name) not in ("use", "e5"):
            raise ConfigError(f"{name} must be 'use' or 'e5', got {getattr(s, name)!r}")
    return s


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {}
    path = Path(config) if config else Path(os.environ.get("LAGEBILD_CONFIG", "lagebild.toml"))
    if config and not path.exists():
        raise ConfigError("configuration file not found", path=str(path))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"invalid TOML: {e}", path=str(path)) from None
        data = data.get("lagebild", data)
        known = {f.name for f in fields(Settings)}
        for k, v in data.items():
            if k not in known:
                raise ConfigError(f"unknown setting {k!r}", path=str(path))
            values[k] = _coerce(k, v)
    for name, env in _ENV.items():
        if env in os.environ:
            values[name] = _coerce(name, os.environ[env])
    for k, v in overrides.items():
        if v is not None:
            values[k] = _coerce(k, v)
    return _validate(Settings(**values))
