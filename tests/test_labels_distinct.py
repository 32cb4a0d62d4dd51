"""Issue #9: the seed stories' labels tell the stories apart and name only what their articles say."""

from __future__ import annotations

from test_story_labels import seeded  # noqa: F401  (module fixture: the seeds ingested once)

from lagebild import Pipeline
from lagebild.corpus import labels as L
from lagebild.corpus.features import tokens


def _parts(lab: str) -> tuple[frozenset[str], list[str]]:
    ents, _, terms = lab.partition(" — ")
    return frozenset(e.strip() for e in ents.split(",")), [t.strip() for t in terms.split(",") if t.strip()]


def _own_words(p: Pipeline, story_id: str) -> set[str]:
    docs = {r["doc_id"] for r in p.store.rows("story_articles", story_id=story_id)}
    words: set[str] = set()
    for r in p.store.rows("articles"):
        if r["doc_id"] in docs:
            text = f"{r.get('title') or ''}\n{r['text']}"
            words |= {key for _, key, _ in tokens(text, r.get("lang") or "de", max_chars=10**6, max_tokens=10**6)}
    return words


def test_seed_labels_differ_and_their_terms_are_in_their_articles(seeded):  # noqa: F811
    stories = [r for r in seeded.store.rows("stories") if not r.get("alias_of")]
    assert len(stories) == 3
    parts = {r["story_id"]: _parts(r["label"]) for r in stories}
    ids = sorted(parts)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            assert parts[a][0] != parts[b][0] or set(parts[a][1]) != set(parts[b][1]), (parts[a], parts[b])
    for sid, (_, terms) in parts.items():
        assert terms, sid
        own = _own_words(seeded, sid)
        assert all(t in own for t in terms), (sid, terms)


def test_corpus_ranking_tells_sibling_stories_apart_by_their_entities(seeded):  # noqa: F811
    """Ranked against the whole corpus (the clusterer's document frequencies), the three stories of the one
    storyline no longer lead with the same three names; without it (the plain weight) they did."""
    from lagebild.corpus.cluster_rows import ClusterRows

    _, state = seeded.store.load_state("cluster")
    cl, _ = ClusterRows.load(seeded.store, "cluster", state)
    stories = [s for s in cl.stories.values() if s.id not in cl.aliases]
    assert len(stories) == 3
    shipped = [_parts(L.label(s, df=cl.df))[0] for s in stories]
    assert len(set(shipped)) == 3, shipped
    plain = [_parts(L.label(s, df=cl.df, ranking=L.PLAIN))[0] for s in stories]
    assert len(set(plain)) < 3, plain  # the problem the corpus ranking solves
    # every promoted entity is said in its story's articles
    for s, ents in zip(stories, shipped):
        text = " ".join(r["text"] for r in seeded.store.rows("articles") if r["doc_id"] in set(s.members))
        assert all(e in text for e in ents), ents


def test_a_label_is_due_again_when_the_corpus_has_doubled():
    assert [n for n in range(20) if L.relabel_due(n)] == [2, 4, 8, 16]
