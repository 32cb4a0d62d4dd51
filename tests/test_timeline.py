"""Story timeline from the seeds: background history, then news, in order, citing articles."""

from __future__ import annotations

from lagebild.corpus.timeline import article_events, merge_timeline
from lagebild.model import DateInfo, Document, Mention, Metadata
from lagebild.stages.timex import tag


def _doc(doc_id: str, text: str, date: str) -> Document:
    ents = []
    for name in ("Putin", "Kim", "Wladiwostok", "Sowjetunion"):
        i = text.find(name)
        while i >= 0:
            ents.append(Mention(i, i + len(name), "PER" if name in ("Putin", "Kim") else "LOC", key=name))
            i = text.find(name, i + 1)
    ents.sort(key=lambda m: m.start)
    return Document(doc_id=doc_id, text=text, meta=Metadata(date=DateInfo(date)), lang="de",
                    entities=tuple(ents), timexes=tuple(tag(text, "de", date)))


def test_merge_timeline_orders_background_and_news(seed_texts):
    docs = [_doc("a002", seed_texts["002"].split("\n", 1)[1], "2024-06-20"),
            _doc("a004", seed_texts["004"], "2023-09-13"),
            _doc("a000", seed_texts["000"], "2024-06-20")]
    events = merge_timeline(docs)
    keys = [e.sort_key for e in events]
    assert keys == sorted(keys)
    y1961 = [e for e in events if e.time == "1961"]
    assert y1961 and y1961[0].background and set(y1961[0].doc_ids) >= {"a002", "a000"}
    apr2019 = [e for e in events if e.time == "2019-04"]
    assert apr2019 and apr2019[0].background and "Wladiwostok" in apr2019[0].actors
    news = [e for e in events if e.time.startswith("2024-06")]
    assert news and not any(e.background for e in news)


def test_article_events_have_sentences_and_actors(seed_texts):
    doc = _doc("a004", seed_texts["004"], "2023-09-13")
    evs = article_events(doc)
    assert evs and all(e.sentence and e.doc_ids == ("a004",) for e in evs)
    assert any(e.actors for e in evs)
