"""Near-duplicates and syndication on real German text (seeds + SpkAtt Wikinews)."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from lagebild.corpus import dedup_minhash as mh
from lagebild.corpus.dedup import DedupConfig, DedupIndex, DedupInput
from lagebild.corpus.syndication import day_number
from lagebild.errors import BadData

NOSEM = DedupConfig(semantic=False)


@pytest.fixture(scope="module")
def wiki(data_dir) -> list[tuple[str, str, str]]:
    """(id, date, text) of 40 SpkAtt Wikinews articles, paragraphs of 3 sentences."""
    from lagebild.eval import spkatt

    files = spkatt.iter_files(data_dir / "spkatt2023" / "unlabelled")[:40]
    out = []
    for p in files:
        d = spkatt.read_file(p)
        s = [d.text[a:b] for a, b in d.sentence_spans()]
        text = "\n\n".join(" ".join(s[i : i + 3]) for i in range(0, len(s), 3))
        out.append((d.doc_key, d.date or "2008-01-01", text))
    return out


def _index(docs, config=NOSEM) -> DedupIndex:
    idx = DedupIndex(config)
    for i, date, text in docs:
        idx.learn_one(DedupInput(i, text, date, "de"))
    return idx


def _long(wiki, n_paras=3):
    return [w for w in wiki if w[2].count("\n\n") >= n_paras - 1]


def test_unrelated_articles_not_linked(wiki):
    idx = _index(wiki)
    assert all(idx.original_of(i) is None for i, _, _ in wiki)
    assert all(not idx.links_of(i) for i, _, _ in wiki)


def test_minhash_matches_datasketch():
    from datasketch import MinHash

    hv = mh.shingle_hashes(mh.norm_words("Russlands Präsident Wladimir Putin hat bei seinem ersten Besuch in Nordkorea"))
    m = MinHash(num_perm=mh.NUM_PERM, seed=mh.SEED, hashfunc=int, scheme="affine32")
    m.update_batch(hv.tolist())
    assert np.array_equal(mh.signature(hv), np.asarray(m.hashvalues, dtype=np.uint32))


@pytest.mark.parametrize("transform", ["exact", "shortened", "reordered", "headline", "boilerplate", "passage"])
def test_each_transformation_detected(wiki, transform):
    docs = _long(wiki)
    orig_id, date, text = docs[0]
    paras = text.split("\n\n")
    if transform == "exact":
        copy, kinds = text, {"exact"}
    elif transform == "shortened":
        copy, kinds = "\n\n".join(paras[: max(1, len(paras) * 6 // 10)]), {"near"}
    elif transform == "reordered":
        copy, kinds = "\n\n".join(paras[::-1]), {"near"}
    elif transform == "headline":
        copy, kinds = "Bericht: Was bisher bekannt ist\n\n" + text, {"near"}
    elif transform == "boilerplate":
        copy = ("Foto: dpa / Picture Alliance" + paras[0] + "\n\n➤ Mehr lesen: Putin nimmt Einladung nach Nordkorea an\n\n"
                + "\n\n".join(paras[1:]) + "\n\n(c) Copyright Thomson Reuters 2024. Click For Restrictions\n\nKommentare")
        kinds = {"near"}
    else:  # one paragraph inside another article
        host = docs[5][2].split("\n\n")
        shared = max(paras, key=len)
        copy, kinds = "\n\n".join(host[:1] + [shared] + host[1:]), {"passage"}
    idx = _index(docs[:10])
    r = idx.learn_one(DedupInput("copy", copy, date, "de"))
    assert r.original == orig_id
    assert {lk.kind for lk in r.links if lk.other == orig_id} <= kinds | {"near", "exact"}
    assert any(lk.kind in kinds for lk in r.links)
    if transform == "passage":
        (lk,) = [lk for lk in r.links if lk.other == orig_id]
        p = lk.passages[0]
        assert copy[p.start : p.end].split()[:3] == text[p.other_start : p.other_end].split()[:3]
        assert lk.scope == "passage"


def test_shared_boilerplate_line_is_not_a_copy(wiki):
    tail = "\n\n(c) Copyright Thomson Reuters 2024. Click For Restrictions - https://agency.reuters.com/en/copyright.html"
    docs = [(i, d, t + tail) for i, d, t in wiki[:25]]
    idx = _index(docs)
    assert sum(idx.original_of(i) is not None for i, _, _ in docs) == 0


def test_original_is_earliest_by_date_not_arrival(wiki):
    (a, _, text), = wiki[:1]
    idx = DedupIndex(NOSEM)
    idx.learn_one(DedupInput("copy", text + "\n\nKommentare", "2024-06-20", "de"))
    r = idx.learn_one(DedupInput("orig", text, "2024-06-19", "de"))
    assert r.original is None and idx.original_of("copy") == "orig"
    # without dates the arrival order decides
    idx2 = DedupIndex(NOSEM)
    idx2.learn_one(DedupInput("first", text, None, "de"))
    assert idx2.learn_one(DedupInput("second", text, None, "de")).original == "first"
    assert day_number("2024-06") == day_number("2024-06-01")


def test_state_round_trip_continues_identically(wiki):
    docs = _long(wiki)[:12]
    extra = [("c1", "2010-01-01", docs[2][2]), ("c2", "2010-01-02", "\n\n".join(docs[3][2].split("\n\n")[:2]))]
    full = _index(docs + extra)
    half = _index(docs[:6])
    blob = half.to_bytes()
    json.loads(blob)  # plain JSON
    resumed = DedupIndex.from_bytes(blob)
    for i, d, t in docs[6:] + extra:
        resumed.learn_one(DedupInput(i, t, d, "de"))
    for i, _, _ in docs + extra:
        assert resumed.original_of(i) == full.original_of(i)
        assert resumed.links_of(i) == full.links_of(i)
    assert resumed.original_of("c1") == docs[2][0]
    assert DedupIndex.from_state(resumed.state_dict()).state_dict()["sigs"] == resumed.state_dict()["sigs"]
    with pytest.raises(BadData):
        DedupIndex.from_state({"version": 999})


def test_deterministic_and_idempotent(wiki):
    a, b = _index(wiki[:15]), _index(wiki[:15])
    assert a.state_dict()["sigs"] == b.state_dict()["sigs"]
    i, d, t = wiki[0]
    assert a.learn_one(DedupInput(i, t, d, "de")) == a.result(i)
    assert len(a) == 15


def test_datasketch_backend_same_candidates(wiki):
    docs = _long(wiki)[:8]
    idx = DedupIndex(NOSEM, lsh=mh.DatasketchLSH())
    for i, d, t in docs:
        idx.learn_one(DedupInput(i, t, d, "de"))
    r = idx.learn_one(DedupInput("copy", docs[4][2] + "\n\nKommentare", None, "de"))
    assert r.original == docs[4][0]


def test_band_index_buffer_and_merge():
    bi = mh.BandIndex(min_buffer=8)
    rng = np.random.default_rng(0)
    keys = rng.integers(0, 2**63, 100, dtype=np.uint64)
    for v, k in enumerate(keys):
        bi.insert(np.asarray([k, k ^ np.uint64(1)]), v)
    res = bi.query(keys)
    assert all(r.tolist() == [v] for v, r in enumerate(res))
    assert len(bi) == 200 and bi.nbytes == 200 * 12


def test_adversarial_input_is_bounded():
    idx = DedupIndex(NOSEM)
    r = idx.learn_one(DedupInput("x", "Putin. " * 20000 + "a" * 100000, None, None))
    assert r.original is None
    assert idx.learn_one(DedupInput("empty", "", None, None)).links == ()


def test_agency_marks_shared_provenance_not_copy(seed_texts):
    idx = DedupIndex(NOSEM)
    idx.learn_one(DedupInput("002", seed_texts["002"], "2024-06-19", "de", agency="Reuters"))
    r = idx.learn_one(DedupInput("x", seed_texts["000"], "2024-06-19", "de", agency="reuters"))
    assert [lk.kind for lk in r.links] == ["same_agency"]
    assert r.original is None


def test_random_shuffle_of_words_is_not_near():
    rng = random.Random(1)
    base = ("Russlands Präsident Wladimir Putin hat bei seinem ersten Besuch in Nordkorea seit 24 Jahren eine "
            "deutliche Vertiefung der Beziehungen signalisiert und ein Abkommen unterzeichnet").split()
    words = base * 3
    shuffled = words[:]
    rng.shuffle(shuffled)
    idx = DedupIndex(NOSEM)
    idx.learn_one(DedupInput("a", " ".join(words)))
    assert idx.learn_one(DedupInput("b", " ".join(shuffled))).original is None


def test_input_from_document(seed_texts):
    from lagebild.corpus.dedup import input_from_document
    from lagebild.model import DateInfo, Document, Field, Metadata, Span

    text = seed_texts["002"]
    cut = text.index("\n\n")
    doc = Document("d1", text, meta=Metadata(agency=Field("Reuters", "rule"), date=DateInfo("2024-06", "month")),
                   lang="de", blocks=(Span(0, cut, "paragraph"), Span(cut + 2, len(text), "paragraph")))
    item = input_from_document(doc)
    assert (item.id, item.date, item.agency, item.lang) == ("d1", "2024-06", "Reuters", "de")
    assert item.paragraphs == ((0, cut), (cut + 2, len(text)))
    assert DedupIndex(NOSEM).learn_one(item).links == ()


def test_work_per_article_is_bounded_for_a_text_copied_many_times(wiki):
    """A story syndicated 120 times: a new copy verifies a bounded number of candidates
    (one syndication group counts `per_group` times), and still finds the original."""
    i0, date, text = _long(wiki)[0]
    cfg = DedupConfig(semantic=False)
    idx = DedupIndex(cfg)
    idx.learn_one(DedupInput(i0, text, date, "de"))
    for k in range(120):
        idx.learn_one(DedupInput(f"c{k}", f"Meldung {k}: Bericht\n\n{text}\n\nQuelle: Agentur {k}", date, "de"))
    r = idx.learn_one(DedupInput("new", text + "\n\nKommentare", date, "de"))
    assert r.original == i0 and r.group == i0
    assert 1 <= len(r.links) <= cfg.per_group  # was 121 links (every copy) before the cap
    assert len(idx.group_of("new")) == 122


def test_band_index_limit_reads_most_recent_values():
    bi = mh.BandIndex(min_buffer=4)
    key = np.asarray([7], dtype=np.uint64)
    for v in range(50):
        bi.insert(key, v)
    assert bi.query(key, limit=10)[0].tolist() == list(range(40, 50))  # part buffered, part merged
    bi.flush()
    assert bi.query(key, limit=3)[0].tolist() == [47, 48, 49]
    docs, counts = bi.query_counts(np.asarray([7, 7, 8], dtype=np.uint64), limit=2)
    assert docs.tolist() == [48, 49] and counts.tolist() == [2, 2]


def test_semantic_window_ring_matches_a_full_scan():
    from lagebild.corpus.dedup_semantic import SemanticWindow, SemConfig, SemEntry

    rng = np.random.default_rng(3)

    def entry(doc: int) -> SemEntry:
        v = rng.normal(size=8).astype(np.float32)
        return SemEntry(doc, "de", np.zeros((1, 8), np.int8), [(0, 1)], [frozenset()], [frozenset()], v / np.linalg.norm(v))

    w = SemanticWindow(SemConfig(window=5, max_candidates=3, candidate_min=-1.0))
    for d in range(13):  # wraps around the ring twice
        w.add(entry(d))
    assert [e.doc for e in w.entries] == list(range(8, 13)) and set(w.by_doc) == set(range(8, 13))
    q = entry(99)
    sims = np.stack([e.doc_vec for e in w.entries]) @ q.doc_vec
    expect = [w.entries[i].doc for i in np.argsort(-sims, kind="stable")[:3]]
    got = w.candidates(q, extra={8, 9, 10, 3})
    assert [e.doc for e in got][:3] == expect
    assert {e.doc for e in got} == set(expect) | {8, 9, 10}  # 3 left the window
    restored = SemanticWindow.from_state(w.state_dict(), w.config)
    assert [e.doc for e in restored.candidates(q)] == expect
