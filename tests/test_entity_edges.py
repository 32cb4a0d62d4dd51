"""Entity span edges across languages: French elision, hyphenated name parts."""

from __future__ import annotations

from lagebild.pipeline import Pipeline

FR = (
    "Le président russe Vladimir Poutine est arrivé mercredi à Pyongyang pour rencontrer le dirigeant "
    "nord-coréen Kim Jong-un, a annoncé l'agence KCNA. L'OTAN s'inquiète. Selon l'AFP, Kim Jong-un a salué l'accord."
)


def test_french_elision_and_hyphenated_korean_name():
    doc = Pipeline().process(FR)
    assert doc.lang == "fr"
    ents = {(doc.text[m.start : m.end], m.label) for m in doc.entities}
    assert ("Kim Jong-un", "PER") in ents, ents
    assert ("OTAN", "ORG") in ents, ents
    assert not any(t.startswith(("L'", "l'")) for t, _ in ents), ents
    assert not any(t == "Kim Jong" for t, _ in ents), ents
