"""Shared fixtures: where the seeds and data sets are (../shared beside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("LAGEBILD_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


def load_bench(script: str, module_name: str):
    """A script of bench/ (e.g. "make_streams.py") imported as a module under ``module_name`` (registered in
    sys.modules, so its dataclasses and pickling work)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(module_name, REPO / "bench" / script)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def seed_path(prefix: str) -> Path:
    """A seed file by its number prefix, e.g. seed_path("002")."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"data sets not found at {DATA}")
    return DATA


@pytest.fixture(scope="session")
def seed_texts(seeds_dir) -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
