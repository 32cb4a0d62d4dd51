"""One SQLAlchemy Core schema for SQLite and PostgreSQL.

Tables are plain and readable so a user can open the file in ``sqlite3`` or
Datasette: one row per article, sentence, mention, quote, time expression,
duplicate link, story. ``articles.doc_json`` holds the complete annotated
document (minus tokens, which are recomputed) for lossless reads; the other
tables are the queryable view of the same annotations.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 2  # 2: corpus_rows (per-article / per-story corpus-stage state)

metadata = MetaData()

meta_kv = Table(
    "lagebild_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("doc_id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),  # arrival order
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("agency", Text),
    Column("lang", String(8)),
    Column("date", String(32)),
    Column("date_precision", String(8)),
    Column("date_estimated", Boolean, default=False),
    Column("date_earliest", String(32)),
    Column("date_latest", String(32)),
    Column("date_confidence", Float),
    Column("dateline", Text),
    Column("authors", Text),  # "Name (role); …" for humans; full data in doc_json
    Column("source_path", Text),
    Column("n_chars", Integer),
    Column("text", Text, nullable=False),
    Column("raw", Text),
    Column("doc_json", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)
Index("ix_articles_date", articles.c.date)

removals = Table(
    "removals",
    metadata,
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("rule", String(64)),
    Column("text", Text),
)

sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("label", String(8)),
    Column("text", Text),
    Column("entity_key", Text),
    Column("confidence", Float),
)
Index("ix_mentions_key", mentions.c.entity_key)

entities = Table(
    "entities",
    metadata,
    Column("key", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(8)),
    Column("aliases_json", Text),  # {"surface": {"de": n, "en": m}}
    Column("n_mentions", Integer, default=0),
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("alias_key", Text, primary_key=True),  # "<TYPE>:<name key>" as set by in-document coref
    Column("entity_key", Text, nullable=False),
    Column("block", String(64), nullable=False),  # "<TYPE>:<first letter>:<first 3 chars of the last token>" for fuzzy candidates
    Column("last_key", String(128)),  # "<TYPE>:<last token key>" for lone surnames ("Putin")
    Column("surface", Text),
)
Index("ix_entity_aliases_block", entity_aliases.c.block)
Index("ix_entity_aliases_last", entity_aliases.c.last_key)

quotes = Table(
    "quotes",
    metadata,
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("kind", String(16)),
    Column("start", Integer),
    Column("end", Integer),
    Column("message", Text),
    Column("cue", Text),
    Column("speaker", Text),
    Column("speaker_key", Text),
    Column("addressee", Text),
    Column("relay", Text),
    Column("confidence", Float),
)
Index("ix_quotes_speaker", quotes.c.speaker_key)

timexes = Table(
    "timexes",
    metadata,
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("type", String(16)),
    Column("value", String(64)),
    Column("mod", String(16)),
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("other_id", String(32), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("score", Float),
    Column("original_id", String(32)),
    Column("detail_json", Text),
)
Index("ix_duplicates_other", duplicates.c.other_id)

stories = Table(
    "stories",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("label", Text),
    Column("storyline_id", String(32)),
    Column("alias_of", String(32)),  # set when merged into an older story
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
    Column("size", Integer, default=0),
    Column("detail_json", Text),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("doc_id", String(32), ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("score", Float),
    Column("seq", Integer),
)
Index("ix_story_articles_doc", story_articles.c.doc_id)

storylines = Table(
    "storylines",
    metadata,
    Column("storyline_id", String(32), primary_key=True),
    Column("label", Text),
    Column("detail_json", Text),
)

claims = Table(
    "claims",
    metadata,
    Column("claim_id", String(32), primary_key=True),
    Column("story_id", String(32)),
    Column("text", Text),
    Column("label", String(16)),  # corroborated | single_source | disputed
    Column("support", Integer),
    Column("detail_json", Text),
)

claim_support = Table(
    "claim_support",
    metadata,
    Column("claim_id", String(32), primary_key=True),
    Column("doc_id", String(32), primary_key=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("source_group", String(32)),
)

corpus_state = Table(
    "corpus_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("watermark", Integer, nullable=False, default=0),  # last articles.seq processed
    Column("state", Text),  # JSON
    Column("updated_at", String(32)),
    UniqueConstraint("name"),
)

corpus_rows = Table(  # schema 2: a corpus stage's state as rows, written incrementally with its watermark
    "corpus_rows",
    metadata,
    Column("name", String(32), primary_key=True),  # the stage
    Column("kind", String(16), primary_key=True),  # e.g. "seg" (dedup: articles since the previous save), "story"
    Column("key", String(64), primary_key=True),  # ordered within a kind (zero-padded numbers, story IDs)
    Column("data", Text, nullable=False),  # JSON, or base64 of packed arrays (`store.rows.pack`)
)

dossier_cache = Table(  # precomputed dossiers, one row per story (report/cache.py); rebuilt when the story's version changes
    "dossier_cache",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("version", String(64), nullable=False),  # "<articles>:<max story_articles.seq>"
    Column("built_at", String(32)),
    Column("json", Text, nullable=False),
    Column("html", Text),  # the rendered story page (web app), optional
)
