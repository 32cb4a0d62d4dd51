"""Scale-out: the document stages mapped over Dask workers (see docs/SCALING.md).

``Pipeline.ingest(paths, workers=2)`` or ``scheduler="tcp://host:8786"`` uses
`ingest_distributed`; `map_documents` is the ordered, bounded map underneath.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ingest_distributed", "map_documents", "dask_client"]


def __getattr__(name: str) -> Any:  # lazy: importing lagebild never imports dask
    if name in __all__:
        from . import runner

        return getattr(runner, name)
    raise AttributeError(name)
