"""Bring stored articles up to the current document-stage versions.

``lagebild ingest`` skips articles it has stored, so an upgrade (better NER, quotes,
time expressions…) reaches only new articles. `reannotate` finds the stored articles
whose annotations come from an older version of a stage (or lack a stage) and runs
the document stages again **from the stored cleaned text**:

* detection: ``Document.stages``, the per-article record ("name@version" of every
  stage that ran, stored in ``articles.doc_json``); a stage of the current chain is
  outdated when its current ``name@version`` is not in it. The per-annotation
  ``source`` versions ("entities@3:model", "coref:role@3", "quotes@5") are checked
  too but only reported (``source_mismatch``): a stage that finds nothing leaves no
  source, and one whose source strings disagree with its registered version would
  otherwise be re-annotated on every run;
* kept: doc ID, ``seq`` (arrival order), cleaned text, removals, blocks and metadata
  (cleaning is not redone: the ID derives from the cleaned text; articles cleaned by
  an older ingest version are counted in ``ingest_outdated``); duplicate links,
  stories, storylines and the cluster state (they read text, title, date and
  language only; a story-derived date (``estimate:story:…``) is kept while the
  article still has no trusted date of its own, and its time expressions are
  resolved against it, as the cluster stage does);
* re-run: the whole document chain (stages feed each other: coref rewrites the keys
  of entities and quotes), starting from the ingest-time date: a date the dating
  stage estimated is replaced by the one re-derived from the stored raw text; when
  that does not reproduce the stored estimate (the date came from a JSON field, feed
  item or HTML metadata, which the store does not keep), the stored estimate is kept
  and time expressions are resolved against it (``dates_kept``);
* corpus stages brought up to date: the entity registry (the article's old mention
  counts and surface forms are subtracted, the new ones added, keys re-resolved;
  entities left without mentions or references are dropped) for articles the
  registry has already seen, and the cached dossiers (claims, quotes, actors) of
  their stories are invalidated (rebuilt on the next view / ``dossiers`` run).

Not recomputed: duplicate links and stories when a new language or dating version
changes an article's language or date (the online clusterer cannot un-learn an
article: rebuild by re-ingesting into a new database); an entity's first/last seen
dates (only widened); dossiers a running ``lagebild serve`` holds in memory (until
it restarts: a story's cache version counts its articles only).

Each batch is one transaction (annotation rows, ``doc_json``, registry, dossier
cache), so an interrupted run resumes where it stopped and nothing is counted twice.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from . import codec
from .errors import LagebildError, PipelineError
from .model import DateInfo, Document, trusted_date

if TYPE_CHECKING:
    from .pipeline import Pipeline

Progress = Callable[[int, int | None], None]

_SOURCE = re.compile(r"^([A-Za-z_]\w*)(?::[\w-]+)?@([\w.]+)")
_SOURCE_JSON = re.compile(r'"source":"([A-Za-z_]\w*)(?::[\w-]+)?@([\w.]+)')  # the same, inside doc_json
_STAGES_KEY = '"stages":['  # the last field of a Document in `codec.dumps` (compact JSON)
# fields the pipeline fills before any stage (ingest) or that stages overwrite unconditionally
_KEEP = {"doc_id", "text", "raw", "meta", "removed", "blocks", "lang", "lang_confidence", "stages"}


@dataclass
class ReannotateReport:
    checked: int = 0  # stored articles looked at
    outdated: int = 0  # articles with at least one outdated (or missing) stage
    reannotated: int = 0  # articles re-annotated and stored (0 with dry_run)
    stages: dict[str, int] = field(default_factory=dict)  # stage -> articles where it was outdated
    source_mismatch: dict[str, int] = field(default_factory=dict)  # stage -> articles (see `source_mismatch`)
    ingest_outdated: int = 0  # cleaned by an older ingest version (not re-cleaned: the ID depends on it)
    registry: int = 0  # articles whose entity-registry contribution was replaced
    dossiers_invalidated: int = 0  # cached story dossiers dropped (rebuilt on demand)
    dates_kept: int = 0  # estimated dates kept as stored: the ingest-time date could not be re-derived
    dry_run: bool = False
    seconds: float = 0.0
    doc_ids: list[str] = field(default_factory=list)  # outdated articles, arrival order

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "outdated": self.outdated,
            "reannotated": self.reannotated,
            "stages": dict(self.stages),
            "source_mismatch": dict(self.source_mismatch),
            "ingest_outdated": self.ingest_outdated,
            "registry": self.registry,
            "dossiers_invalidated": self.dossiers_invalidated,
            "dates_kept": self.dates_kept,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
        }


# --- detection ----------------------------------------------------------------
def _name_version(tag: str) -> tuple[str, str] | None:
    m = _SOURCE.match(tag or "")
    return (m.group(1), m.group(2)) if m else None


def annotation_versions(doc: Document) -> dict[str, set[str]]:
    """Stage name -> the versions named by the ``source`` of the document's annotations."""
    out: dict[str, set[str]] = {}
    for group in (doc.block_langs, doc.sentences, doc.entities, doc.quotes, doc.timexes):
        for a in group:
            nv = _name_version(getattr(a, "source", ""))
            if nv:
                out.setdefault(nv[0], set()).add(nv[1])
    return out


