"""One catalogue of user-facing errors, each with a code and a message.

A user mistake raises a `LagebildError` subclass; the CLI prints
``error LB1xx: <message>`` on one line and exits non-zero. Codes are stable and
documented in docs/ERRORS.md (generated from this catalogue).
"""

from __future__ import annotations


class LagebildError(Exception):
    """Base class. ``code`` is stable; the message names the file/record."""

    code = "LB000"
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, where: str | None = None):
        self.path = path
        self.where = where
        loc = ""
        if path:
            loc = f"{path}"
            if where:
                loc += f" ({where})"
            loc += ": "
        self.message = message
        super().__init__(f"{loc}{message}")

    def line(self) -> str:
        return f"error {self.code}: {self}"


# --- input -----------------------------------------------------------------
class InputNotFound(LagebildError):
    """A path that does not exist (or a glob that matches nothing)."""

    code = "LB101"


class EmptyInput(LagebildError):
    """An empty file or a record without text."""

    code = "LB102"


class BinaryInput(LagebildError):
    """A file that is not text (NUL or control bytes, a known binary signature)."""

    code = "LB103"


class UndecodableInput(LagebildError):
    """Bytes that decode in none of the tried encodings."""

    code = "LB104"


class BadRecord(LagebildError):
    """A broken JSON line, a feed item without text, a truncated WARC record."""

    code = "LB105"


class NoText(LagebildError):
    """HTML (or a record) from which no article text could be extracted."""

    code = "LB106"


class InputTooLarge(LagebildError):
    """A file over the size limit (`--max-bytes`, `max_bytes`); it is not read."""

    code = "LB107"


class UnsupportedFormat(LagebildError):
    """A file whose format is neither known by extension nor recognisable by content."""

    code = "LB108"


# --- configuration / usage --------------------------------------------------
class ConfigError(LagebildError):
    """A bad setting (lagebild.toml, environment variable or option)."""

    code = "LB201"


class PipelineError(LagebildError):
    """A stage chain that cannot work (a stage requires what nothing assigns)."""

    code = "LB202"


class NotFound(LagebildError):
    """An article, story or entity ID that is not in the store."""

    code = "LB203"


class BadData(LagebildError):
    """``lagebild eval --data`` that is missing, empty or in the wrong format."""

    code = "LB204"


class StoryEditRefused(LagebildError):
    """A story merge or split that cannot be done (a story with itself, an article not in the story, all of its articles)."""

    code = "LB205"


# --- storage ------------------------------------------------------------------
class StoreError(LagebildError):
    """The database cannot be opened or used (missing file, server gone, locked)."""

    code = "LB301"
    exit_code = 3


class SchemaTooNew(StoreError):
    """The database was written by a newer lagebild; upgrade lagebild."""

    code = "LB302"


# --- scale-out ------------------------------------------------------------------
class ClusterError(LagebildError):
    """The Dask scheduler cannot be reached, or workers keep dying on a batch."""

    code = "LB401"
    exit_code = 3


# Codes carried by one class with several meanings (HTTP API, `lagebild.web`).
HTTP_CODES: dict[str, str] = {
    "LB601": "401: write request without a bearer token",
    "LB602": "403: wrong token, or writes disabled because no token is configured",
    "LB603": "413: request body or batch too large",
    "LB604": "400/422: malformed request (bad JSON, bad Content-Length, bad parameters)",
    "LB605": "405: method not allowed",
}


def catalogue() -> list[tuple[str, str, str]]:
    """(code, name, doc) for every error class, for docs and `lagebild errors`."""
    out = []
    stack = [LagebildError]
    while stack:
        cls = stack.pop()
        out.append((cls.code, cls.__name__, (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""))
        stack.extend(cls.__subclasses__())
    out.extend((code, "WebError", doc) for code, doc in HTTP_CODES.items())
    return sorted(set(out))
