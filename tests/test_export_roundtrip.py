"""Export a store (JSONL, parquet) and import it into another store: nothing is lost."""

from __future__ import annotations

import json

import pytest
from pg import store_db  # noqa: F401  (fixture: sqlite + postgresql targets)
from sqlalchemy import insert, select
from test_store import _doc, _rich_doc
from typer.testing import CliRunner

from lagebild.errors import BadRecord
from lagebild.export import export_store, import_store
from lagebild.store import Store
from lagebild.store import schema as S


def _source(path, seed_texts) -> Store:
    st = Store(str(path))
    rich = _rich_doc(seed_texts["002"])
    docs = [rich] + [_doc(t) for k, t in sorted(seed_texts.items()) if k != "002"]
    st.add_documents(docs)
    a, b = docs[0].doc_id, docs[1].doc_id
    with st.transaction() as c:
        c.execute(insert(S.entities).values(key="putin", name="Wladimir Putin", type="PER", aliases_json=json.dumps({"Putin": {"de": 3}}), n_mentions=3))
        c.execute(insert(S.duplicates).values(doc_id=b, other_id=a, kind="near", score=0.91, original_id=a, detail_json="{}"))
        c.execute(insert(S.storylines).values(storyline_id="L1", label="Russland–Nordkorea", detail_json="{}"))
        c.execute(insert(S.stories).values(story_id="S1", label="Putin in Pjöngjang", storyline_id="L1", first_seen="2024-06-19", last_seen="2024-06-20", size=2, detail_json='{"k": [1, 2]}'))
        c.execute(insert(S.story_articles), [dict(story_id="S1", doc_id=a, score=1.0, seq=1), dict(story_id="S1", doc_id=b, score=0.7, seq=2)])
        c.execute(insert(S.claims).values(claim_id="C1", story_id="S1", text="Putin reiste nach Pjöngjang", label="corroborated", support=2, detail_json="{}"))
        c.execute(insert(S.claim_support), [dict(claim_id="C1", doc_id=a, start=0, end=10, source_group="g1"), dict(claim_id="C1", doc_id=b, start=5, end=20, source_group="g2")])
        st.save_state(c, "dedup", 5, {"sigs": [1, 2, 3], "b": "ä"})
    return st


def _snapshot(st: Store) -> dict[str, list]:
    out = {}
    with st.engine.connect() as c:
        for t in S.metadata.sorted_tables:
            if t.name == "lagebild_meta":
                continue
            rows = [tuple(r) for r in c.execute(select(t)).all()]
            out[t.name] = sorted(rows, key=repr)
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_roundtrip_loses_nothing(fmt, store_db, seed_texts, tmp_path):
    src = _source(tmp_path / "src.db", seed_texts)
    out = tmp_path / ("x.jsonl" if fmt == "jsonl" else "x")
    counts = export_store(src, out, fmt)
    assert counts["articles"] == 5 and counts["claims"] == 1 and counts["claim_support"] == 2
    dst = Store(store_db)
    rep = import_store(dst, out)
    assert rep.merged and rep.articles == 5 and rep.rows["story_articles"] == 2
    assert _snapshot(dst) == _snapshot(src)  # every table, seq and ingested_at included
    rich = _rich_doc(seed_texts["002"])
    assert dst.get(rich.doc_id) == rich  # the codec document, annotations and all
    assert dst.load_state("dedup") == src.load_state("dedup")
    # exporting the copy (from either backend) gives the same file, bar the export time
    if fmt == "jsonl":
        export_store(dst, tmp_path / "y.jsonl")
        strip = lambda p: [ln for ln in p.read_text(encoding="utf-8").splitlines() if '"type":"header"' not in ln]  # noqa: E731
        assert strip(tmp_path / "y.jsonl") == strip(out)
    # a second import adds nothing
    again = import_store(dst, out)
    assert again.articles == 0 and again.skipped == 5 and not again.merged
    assert _snapshot(dst) == _snapshot(src)


def test_truncated_or_foreign_file_imports_nothing(seed_texts, tmp_path):
    src = _source(tmp_path / "src.db", seed_texts)
    out = tmp_path / "x.jsonl"
    export_store(src, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")
    dst = Store(str(tmp_path / "dst.db"))
    with pytest.raises(BadRecord, match="truncated"):
        import_store(dst, cut)
    assert dst.count() == 0  # one transaction: nothing half-imported
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[:2] + ["{not json"] + lines[2:]) + "\n", encoding="utf-8")
    with pytest.raises(BadRecord, match="line 3"):
        import_store(dst, broken)
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(BadRecord, match="not a lagebild export"):
        import_store(dst, other)
    assert dst.count() == 0


def test_import_into_a_store_with_articles_appends_new_ones(seed_texts, tmp_path):
    src = _source(tmp_path / "src.db", seed_texts)
    export_store(src, tmp_path / "x.jsonl")
    dst = Store(str(tmp_path / "dst.db"))
    mine = _doc("Eine ganz andere Meldung aus Wien über das Wetter am Mittwoch.")
    dst.add_documents([mine, _doc(seed_texts["000"])])
    rep = import_store(dst, tmp_path / "x.jsonl")
    assert (rep.articles, rep.skipped, rep.merged) == (4, 1, False)
    assert dst.count() == 6
    assert [r["seq"] for r in dst.articles()] == [1, 2, 3, 4, 5, 6]
    assert dst.rows("stories") == []  # corpus output is recomputed by `lagebild update`, not merged


def test_cli_export_import_and_db_upgrade(seed_texts, tmp_path):
    from lagebild.cli import app

    _source(tmp_path / "src.db", seed_texts).close()
    r = CliRunner()
    res = r.invoke(app, ["export", "--db", str(tmp_path / "src.db"), "--format", "parquet", "-o", str(tmp_path / "pq"), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["counts"]["articles"] == 5
    res = r.invoke(app, ["import", str(tmp_path / "pq"), "--db", str(tmp_path / "dst.db"), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["articles"] == 5
    res = r.invoke(app, ["db", "upgrade", "--db", str(tmp_path / "dst.db")])
    assert res.exit_code == 0 and f"up to date (version {S.SCHEMA_VERSION})" in res.output
    res = r.invoke(app, ["export", "--db", str(tmp_path / "src.db"), "--format", "csv", "-o", str(tmp_path / "c")])
    assert res.exit_code == 1 and "LB108" in res.output
    res = r.invoke(app, ["import", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "dst.db")])
    assert res.exit_code == 1 and "LB101" in res.output
