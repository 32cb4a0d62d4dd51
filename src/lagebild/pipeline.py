"""The Python API: build a stage chain from settings, process and ingest articles.

    >>> from lagebild import Pipeline
    >>> p = Pipeline(db="news.db")
    >>> doc = p.process("Putin sagte am Mittwoch in Pjöngjang, …")   # no store
    >>> report = p.ingest(["articles/"])                            # read, process, store
    >>> report.stored, report.skipped, report.errors
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import LagebildError
from .model import Document, in_date_order
from .settings import Settings, load_settings
from .stages import StageSpec, check_chain, default_chain

Progress = Callable[[int, int | None], None]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # new doc_ids, arrival order
    skipped: list[str] = field(default_factory=list)  # already in the store
    errors: list[LagebildError] = field(default_factory=list)
    seconds: float = 0.0
    corpus: dict[str, int] = field(default_factory=dict)  # corpus stage -> articles processed

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "stored": self.stored,
            "skipped": self.skipped,
            "errors": [{"code": e.code, "message": str(e)} for e in self.errors],
            "seconds": round(self.seconds, 3),
            "corpus": self.corpus,
        }


class Pipeline:
    """Document stages (pure, per article) + the store + corpus stages (streaming)."""

    def __init__(self, db: str | None = None, *, stages: Sequence[str] | None = None, settings: Settings | None = None, **overrides):
        self.settings = settings or load_settings(db=db, **overrides)
        if db is not None and settings is not None:
            self.settings = self.settings.with_(db=db)
        names = list(stages if stages is not None else (self.settings.stages or default_chain()))
        self.specs: list[StageSpec] = check_chain(names)  # fails early, with a clear error
        self._fns: list[Callable[[Document], Document]] | None = None
        self._store = None

    # --- stages -----------------------------------------------------------
    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.specs]

    def _stage_fns(self) -> list[Callable[[Document], Document]]:
        if self._fns is None:
            self._fns = [s.factory() for s in self.specs]
        return self._fns

    def annotate(self, doc: Document) -> Document:
        """Run the document stages on an ingested (cleaned) document."""
        for spec, fn in zip(self.specs, self._stage_fns()):
            doc = fn(doc)
            doc = doc.with_(stages=doc.stages + (f"{spec.name}@{spec.version}",))
        return doc

    def process(self, text_or_path: str | Path) -> Document:
        """One article, from text or a file path, through all document stages (no store)."""
        from . import ingest

        if isinstance(text_or_path, Path) or (isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 4096 and Path(text_or_path).is_file()):
            for item in ingest.iter_records([str(text_or_path)], max_bytes=self.settings.max_bytes):
                if isinstance(item, LagebildError):
                    raise item
                return self.annotate(ingest.build_document(item))
            raise LagebildError("no article found", path=str(text_or_path))
        return self.annotate(ingest.process_text(str(text_or_path)))

    # --- store ------------------------------------------------------------
    @property
    def store(self):
        if self._store is None:
            from .store import Store

            self._store = Store(self.settings.db)
        return self._store

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        mapping: dict[str, str] | None = None,
        progress: Progress | None = None,
        corpus: bool = True,
        scheduler: str | None = None,
        workers: int | None = None,
    ) -> IngestReport:
        """Read, clean, annotate and store articles; then bring corpus stages up to date.

        Idempotent: an article already stored (same content ID) is skipped before the
        expensive stages run. Bad records are reported in ``errors`` and skipped.
        ``scheduler="tcp://host:port"`` or ``workers=N`` (a local cluster) run the
        document stages on Dask workers (see `lagebild.scale`).
        """
        if scheduler or workers:
            from .scale import ingest_distributed

            return ingest_distributed(self, paths, mapping=mapping, progress=progress, corpus=corpus, scheduler=scheduler, workers=workers)
        from . import ingest

        t0 = time.perf_counter()
        rep = IngestReport()
        store = self.store
        batch: list[Document] = []
        n = 0

        def flush() -> None:
            if not batch:
                return
            known = store.existing(d.doc_id for d in batch)  # one query; these skip the stages
            annotated = in_date_order(self.annotate(d) for d in batch if d.doc_id not in known)
            for doc_id, new in store.add_documents(annotated):
                (rep.stored if new else rep.skipped).append(doc_id)
            rep.skipped.extend(sorted(known))
            batch.clear()

        for item in ingest.iter_records([str(p) for p in paths], mapping=mapping, max_bytes=self.settings.max_bytes):
            n += 1
            if isinstance(item, LagebildError):
                rep.errors.append(item)
            else:
                try:
                    batch.append(ingest.build_document(item))
                except LagebildError as e:
                    rep.errors.append(e)
            if len(batch) >= self.settings.batch_size:
                flush()
            if progress:
                progress(n, None)
        flush()
        if corpus:
            rep.corpus = self.update_corpus()
        rep.seconds = time.perf_counter() - t0
        return rep

    def update_corpus(self, *, checkpoint: bool = True) -> dict[str, int]:
        """Run the corpus stages over every stored article they have not seen yet.

        ``checkpoint=False`` keeps the stages' state in memory between calls and saves
        it only every so often (a long-running process such as the server); call
        `close()` (or `checkpoint()`) before the process ends."""
        from .corpus.runner import run_corpus_stages

        with self.store.corpus_lock():  # one process at a time runs corpus stages on a database
            return run_corpus_stages(self.store, self.settings, checkpoint=checkpoint)

    def reannotate(self, **kw):
        """Re-run the document stages on stored articles annotated by older stage versions
        (keeps IDs, arrival order and stories; updates the entity registry); see `lagebild.reannotate`."""
        from .reannotate import reannotate

        return reannotate(self, **kw)

    def checkpoint(self) -> None:
        """Save the in-memory state of the corpus stages."""
        if self._store is not None:
            from .corpus.runner import checkpoint_all

            with self._store.corpus_lock():
                checkpoint_all(self._store)

    def close(self) -> None:
        if self._store is not None:
            from .corpus.runner import forget

            self.checkpoint()
            forget(self._store)
            self._store.close()
            self._store = None
