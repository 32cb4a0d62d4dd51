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
    code = "LB101"


class EmptyInput(LagebildError):
    code = "LB102"


class BinaryInput(LagebildError):
    code = "LB103"


class UndecodableInput(LagebildError):
    code = "LB104"


class BadRecord(LagebildError):
    """A broken JSON line, a feed item without text, a truncated WARC record."""

    code = "LB105"


class NoText(LagebildError):
    """HTML (or a record) from which no article text could be extracted."""

    code = "LB106"


class InputTooLarge(LagebildError):
    code = "LB107"


class UnsupportedFormat(LagebildError):
    code = "LB108"


# --- configuration / usage --------------------------------------------------
class ConfigError(LagebildError):
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


# --- storage ------------------------------------------------------------------
class StoreError(LagebildError):
    code = "LB301"
    exit_code = 3


class SchemaTooNew(StoreError):
    code = "LB302"


# --- scale-out ------------------------------------------------------------------
class ClusterError(LagebildError):
    """The Dask scheduler cannot be reached, or workers keep dying on a batch."""

    code = "LB401"
    exit_code = 3


def catalogue() -> list[tuple[str, str, str]]:
    """(code, name, doc) for every error class, for docs and `lagebild errors`."""
    out = []
    stack = [LagebildError]
    while stack:
        cls = stack.pop()
        out.append((cls.code, cls.__name__, (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""))
        stack.extend(cls.__subclasses__())
    return sorted(out)
