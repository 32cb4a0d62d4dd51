"""Run corpus stages (streaming, stateful) over the store in arrival order.

Each corpus stage is an adapter with ``load(state)``, ``process(seq, doc, conn,
store)`` and ``state()``, and optionally ``order_key(seq, doc)``: a batch of articles
that arrived together (a folder, a feed poll) has no arrival order of its own, so
such a stage sees it in that order (the clusterer: publication date, undated last). The runner feeds it every stored article after its
watermark, in batches; each batch's output rows and the new state + watermark
are committed in one transaction, so an interrupted run resumes exactly where
the last commit left off and never processes an article twice.
"""

from __future__ import annotations

import importlib
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


def run_corpus_stages(store, settings: Settings, batch: int = 100) -> dict[str, int]:
    done: dict[str, int] = {}
    for name in settings.corpus_stages:
        adapter = get_adapter(name, settings)
        if adapter is None:
            continue
        watermark, state = store.load_state(name)
        adapter.load(state)
        n = 0
        pending: list[tuple[int, Any]] = []

        def commit() -> None:
            if not pending:
                return
            last_seq = max(seq for seq, _ in pending)
            order = getattr(adapter, "order_key", None)
            batch_items = sorted(pending, key=lambda x: order(*x)) if order else pending
            with store.transaction() as c:
                for seq, doc in batch_items:
                    adapter.process(seq, doc, c, store)
                store.save_state(c, name, last_seq, adapter.state())
            pending.clear()

        for seq, doc in store.iter_documents(after_seq=watermark):
            pending.append((seq, doc))
            n += 1
            if len(pending) >= batch:
                commit()
        commit()
        done[name] = n
    return done
