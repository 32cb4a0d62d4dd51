"""Language-neutral entity keys of the story clusterer (`features.neutral_ents`, scheme 2, the default since session 4):
German, French and English reports of the same event share their name and place keys; states
saved before the scheme was recorded keep scheme 1."""

from __future__ import annotations

import json
import time

from lagebild.corpus import features
from lagebild.corpus.cluster import ClusterInput, StoryClusterer
from lagebild.corpus.features import DocFreq, cosine, name_token_key, vectorise

DE = ("Putin in Pjöngjang eingetroffen",
      ("Der russische Präsident Wladimir Putin ist zu einem Staatsbesuch in Nordkorea eingetroffen. Machthaber "
       "Kim Jong Un empfing ihn in Pjöngjang, wie Kremlsprecher Dmitri Peskow in Moskau bestätigte. Putins "
       "Reise ist die erste seit 24 Jahren; China verfolgt den Besuch aufmerksam."))
FR = ("Poutine est arrivé à Pyongyang",
      ("Le président russe Vladimir Poutine est arrivé en Corée du Nord pour une visite d'État. Le dirigeant "
       "Kim Jong-un l'a accueilli à Pyongyang, a confirmé à Moscou le porte-parole du Kremlin, Dmitri Peskov. "
       "C'est sa première visite depuis 24 ans ; la Chine suit la visite avec attention."))
EN = ("Putin arrives in Pyongyang",
      ("Russian President Vladimir Putin has arrived in North Korea for a state visit. Leader Kim Jong Un welcomed "
       "him in Pyongyang, Kremlin spokesman Dmitry Peskov confirmed in Moscow. Putin's trip is his first in 24 "
       "years; China is watching the visit closely."))


def ents(doc: tuple[str, str], lang: str, scheme: int = 2, df: DocFreq | None = None) -> dict[str, float]:
    return vectorise(doc[0], doc[1], lang, df or DocFreq(), ent_keys=scheme).ents


def test_french_and_german_reports_of_putin_in_pyongyang_share_name_and_place_keys():
    de, fr, en = ents(DE, "de"), ents(FR, "fr"), ents(EN, "en")
    want = {"E:LOC:pyongyang", "E:LOC:moscov", "E:LOC:north korea", "E:LOC:khyna", "E:putyn", "E:peskov", "E:kym"}
    assert want <= set(de) & set(fr)
    assert want <= set(de) & set(en)
    # the keys of the pre-sixth-pass scheme (lower-cased lemma) share almost nothing across languages
    old_de, old_fr = ents(DE, "de", 1), ents(FR, "fr", 1)
    assert len(set(old_de) & set(old_fr)) <= 3 < len(set(de) & set(fr))


def test_cross_lingual_entity_cosine_rises_and_unrelated_texts_stay_apart():
    other = ("Bundestag beschließt Haushalt",
             ("Der Bundestag in Berlin hat am Freitag den Haushalt für 2025 beschlossen. Finanzminister Christian "
              "Lindner verteidigte die Schuldenbremse gegen Kritik der Opposition."))
    for scheme in (1, 2):
        df = DocFreq()
        for doc, lg in ((DE, "de"), (FR, "fr"), (EN, "en"), (other, "de")):
            vectorise(doc[0], doc[1], lg, df, ent_keys=scheme)
        v = {k: vectorise(d[0], d[1], lg, df, update_df=False, ent_keys=scheme).ents
             for k, d, lg in (("de", DE, "de"), ("fr", FR, "fr"), ("en", EN, "en"), ("other", other, "de"))}
        if scheme == 1:
            old = (cosine(v["de"], v["fr"]), cosine(v["de"], v["en"]))
        else:
            assert cosine(v["de"], v["fr"]) > old[0] + 0.2
            assert cosine(v["de"], v["en"]) > old[1] + 0.2
            assert cosine(v["de"], v["fr"]) > 0.5
            assert cosine(v["de"], v["other"]) < 0.05


def test_name_keys_meet_across_transliterations():
    for group in (("Putin", "Poutine"), ("Schoigu", "Choïgou", "Shoigu"), ("Peskow", "Peskov"),
                  ("Lawrow", "Lavrov"), ("Selenskyj", "Zelensky")):
        assert len({name_token_key(n) for n in group}) == 1, group
    assert name_token_key("Kim") != name_token_key("Putin")
    assert name_token_key("Merkel") != name_token_key("Macron")


def test_multiword_and_sentence_initial_places():
    fr = ents(("", "Moscou a confirmé. Le sommet en Corée du Nord a eu lieu."), "fr")
    de = ents(("", "Nordkoreas Führung schweigt. In Moskau hieß es, Russlands Armee sei bereit."), "de")
    en = ents(("", "North Korea's leader met Russia's president in Moscow."), "en")
    for keys in (fr, de, en):
        assert {"E:LOC:moscov", "E:LOC:north korea"} <= set(keys)
    assert "E:LOC:rusya" in de and "E:LOC:rusya" in en
    # "Nord" / "North" inside the place name is not an entity of its own; "Le" (sentence-initial) neither
    assert not {"E:nord", "E:north", "E:le"} & (set(fr) | set(en))


