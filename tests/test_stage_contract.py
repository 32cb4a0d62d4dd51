"""The generic stage contract, run against every registered document stage.

For each stage (in chain order, fed by the stages before it) on every seed:
offsets stay inside the cleaned text, the stage assigns only what it declares,
output is deterministic, and an empty or letter-less document does not crash.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

from lagebild.model import Document, make_doc_id, spans_in_range
from lagebild.stages import check_chain, default_chain, registry

CHAIN = default_chain()


def _ingested(text: str) -> Document:
    try:
        from lagebild.ingest import process_text
    except ImportError:
        return Document(doc_id=make_doc_id(text), text=text, raw=text)
    return process_text(text)


def _prefix_docs(docs: list[Document], upto: str) -> list[Document]:
    fns = [s.factory() for s in check_chain(CHAIN[: CHAIN.index(upto)])]
    out = []
    for d in docs:
        for fn in fns:
            d = fn(d)
        out.append(d)
    return out


def _all_spans(doc: Document):
    yield from doc.blocks
    yield from doc.block_langs
    yield from doc.sentences
    yield from doc.tokens
    yield from doc.entities
    yield from doc.timexes
    for q in doc.quotes:
        yield from q.message
        yield from q.cue
        for s in (q.speaker, q.addressee, q.relay):
            if s is not None:
                yield s


def test_registry_is_consistent():
    assert CHAIN, "no document stage registered"
    specs = check_chain(CHAIN)
    doc_fields = {f.name for f in fields(Document)}
    for s in specs:
        assert set(s.assigns) <= doc_fields, f"{s.name} assigns unknown fields"
        assert set(s.requires) <= doc_fields, f"{s.name} requires unknown fields"


@pytest.mark.parametrize("name", CHAIN)
def test_stage_contract(name, seed_texts):
    spec = registry()[name]
    fn = spec.factory()
    inputs = _prefix_docs([_ingested(t) for t in seed_texts.values()], name)
    for doc in inputs:
        a = fn(doc)
        b = fn(doc)
        assert a == b, f"{name} is not deterministic"
        assert a.text == doc.text, f"{name} changed the text"
        assert spans_in_range(a, _all_spans(a)), f"{name} produced offsets outside the text"
        for f in fields(Document):
            if f.name not in spec.assigns:
                assert getattr(a, f.name) == getattr(doc, f.name), f"{name} changed {f.name}, which it does not declare"
    # degenerate documents: empty, no letters
    for text in ("", "   ", "1 2 3 4 5 … — 42 % 2024"):
        d = Document(doc_id=make_doc_id(text), text=text, raw=text)
        for prev in check_chain(CHAIN[: CHAIN.index(name)]):
            d = prev.factory()(d)
        out = fn(d)
        assert spans_in_range(out, _all_spans(out))
