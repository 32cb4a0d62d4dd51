"""Issue #9: in the product path a story label's entity part comes from the story's NER entities, counted per
article in the story row (bounded), kept through merges and splits; German nouns are not names."""

from __future__ import annotations

import json

import pytest

from lagebild import Pipeline
from lagebild.corpus import labels as L
from lagebild.corpus.story_edits import merge_stories, split_story

# A self-written short report (not from a data set): every noun is capitalised, only a few words are names.
KOBLENZ = (
    "Koblenz. Bei einem Brand in einem Mehrfamilienhaus in der Koblenzer Altstadt ist in der Nacht zum Sonntag "
    "ein Mensch ums Leben gekommen, ein weiterer wurde schwer verletzt. Nach Angaben der Feuerwehr Koblenz "
    "schlugen beim Eintreffen der ersten Einsatzkräfte bereits Flammen aus dem Dachgeschoss. Mehrere Bewohner "
    "mussten über die Drehleiter gerettet werden. Ein Schwerverletzter wurde mit dem Rettungshubschrauber in eine "
    "Klinik nach Mainz geflogen. Die Polizei Koblenz hat die Ermittlungen zur Brandursache aufgenommen; ein "
    "Gutachter soll das Gebäude am Montag untersuchen. Oberbürgermeister David Langner sprach den Angehörigen sein "
    "Mitgefühl aus. Die Tote war nach ersten Erkenntnissen eine 78 Jahre alte Bewohnerin des Hauses. Der Schaden "
    "wird auf mehrere Hunderttausend Euro geschätzt. Die Feuerwehr war mit rund 60 Kräften im Einsatz, die "
    "Löscharbeiten dauerten bis in den Morgen.\n"
)


def _parts(lab: str) -> tuple[list[str], list[str]]:
    ents, _, terms = lab.partition(" — ")
    return [e.strip() for e in ents.split(",") if e.strip()], [t.strip() for t in terms.split(",") if t.strip()]


def _live(p: Pipeline) -> dict[str, dict]:
    return {r["story_id"]: r for r in p.store.rows("stories") if not r.get("alias_of")}


def test_german_nouns_are_not_the_entity_part(tmp_path):
    (tmp_path / "koblenz.txt").write_text(KOBLENZ, encoding="utf-8")
    p = Pipeline(db=str(tmp_path / "k.db"))
    try:
        p.ingest([str(tmp_path / "koblenz.txt")])
        (row,) = _live(p).values()
        (line,) = p.store.rows("storylines")
    finally:
        p.close()
    ents, terms = _parts(row["label"])
    assert ents and ents[0] == "Koblenz", row["label"]
    nouns = {"Bewohner", "Drehleiter", "Eintreffen", "Feuerwehr", "Brand", "Altstadt", "Einsatzkräfte", "Schwerverletzter"}
    assert not nouns & set(ents), row["label"]
    name_words = {w.lower() for e in ents for w in e.split()}
    assert terms and not name_words & set(terms) and "koblenzer" not in terms, row["label"]
    detail = json.loads(row["detail_json"])
    assert detail["ner"]["Koblenz"][:2] == ["LOC", 1] and detail["ner_n"] == 1
    # the storyline's label counts its stories' NER entities too (not the capitalised nouns)
    line_ents, _ = _parts(line["label"])
    assert line_ents and line_ents[0] == "Koblenz" and not nouns & set(line_ents), line["label"]


def test_counts_are_bounded_and_spellings_are_one_entity():
    c = L.add_ner({}, [("Kim Jong-un", "PER", 6), ("Kim Jong Un", "PER", 2), ("Seoul", "LOC", 1)])
    assert c == {"Kim Jong-un": ["PER", 1, 8], "Seoul": ["LOC", 1, 1]}
    c = L.add_ner(c, [("Kim Jong Un", "PER", 3)])
    assert c["Kim Jong-un"] == ["PER", 2, 11]
    big = L.add_ner(c, [("Ort" + "".join("bcdfghjklm"[int(d)] for d in f"{i:02d}"), "LOC", 1) for i in range(100)])
    assert len(big) == L.NER_CAP and big["Kim Jong-un"] == ["PER", 2, 11]
    m = L.merge_ner({"Wladimir Putin": ["PER", 2, 9]}, {"Wladimir Putin": ["PER", 1, 3], "Kreml": ["ORG", 1, 2]})
    assert m == {"Wladimir Putin": ["PER", 3, 12], "Kreml": ["ORG", 1, 2]}
    # "Putin" beside "Wladimir Putin" says nothing more; unknown types are not shown
    assert L.ner_entities({"Wladimir Putin": ["PER", 2, 9], "Putin": ["PER", 2, 5], "X": ["FOO", 9, 99]}) == ["Wladimir Putin"]
    assert L.valid_ner({"a": ["PER", 1, 1], "b": "junk", "c": ["PER", "1", 1]}) == {"a": ["PER", 1, 1]}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    p = Pipeline(db=str(tmp_path_factory.mktemp("ner") / "n.db"))
    p.ingest([str(seeds_dir)])
    yield p
    p.close()


def _check(row: dict) -> dict:
    detail = json.loads(row["detail_json"])
    assert detail["ner_n"] == row["size"], (row["story_id"], detail["ner_n"], row["size"])
    ents, _ = _parts(row["label"])
    assert ents and set(ents) <= set(detail["ner"]), (row["label"], sorted(detail["ner"]))
    return detail


def test_seed_labels_from_ner_through_merge_and_split(seeded):
    rows = _live(seeded)
    assert len(rows) == 3
    for r in rows.values():
        _check(r)
    assert sum("Wladimir Putin" in r["label"] for r in rows.values()) >= 2
    pact = max(rows.values(), key=lambda r: r["size"])["story_id"]
    other = min(sid for sid in rows if sid != pact)
    e = merge_stories(seeded, pact, other, reason="test")
    rows = _live(seeded)
    keep = rows[e.story_id]
    detail = _check(keep)
    assert keep["size"] == 4 and e.other_id in detail["ner_from"]
    docs = [r["doc_id"] for r in seeded.store.rows("story_articles", story_id=e.story_id)]
    s = split_story(seeded, e.story_id, [docs[-1]], reason="test")
    rows = _live(seeded)
    for sid in (s.story_id, s.other_id):  # the shrunk story recounts from its articles, the new one counts its own
        _check(rows[sid])
    assert rows[s.other_id]["size"] == 1
