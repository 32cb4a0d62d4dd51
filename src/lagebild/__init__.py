"""lagebild — a news-intelligence engine: from raw articles to a checked situation picture."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Pipeline", "__version__"]


def __getattr__(name: str):  # lazy: `import lagebild` stays cheap
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
