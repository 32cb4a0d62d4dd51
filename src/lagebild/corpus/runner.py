"""Run corpus stages (streaming, stateful) over the store in arrival order.

Each corpus stage is an adapter with ``load(state)``, ``process(seq, doc, conn,
store)`` and ``state()``. Articles come in
``seq`` order (arrival; within one ingest batch, publication date — see
`lagebild.model.in_date_order`). The runner feeds it every stored article after its
watermark, in batches; each batch's output rows and the new state + watermark
are committed in one transaction, so an interrupted run resumes exactly where
the last commit left off and never processes an article twice.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Protocol

from ..settings import Settings

# stage name -> "module:Adapter class"
ADAPTERS = {
    "entities": "lagebild.corpus.adapters:EntityAdapter",
    "dedup": "lagebild.corpus.adapters:DedupAdapter",
    "cluster": "lagebild.corpus.adapters:ClusterAdapter",
}


class CorpusStage(Protocol):
    name: str

    def load(self, state: Any | None) -> None: ...

    def process(self, seq: int, doc, conn, store) -> None: ...

    def state(self) -> Any: ...


def get_adapter(name: str, settings: Settings) -> CorpusStage | None:
    spec = ADAPTERS.get(name)
    if spec is None:
        return None
    mod_name, cls_name = spec.split(":")
    try:
        mod = importlib.import_module(mod_name)
    except ModuleNotFoundError:
        return None
    cls = getattr(mod, cls_name, None)
    if cls is None:
        return None
    try:
        return cls(settings)
    except ModuleNotFoundError:  # the algorithm module it wraps is not there
        return None


def save_every(n_processed_total: int) -> int:
    """Articles between two saves of a stage's in-memory state, for stages whose state is
    one blob (incremental stages — dedup, cluster — save with every batch instead).

    Saving a blob whose size grows with the corpus every batch would make the cost per
    article grow with the corpus. Saving it every
    max(1,000, 10 % of the corpus) articles keeps the amortised cost constant. Output
    rows are still committed every batch; after a crash the articles since the last
    saved state are processed again, and every adapter writes its rows idempotently
    (delete + insert per article, upserts per story), so the result is the same.
    """
    return max(1000, n_processed_total // 10)


@dataclass
class _Live:
    """A corpus stage kept in memory between runs in one process (e.g. the web server)."""

    adapter: Any
    processed: int  # last seq processed in memory (outputs committed up to here)
    saved: int  # watermark of the state last saved to the store
    since_save: int = 0


_LIVE: dict[tuple[str, str], _Live] = {}


def _live(store, name: str, settings: Settings) -> _Live | None:
    """The stage's in-memory state, reused while no other process saved a newer state."""
    key = (store.url, name)
    watermark = store.load_watermark(name)
    live = _LIVE.get(key)
    if live is not None and live.saved == watermark:
        return live
    adapter = get_adapter(name, settings)
    if adapter is None:
        return None
    saved, state = store.load_state(name)
    if getattr(adapter, "incremental", False):
        adapter.load(state, store)  # scalars in corpus_state, the rest in corpus_rows
    else:
        adapter.load(state)
    live = _LIVE[key] = _Live(adapter, saved, saved)
    return live


def run_corpus_stages(store, settings: Settings, batch: int = 100, *, checkpoint: bool = True, until: int | None = None) -> dict[str, int]:
    """Process every stored article each corpus stage has not seen, in ``seq`` order.

    ``checkpoint=True`` (the CLI: one process per command) saves every stage's state at
    the end; a long-running process (the server) passes False and relies on the
    amortised saves (`save_every`) plus `checkpoint_all` at shutdown, so that the cost
    per article does not grow with the corpus.
    """
    done: dict[str, int] = {}
    for name in settings.corpus_stages:
        live = _live(store, name, settings)
        if live is None:
            continue
        # state in tables (entities) or written incrementally as rows (dedup, cluster): saved with every
        # batch, so nothing is processed twice after a crash and the save costs O(changes)
        every_batch = getattr(live.adapter, "save_every_batch", False) or getattr(live.adapter, "incremental", False)
        n = 0
        pending: list[tuple[int, Any]] = []

        def commit(final: bool = False) -> None:
            if not pending:
                if final and checkpoint and live.since_save:
                    _save(store, name, live)
                return
            last_seq = max(seq for seq, _ in pending)
            with store.transaction() as c:
                for seq, doc in pending:
                    live.adapter.process(seq, doc, c, store)
                live.processed = last_seq
                live.since_save += len(pending)
                if every_batch or (final and checkpoint) or live.since_save >= save_every(last_seq):
                    store.save_state(c, name, last_seq, _state(live.adapter, c, store))
                    live.saved, live.since_save = last_seq, 0
            pending.clear()

        try:
            for seq, doc in store.iter_documents(after_seq=live.processed):
                if until is not None and seq > until:  # (benchmarks) stop at a given arrival number
                    break
                pending.append((seq, doc))
                n += 1
                if len(pending) >= batch:
                    commit()
            commit(final=True)
        except BaseException:
            _LIVE.pop((store.url, name), None)  # memory is ahead of the rolled-back store: reload next time
            raise
        done[name] = n
    return done


def _state(adapter: Any, c: Any, store: Any) -> Any:
    """What goes into ``corpus_state.state``: an incremental adapter writes its rows here
    and returns its scalars; the others return their whole state."""
    return adapter.save(c, store) if getattr(adapter, "incremental", False) else adapter.state()


def _save(store, name: str, live: _Live) -> None:
    with store.transaction() as c:
        store.save_state(c, name, live.processed, _state(live.adapter, c, store))
    live.saved, live.since_save = live.processed, 0


def checkpoint_all(store) -> None:
    """Save the in-memory state of every live stage of this store (call at shutdown)."""
    for (url, name), live in list(_LIVE.items()):
        if url == store.url and live.since_save:
            _save(store, name, live)


def forget(store) -> None:
    for key in [k for k in _LIVE if k[0] == store.url]:
        _LIVE.pop(key, None)
