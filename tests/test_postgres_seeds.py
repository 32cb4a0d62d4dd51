"""PostgreSQL and SQLite give identical results on the seeds (full pipeline, corpus stages too)."""

from __future__ import annotations

from pg import server
from sqlalchemy import select

from lagebild import Pipeline
from lagebild.store import schema as S

VOLATILE = {"ingested_at", "updated_at"}  # wall-clock times


def _snapshot(p: Pipeline) -> dict[str, list]:
    out = {}
    with p.store.engine.connect() as c:
        for t in S.metadata.sorted_tables:
            if t.name == "lagebild_meta":
                continue
            cols = [col for col in t.columns if col.name not in VOLATILE]
            rows = [tuple(r) for r in c.execute(select(*cols)).all()]
            out[t.name] = sorted(rows, key=repr)
    return out


def test_sqlite_and_postgres_identical_on_seeds(seeds_dir, tmp_path):
    a = Pipeline(db=str(tmp_path / "seeds.db"))
    b = Pipeline(db=server().fresh_db())
    ra, rb = a.ingest([seeds_dir]), b.ingest([seeds_dir])
    assert ra.stored == rb.stored and len(ra.stored) == 5
    assert ra.corpus == rb.corpus
    sa, sb = _snapshot(a), _snapshot(b)
    assert sa["articles"] and sa == sb