def _recorded(tags: Iterable[str]) -> dict[str, str]:
    return {nv[0]: nv[1] for nv in map(_name_version, tags) if nv}


def outdated_stages(doc: Document | Iterable[str], current: dict[str, str], *, only: Iterable[str] | None = None) -> list[str]:
    """The stages of ``current`` (name -> version, chain order) that the article's record
    (``Document.stages``, written by the pipeline for every stage that ran, even one that
    found nothing) does not name at their current version; restricted to ``only``."""
    ran = _recorded(doc.stages if isinstance(doc, Document) else doc)
    keep = set(only) if only is not None else None
    return [n for n, v in current.items() if (keep is None or n in keep) and ran.get(n) != v]


def source_mismatch(doc: Document | Iterable[str], current: dict[str, str], sources: dict[str, set[str]] | None = None) -> list[str]:
    """Stages recorded at their current version whose annotations name another version in
    their ``source`` (an edited article, or a stage whose source strings and registered
    version disagree). Reported, not acted on: the record decides (see module doc)."""
    if isinstance(doc, Document):
        ran, seen = _recorded(doc.stages), (sources if sources is not None else annotation_versions(doc))
    else:
        ran, seen = _recorded(doc), sources or {}
    return [n for n, v in current.items() if ran.get(n) == v and any(x != v for x in seen.get(n, ()))]


def _peek(js: str) -> tuple[tuple[str, ...], dict[str, set[str]]] | None:
    """The stage record and the annotation source versions read from stored JSON without
    decoding the document (~50x faster than `codec.loads`); None if the layout is unexpected."""
    i = js.rfind(_STAGES_KEY)
    j = js.find("]", i)
    if i < 0 or j < 0:
        return None
    try:
        tags = json.loads(js[i + len(_STAGES_KEY) - 1 : j + 1])
    except ValueError:
        return None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return None
    sources: dict[str, set[str]] = {}
    for m in _SOURCE_JSON.finditer(js):
        sources.setdefault(m.group(1), set()).add(m.group(2))
    return tuple(tags), sources


def _scan(store, page: int = 200) -> Iterator[tuple[int, str, str]]:
    """(seq, doc_id, doc_json) of every stored article in arrival order, a page per connection."""
    from sqlalchemy import select

    from .store import schema as S

    last = 0
    while True:
        with store.engine.connect() as c:
            rows = c.execute(select(S.articles.c.seq, S.articles.c.doc_id, S.articles.c.doc_json).where(S.articles.c.seq > last).order_by(S.articles.c.seq).limit(page)).all()
        if not rows:
            return
        yield from ((int(seq), doc_id, js) for seq, doc_id, js in rows)
        last = rows[-1][0]


