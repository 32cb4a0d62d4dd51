"""The gazetteer and rule layer, without the statistical model."""

from __future__ import annotations

import re

from lagebild.stages.ner_rules import apposition_persons, apply_rules, gazetteer, gazetteer_matches, role_persons


def toks(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[\w-]+|[^\w\s]", text)]


def named(text: str, ents) -> set[tuple[str, str]]:
    t = toks(text)
    return {(text[t[a][0] : t[b - 1][1]], lab) for a, b, lab, *_ in ents}


def test_cldr_countries_and_cities_german():
    g = gazetteer("de")
    assert g.cldr.get("Nordkorea") == "LOC" or g.lists.get("Nordkorea") == "LOC"
    assert g.cldr.get("Pjöngjang") == "LOC" or g.lists.get("Pjöngjang") == "LOC"
    assert g.cldr.get("Vereinte Nationen") in (None, "ORG")
    assert "Welt" not in g.cldr  # CLDR's "world" is a common noun in German


def test_lists_genitive_and_name_parts():
    g = gazetteer("de")
    text = "Die EU-Staaten und die Nato kritisierten Nordkoreas Raketentests, meldete KCNA aus Pjöngjang."
    got = named(text, gazetteer_matches(text, toks(text), g))
    assert ("Nato", "ORG") in got and ("KCNA", "ORG") in got
    assert ("Nordkoreas", "LOC") in got and ("Pjöngjang", "LOC") in got
    assert not any(n.startswith("EU") for n, _ in got)  # "EU-Staaten" is a name part (ORGpart → O)


def test_role_rule_excludes_role_word():
    g = gazetteer("de")
    text = "Kremlsprecher Dmitri Peskow sagte am Montag, Außenministerin Choe Son-hui reise nach Moskau."
    got = named(text, role_persons(text, toks(text), g))
    assert got == {("Dmitri Peskow", "PER"), ("Choe Son-hui", "PER")}


def test_apposition_rule_name_then_role():
    g = gazetteer("de")
    text = ("Dieser Staatsbesuch sei eine Möglichkeit, Nordkorea zu danken, bemerkte Leif-Eric Easley, Professor an der "
            "Ewha-Universität in Seoul. Auch die Regierung, Sprecher der Opposition, und Nordkorea, Präsident Kim, schwiegen.")
    got = named(text, apposition_persons(text, toks(text), g))
    assert got == {("Leif-Eric Easley", "PER")}  # one capitalised word before ", Sprecher"/", Präsident" is no name
    # only where the model has nothing: a model entity over the same words is kept
    t = toks(text)
    a = next(i for i, (s, _) in enumerate(t) if text[s:].startswith("Leif"))
    merged = apply_rules(text, t, [(a, a + 2, "ORG")], g)
    assert (a, a + 2, "ORG") in [m[:3] for m in merged]
    assert (a, a + 2, "PER") in [m[:3] for m in apply_rules(text, t, [], g)]


def test_merge_list_overrides_model_and_strips_roles():
    g = gazetteer("de")
    text = "Präsident Wladimir Putin und die Agentur KCNA"
    t = toks(text)
    model = [(0, 3, "PER"), (6, 7, "LOC")]  # "Präsident Wladimir Putin", KCNA as LOC
    got = named(text, apply_rules(text, t, model, g))
    assert ("Wladimir Putin", "PER") in got and ("KCNA", "ORG") in got
    assert not any(n.startswith("Präsident") for n, _ in got)


def test_no_rules_without_language_data():
    assert gazetteer("ru") is None
    text = "Wladimir Putin"
    assert apply_rules(text, toks(text), [(0, 2, "PER")], None) == [(0, 2, "PER", 0.8, "model")]


def test_english_and_french_gazetteers():
    en, fr = gazetteer("en"), gazetteer("fr")
    text = "Reuters reported from Pyongyang that the UN Security Council met."
    got = named(text, gazetteer_matches(text, toks(text), en))
    assert {("Reuters", "ORG"), ("Pyongyang", "LOC"), ("UN Security Council", "ORG")} <= got
    text = "Selon l'AFP, Poutine est arrivé à Pyongyang."
    assert ("Pyongyang", "LOC") in named(text, gazetteer_matches(text, toks(text), fr))


def test_head_filter_finds_what_the_plain_scan_finds(seed_texts, monkeypatch):
    """The 4-character head filter (speed) must not lose a match of the 2-character scan,
    also for short names, genitives and names broken by odd whitespace."""
    from lagebild.stages import ner_rules

    g = gazetteer("de")
    multi = sorted(k for k in g.lists if " " in k and len(k.split()[0]) < 4)[:1] + sorted(k for k in g.lists if " " in k)[:2]
    extra = " ".join(k.replace(" ", "\n", 1) + " und " + k.replace(" ", "  ", 1) for k in multi)
    texts = list(seed_texts.values()) + [extra + " AFP, UN, Natos, Nordkoreas, USA, EU."]
    fast = [gazetteer_matches(t, toks(t), g) for t in texts]
    monkeypatch.setattr(ner_rules, "_may_start", lambda g, text, s: text[s : s + 2] in g.prefixes)
    plain = [gazetteer_matches(t, toks(t), g) for t in texts]
    assert fast == plain
    assert sum(map(len, fast)) > 50
