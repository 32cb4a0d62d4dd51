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
    """Articles between two saves of a stage's in-memory state.

    The state of dedup/cluster is one document whose size grows with the corpus, so
    saving it every batch would make the cost per article grow too. Saving it every
    max(1,000, 10 % of the corpus) articles keeps the amortised cost constant. Output
    rows are still committed every batch; after a crash the articles since the last
    saved state are processed again, and every adapter writes its rows idempotently
    (delete + insert per article, upserts per story), so the result is the same.
    """
    return max(1000, n_processed_total // 10)


def run_corpus_stages(store, settings: Settings, batch: int = 100) -> dict[str, int]:
    done: dict[str, int] = {}
    for name in settings.corpus_stages:
        adapter = get_adapter(name, settings)
        if adapter is None:
            continue
        watermark, state = store.load_state(name)
        adapter.load(state)
        n = 0
        since_save = 0
        pending: list[tuple[int, Any]] = []

        every_batch = getattr(adapter, "save_every_batch", False)  # state lives in tables: never re-process
        last_seq = watermark

        def commit(final: bool = False) -> None:
            nonlocal since_save, last_seq
            if not pending:
                if final and since_save:
                    with store.transaction() as c:
                        store.save_state(c, name, last_seq, adapter.state())
                    since_save = 0
                return
            last_seq = max(seq for seq, _ in pending)
            since_save += len(pending)
            with store.transaction() as c:
                for seq, doc in pending:
                    adapter.process(seq, doc, c, store)
                if final or every_batch or since_save >= save_every(last_seq):
                    store.save_state(c, name, last_seq, adapter.state())
                    since_save = 0
            pending.clear()

        for seq, doc in store.iter_documents(after_seq=watermark):
            pending.append((seq, doc))
            n += 1
            if len(pending) >= batch:
                commit()
        commit(final=True)
        done[name] = n
    return done
