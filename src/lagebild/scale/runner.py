"""The driver side of a Dask ingest: ordered, bounded, resumable.

Records are read on the driver and sent to workers in small batches. For each
batch a worker *builds* the documents (clean + metadata; they stay on the worker)
and returns only their IDs; the driver drops IDs already stored (or seen earlier
in this run) and asks the worker to *annotate* the rest. Results are consumed in
submission order, so the store and the corpus stages see articles in arrival
order, exactly as with the in-process pipeline. At most ``max_inflight`` batches
are in flight, so memory stays bounded on streams of any length. On a stream of
new articles the map *fuses* build and annotate into one task per batch (see
`map_documents`). A local cluster is a `cluster.LeanCluster`: worker processes
without nannies and with Dask's periodic monitors slowed down.

Faults: a worker that dies loses only in-memory results; Dask recomputes them
on another worker. If a batch keeps killing workers (Dask's ``KilledWorker``) or
the scheduler goes away, the run stops with a `ClusterError`; everything written
until then is committed, and a re-run skips it (content IDs).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import ClusterError, LagebildError
from ..model import Document
from . import worker as W


@dataclass
class _Slot:
    error: LagebildError | None = None  # a reader error, passed through in order
    n_records: int = 0
    build: Any = None  # future -> list[Document | ErrorTuple] (on the worker)
    ids: Any = None  # future -> list[str | ErrorTuple]
    annotate: Any = None  # future -> list[Document | ErrorTuple]
    plan: list[tuple[str, Any]] = field(default_factory=list)  # ("doc", i) | ("skip", id) | ("error", tuple)
    promoted: bool = False
    fused: bool = False  # one task: build + annotate every record


Event = tuple[str, Any]  # ("doc", Document) | ("skip", doc_id) | ("error", LagebildError)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, *, threads_per_worker: int = 1, timeout: str = "20s",
                nanny: bool = False, lean: bool = True) -> Iterator[Any]:
    """A client for ``scheduler`` (tcp://host:port) or a local cluster of ``workers`` processes.

    The local cluster is a `cluster.LeanCluster` (worker processes without nannies,
    Dask's periodic monitors slowed down: `cluster.LEAN_CONFIG`); ``nanny=True`` starts
    Dask's own LocalCluster (a nanny process per worker) instead, ``lean=False`` keeps
    Dask's default monitors there (profiler off) — the settings before 2026-11-26,
    kept for the benchmark's comparison.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask[distributed] is a dependency
        raise ClusterError("Dask distributed is not installed (pip install 'dask[distributed]')") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers is not None and workers < 1:
        raise ClusterError(f"--workers must be at least 1, got {workers}")
    import dask

    from .cluster import LEAN_CONFIG, LeanCluster

    n = workers or 1
    if nanny:
        # Dask's statistical profiler samples every worker thread every 10 ms; nobody reads it here.
        cfg = dict(LEAN_CONFIG) if lean else {"distributed.worker.profile.enabled": False}
        with dask.config.set(cfg):
            cluster: Any = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    with dask.config.set(LEAN_CONFIG):  # for the scheduler in this process, while the cluster lives
        cluster = LeanCluster(n, threads_per_worker)
        client = Client(cluster.scheduler_address, set_as_default=False)
        try:
            client.wait_for_workers(n, timeout=300)
        except Exception as e:  # noqa: BLE001 - a worker that cannot start
            client.close()
            cluster.close()
            raise ClusterError(f"local Dask workers did not start ({type(e).__name__}: {e})") from None
        try:
            yield client
        finally:
            client.close()
            cluster.close()


def _result(fut: Any, what: str) -> Any:
    try:
        return fut.result()
    except LagebildError:
        raise
    except Exception as e:  # KilledWorker, CancelledError, CommClosedError, TimeoutError …
        name = type(e).__name__
        raise ClusterError(
            f"Dask {what} failed ({name}: {e}); committed articles are kept, run the same command again to resume"
        ) from None


def map_documents(
    client: Any,
    items: Iterable[Any],
    *,
    settings: Any,
    stage_names: Iterable[str],
    existing: Callable[[list[str]], set[str]],
    batch_size: int = 16,
    max_inflight: int | None = None,
    keep_tokens: bool = True,
    fuse_after: int | None = 2,
) -> Iterator[Event]:
    """Annotate records on the cluster; yield events in arrival order.

    ``items`` are RawRecords or LagebildErrors (as `ingest.iter_records` yields).
    ``existing(ids)`` says which IDs are already stored (they are not annotated).
    ``keep_tokens=False`` returns documents without token spans (the store does not
    keep them): cheaper results for the driver.

    Two ways to run a batch. *Checked* (three tasks: build, IDs, annotate the new
    ones): nothing already stored is annotated — right for a re-run. *Fused* (one
    task: build + annotate): a third of the tasks, scheduler round-trips and result
    messages — right for a stream of new articles. The map starts checked and fuses
    after ``fuse_after`` consecutive batches without a stored or repeated article;
    a fused batch that meets one goes back to checked (its stored articles were
    annotated for nothing and are skipped). ``fuse_after=None`` never fuses.
    """
    names = tuple(stage_names)
    if max_inflight is None:
        n_threads = sum((client.nthreads() or {"x": 1}).values())
        max_inflight = max(4, 3 * n_threads)
    slots: deque[_Slot] = deque()
    seen: set[str] = set()
    it = iter(items)
    exhausted = False
    clean = 0  # consecutive batches without a stored/repeated article (decides fusing)

    def n_batches() -> int:
        return sum(1 for s in slots if s.error is None)

    def fill() -> None:
        nonlocal exhausted
        while not exhausted and n_batches() < max_inflight:
            recs: list[Any] = []
            while len(recs) < batch_size:
                try:
                    item = next(it)
                except StopIteration:
                    exhausted = True
                    break
                if isinstance(item, LagebildError):
                    if recs:  # keep the order: close the batch before the error
                        _submit(recs)
                        recs = []
                    slots.append(_Slot(error=item, n_records=1))
                else:
                    recs.append(item)
            if recs:
                _submit(recs)

    def _submit(recs: list[Any]) -> None:
        if fuse_after is not None and clean >= fuse_after:
            f = client.submit(W.build_annotate_batch, recs, names, settings, keep_tokens, pure=False)
            slots.append(_Slot(n_records=len(recs), annotate=f, promoted=True, fused=True))
            return
        b = client.submit(W.build_batch, recs, pure=False)
        slots.append(_Slot(n_records=len(recs), build=b, ids=client.submit(W.batch_ids, b, pure=False)))

    def note(n_repeated: int) -> None:
        nonlocal clean
        clean = 0 if n_repeated else clean + 1

    def promote(s: _Slot) -> None:
        ids = _result(s.ids, "document build")
        plain = [x for x in ids if isinstance(x, str)]
        stored = existing(plain) if plain else set()
        keep: list[int] = []
        for i, x in enumerate(ids):
            if not isinstance(x, str):
                s.plan.append(("error", x))
            elif x in stored or x in seen:
                s.plan.append(("skip", x))
            else:
                seen.add(x)
                s.plan.append(("doc", len(keep)))
                keep.append(i)
        note(len(plain) - len(keep))
        if keep:
            s.annotate = client.submit(W.annotate_batch, s.build, keep, names, settings, keep_tokens, pure=False)
        s.ids = None
        s.promoted = True

    def fused_events(results: list[Any]) -> Iterator[Event]:
        plain = [r.doc_id for r in results if isinstance(r, Document)]
        stored = existing(plain) if plain else set()
        repeated = 0
        for r in results:
            if not isinstance(r, Document):
                yield ("error", W.error_from_tuple(r))
            elif r.doc_id in stored or r.doc_id in seen:
                repeated += 1
                yield ("skip", r.doc_id)
            else:
                seen.add(r.doc_id)
                yield ("doc", r)
        note(repeated)

    while True:
        fill()
        if not slots:
            return
        # promote ready batches in order (annotation starts as soon as IDs are known)
        for s in slots:
            if s.error is not None or s.promoted:
                continue
            if not s.ids.done():
                break
            promote(s)
        head = slots.popleft()
        if head.error is not None:
            yield ("error", head.error)
            continue
        if not head.promoted:
            promote(head)
        results = _result(head.annotate, "annotation") if head.annotate is not None else []
        head.build = head.annotate = None  # release worker memory
        if head.fused:
            yield from fused_events(results)
            continue
        for kind, val in head.plan:
            if kind == "doc":
                r = results[val]
                if isinstance(r, Document):
                    yield ("doc", r)
                else:
                    yield ("error", W.error_from_tuple(r))
            elif kind == "skip":
                yield ("skip", val)
            else:
                yield ("error", W.error_from_tuple(val))


def ingest_distributed(
    pipeline: Any,
    paths: Iterable[str | Path],
    *,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    corpus: bool = True,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
):
    """`Pipeline.ingest` with the document stages on Dask (same report, same store)."""
    from .. import ingest
    from ..model import in_date_order
    from ..pipeline import IngestReport

    t0 = time.perf_counter()
    rep = IngestReport()
    store = pipeline.store
    settings = pipeline.settings
    batch: list[Document] = []

    def flush() -> None:
        if batch:
            for doc_id, new in store.add_documents(in_date_order(batch)):
                (rep.stored if new else rep.skipped).append(doc_id)
            batch.clear()

    items = ingest.iter_records([str(p) for p in paths], mapping=mapping, max_bytes=settings.max_bytes)
    ctx = contextlib.nullcontext(client) if client is not None else dask_client(scheduler, workers)
    n = 0
    with ctx as cl:
        with contextlib.suppress(Exception):  # models load when a worker starts (also workers that join later)
            cl.register_plugin(W.ModelPlugin(tuple(pipeline.stage_names), settings))
        try:
            for kind, val in map_documents(cl, items, settings=settings, stage_names=pipeline.stage_names, existing=store.existing, keep_tokens=False):
                n += 1
                if kind == "doc":
                    batch.append(val)
                    if len(batch) >= settings.batch_size:
                        flush()
                elif kind == "skip":
                    rep.skipped.append(val)
                else:
                    rep.errors.append(val)
                if progress:
                    progress(n, None)
        except ClusterError:
            flush()  # keep every article annotated before the cluster failed
            raise
        flush()
    if corpus:
        rep.corpus = pipeline.update_corpus()
    rep.seconds = time.perf_counter() - t0
    return rep