def _ingest_outdated(tags: Iterable[str]) -> bool:
    from .ingest import INGEST_VERSION

    ran = _recorded(tags)
    return "ingest" in ran and ran["ingest"] != INGEST_VERSION


# --- re-annotation of one document --------------------------------------------
def _ingest_date(doc: Document) -> DateInfo | None:
    """The date the ingest step gave the article, before the dating stage estimated one,
    as far as it can be re-derived from the stored raw text (None when the text gives
    none; a date from a JSON field, feed item or HTML metadata is not in the store)."""
    from .ingest import build_document
    from .ingest.records import RawRecord

    if not doc.raw:
        return None
    try:
        d = build_document(RawRecord(body=doc.raw, kind="text", origin=doc.meta.source_path or "<store>", url=doc.meta.url, reader="text"))
    except LagebildError:
        return None
    if d.doc_id != doc.doc_id or d.text != doc.text:
        return None
    date = d.meta.date
    return None if date is not None and date.source.startswith("estimate:") else date


def base_document(doc: Document, chain_fields: Iterable[str], stage_names: Iterable[str], date: DateInfo | None) -> Document:
    """The stored document as the ingest step left it, with ``date``: stage outputs
    cleared, the entities stage's skip note removed, the stage record reset."""
    names = set(stage_names)
    meta = doc.meta
    extra = tuple(kv for kv in meta.extra if kv[0] != "entities_skipped")
    defaults = {f.name: f.default for f in fields(Document) if f.name in set(chain_fields) - _KEEP}
    kept = tuple(s for s in doc.stages if (_name_version(s) or ("", ""))[0] not in names)
    return doc.with_(meta=replace(meta, date=date, extra=extra), stages=kept, **defaults)


class _Reannotator:
    """Re-annotates one stored document with the pipeline's chain (see the module doc for dates)."""

    def __init__(self, pipeline: Pipeline):
        from .stages import registry

        self.p = pipeline
        self.chain_fields = {a for s in pipeline.specs for a in s.assigns}
        self.stage_names = list(registry())
        self.pinned = 0  # articles whose stored date estimate was kept (not reproduced from the raw text)

    def timex(self, doc: Document) -> Document:
        fns = dict(zip(self.p.stage_names, self.p._stage_fns()))
        return fns["timex"](doc) if "timex" in fns else doc

    def __call__(self, old: Document) -> Document:
        od = old.meta.date
        if od is None or not od.source.startswith("estimate:") or "dating" not in self.p.stage_names:  # nothing re-estimates it
            return self.p.annotate(base_document(old, self.chain_fields, self.stage_names, od))
        story = od.source.startswith("estimate:story:")
        dating_current = _recorded(old.stages).get("dating") == {s.name: s.version for s in self.p.specs}.get("dating")
        doc = base_document(old, self.chain_fields, self.stage_names, _ingest_date(old))
        for spec, fn in zip(self.p.specs, self.p._stage_fns()):  # = Pipeline.annotate, with a check at dating
            new = fn(doc)
            if spec.name == "dating":
                # the re-derived ingest date must reproduce the stored estimate (for a story-derived date: an
                # estimate too vague to be trusted, as the cluster stage requires); otherwise the stored
                # date is kept and time expressions are resolved against it. A new dating version may
                # change the estimate, but never drop it.
                reproduced = trusted_date(new) is None if story else new.meta.date == od
                if not reproduced and (dating_current or new.meta.date is None):
                    new = self.timex(doc.with_(meta=replace(doc.meta, date=od)))
                    self.pinned += 1
            doc = new.with_(stages=new.stages + (f"{spec.name}@{spec.version}",))
        if story and trusted_date(doc) is None:  # the story's date, as the cluster stage set it
            doc = self.timex(doc.with_(meta=replace(doc.meta, date=od)))
        return doc


