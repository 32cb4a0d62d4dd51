"""Adapters that run the corpus algorithms over the store (see `runner.py`).

Each adapter turns a stored `Document` into the algorithm's input, calls its
``learn_one`` and writes the output rows on the runner's connection, in the same
transaction as the algorithm's state and watermark.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from .. import codec
from ..model import Document, trusted_date
from ..settings import Settings
from ..store import schema as S


def _title(doc: Document) -> str:
    return doc.title or doc.text.split("\n", 1)[0][:200]


class EntityAdapter:
    """Corpus entity registry: canonical keys across articles and languages."""

    name = "entities"
    save_every_batch = True  # its state is the registry tables: re-processing would count mentions twice

    def __init__(self, settings: Settings):
        from .entities import EntityRegistry, rekey

        self._Registry, self._rekey = EntityRegistry, rekey

    def load(self, state: Any | None) -> None:  # all state lives in tables
        pass

    def state(self) -> Any:
        return {}

    def process(self, seq: int, doc: Document, c: Connection, store) -> None:
        mapping = self._Registry(c).process(doc)
        if all(k == v for k, v in mapping.items()):
            return
        new = self._rekey(doc, mapping)
        for old, ent in mapping.items():
            if old != ent:
                c.execute(update(S.mentions).where(S.mentions.c.doc_id == doc.doc_id, S.mentions.c.entity_key == old).values(entity_key=ent))
                c.execute(update(S.quotes).where(S.quotes.c.doc_id == doc.doc_id, S.quotes.c.speaker_key == old).values(speaker_key=ent))
        c.execute(update(S.articles).where(S.articles.c.doc_id == doc.doc_id).values(doc_json=codec.dumps(new.with_(tokens=()))))


def _timed_save(adapter: Any, obj: Any, c: Connection, store) -> Any:
    """``adapter.rows.save(obj, …)``, its wall and CPU time added to the adapter's counters."""
    import time

    t, cpu = time.perf_counter(), time.process_time()
    out = adapter.rows.save(obj, c, store, adapter.name)
    adapter.save_seconds += time.perf_counter() - t
    adapter.save_cpu_seconds += time.process_time() - cpu
    adapter.saves += 1
    return out


class DedupAdapter:
    """Near-duplicates, passage reuse and syndication groups."""

    name = "dedup"
    incremental = True  # state as rows, saved with every batch (dedup_rows.py)

    def __init__(self, settings: Settings):
        from . import dedup
        from .dedup_rows import DedupRows

        self._mod = dedup
        self.index = dedup.DedupIndex()
        self.rows = DedupRows()
        self.save_seconds, self.save_cpu_seconds, self.saves = 0.0, 0.0, 0

    def load(self, state: Any | None, store: Any = None) -> None:
        from .dedup_rows import FORMAT, DedupRows

        if state and state.get("format") == FORMAT:
            self.index, self.rows = DedupRows.load(store, self.name, state)
        elif state:  # schema 1: the whole index as one blob; written out as rows at the next save
            self.index = self._mod.DedupIndex.from_state(state)

    def save(self, c: Connection, store) -> Any:
        """Write what changed since the last save as rows; returns the scalars for ``corpus_state``."""
        return _timed_save(self, self.index, c, store)

    def state(self) -> Any:  # the whole index as one blob (tests, benchmarks)
        return self.index.state_dict() if hasattr(self.index, "state_dict") else None

    def process(self, seq: int, doc: Document, c: Connection, store) -> None:
        item = self._mod.input_from_document(doc)
        res = self.index.learn_one(item)
        c.execute(delete(S.duplicates).where(S.duplicates.c.doc_id == doc.doc_id))
        rows: dict[tuple[str, str], dict] = {}  # one row per (other article, kind): the first link
        for link in res.links:
            detail = {
                "scope": link.scope,
                "jaccard": round(link.jaccard, 4),
                "containment": round(link.containment, 4),
                "other_containment": round(link.other_containment, 4),
                "similarity": None if link.similarity is None else round(float(link.similarity), 4),
                "passages": [[p.start, p.end, p.other_start, p.other_end] for p in link.passages],
            }
            score = max(link.jaccard, link.containment, link.similarity or 0.0)
            rows.setdefault((link.other, link.kind), dict(doc_id=doc.doc_id, other_id=link.other, kind=link.kind, score=float(score), original_id=res.original, detail_json=json.dumps(detail)))
        if rows:
            c.execute(insert(S.duplicates), list(rows.values()))


