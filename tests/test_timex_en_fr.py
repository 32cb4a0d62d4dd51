"""Temporal tagger for English and French: news sentences (translations of seed 002/003 lines), bad input."""

from __future__ import annotations

import time

import pytest

from lagebild.stages.timex import tag

ANCHOR = "2024-06-20"  # Thursday


def _vals(text: str, lang: str, anchor: str | None = ANCHOR) -> dict[str, tuple[str | None, str | None]]:
    return {text[t.start:t.end]: (t.value, t.mod) for t in tag(text, lang, anchor, mode="news")}


EN_NEWS = ("Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a mutual defence pact on "
           "Wednesday during Putin's first visit to Pyongyang in 24 years. Kim travelled to Russia's Far East in "
           "September 2023 for a summit with Putin. The treaty signed today replaces the 1961 agreement, "
           "Putin told reporters after the three-day talks.")
FR_NEWS = ("Nordkorea : la Russie et la Corée du Nord ont signé mercredi un accord de défense mutuelle, lors de la "
           "première visite de Vladimir Poutine à Pyongyang depuis 24 ans. En septembre 2023, Kim Jong-un s'était "
           "rendu dans l'Extrême-Orient russe. « Le traité signé aujourd'hui remplace celui de 1961 », a déclaré "
           "M. Poutine jeudi 20 juin 2024.")


def test_english_news_paragraph():
    v = _vals(EN_NEWS, "en")
    assert v["Wednesday"] == ("2024-06-19", None)
    assert v["24 years"] == ("P24Y", None)  # "first visit in 24 years" is a duration, not a future date
    assert v["September 2023"] == ("2023-09", None)
    assert v["today"] == ("2024-06-20", None)
    assert v["1961"] == ("1961", None)
    assert v["three-day"] == ("P3D", None)


def test_french_news_paragraph():
    v = _vals(FR_NEWS, "fr")
    assert v["mercredi"] == ("2024-06-19", None)
    assert v["24 ans"] == ("P24Y", None)
    assert v["septembre 2023"] == ("2023-09", None)
    assert v["aujourd'hui"] == ("2024-06-20", None)
    assert v["1961"] == ("1961", None)
    assert v["jeudi 20 juin 2024"] == ("2024-06-20", None)


@pytest.mark.parametrize("lang,text,span,value,mod", [
    ("en", "Last week, the White House said so.", "Last week", "2024-W24", None),
    ("en", "Two years ago, talks failed.", "Two years ago", "2022", None),
    ("en", "The pact was signed on June 19, 2024.", "June 19, 2024", "2024-06-19", None),
    ("en", "Talks began in early January.", "early January", "2024-01", "START"),
    ("en", "Rome was founded in 753 BC.", "753 BC", "BC0753", None),
    ("en", "Last summer the talks stalled.", "Last summer", "2023-SU", None),
    ("en", "The deal was drafted last June.", "last June", "2023-06", None),
    ("en", "Trade grew in the first half of 2024.", "the first half of 2024", "2024-H1", None),
    ("en", "It was quiet in the 1990s.", "the 1990s", "199", None),
    ("en", "He spoke on Thursday at 3:30 p.m. in Pyongyang.", "3:30 p.m.", "2024-06-20T15:30", None),
    ("en", "Kim arrived yesterday.", "yesterday", "2024-06-19", None),
    ("en", "The meeting lasted several weeks.", "several weeks", "PXW", None),
    ("fr", "La semaine dernière, la Maison Blanche l'a dit.", "La semaine dernière", "2024-W24", None),
    ("fr", "Il y a deux ans, les pourparlers ont échoué.", "Il y a deux ans", "2022", None),
    ("fr", "L'accord a été signé le 19 juin 2024.", "19 juin 2024", "2024-06-19", None),
    ("fr", "Les pourparlers ont commencé début janvier.", "début janvier", "2024-01", "START"),
    ("fr", "Le traité entre en vigueur le 1er janvier.", "1er janvier", "2024-01-01", None),
    ("fr", "Rome a été fondée en 753 av. J.-C.", "753 av. J.-C.", "BC0753", None),
    ("fr", "L'été dernier, les négociations ont échoué.", "L'été dernier", "2023-SU", None),
    ("fr", "Le texte a été rédigé en juin dernier.", "juin dernier", "2023-06", None),
    ("fr", "La croissance au premier semestre 2024.", "premier semestre 2024", "2024-H1", None),
    ("fr", "Les tirs ont eu lieu dans la nuit de mercredi à jeudi.", "la nuit de mercredi à jeudi", "2024-06-19TNI", None),
    ("fr", "Kim est arrivé hier soir.", "hier soir", "2024-06-19TEV", None),
    ("fr", "Il a parlé jeudi à 15h30.", "15h30", "2024-06-20T15:30", None),
    ("fr", "Les combats durent depuis plusieurs semaines.", "plusieurs semaines", "PXW", None),
    ("fr", "L'an dernier, les échanges ont doublé.", "L'an dernier", "2023", None),
])
def test_expressions(lang, text, span, value, mod):
    v = _vals(text, lang)
    assert v.get(span) == (value, mod), v


def test_narrative_offset_follows_last_date():
    v = _vals("On June 19, 2024 the pact was signed. Three days later Putin flew to Hanoi.", "en")
    assert v["Three days later"][0] == "2024-06-22"
    v = _vals("Le 19 juin 2024, le pacte a été signé. Le lendemain, Poutine s'est envolé pour Hanoï.", "fr")
    assert v["Le lendemain"][0] == "2024-06-20"


def test_capitalised_names_only_in_english():
    v = _vals("Theresa May said they may march on. The army will march in March.", "en")
    assert "May" not in v and "march" not in v
    assert v["March"] == ("2024-03", None)


def test_no_anchor_leaves_relative_unresolved():
    v = _vals("Putin arrived on Wednesday; Poutine est arrivé mercredi.", "en", None)
    assert v["Wednesday"][0] == "XXXX-WXX-3"
    assert _vals("Poutine est arrivé mercredi.", "fr", None)["mercredi"][0] == "XXXX-WXX-3"


@pytest.mark.parametrize("lang,text", [
    ("en", "It happened on February 31. In the year 99999 maybe. In 753 BC Rome was founded."),
    ("fr", "Cela s'est passé le 31 février. En l'an 99999 peut-être. En 753 av. J.-C. Rome fut fondée."),
])
def test_bad_input_unnormalised_not_wrong(lang, text):
    out = tag(text, lang, ANCHOR)
    vals = {text[t.start:t.end]: t.value for t in out}
    feb = [k for k in vals if "31" in k]
    assert feb and all(vals[k] is None for k in feb)
    assert all(v is None or "99999" not in v for v in vals.values())
    assert "BC0753" in vals.values()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_ten_thousand_numbers_bounded_time(lang):
    text = " ".join(str(1000 + (i * 7919) % 9000) for i in range(10_000))
    t0 = time.perf_counter()
    out = tag(text, lang, ANCHOR)
    assert time.perf_counter() - t0 < 10
    assert all(0 <= t.start < t.end <= len(text) for t in out)


def test_empty_and_unsupported():
    assert tag("", "en", ANCHOR) == [] and tag("", "fr", ANCHOR) == []
    assert tag("Am Mittwoch", "xx", ANCHOR) == []
