"""Entity resolution: name keys, in-document coreference, the corpus registry."""

from __future__ import annotations

import re

import pytest

from lagebild.corpus.entities import EntityRegistry
from lagebild.corpus.names import name_key, same_name, strip_genitive
from lagebild.model import DateInfo, Document, Mention, Metadata, make_doc_id
from lagebild.stages.coref import holder_at, resolve
from lagebild.store import Store

SAME = [
    ("Kim Jong Un", "Kim Jong-un"),
    ("Tichonow", "Tikhonov"),
    ("Wladimir Tichonow", "Vladimir Tikhonov"),
    ("Pjöngjang", "Pyongyang"),
    ("Pjöngang", "Pjöngjang"),  # the typo in seed 000
    ("Peskow", "Peskov"),
    ("Lawrow", "Lavrov"),
    ("Schoigu", "Shoigu"),
    ("Chruschtschow", "Khrushchev"),
    ("Wladiwostok", "Vladivostok"),
    ("Choe Son-hui", "Choe Sun-hui"),
]
DIFFERENT = [
    ("Kim Il Sung", "Kim Jong Un"),
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Josh Smith", "Jake Sullivan"),
    ("Michael Schumacher", "Ralf Schumacher"),
    ("Müller", "Möller"),
    ("Schmidt", "Schmitz"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_spellings_merge(a, b):
    assert same_name(a, b) >= 0.9, (name_key(a), name_key(b))


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_people_do_not_merge(a, b):
    assert same_name(a, b) < 0.9


def test_genitive():
    assert strip_genitive("Kim Jong Uns") == "Kim Jong Un"
    assert strip_genitive("Putins") == "Putin"
    assert strip_genitive("Moskau") == "Moskau"


def test_office_holders_depend_on_date():
    assert holder_at("us_president", "2024-06-19").name == "Joe Biden"
    assert holder_at("us_president", "2019-04").name == "Donald Trump"
    assert holder_at("ru_president", "2024-06").name == "Wladimir Putin"
    assert holder_at("kp_leader", "1961").name == "Kim Il Sung"


def _mentions(text: str, names: dict[str, str]) -> tuple[Mention, ...]:
    out = []
    for surface, label in names.items():
        for m in re.finditer(re.escape(surface), text):
            out.append(Mention(m.start(), m.end(), label, 0.9, "test"))
    # drop mentions nested in longer ones
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in out:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return tuple(kept)


def _doc(text: str, names: dict[str, str], date: str | None) -> Document:
    meta = Metadata(date=DateInfo(date, "day") if date else None)
    return Document(doc_id=make_doc_id(text), text=text, raw=text, lang="de", meta=meta, entities=_mentions(text, names))


def test_coref_on_seed_003(seed_texts):
    text = seed_texts["003"]
    d = resolve(_doc(text, {"Wladimir Putin": "PER", "Putin": "PER", "Kim Jong-un": "PER", "Wladimir Tichonow": "PER", "Leif-Eric Easley": "PER", "Pjöngjang": "LOC"}, "2024-06-19"))
    keys = {text[m.start : m.end]: m.key for m in d.entities}
    assert keys["Putin"] == keys["Wladimir Putin"] == "PER:" + name_key("Wladimir Putin")
    # role nouns resolve to Putin: "der Kremlchef", "Der russische Präsident", "Der russische Staatschef"
    roles = [m for m in d.entities if m.source.startswith("coref:role")]
    role_texts = {text[m.start : m.end] for m in roles}
    assert "Kremlchef" in role_texts
    assert all(m.key == keys["Putin"] for m in roles if "russisch" in text[m.start : m.end].lower() or "Kreml" in text[m.start : m.end])
    # "so dieser Experte" -> Tichonow
    anaph = [m for m in d.entities if m.source.startswith("coref:anaphor")]
    assert any(text[m.start : m.end] == "dieser Experte" and m.key == keys["Wladimir Tichonow"] for m in anaph)


def test_short_kim_goes_to_the_right_kim(seed_texts):
    text = seed_texts["000"]
    d = resolve(_doc(text, {"Kim Jong Un": "PER", "Kim Il Sung": "PER", "Kim": "PER", "Wladimir Putin": "PER", "Putin": "PER", "Nikita Chruschtschow": "PER"}, "2024-06-19"))
    kims = {m.key for m in d.entities if text[m.start : m.end] == "Kim"}
    assert kims == {"PER:" + name_key("Kim Jong Un")}
    assert "PER:" + name_key("Kim Il Sung") in {m.key for m in d.entities}


def test_registry_merges_across_articles_and_languages(tmp_path, seed_texts):
    st = Store(str(tmp_path / "r.db"))
    d0 = resolve(_doc(seed_texts["000"], {"Vladimir Tikhonov": "PER", "Kim Jong Un": "PER", "Pjöngang": "LOC", "Nikita Chruschtschow": "PER", "Kim Il Sung": "PER"}, "2024-06-19"))
    d3 = resolve(_doc(seed_texts["003"], {"Wladimir Tichonow": "PER", "Kim Jong-un": "PER", "Pjöngjang": "LOC"}, "2024-06-19"))
    en = "Nikita Khrushchev signed the treaty in Pyongyang. Kim Il-sung and Kim Jong Un were not related to Khrushchev."
    d_en = resolve(_doc(en, {"Nikita Khrushchev": "PER", "Pyongyang": "LOC", "Kim Il-sung": "PER", "Kim Jong Un": "PER"}, "2024-06-20"))
    with st.transaction() as c:
        reg = EntityRegistry(c)
        maps = [reg.process(d) for d in (d0, d3, d_en)]
    rows = {r["key"]: r for r in st.rows("entities")}
    def ent(doc, surface, mp):
        m = next(m for m in doc.entities if doc.text[m.start : m.end] == surface)
        return mp[m.key]
    assert ent(d0, "Vladimir Tikhonov", maps[0]) == ent(d3, "Wladimir Tichonow", maps[1])
    assert ent(d0, "Kim Jong Un", maps[0]) == ent(d3, "Kim Jong-un", maps[1]) == ent(d_en, "Kim Jong Un", maps[2])
    assert ent(d0, "Pjöngang", maps[0]) == ent(d3, "Pjöngjang", maps[1]) == ent(d_en, "Pyongyang", maps[2])
    assert ent(d0, "Nikita Chruschtschow", maps[0]) == ent(d_en, "Nikita Khrushchev", maps[2])
    assert ent(d0, "Kim Il Sung", maps[0]) != ent(d0, "Kim Jong Un", maps[0])
    assert ent(d_en, "Kim Il-sung", maps[2]) == ent(d0, "Kim Il Sung", maps[0])
    tik = rows[ent(d0, "Vladimir Tikhonov", maps[0])]
    assert tik["n_mentions"] >= 2 and "Wladimir Tichonow" in tik["aliases_json"]
