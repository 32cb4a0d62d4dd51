"""Full-text search on both backends: SQLite FTS5 and PostgreSQL full-text search."""

from __future__ import annotations

from pg import store_db  # noqa: F401  (fixture: sqlite file or throwaway PostgreSQL)

from lagebild.ingest import process_text
from lagebild.store import Store
from lagebild.web.search import search, snippet_parts


def test_search_both_backends(store_db, seed_texts):
    st = Store(store_db)
    docs = [process_text(t) for t in seed_texts.values()]
    st.add_documents(docs)
    hits = search(st, "Wostotschny")
    assert {h["doc_id"] for h in hits} == {d.doc_id for d in docs if "Wostotschny" in d.text}  # ranked, any order
    assert hits and all("Wostotschny" in "".join(p for p, _ in snippet_parts(h["snippet"])) for h in hits)
    both = search(st, "Tichonow AFP")
    assert {h["doc_id"] for h in both} == {d.doc_id for d in docs if "Tichonow" in d.text and "AFP" in d.text}
    assert search(st, "zzqxnotaword") == []
    # query syntax from the user is never interpreted
    assert isinstance(search(st, "Kim & !Putin | ') ; DROP TABLE articles; --"), list)
    assert st.count() == 5
