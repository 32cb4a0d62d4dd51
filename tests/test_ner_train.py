"""NER training helpers: silver labelling of SpkAtt text, configs, the model card."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.stages.ner_card import model_card
from lagebild.stages.ner_data import chunks
from lagebild.stages.ner_model import model_available
from lagebild.stages.ner_silver import label_spkatt, spkatt_files
from lagebild.stages.ner_train import (
    _step_key,
    build_config,
    parse_args,
    selection_summary,
)


def test_silver_labels_align_with_spkatt_tokens(data_dir: Path):
    if not model_available():
        pytest.skip("no trained model")
    files = spkatt_files(data_dir)[:2]
    sents = label_spkatt(data_dir, files=files)
    assert len(sents) > 10
    n_ents = 0
    for s in sents:
        assert len(s.words) == len(s.outer) >= 4
        assert all(t == "O" or t[:2] in ("B-", "I-") and t[2:] in ("PER", "ORG", "LOC", "OTH") for t in s.outer)
        assert not any(t.startswith("I-") and (i == 0 or s.outer[i - 1] == "O") for i, t in enumerate(s.outer))
        n_ents += len(chunks(s.outer))
    assert n_ents > 5
    # a tagged German news article: at least one capitalised multi-letter name among the entities
    names = [" ".join(s.words[a:b]) for s in sents for a, b, _ in chunks(s.outer)]
    assert any(n[:1].isupper() and len(n) > 2 for n in names)


def test_configs_are_valid_spacy_configs():
    import spacy
    from thinc.api import Config

    for embed in ("hash", "char"):
        nlp = spacy.util.load_model_from_config(Config().from_str(build_config(96, 4, 2000, 64, embed)), auto_fill=True, validate=True)
        assert nlp.pipe_names == ["tok2vec", "ner"]


def test_default_recipe_is_the_shipped_one():
    a = parse_args(["--data", "d", "--out", "o"])
    assert (a.width, a.self_train, a.all_gold, a.seed, a.rounds, a.epochs, a.dropout) == (96, True, True, 4242, 2, 7, 0.2)
    assert a.extra_silver == []
    b = parse_args(["--data", "d", "--out", "o", "--extra-silver", "x.tsv", "--extra-silver", "y.tsv"])
    assert b.extra_silver == ["x.tsv", "y.tsv"]


def test_selection_and_shipped_run_share_intermediate_steps():
    ship = parse_args(["--data", "d", "--out", "o", "--extra-silver", "x.tsv"])
    sel = parse_args(["--data", "d", "--out", "p", "--no-all-gold", "--epochs", "9", "--max-minutes", "30"])
    for step in ("teacher", "silver1", "student1", "silver2"):
        assert _step_key(ship, step) == _step_key(sel, step)
    other = parse_args(["--data", "d", "--out", "o", "--dropout", "0.3"])
    assert _step_key(other, "teacher") != _step_key(ship, "teacher")
    assert _step_key(ship, "teacher") != _step_key(ship, "student1")


def test_selection_summary_refuses_a_shipped_run(tmp_path: Path):
    import json

    f = tmp_path / "m.json"
    f.write_text(json.dumps({"all_gold": True}), encoding="utf-8")
    with pytest.raises(SystemExit):
        selection_summary(f)
    f.write_text(json.dumps({"all_gold": False, "best_epoch": 7, "dev": {"f1": 58.9}, "command": "c"}), encoding="utf-8")
    assert selection_summary(f)["best_epoch"] == 7


def test_model_card_reports_selection_run_not_seen_dev():
    sc = {"precision": 60.0, "recall": 55.0, "f1": 57.39, "per_class": {"PER": {"precision": 1, "recall": 1, "f1": 1, "gold": 3}}}
    meta = {
        "spacy_version": "3.8",
        "classes": "main",
        "all_gold": True,
        "train_sentences": 5260,
        "dev_sentences": 789,
        "wikiann_sentences": 0,
        "hyperparameters": {"width": 96, "depth": 4},
        "history": [{"dev_f1": 80.0}],
        "dev": {**sc, "f1": 80.0},
        "command": "x",
        "seed": 1,
        "train_minutes": 1,
        "selection": {"dev": sc, "dev_all12": {"f1": 50.0}, "best_epoch": 4, "command": "y"},
    }
    card = model_card(meta)
    assert "F1 57.39" in card and "F1 80.00" not in card and "not a held-out figure" in card
    meta |= {
        "spkatt_silver_sentences": 100,
        "spkatt_ratio": 1.0,
        "rounds": [{"step": "teacher", "best_epoch": 4, "dev_f1": 55.73}, {"step": "student1", "best_epoch": 5, "dev_f1": 58.11}],
        "extra_silver": [{"file": "t.tsv", "sentences": 42}],
        "extra_ratio": 1.0,
    }
    card = model_card(meta)
    assert "2 self-training round(s)" in card and "student1" in card and "dev F1 58.11" in card
    assert "`t.tsv` (42 sentences" in card


def test_vector_vocabulary_groups_spellings_and_ranks_by_frequency(seed_texts):
    from lagebild.stages.ner_vectors import spellings, vocabulary

    sents = [t.split() for t in sorted(seed_texts.values())[:2]] + [["Putin", "PUTIN", "putin", "Putin", "traf", "Kim"]]
    keys, _ = vocabulary(sents, 10)
    freq = [sum(w.lower() == k for s in sents for w in s) for k in keys]
    assert len(keys) == 10 and freq == sorted(freq, reverse=True) and freq[-1] > 1
    allk, allf = vocabulary(sents, 10**6)
    assert allk[:10] == keys
    assert allf[allk.index("putin")] == "Putin"  # the most frequent written form
    assert len(set(allk)) == len(allk) and all(k == k.lower() for k in allk)
    assert spellings("Putin") == ["Putin", "putin", "PUTIN"]
    assert spellings("iPhone") == ["iPhone", "iphone", "Iphone", "IPHONE"]


def test_e5_piece_vectors_are_deterministic_and_survive_a_spacy_round_trip(tmp_path: Path):
    import numpy as np
    import spacy
    from spacy.tokens import Doc
    from thinc.api import Config

    from lagebild.stages import ner_vectors

    words = [["Bundeskanzler", "Scholz", "besuchte", "Pjöngjang", "und", "Moskau", "."], ["Kim", "Jong", "Un", "traf", "Putin", "in", "Moskau", "."]]
    forms, vecs = ner_vectors.build(words, n=12, dims=4, method="pieces")
    forms2, vecs2 = ner_vectors.build(words, n=12, dims=4, method="pieces")
    assert forms == forms2 and np.array_equal(vecs, vecs2)
    assert forms[:2] == [".", "Moskau"] and vecs.shape == (12, 4) and np.isfinite(vecs).all()
    assert abs(float(vecs.std()) - 1.0) < 1e-4 and np.abs(vecs).sum(1).min() > 0
    f = tmp_path / "v.npz"
    ner_vectors.save(f, forms, vecs)
    assert ner_vectors.load_file(f)[0] == forms
    nlp = spacy.util.load_model_from_config(Config().from_str(build_config(32, 1, 500, 16, vectors=True)), auto_fill=True, validate=True)
    assert ner_vectors.attach(nlp, forms, vecs, "test_vectors") >= 12
    nlp.get_pipe("ner").add_label("LOC")
    from spacy.training import Example

    nlp.initialize(lambda: [Example.from_dict(Doc(nlp.vocab, words=words[0]), {"entities": ["O", "U-PER", "O", "U-LOC", "O", "U-LOC", "O"]})])
    nlp.to_disk(tmp_path / "m")
    back = spacy.load(tmp_path / "m")
    doc = back(Doc(back.vocab, words=["MOSKAU", "moskau", "Heidelberg"]))
    row = forms.index("Moskau")
    assert np.allclose(doc[0].vector, vecs[row]) and np.allclose(doc[1].vector, vecs[row]) and not doc[2].has_vector


def test_vector_options_enter_the_step_key_only_when_used():
    plain = parse_args(["--data", "d", "--out", "o"])
    assert plain.vectors == "none"
    vec = parse_args(["--data", "d", "--out", "o", "--vectors", "pieces"])
    vec2 = parse_args(["--data", "d", "--out", "o", "--vectors", "pieces", "--vector-dims", "32"])
    wdev = parse_args(["--data", "d", "--out", "o", "--wikiann-dev"])
    assert len({_step_key(plain, "teacher"), _step_key(vec, "teacher"), _step_key(vec2, "teacher"), _step_key(wdev, "teacher")}) == 4
    assert 'include_static_vectors = true' in build_config(96, 4, 2000, 64, vectors=True)
    assert 'include_static_vectors = false' in build_config(96, 4, 2000, 64)


def test_shipped_model_fits_the_size_limit_and_its_vectors_know_german_words():
    import numpy as np
    from spacy.tokens import Doc

    from lagebild.stages.ner_model import SHIPPED_MODEL_DIR, load, model_meta

    if not model_available(SHIPPED_MODEL_DIR):
        pytest.skip("no trained model")
    size = sum(f.stat().st_size for f in SHIPPED_MODEL_DIR.rglob("*") if f.is_file())
    assert size <= 30_000_000
    meta = model_meta(SHIPPED_MODEL_DIR)
    if not meta.get("vectors"):
        pytest.skip("model without static vectors")
    nlp = load(str(SHIPPED_MODEL_DIR))
    assert nlp.vocab.vectors.shape == (meta["vectors"]["words"], meta["vectors"]["dims"])
    doc = Doc(nlp.vocab, words=["Bundesregierung", "BUNDESREGIERUNG", "Moskau", "Xqzvbw"])
    assert doc[0].has_vector and np.array_equal(doc[0].vector, doc[1].vector)
    assert doc[2].has_vector and not np.array_equal(doc[0].vector, doc[2].vector) and not doc[3].has_vector


def test_mention_replacement_keeps_tags_aligned(data_dir: Path):
    import random

    from lagebild.stages.ner_data import germeval_sentences, mention_pool, replace_mentions, split

    train, dev = split(germeval_sentences(data_dir))
    pool = mention_pool(train[:400])
    assert set(pool) == {"PER", "ORG", "LOC", "OTH"} and all(pool[c] for c in pool)
    rng = random.Random(7)
    changed = 0
    for s in train[:200]:
        t = replace_mentions(s, pool, rng, p=1.0)
        assert len(t.words) == len(t.outer)
        before = [c for _, _, c in chunks(s.outer) if c in pool]
        after = chunks(t.outer)
        assert [c for _, _, c in after] == before  # same classes in the same order
        assert all(tuple(t.words[a:b]) in pool[c] for a, b, c in after)  # every mention now comes from the pool
        changed += t.words != s.words
    assert changed > 50
    # p=0: the sentence is unchanged apart from deriv/part tags becoming O
    s = next(s for s in train if any(t.endswith("deriv") for t in s.outer))
    t = replace_mentions(s, pool, rng, p=0.0)
    assert t.words == s.words and not any(x.endswith("deriv") for x in t.outer)


def test_sixth_round_flags_parse():
    a = parse_args(["--data", "d", "--out", "o", "--wikiann", "0", "--augment", "1", "--keep-epochs", "k"])
    assert (a.wikiann, a.augment, a.keep_epochs) == (0, 1.0, "k")
    b = parse_args(["--data", "d", "--out", "o"])
    assert (b.augment, b.keep_epochs) == (0.0, "")  # defaults: no augmentation, no snapshots