class ClusterAdapter:
    """Online story clustering and storylines, with stable story IDs."""

    name = "cluster"
    incremental = True  # state as rows, saved with every batch (cluster_rows.py)

    def __init__(self, settings: Settings):
        from . import cluster
        from .cluster_rows import ClusterRows

        self._mod = cluster
        self.backend = settings.embeddings
        self.clusterer = cluster.StoryClusterer(embed_backend=self.backend)
        self._timex = None
        self.rows = ClusterRows()
        self.save_seconds, self.save_cpu_seconds, self.saves = 0.0, 0.0, 0
        # analyst corrections (story_edits) applied to the stored state: a number kept in a ``corpus_rows``
        # row, so that a process holding this state in memory sees an edit made by another process
        self.edits = 0
        self._checked: Any = None  # the transaction whose first article checked for such edits

    def load(self, state: Any | None, store: Any = None) -> None:
        from .cluster_rows import FORMAT, ClusterRows

        if state and state.get("format") == FORMAT:
            self.clusterer, self.rows = ClusterRows.load(store, self.name, state)
        elif state:  # schema 1: the whole clusterer as one blob; written out as rows at the next save
            self.clusterer = self._mod.StoryClusterer.from_state(state)
        if store is not None:
            with store.engine.connect() as c:
                self.edits = self.stored_edits(c)

    # -- analyst corrections (story_edits.py) ------------------------------------------
    def stored_edits(self, c: Connection) -> int:
        """How many analyst corrections the stored state has seen."""
        from ..store.rows import T

        raw = c.execute(select(T.c.data).where(T.c.name == self.name, T.c.kind == "edit", T.c.key == "n")).scalar()
        return int(raw) if raw else 0

    def note_edit(self, c: Connection, store) -> None:
        """Count one correction (in its transaction, with the state it changed)."""
        from ..store import rows as R

        self.edits += 1
        R.upsert(store, c, self.name, "edit", [("n", str(self.edits))])

    def reload_if_edited(self, c: Connection, store) -> bool:
        """Load the stored state again when another process corrected stories since it was loaded."""
        if self.stored_edits(c) == self.edits:
            return False
        _, state = store.load_state(self.name)
        self.load(state, store)
        return True

    def save(self, c: Connection, store) -> Any:
        """Write what changed since the last save as rows; returns the scalars for ``corpus_state``."""
        return _timed_save(self, self.clusterer, c, store)

    def state(self) -> Any:  # the whole clusterer as one blob (tests, benchmarks)
        return self.clusterer.state_dict()

    def process(self, seq: int, doc: Document, c: Connection, store) -> None:
        if c is not self._checked:  # once per transaction (batch): an edit by another process reloads the state
            self._checked = c
            self.reload_if_edited(c, store)
        orig = c.execute(
            select(S.duplicates.c.other_id).where(S.duplicates.c.doc_id == doc.doc_id, S.duplicates.c.kind.in_(("exact", "near"))).order_by(S.duplicates.c.score.desc()).limit(1)
        ).scalar()
        # The join model was calibrated on the clusterer's own name features (entities=None);
        # NER keys are not passed until the model is re-fitted on them.
        item = self._mod.ClusterInput(id=doc.doc_id, date=trusted_date(doc), lang=doc.lang, title=_title(doc), text=doc.text, entities=None, original=orig)
        a = self.clusterer.learn_one(item)
        c.execute(delete(S.story_articles).where(S.story_articles.c.doc_id == doc.doc_id))
        c.execute(insert(S.story_articles).values(story_id=a.story_id, doc_id=doc.doc_id, score=float(a.score), seq=seq))
        for old in a.merged:  # a merge keeps the older ID and records the alias
            c.execute(update(S.story_articles).where(S.story_articles.c.story_id == old).values(story_id=a.story_id))
            c.execute(update(S.stories).where(S.stories.c.story_id == old).values(alias_of=a.story_id, size=0))
        first, last = self._sync_story(c, a.story_id, doc)
        if item.date is None and first and not a.is_new:
            self._date_from_story(doc, first, last, a.story_id, c, store)

    def _date_from_story(self, doc: Document, first: str, last: str, story_id: str, c: Connection, store) -> None:
        """An article without a trustworthy date takes its story's dates (corpus-level dating),
        narrowed by its own estimate's interval; its time expressions are resolved again."""
        import datetime as dt

        from ..model import DateInfo

        lo = dt.date.fromisoformat(first[:10]) - dt.timedelta(days=3)
        hi = dt.date.fromisoformat(last[:10]) + dt.timedelta(days=3)
        own = doc.meta.date
        if own is not None and own.earliest and own.latest:
            try:
                lo = max(lo, dt.date.fromisoformat(own.earliest[:10]))
                hi = min(hi, dt.date.fromisoformat(own.latest[:10]))
            except ValueError:
                pass
        if lo > hi:
            return  # the text contradicts the story's time: keep the article's own estimate
        value = min(max(dt.date.fromisoformat(last[:10]), lo), hi).isoformat()
        date = DateInfo(value, "day", f"estimate:story:{story_id}", 0.4, True, lo.isoformat(), hi.isoformat())
        new = doc.with_(meta=replace(doc.meta, date=date))
        if self._timex is None:
            from ..stages import registry

            spec = registry().get("timex")
            self._timex = spec.factory() if spec else (lambda d: d)
        new = self._timex(new)
        store.replace_document(c, new)

    def _sync_story(self, c: Connection, story_id: str, doc: Document | None = None, line: bool = True) -> tuple[str | None, str | None]:
        """Write one story's row and its storyline's row (cost independent of the corpus size).
        Labels show full names: the entity part ranks the story's NER entities (canonical names), counted
        article by article in the row's ``detail_json["ner"]`` (`labels.add_ner`, bounded); without any, the
        clusterer's name tokens ("Jong-un") are mapped to the canonical names found in the story's articles
        ("Kim Jong-un"), remembered in ``detail_json["names"]``."""
        from .cluster_state import format_day
        from .labels import add_ner, key_entities, learn_names, named_fields, ner_fields

        cl = self.clusterer
        s = cl.stories.get(cl.resolve(story_id))
        if s is None:
            return None, None
        cands = _resolved_names(c, doc) if doc is not None else []
        detail = _stored_detail(c, S.stories, S.stories.c.story_id, s.id)
        names = _names_of(detail)
        aliases = sorted(a for a, b in cl.aliases.items() if cl.resolve(b) == s.id) if cl.aliases else []
        ner, ner_n, ner_from = _story_ner(c, s, detail, aliases)
        if doc is not None:
            ner, ner_n = add_ner(ner, cands), ner_n + 1
        fields = ner_fields(s, ner, cl.df)
        if fields is not None:
            text, ents, terms = fields
            if cands:  # the proxy tokens still learn full names (the fallback, the storyline)
                learn_names(names, key_entities(s, 6, cl.df), cands)
        else:
            text, ents, terms = named_fields(s, names, cands, cl.df)
        undated = s.first_t < 3650  # the arrival-order clock of undated articles (days since 1970)
        first = None if undated else format_day(s.first_t)
        last = None if undated else format_day(s.last_t)
        vals = dict(
            label=text,
            storyline_id=s.parent,
            first_seen=first,
            last_seen=last,
            size=s.size,
            detail_json=json.dumps({"entities": ents, "terms": terms, "languages": sorted(s.langs), "aliases": aliases, "names": names,
                                    "ner": ner, "ner_n": ner_n, "ner_from": ner_from}, ensure_ascii=False),
        )
        if c.execute(update(S.stories).where(S.stories.c.story_id == s.id).values(**vals)).rowcount == 0:
            c.execute(insert(S.stories).values(story_id=s.id, **vals))
        if line:
            self._sync_line(c, s.parent, cands)
        return first, last

    def _sync_line(self, c: Connection, line_id: str | None, cands: list[tuple[str, str, int]] | None = None) -> None:
        """Write one storyline's row."""
        from .cluster_state import format_day
        from .labels import named_fields, ner_fields, relabel_due

        cl = self.clusterer
        line = cl.storylines.lines.get(line_id) if line_id else None
        if line is not None:
            lnames = _stored_names(c, S.storylines, S.storylines.c.storyline_id, line.id)
            stories = [sid for sid in line.members if sid not in cl.aliases]
            fields = ner_fields(line, _line_ner(c, cl, stories), cl.df)  # the entity part from its stories' NER counts
            ltext, lents, lterms = fields if fields is not None else named_fields(line, lnames, cands or [], cl.df)
            lv = dict(
                label=ltext,
                detail_json=json.dumps(
                    {"entities": lents, "terms": lterms, "stories": stories, "first_seen": None if line.first_t < 3650 else format_day(line.first_t),
                     "last_seen": None if line.last_t < 3650 else format_day(line.last_t), "languages": sorted(line.langs), "names": lnames},
                    ensure_ascii=False,
                ),
            )
            if c.execute(update(S.storylines).where(S.storylines.c.storyline_id == line.id).values(**lv)).rowcount == 0:
                c.execute(insert(S.storylines).values(storyline_id=line.id, **lv))
            if relabel_due(cl.df.n_docs):  # labels rank against the corpus: refresh the siblings when it has doubled
                for sid in stories:
                    self._sync_story(c, sid, line=False)


