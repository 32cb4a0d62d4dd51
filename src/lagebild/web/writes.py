"""The write API: JSON articles -> pipeline -> store -> corpus stages, one writer at a time."""

from __future__ import annotations

import threading
from typing import Any


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

_CHILD: dict[str, Writer] = {}


def _child_ingest(db: str, items: list[dict[str, str | None]]) -> dict[str, Any]:
    w = _CHILD.get(db)
    if w is None:
        w = _CHILD[db] = Writer(db)
    return w.ingest(items)


def _child_rebuild(db: str, story_ids: list[str]) -> int:
    """Rebuild the touched stories' dossiers in the child too, so the server only reads them."""
    from ..report import cache
    from .dossiers import page_html

    w = _CHILD.get(db)
    if w is None:
        w = _CHILD[db] = Writer(db)
    return cache.rebuild(w.pipeline.store, story_ids, html=page_html)


def _child_close(db: str) -> None:
    w = _CHILD.pop(db, None)
    if w is not None:
        w.close()


class ProcessWriter:
    """Same interface as `Writer`; the work happens in a single child process."""

    def __init__(self, db: str):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.db = db
        ctx = mp.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        # dossier rebuilds in a second child: writes never queue behind them; requests for
        # rebuilds that arrive while one runs are coalesced into the next run
        self._rebuilds = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        self._pending: set[str] = set()
        self._running = None
        self._plock = threading.Lock()

    def _rebuild(self, story_ids: list[str]) -> None:
        with self._plock:
            self._pending.update(story_ids)
            if self._running is not None and not self._running.done():
                return
            todo, self._pending = sorted(self._pending), set()
            if not todo:
                return
            try:
                self._running = self._rebuilds.submit(_child_rebuild, self.db, todo)
            except RuntimeError:  # shut down
                return
        self._running.add_done_callback(lambda _f: self._rebuild([]))

    def ingest(self, items: list[dict[str, str | None]]) -> dict[str, Any]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            result = self._pool.submit(_child_ingest, self.db, items).result()
        except BrokenProcessPool:
            from ..errors import StoreError

            raise StoreError("the writer process died; committed articles are kept — send the batch again") from None
        touched = sorted({a["story"] for a in result["articles"] if a.get("new") and a.get("story")})
        if touched:  # the response does not wait for it
            self._rebuild(touched)
        return result

    def close(self) -> None:
        try:
            self._pool.submit(_child_close, self.db).result(timeout=120)
        except Exception:  # noqa: BLE001 - best effort at shutdown
            pass
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._rebuilds.shutdown(wait=True, cancel_futures=True)