def test_german_genitive_of_a_name_in_the_same_article_is_folded_and_paris_stays():
    de = ents(("", "Wladimir Putin reiste ab. Putins Reise führte ihn nach Paris, wo Klaus Müller wartete."), "de")
    assert "E:putyn" in de and "E:putyns" not in de
    assert "E:LOC:parys" in de
    alone = ents(("", "Wie die Zeitung berichtet, ist Putins Reise beendet."), "de")
    assert "E:putyns" in alone  # no "Putin" in the article: the form is left alone


def test_state_without_a_key_scheme_keeps_the_old_keys_and_new_states_record_theirs():
    items = [ClusterInput(id=f"a{i}", date="2024-06-19", lang=lg, title=d[0], text=d[1])
             for i, (d, lg) in enumerate(((DE, "de"), (FR, "fr"), (EN, "en")))]
    c = StoryClusterer(embed_backend=None, ent_keys=2)
    c.learn_one(items[0])
    st = json.loads(json.dumps(c.state_dict()))
    assert st["config"]["ent_keys"] == 2 and StoryClusterer.from_state(st).ent_keys == 2
    old = StoryClusterer(embed_backend=None, ent_keys=1)
    old.learn_one(items[0])
    st_old = json.loads(json.dumps(old.state_dict()))
    del st_old["config"]["ent_keys"]  # as saved before the sixth pass
    restored = StoryClusterer.from_state(st_old)
    assert restored.ent_keys == 1
    story = restored.stories[restored.story_of("a0")]
    assert "E:putin" in story.ents and "E:putyn" not in story.ents
    # continuing, the old state and a fresh scheme-1 clusterer decide alike
    fresh = StoryClusterer(embed_backend=None, ent_keys=1)
    fresh.learn_one(items[0])
    for it in items[1:]:
        assert restored.learn_one(it).story_id == fresh.learn_one(it).story_id


def test_keys_are_cached_and_cost_is_bounded_on_adversarial_input():
    text = " ".join(f"Xq{i}zz-Yw{i} Corée du Nord Moskaus" for i in range(60_000))  # ~2 MB of capitalised words
    t0 = time.process_time()
    v = vectorise("Moscou " * 5000, text, "de", DocFreq(), ent_keys=2)
    assert time.process_time() - t0 < 2.0
    assert "E:LOC:north korea" in v.ents
    features.place.cache_clear()
    for _ in range(3):
        vectorise(*FR, "fr", DocFreq(), ent_keys=2)
    assert features.place.cache_info().hits > features.place.cache_info().misses


def test_french_report_joins_a_two_article_german_story(seed_texts):
    """The product default (scheme 2): a short French report of the June 2024 pact joins the story the two German
    pact reports (seeds 000, 002) formed; the January invitation (001) stays apart, an unrelated French sports
    report too. (Under scheme 1 "Poutine", "Pyongyang", "Corée du Nord" share no key with "Putin", "Pjöngjang",
    "Nordkorea" and the small-story check keeps the French report out.)"""
    from lagebild.eval.pairs import resolve_backend

    assert features.ENT_KEYS == 2
    dates = {"000": "2024-06-20", "001": "2024-01-29", "002": "2024-06-20"}
    items = []
    for key in ("000", "001", "002"):
        text = seed_texts[key]
        items.append(ClusterInput(id=key, date=dates[key], lang="de", title=text.split("\n")[0][:120], text=text))
    items.append(ClusterInput(
        id="fr1", date="2024-06-19", lang="fr", title="Poutine et Kim Jong-un signent un pacte de défense mutuelle à Pyongyang",
        text=("Le président russe Vladimir Poutine et le dirigeant nord-coréen Kim Jong-un ont signé mercredi à Pyongyang "
              "un accord de partenariat stratégique prévoyant une assistance mutuelle en cas d'agression contre l'un des "
              "deux pays. Il s'agit de la première visite de Poutine en Corée du Nord depuis 24 ans. Washington et Séoul "
              "ont exprimé leur inquiétude.")))
    items.append(ClusterInput(
        id="fr2", date="2024-06-19", lang="fr", title="Tour de France : la Grande Boucle partira de Florence",
        text=("Le Tour de France cycliste s'élancera samedi de Florence, en Italie, pour la première fois de son histoire. "
              "Les coureurs traverseront les Apennins avant de rejoindre la France par les Alpes.")))
    c = StoryClusterer(embed_backend=resolve_backend("default"))
    got = {it.id: c.learn_one(it).story_id for it in items}
    assert got["000"] == got["002"] == got["fr1"]
    assert got["001"] != got["000"] and got["fr2"] not in (got["000"], got["001"])
