"""Document stages: pure functions of one article.

Every stage is a callable ``Document -> Document`` registered here with what it
``requires`` (Document fields that must be filled before it) and what it
``assigns``. The pipeline checks a chain at build time (`check_chain`), and the
generic contract test (tests/test_stage_contract.py) runs every registered stage.

A stage module registers itself with ``@register(...)``; modules are listed in
``STAGE_MODULES`` and imported lazily so that importing lagebild stays cheap.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..errors import PipelineError
from ..model import Document

StageFn = Callable[[Document], Document]

# Order is the default chain order.
STAGE_MODULES = (
    "lagebild.stages.language",
    "lagebild.stages.sentences",
    "lagebild.stages.entities",
    "lagebild.stages.quotes",
    "lagebild.stages.timex",
    "lagebild.stages.dating",
    "lagebild.stages.coref",
)

# Fields the ingest step (clean + metadata) always fills.
INGEST_ASSIGNS = ("text", "raw", "meta", "removed", "blocks")


@dataclass(frozen=True)
class StageSpec:
    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[[], StageFn]  # builds the (possibly model-loading) callable
    default: bool = True


_REGISTRY: dict[str, StageSpec] = {}


def register(name: str, *, version: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (), default: bool = True):
    """Decorator for a stage *factory*: a zero-argument callable returning the stage function."""

    def deco(factory: Callable[[], StageFn]):
        _REGISTRY[name] = StageSpec(name, version, tuple(requires), tuple(assigns), factory, default)
        return factory

    return deco


def _load_all() -> None:
    for mod in STAGE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as e:  # a stage not written yet
            if e.name != mod:
                raise


def registry() -> dict[str, StageSpec]:
    _load_all()
    order = {m.rsplit(".", 1)[1]: i for i, m in enumerate(STAGE_MODULES)}
    return dict(sorted(_REGISTRY.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))


def check_chain(names: list[str]) -> list[StageSpec]:
    """Resolve stage names and verify each one's requirements are met in order."""
    reg = registry()
    have = set(INGEST_ASSIGNS)
    specs = []
    for n in names:
        if n not in reg:
            raise PipelineError(f"unknown stage {n!r}; known: {', '.join(reg)}")
        spec = reg[n]
        missing = [r for r in spec.requires if r not in have]
        if missing:
            raise PipelineError(f"stage {n!r} requires {', '.join(missing)}, which no earlier stage assigns")
        have.update(spec.assigns)
        specs.append(spec)
    return specs


def default_chain() -> list[str]:
    """Every default stage whose requirements the stages before it meet.

    (An explicit chain is checked strictly by `check_chain`; the default chain is
    "what this installation can run", so a stage whose input stage is absent is left
    out rather than failing every command.)"""
    have = set(INGEST_ASSIGNS)
    out = []
    for n, s in registry().items():
        if s.default and all(r in have for r in s.requires):
            out.append(n)
            have.update(s.assigns)
    return out