# --- the run ------------------------------------------------------------------
def reannotate(
    pipeline: Pipeline,
    *,
    stages: Iterable[str] | None = None,
    everything: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch: int | None = None,
) -> ReannotateReport:
    """Re-run the document stages on stored articles annotated by older stage versions.

    ``stages``: only these stages count as outdated (the whole chain still runs on
    the articles found, since later stages consume earlier ones); ``everything``:
    every stored article; ``dry_run``: count only, write nothing (no model loads).
    """
    from .store import Store

    t0 = time.perf_counter()
    current = {s.name: s.version for s in pipeline.specs}
    only = list(stages) if stages else None
    for name in only or ():
        if name not in current:
            raise PipelineError(f"unknown stage {name!r} for --stage; the chain is: {', '.join(current)}")
    if pipeline._store is None:
        pipeline._store = Store(pipeline.settings.db, create=False)  # a missing file is an error, not a new database
    store = pipeline._store
    rep = ReannotateReport(dry_run=dry_run)
    size = batch or pipeline.settings.batch_size
    total = store.count()
    work = _Reannotator(pipeline)
    redo = (lambda d: True) if everything else (lambda d: bool(outdated_stages(d, current, only=only)))
    flush = _Flusher(store, work, _entity_adapter(pipeline) if not dry_run else None, redo, rep)
    pending: list[tuple[int, Document]] = []
    for seq, doc_id, js in _scan(store):
        rep.checked += 1
        peek = _peek(js)
        doc = codec.loads(js) if peek is None else None
        tags, sources = peek if peek is not None else (doc.stages, annotation_versions(doc))
        rep.ingest_outdated += _ingest_outdated(tags)
        for name in source_mismatch(tags, current, sources):
            rep.source_mismatch[name] = rep.source_mismatch.get(name, 0) + 1
        todo = list(current) if everything else outdated_stages(tags, current, only=only)
        if todo:
            rep.outdated += 1
            rep.doc_ids.append(doc_id)
            for name in todo:
                rep.stages[name] = rep.stages.get(name, 0) + 1
            if not dry_run:
                pending.append((seq, doc or codec.loads(js)))
        if len(pending) >= size:
            flush(pending)
        if progress:
            progress(rep.checked, total)
    flush(pending)
    rep.dates_kept = work.pinned
    rep.seconds = time.perf_counter() - t0
    return rep


def _entity_adapter(pipeline: Pipeline):
    if "entities" not in pipeline.settings.corpus_stages:
        return None
    from .corpus.runner import get_adapter

    return get_adapter("entities", pipeline.settings)


class _Flusher:
    """Re-annotates a batch (outside any lock), then commits it under the corpus lock in one
    transaction with its registry and dossier-cache updates. Articles changed meanwhile by
    another process (corpus stages re-key or re-date them) are re-read and redone, or
    skipped when they are current by now."""

    def __init__(self, store, work: _Reannotator, ent, redo: Callable[[Document], bool], rep: ReannotateReport):
        self.store, self.work, self.ent, self.redo, self.rep = store, work, ent, redo, rep

    def __call__(self, pending: list[tuple[int, Document]]) -> None:
        if not pending:
            return
        from sqlalchemy import select

        from .store import schema as S

        store, rep = self.store, self.rep
        items = [(seq, old, self.work(old)) for seq, old in pending]  # the expensive part
        done = 0
        with store.corpus_lock():  # the entity registry is corpus-stage state: one writer at a time
            ent_wm = store.load_watermark("entities") if self.ent is not None else 0
            with store.transaction() as c:
                store.lock_writes(c)
                ids = [old.doc_id for _, old, _ in items]
                now = dict(c.execute(select(S.articles.c.doc_id, S.articles.c.doc_json).where(S.articles.c.doc_id.in_(ids))).all())
                touched: set[str] = set()
                for seq, old, new in items:
                    if old.doc_id not in now:
                        continue
                    cur = codec.loads(now[old.doc_id])
                    if cur != old:  # changed since the scan
                        if not self.redo(cur):
                            continue
                        old, new = cur, self.work(cur)
                    registered = self.ent is not None and seq <= ent_wm
                    if registered:
                        touched |= _subtract(c, old)
                    store.replace_document(c, new)
                    if registered:
                        self.ent.process(seq, new, c, store)  # resolves the new keys, adds counts, rewrites rows
                        rep.registry += 1
                    done += 1
                _drop_orphans(c, touched)
                rep.dossiers_invalidated += _invalidate_dossiers(c, ids)
        rep.reannotated += done
        pending.clear()