def _stored_detail(c: Connection, table, key_col, key: str) -> dict[str, Any]:
    """A story's or storyline's stored ``detail_json`` ({} when missing or malformed)."""
    return _parse_detail(c.execute(select(table.c.detail_json).where(key_col == key)).scalar())


def _parse_detail(raw: str | None) -> dict[str, Any]:
    try:
        detail = json.loads(raw) if raw else {}
    except ValueError:
        detail = {}
    return detail if isinstance(detail, dict) else {}


def _names_of(detail: dict[str, Any]) -> dict[str, str]:
    names = detail.get("names")
    return dict(names) if isinstance(names, dict) else {}


def _stored_names(c: Connection, table, key_col, key: str) -> dict[str, str]:
    """The label-token -> full-name map kept in a story's or storyline's ``detail_json``."""
    return _names_of(_stored_detail(c, table, key_col, key))


LINE_NER_STORIES = 20  # a storyline's label counts the NER entities of its largest stories (bounded cost per article)


def _line_ner(c: Connection, cl: Any, stories: list[str]) -> dict:
    """The storyline's NER counts: the stored counts of its (at most `LINE_NER_STORIES`) largest stories merged."""
    from .labels import merge_ner, valid_ner

    top = sorted(stories, key=lambda sid: (-(cl.stories[sid].size if sid in cl.stories else 0), sid))[:LINE_NER_STORIES]
    ner: dict = {}
    if top:
        for raw in c.execute(select(S.stories.c.detail_json).where(S.stories.c.story_id.in_(top))).scalars():
            ner = merge_ner(ner, valid_ner(_parse_detail(raw).get("ner")))
    return ner


