"""The write API: JSON articles -> pipeline -> store -> corpus stages, one writer at a time."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any, Iterable

from ..errors import BadRecord, LagebildError

FIELDS = ("title", "text", "url", "date", "outlet", "lang")
MAX_BATCH = 200


class WebError(LagebildError):
    """An HTTP-level error with its own status (auth, size, malformed request)."""

    code = "LB600"

    def __init__(self, message: str, *, status: int, code: str):
        super().__init__(message)
        self.status = status
        self.code = code


def parse_items(payload: Any) -> list[dict[str, str | None]]:
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise BadRecord("empty batch: send one article object or a non-empty list")
    if len(items) > MAX_BATCH:
        raise WebError(f"batch of {len(items)} articles is larger than {MAX_BATCH}; split it", status=413, code="LB603")
    out = []
    for i, it in enumerate(items):
        if not isinstance(it, dict):
            raise BadRecord("each article must be a JSON object", where=f"item {i}")
        body = it.get("text")
        if not isinstance(body, str) or not body.strip():
            raise BadRecord("field 'text' (a non-empty string) is required", where=f"item {i}")
        rec: dict[str, str | None] = {}
        for k in FIELDS:
            v = it.get(k)
            if v is not None and not isinstance(v, str):
                raise BadRecord(f"field {k!r} must be a string", where=f"item {i}")
            rec[k] = v
        out.append(rec)
    return out


def parse_edit(action: str, payload: Any) -> dict[str, Any]:
    """The body of ``POST /stories/{id}/merge`` (``{"with": "S…", "reason": …, "by": …}``) or
    ``/split`` (``{"articles": ["<doc id or prefix>", …], "reason": …, "by": …}``)."""
    if not isinstance(payload, dict):
        raise WebError("the body must be a JSON object", status=400, code="LB604")
    out: dict[str, Any] = {}
    for k in ("reason", "by"):
        v = payload.get(k)
        if v is not None and not isinstance(v, str):
            raise WebError(f"field {k!r} must be a string", status=400, code="LB604")
        out[k] = (v or "")[:2000]
    if action == "merge":
        other = payload.get("with")
        if not isinstance(other, str) or not other.strip():
            raise WebError("field 'with' (the other story's ID) is required", status=400, code="LB604")
        out["with"] = other.strip()[:64]
    else:
        arts = payload.get("articles")
        if not isinstance(arts, list) or not arts or not all(isinstance(a, str) and a.strip() for a in arts):
            raise WebError("field 'articles' (a non-empty list of article IDs) is required", status=400, code="LB604")
        if len(arts) > 10_000:
            raise WebError("too many articles in one split", status=413, code="LB603")
        out["articles"] = [a.strip()[:128] for a in arts]
    return out


class Writer:
    """Owns the pipeline for the app; ingests batches one at a time (the store serialises writers too)."""

    def __init__(self, db: str):
        self.db = db
        self._pipeline = None
        self._lock = threading.Lock()

    @property
    def pipeline(self):
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(db=self.db)
        return self._pipeline

    def close(self) -> None:
        """Checkpoint the corpus stages' in-memory state (server shutdown)."""
        with self._lock:
            if self._pipeline is not None:
                self._pipeline.close()
                self._pipeline = None

    def ingest(self, items: list[dict[str, str | None]]) -> dict[str, Any]:
        from .. import ingest, queries

        with self._lock:
            p = self.pipeline
            store = p.store
            results: list[dict[str, Any]] = []
            docs = []
            for i, it in enumerate(items):
                rec = ingest.RawRecord(
                    body=it["text"] or "", kind="text", origin="<api>", where=f"item {i}", title=it["title"], url=it["url"],
                    date=it["date"], outlet=it["outlet"], lang=it["lang"], reader="json",
                )
                try:
                    doc = ingest.build_document(rec)
                except LagebildError as e:
                    results.append({"item": i, "error": {"code": e.code, "message": str(e)}})
                    continue
                results.append({"item": i, "id": doc.doc_id})
                docs.append(doc)
            known = store.existing(d.doc_id for d in docs)
            fresh, seen = [], set()
            for d in docs:
                if d.doc_id not in known and d.doc_id not in seen:
                    seen.add(d.doc_id)
                    fresh.append(p.annotate(d))
            from ..model import in_date_order

            new_ids = {doc_id for doc_id, new in store.add_documents(in_date_order(fresh)) if new}
            # the server keeps corpus-stage state in memory between requests (amortised saves);
            # `close()` at shutdown checkpoints it
            corpus = p.update_corpus(checkpoint=False) if new_ids else {}
            for r in results:
                if "id" not in r:
                    continue
                r["new"] = r["id"] in new_ids
                r["story"] = _story_of(store, r["id"])
                r["duplicates"] = [
                    {"id": d["other_id"] if d["doc_id"] == r["id"] else d["doc_id"], "kind": d["kind"], "score": d["score"]}
                    for d in queries.duplicates(store, doc_id=r["id"])
                ]
        return {"articles": results, "corpus": corpus}

    def edit(self, action: str, story_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """An analyst's correction (`corpus.story_edits`), serialised with this writer's ingests."""
        from ..corpus.story_edits import merge_stories, split_story

        with self._lock:
            p = self.pipeline
            by = body.get("by") or "api"
            if action == "merge":
                e = merge_stories(p, story_id, body["with"], reason=body.get("reason", ""), by=by)
            else:
                e = split_story(p, story_id, body["articles"], reason=body.get("reason", ""), by=by)
        return e.to_dict()


def _story_of(store, doc_id: str) -> str | None:
    """The live story of an article (following merges), None before clustering."""
    from ..errors import NotFound
    from ..queries import live_story_row

    rows = store.rows("story_articles", doc_id=doc_id)
    if not rows:
        return None
    try:
        return live_story_row(store, rows[0]["story_id"])["story_id"]
    except NotFound:  # the story row is not written yet
        return rows[0]["story_id"]


# --- the writer in its own process -------------------------------------------------
# The NLP stages and corpus updates are CPU-bound Python; run in the server process they
# hold the GIL and stall page requests. `ProcessWriter` runs `Writer.ingest` in one child
# process (spawned, so it shares no state), which keeps the pipeline, the models and the
# corpus stages' in-memory state across requests; `close()` checkpoints and stops it.
#
# The same child rebuilds the dossiers of touched stories, *between* writes: its
# embedding cache already holds the new articles' sentence vectors (a separate
# builder process would encode them all again), and a rebuild never runs while a
# write is in flight, so ingest through the API keeps the CLI's throughput. Rebuilds
# wait for ``quiet`` seconds without a write, or at most ``max_stale`` seconds under
# a continuous stream of writes; each rebuild job stops after ``budget`` seconds
# (between two stories), so a write queues behind at most one story's build.

_CHILD: dict[str, Writer] = {}
# How much nicer than the server the writer process runs (``LAGEBILD_WRITER_NICE``,
# `lagebild serve --writer-nice`). 0 by default, so that ingest through the API gets the
# same CPU share as the CLI; a positive value lets page reads win the CPU over NLP when
# cores are short (docs/bench/web.md; on an idle machine it changes nothing).
WRITER_NICE = 0


def _child_init(nice: int) -> None:
    if nice:
        try:
            os.nice(nice)
        except OSError:  # not permitted here: run at the server's priority
            pass


def _child_writer(db: str) -> Writer:
    w = _CHILD.get(db)
    if w is None:
        w = _CHILD[db] = Writer(db)
    return w


def _child_ingest(db: str, items: list[dict[str, str | None]]) -> tuple[dict[str, Any], float]:
    """The write's result and the CPU seconds it took in the child."""
    t = time.process_time()
    res = _child_writer(db).ingest(items)
    return res, time.process_time() - t


def _child_edit(db: str, action: str, story_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return _child_writer(db).edit(action, story_id, body)


def _child_rebuild(db: str, story_ids: list[str], budget: float | None) -> tuple[list[str], int, float]:
    """Rebuild the stories' dossiers that are not current: (stories left for the next job, built, CPU s)."""
    import logging

    from ..errors import NotFound
    from ..report import cache
    from .dossiers import page_html

    store = _child_writer(db).pipeline.store
    t0, c0, built = time.perf_counter(), time.process_time(), 0
    for i, sid in enumerate(story_ids):
        if i and budget is not None and time.perf_counter() - t0 > budget:
            return story_ids[i:], built, time.process_time() - c0
        try:
            live = cache.live_story_id(store, sid)
            c = cache.load(store, live, with_html=False)
            if c is None or c.version != cache.story_version(store, live):
                cache.build(store, live, html=page_html)
                built += 1
        except NotFound:  # merged away and gone
            continue
        except Exception:  # noqa: BLE001 - a failed rebuild keeps serving the last version
            logging.getLogger(__name__).exception("dossier rebuild of %s failed", sid)
    return [], built, time.process_time() - c0


def _child_close(db: str) -> None:
    w = _CHILD.pop(db, None)
    if w is not None:
        w.close()


class ProcessWriter:
    """Same interface as `Writer`; writes and dossier rebuilds happen in one child process."""

    def __init__(self, db: str, *, quiet: float = 0.5, max_stale: float = 10.0, budget: float = 0.5, nice: int | None = None):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.db = db
        self.quiet, self.max_stale, self.budget = quiet, max_stale, budget
        if nice is None:
            nice = int(os.environ.get("LAGEBILD_WRITER_NICE", str(WRITER_NICE)))
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"), initializer=_child_init, initargs=(nice,))
        self._cond = threading.Condition()
        self._pending: dict[str, float] = {}  # story -> when it was first queued
        self._inflight = 0  # writes submitted, not answered
        self._last_write = 0.0
        self._rebuilding = False
        self._closed = False
        self._thread: threading.Thread | None = None
        # CPU seconds spent in the child (for benchmarks and logs)
        self.stats = {"writes": 0, "write_cpu_s": 0.0, "dossiers_built": 0, "dossier_cpu_s": 0.0}

    # --- writes -----------------------------------------------------------------
    def ingest(self, items: list[dict[str, str | None]]) -> dict[str, Any]:
        result, cpu = self._write(_child_ingest, (self.db, items), "committed articles are kept — send the batch again")
        with self._cond:
            self.stats["writes"] += 1
            self.stats["write_cpu_s"] += cpu
        return result

    def edit(self, action: str, story_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """A story merge or split, in the child (where the clusterer's state lives), between writes."""
        return self._write(_child_edit, (self.db, action, story_id, body), "send the correction again")

    def _write(self, fn: Callable[..., Any], args: tuple, retry: str) -> Any:
        """Run one write in the child, counted as in flight (dossier rebuilds wait for quiet)."""
        from concurrent.futures.process import BrokenProcessPool

        with self._cond:
            self._inflight += 1
        try:
            return self._pool.submit(fn, *args).result()
        except BrokenProcessPool:
            from ..errors import StoreError

            raise StoreError(f"the writer process died; {retry}") from None
        finally:
            with self._cond:
                self._inflight -= 1
                self._last_write = time.monotonic()
                self._cond.notify_all()

    # --- dossier rebuilds ---------------------------------------------------------
    def schedule_rebuild(self, story_ids: Iterable[str]) -> None:
        """Queue stories whose dossier is stale; built in the child between writes."""
        now = time.monotonic()
        with self._cond:
            if self._closed:
                return
            for sid in story_ids:
                if sid:
                    self._pending.setdefault(sid, now)
            if self._pending and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._loop, name="dossier-rebuilds", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def build_now(self, story_id: str, timeout: float = 120.0) -> None:
        """Build one story's dossier in the child and wait (a story page never built before)."""
        _, built, cpu = self._pool.submit(_child_rebuild, self.db, [story_id], None).result(timeout=timeout)
        self._count(built, cpu)

    def _count(self, built: int, cpu: float) -> None:
        with self._cond:
            self.stats["dossiers_built"] += built
            self.stats["dossier_cpu_s"] += cpu

    def _next_batch(self) -> dict[str, float] | None:
        """Wait until rebuilding is allowed; the stories to rebuild (oldest first), None when closed."""
        with self._cond:
            while not self._closed:
                if not self._pending:
                    self._cond.wait(timeout=30)
                    continue
                now = time.monotonic()
                overdue = now - min(self._pending.values()) >= self.max_stale
                idle = self._inflight == 0 and now - self._last_write >= self.quiet
                if idle or overdue:  # popped first: a story queued again during its build is rebuilt again
                    todo, self._pending = self._pending, {}
                    self._rebuilding = True
                    return todo
                wait = self.max_stale - (now - min(self._pending.values()))
                if self._inflight == 0:
                    wait = min(wait, self.quiet - (now - self._last_write))
                self._cond.wait(timeout=max(0.01, wait))
            return None

    def _loop(self) -> None:
        import logging

        while True:
            todo = self._next_batch()
            if todo is None:
                return
            left: list[str] = []
            try:
                order = sorted(todo, key=todo.__getitem__)
                left, built, cpu = self._pool.submit(_child_rebuild, self.db, order, self.budget).result()
                self._count(built, cpu)
            except Exception:  # noqa: BLE001 - shut down or the child died: the stale versions stay served
                if not self._closed:
                    logging.getLogger(__name__).exception("dossier rebuilds failed")
            with self._cond:
                for sid in left:  # over budget: next job, keeping their place in the queue
                    self._pending.setdefault(sid, todo[sid])
                self._rebuilding = False
                self._cond.notify_all()

    def pending(self) -> list[str]:
        with self._cond:
            return sorted(self._pending)

    def wait_rebuilt(self, timeout: float = 300.0) -> bool:
        """Block until no rebuild is queued or running (benchmarks, tests); False on timeout."""
        end = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._rebuilding:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(timeout=min(left, 1.0))
            return True

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        try:
            self._pool.submit(_child_close, self.db).result(timeout=120)
        except Exception:  # noqa: BLE001 - best effort at shutdown
            pass
        self._pool.shutdown(wait=True, cancel_futures=True)
