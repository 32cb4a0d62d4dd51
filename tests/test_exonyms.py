"""Place names across languages (CLDR via babel, offline) give one entity key."""

from __future__ import annotations

import pytest

from lagebild.corpus.exonyms import exonym_id, place_key
from lagebild.pipeline import Pipeline


@pytest.mark.parametrize(
    "names",
    [
        ("Moskau", "Moscow", "Moscou", "Mosca"),
        ("Russland", "Russia", "Russie", "Rusia"),
        ("Nordkorea", "North Korea", "Corée du Nord", "Demokratische Volksrepublik Korea", "DVRK"),
        ("Pjöngjang", "Pyongyang"),
        ("Wladiwostok", "Vladivostok"),
        ("Peking", "Beijing", "Pékin"),
        ("Kiew", "Kyiv", "Kyjiw"),
    ],
)
def test_one_place_many_names(names):
    keys = {place_key(n) for n in names}
    assert len(keys) == 1 and None not in keys, keys


def test_different_places_stay_apart():
    assert exonym_id("Nordkorea") != exonym_id("Südkorea")
    assert exonym_id("Wien") != exonym_id("Berlin")
    assert exonym_id("Putin") is None and exonym_id("") is None and exonym_id("x" * 500) is None


def test_german_and_english_articles_share_place_keys():
    p = Pipeline()
    de = p.process("Russlands Präsident Wladimir Putin ist am Mittwoch in Pjöngjang eingetroffen. Moskau und Nordkorea wollen enger zusammenarbeiten.")
    en = p.process("Russian President Vladimir Putin arrived in Pyongyang on Wednesday. Moscow and North Korea want to cooperate more closely.")
    de_keys = {m.key for m in de.entities if m.label == "LOC"}
    en_keys = {m.key for m in en.entities if m.label == "LOC"}
    assert {place_key("Pyongyang"), place_key("Moscow"), place_key("North Korea")} <= de_keys & en_keys, (de_keys, en_keys)