# --- corpus state that depends on the annotations -------------------------------
def _subtract(c, old: Document) -> set[str]:
    """Take a stored (already re-keyed) article's mention counts and surface forms out of
    the entity registry, mirroring `EntityRegistry.process`; returns the entity keys touched."""
    from sqlalchemy import select, update

    from .corpus.entities import _display
    from .corpus.names import tokens
    from .store import schema as S

    counts: dict[str, dict[str, int]] = {}
    for m in old.entities:
        if not m.key or m.source.startswith("coref:"):
            continue
        per = counts.setdefault(m.key, {})
        surf = _display(old.text[m.start : m.end])
        per[surf] = per.get(surf, 0) + 1
    lang = old.lang or "und"
    E = S.entities
    for key in sorted(counts):
        row = c.execute(select(E.c.aliases_json, E.c.n_mentions, E.c.name).where(E.c.key == key)).first()
        if row is None:
            continue
        aliases: dict[str, dict[str, int]] = json.loads(row[0] or "{}")
        for surf, n in counts[key].items():
            per_lang = aliases.get(surf)
            if per_lang is None:
                continue
            left = per_lang.get(lang, 0) - n
            if left > 0:
                per_lang[lang] = left
            else:
                per_lang.pop(lang, None)
            if not per_lang:
                del aliases[surf]
        full_first = key.startswith("PER:")

        def score(s: str, aliases: dict[str, dict[str, int]] = aliases, full_first: bool = full_first) -> tuple[bool, int, int]:
            return (full_first and len(tokens(s)) >= 2, sum(aliases[s].values()), len(s))

        name = max(aliases, key=score) if aliases else row[2]
        n_left = max(0, (row[1] or 0) - sum(counts[key].values()))
        c.execute(update(E).where(E.c.key == key).values(aliases_json=json.dumps(aliases, ensure_ascii=False), n_mentions=n_left, name=name))
    return set(counts)


def _drop_orphans(c, keys: set[str]) -> int:
    """Entities left with no counted mention and no reference (mention or speaker key) are
    removed with their aliases, as if the old annotations had never been registered."""
    from sqlalchemy import delete, select

    from .store import schema as S

    n = 0
    for key in sorted(keys):
        row = c.execute(select(S.entities.c.n_mentions).where(S.entities.c.key == key)).first()
        if row is None or (row[0] or 0) > 0:
            continue
        if c.execute(select(S.mentions.c.doc_id).where(S.mentions.c.entity_key == key).limit(1)).first():
            continue
        if c.execute(select(S.quotes.c.doc_id).where(S.quotes.c.speaker_key == key).limit(1)).first():
            continue
        c.execute(delete(S.entity_aliases).where(S.entity_aliases.c.entity_key == key))
        c.execute(delete(S.entities).where(S.entities.c.key == key))
        n += 1
    return n


def _invalidate_dossiers(c, doc_ids: list[str]) -> int:
    """Drop the cached dossiers of the stories these articles belong to (their quotes,
    actors and claims read the annotations); `report.cache.stale` lists them as missing."""
    from sqlalchemy import delete, select

    from .store import schema as S

    stories: set[str] = set()
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        stories.update(c.execute(select(S.story_articles.c.story_id).where(S.story_articles.c.doc_id.in_(chunk))).scalars())
    if not stories:
        return 0
    ids = sorted(stories)
    n = 0
    for i in range(0, len(ids), 500):
        n += c.execute(delete(S.dossier_cache).where(S.dossier_cache.c.story_id.in_(ids[i : i + 500]))).rowcount or 0
    return n
