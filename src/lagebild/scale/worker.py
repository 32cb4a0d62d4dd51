"""What runs on a Dask worker: build (clean + metadata) and annotate batches of records.

Stage factories (models) are built once per worker process and cached here, keyed
by the stage chain and settings; every task on that worker reuses them. Documents
travel pickled; errors travel as plain tuples (exception classes with keyword
arguments do not survive pickling intact).
"""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import LagebildError
from ..model import Document
from ..settings import Settings

# (stage names, settings) -> Pipeline; one per worker process
_PIPELINES: dict[tuple[tuple[str, ...], str], Any] = {}
BUILDS = 0  # how many pipelines this process built (tests check "once per worker")

ErrorTuple = tuple[str, str, "str | None", "str | None"]  # (class name, message, path, where)


def error_to_tuple(e: LagebildError) -> ErrorTuple:
    return (type(e).__name__, e.message, e.path, e.where)


def error_from_tuple(t: ErrorTuple) -> LagebildError:
    from .. import errors

    cls = getattr(errors, t[0], None)
    if not (isinstance(cls, type) and issubclass(cls, LagebildError)):
        cls = LagebildError
    return cls(t[1], path=t[2], where=t[3])


def pipeline_for(stage_names: tuple[str, ...], settings: Settings):
    """The cached pipeline of this worker process (stage models load on first use)."""
    global BUILDS
    key = (tuple(stage_names), repr(settings))  # Settings holds a dict: not hashable
    p = _PIPELINES.get(key)
    if p is None:
        from ..pipeline import Pipeline

        p = Pipeline(stages=list(stage_names), settings=settings)
        _PIPELINES[key] = p
        BUILDS += 1
    return p


def build_batch(records: list) -> list[Document | ErrorTuple]:
    """Clean each record into a Document (kept on the worker for `annotate_batch`)."""
    from .. import ingest

    out: list[Document | ErrorTuple] = []
    for rec in records:
        try:
            out.append(ingest.build_document(rec))
        except LagebildError as e:
            out.append(error_to_tuple(e))
    return out


def batch_ids(built: list[Document | ErrorTuple]) -> list[str | ErrorTuple]:
    """The small part the driver needs to decide what to annotate: IDs (or errors)."""
    return [b.doc_id if isinstance(b, Document) else b for b in built]


def annotate_batch(built: list[Document | ErrorTuple], keep: list[int], stage_names: tuple[str, ...], settings: Settings,
                   keep_tokens: bool = True) -> list[Document | ErrorTuple]:
    """Run the document stages on the kept documents.

    Documents travel back pickled (frozen slotted dataclasses pickle losslessly and
    ~10× faster than the JSON codec; the driver and workers run the same lagebild).
    ``keep_tokens=False`` drops the token spans, which the store does not keep
    (they are recomputed on read): half the bytes and a tenth of the unpickling
    time on the driver, which is the serial part of a distributed ingest.
    """
    p = pipeline_for(stage_names, settings)
    out: list[Document | ErrorTuple] = []
    for i in keep:
        d = built[i]
        assert isinstance(d, Document)
        try:
            a = p.annotate(d)
            out.append(a if keep_tokens or not a.tokens else a.with_(tokens=()))
        except LagebildError as e:
            out.append(error_to_tuple(e))
    return out


def build_annotate_batch(records: list, stage_names: tuple[str, ...], settings: Settings, keep_tokens: bool = True) -> list[Document | ErrorTuple]:
    """`build_batch` then `annotate_batch` of every built document, in one task (one
    scheduler round-trip and one result message per batch)."""
    built = build_batch(records)
    keep = [i for i, b in enumerate(built) if isinstance(b, Document)]
    done = iter(annotate_batch(built, keep, stage_names, settings, keep_tokens))
    return [next(done) if isinstance(b, Document) else b for b in built]


class ModelPlugin(WorkerPlugin):
    """Dask worker plugin: build the stage chain (load the models) when a worker starts,
    so that no annotation task waits for model loading and each worker loads once
    (`pipeline_for` caches it per process)."""

    name = "lagebild-models"

    def __init__(self, stage_names: tuple[str, ...], settings: Settings) -> None:
        self.stage_names, self.settings = tuple(stage_names), settings

    def setup(self, worker: Any = None) -> None:
        pipeline_for(self.stage_names, self.settings)

    def teardown(self, worker: Any = None) -> None:  # pragma: no cover - nothing to release
        pass


def worker_info() -> dict[str, int]:
    """For tests and benchmarks: pipelines built in this worker process."""
    import os

    return {"pid": os.getpid(), "builds": BUILDS}