NER_REBUILD_MAX = 64  # a story that lost articles (a split) recounts its NER entities from its newest members


def _story_ner(c: Connection, s: Any, detail: dict[str, Any], aliases: list[str]) -> tuple[dict, int, list[str]]:
    """The story's stored NER counts (`labels.add_ner`), the number of articles they count and the absorbed
    stories already added. Stories merged into it since (automatic or analyst merges: the aliases) add their
    counts once; a story with fewer articles than counted (an analyst split) recounts from its members."""
    from .labels import add_ner, merge_ner, valid_ner

    ner = valid_ner(detail.get("ner"))
    n = detail.get("ner_n") if isinstance(detail.get("ner_n"), int) else 0
    done = [x for x in detail.get("ner_from") or [] if isinstance(x, str)]
    new = [a for a in aliases if a not in set(done)]
    if new:
        rows = c.execute(select(S.stories.c.story_id, S.stories.c.detail_json).where(S.stories.c.story_id.in_(new))).all()
        details = {sid: _parse_detail(raw) for sid, raw in rows}
        covered = {x for d in details.values() for x in d.get("ner_from") or [] if isinstance(x, str)}
        for sid, other in details.items():
            if sid not in covered:  # an alias another absorbed story had counted already
                ner = merge_ner(ner, valid_ner(other.get("ner")))
                n += other.get("ner_n") if isinstance(other.get("ner_n"), int) else 0
        done = sorted(set(done) | set(new) | covered)
    if n > s.size and s.members:
        ner, n = {}, 0
        members = list(s.members)[-NER_REBUILD_MAX:]
        for raw in c.execute(select(S.articles.c.doc_json).where(S.articles.c.doc_id.in_(members))).scalars():
            try:
                ner, n = add_ner(ner, _resolved_names(c, codec.loads(raw))), n + 1
            except (ValueError, TypeError, KeyError):
                continue
    return ner, n, done


def _resolved_names(c: Connection, doc: Document) -> list[tuple[str, str, int]]:
    """(full name, type, mentions) of the article's named entities, grouped by entity key; the
    name chosen as the registry chooses it (`entities.canonical_name`). Read from the article
    itself: the clusterer runs before the registry has seen it."""
    from .entities import _display, canonical_name

    per: dict[str, dict[str, int]] = {}
    types: dict[str, str] = {}
    for m in doc.entities:
        if not m.key or m.source.startswith("coref:"):  # role nouns ("der Kremlchef") are not names
            continue
        surf = _display(doc.text[m.start : m.end])
        if surf:
            d = per.setdefault(m.key, {})
            d[surf] = d.get(surf, 0) + 1
            types[m.key] = m.label
    known: dict[str, str] = {}
    if per:  # entities the registry already knows keep its canonical name (one spelling per person)
        q = (
            select(S.entity_aliases.c.alias_key, S.entities.c.name)
            .join(S.entities, S.entities.c.key == S.entity_aliases.c.entity_key)
            .where(S.entity_aliases.c.alias_key.in_(sorted(per)))
        )
        known = {k: n for k, n in c.execute(q).all() if n}
    return [(known.get(key) or canonical_name(surfs, person=types[key] == "PER"), types[key], sum(surfs.values())) for key, surfs in per.items()]
