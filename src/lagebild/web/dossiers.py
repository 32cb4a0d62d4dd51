"""Story pages from precomputed dossiers (``report/cache.py``), never built on the request path twice.

- current stored dossier: served as is (one small version query + an in-memory copy);
- stored but stale (articles joined since): the last version is served with a
  "being updated" note and the story is queued for the background builder;
- never built: built once under a per-story lock (50 clients asking at once wait
  for the same build), at most ``max_builds`` builds at a time.

After ``POST /articles`` the app calls ``schedule`` with the touched stories; one
daemon thread rebuilds them off the request path. With the writer in its own process
(`writes.ProcessWriter`, the default of ``lagebild serve``) both go to that process
instead (``delegate`` queues rebuilds, ``builder`` builds a never-built story and
waits), so the server process never runs the NLP behind a dossier.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from ..report import cache
from ..report.cache import Cached

log = logging.getLogger(__name__)
STATUS_MARK = "<!--lagebild:dossier-status-->"
_BODY = re.compile(r"(<body[^>]*>)")


@lru_cache(maxsize=1)
def _env():
    """One template environment per process: compiling the templates per page costs ~0.1 s."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=select_autoescape(default=True, default_for_string=True))


def page_html(d: dict[str, Any], env=None) -> str:
    """The story page: the dossier's self-contained HTML with the site navigation."""
    from ..report.render import render

    env = env or _env()
    nav = env.get_template("story_nav.html.j2").render(d=d) + STATUS_MARK
    return _BODY.sub(lambda m: m.group(1) + nav, render(d, "html"), count=1)


def stale_note(c: Cached) -> str:
    from markupsafe import escape

    return (
        '<p class="dossier-stale" role="status" style="background:#fff4d6;border:1px solid #e0c060;padding:.4em .8em">'
        f"This dossier is being updated: new articles joined the story after it was built ({escape(c.built_at)}). Reload in a moment.</p>"
    )


class DossierService:
    def __init__(
        self, store, env=None, *, max_builds: int = 2, memory: int = 256, background: bool = True,
        delegate: Callable[[list[str]], None] | None = None, builder: Callable[[str], None] | None = None,
    ):
        self.store = store
        self.delegate = delegate
        self.builder = builder
        self.env = env
        self.background = background
        self._mem: OrderedDict[str, Cached] = OrderedDict()
        self._mem_size = memory
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._builds = threading.BoundedSemaphore(max_builds)
        self._pending: list[str] = []
        self._cond = threading.Condition(self._guard)
        self._worker: threading.Thread | None = None
        self._stop = False
        self.built: list[str] = []  # story IDs in build order (for tests and logs)

    # --- reads ---------------------------------------------------------------
    def get(self, story_id: str) -> tuple[Cached, bool]:
        """(stored dossier, is_stale) of the live story; builds it only if never built."""
        sid = cache.live_story_id(self.store, story_id)
        version = cache.story_version(self.store, sid)
        c = self._remember(sid)
        if c is None:
            c = cache.load(self.store, sid)
            if c is not None:
                self._keep(c)
        if c is None:
            c = self._build_once(sid)
        if c.version == version:
            return c, False
        self.schedule([sid])
        return c, True

    def _remember(self, sid: str) -> Cached | None:
        with self._guard:
            c = self._mem.get(sid)
            if c is not None:
                self._mem.move_to_end(sid)
            return c

    def _keep(self, c: Cached) -> None:
        with self._guard:
            old = self._mem.get(c.story_id)
            if old is not None and old.built_at > c.built_at:
                return
            self._mem[c.story_id] = c
            self._mem.move_to_end(c.story_id)
            while len(self._mem) > self._mem_size:
                self._mem.popitem(last=False)

    def forget(self, story_ids: Iterable[str]) -> None:
        """Drop the in-memory copies of these stories' dossiers (e.g. after an analyst's merge or split)."""
        with self._guard:
            for sid in story_ids:
                self._mem.pop(sid, None)

    def _lock(self, sid: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sid, threading.Lock())

    def _build_once(self, sid: str) -> Cached:
        with self._lock(sid):
            c = self._remember(sid) or cache.load(self.store, sid)  # someone else built it while we waited
            if c is None:
                with self._builds:
                    c = self._build(sid)
            self._keep(c)
            return c

    def _build(self, sid: str) -> Cached:
        c = None
        if self.builder is not None:
            self.builder(sid)
            c = cache.load(self.store, sid)
        if c is None:
            c = cache.build(self.store, sid, html=lambda d: page_html(d, self.env))
        self.built.append(sid)
        return c

    # --- background rebuilds ---------------------------------------------------
    def schedule(self, story_ids: Iterable[str]) -> None:
        if self.delegate is not None:
            self.delegate([sid for sid in story_ids if sid])
            return
        with self._cond:
            for sid in story_ids:
                if sid and sid not in self._pending:
                    self._pending.append(sid)
            if not self._pending or not self.background:
                return
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="dossier-builder", daemon=True)
                self._worker.start()
            self._cond.notify()

    def refresh(self, sid: str) -> Cached | None:
        """Bring one story's stored dossier up to date (no-op when current)."""
        try:
            sid = cache.live_story_id(self.store, sid)
        except Exception:  # noqa: BLE001 - the story vanished (merged away and gone): nothing to do
            return None
        with self._lock(sid):
            version = cache.story_version(self.store, sid)
            c = cache.load(self.store, sid)
            if c is None or c.version != version:
                with self._builds:
                    c = self._build(sid)
            self._keep(c)
            return c

    def drain(self) -> int:
        """Rebuild everything queued, in this thread (tests, shutdown, no background)."""
        n = 0
        while True:
            with self._cond:
                if not self._pending:
                    return n
                sid = self._pending.pop(0)
            self.refresh(sid)
            n += 1

    def _run(self) -> None:
        while not self._stop:
            with self._cond:
                while not self._pending and not self._stop:
                    if not self._cond.wait(timeout=30):
                        if not self._pending:
                            self._worker = None
                            return
                if self._stop:
                    return
                sid = self._pending.pop(0)  # popped first: a change during the build queues it again
            try:
                self.refresh(sid)
            except Exception:  # noqa: BLE001 - a failed rebuild keeps serving the last version
                log.exception("dossier rebuild of %s failed", sid)

    def pending(self) -> list[str]:
        with self._guard:
            return list(self._pending)

    def close(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
