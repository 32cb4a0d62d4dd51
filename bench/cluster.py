"""Story clustering benchmarks and the join-model fit (the fit's code: bench/cluster_fit.py).

    .venv/bin/python bench/make_streams.py            # first: labelled streams in out/streams/
    nice .venv/bin/python bench/cluster.py fit        # refit src/lagebild/models/cluster/join.json on *-tune streams (from scratch)
    nice .venv/bin/python bench/cluster.py streams    # B³ on the *-dev streams (and tune, for reference)
    nice .venv/bin/python bench/cluster.py fit-converge  # second-pass merge threshold into join.json (tune streams)
    nice .venv/bin/python bench/cluster.py fit-small  # small-story check (char n-grams) into join.json (tune)
    nice .venv/bin/python bench/cluster.py fit-xling  # its cross-lingual e5 term into join.json (tune; bench/cluster_xling.py)
    nice .venv/bin/python bench/cluster.py xling-cost # CPU of that term on deen-SPLIT, cold e5 cache
    nice .venv/bin/python bench/cluster.py fit-pairs  # refit models/cluster/pair-use.json on out/streams/pairs-tune.csv
    nice .venv/bin/python bench/cluster.py pairs      # pair AUC on out/streams/pairs-dev.csv
    nice .venv/bin/python bench/cluster.py scale      # cost per article at 1k / 10k / 100k (synthetic)
    nice .venv/bin/python bench/cluster.py backends   # USE vs e5 on the dev streams

Embeddings are cached per stream and backend in out/emb/ (they are a pure
function of each article's title + lead).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.corpus import cluster_model
from lagebild.corpus.cluster import ClusterInput, StoryClusterer
from lagebild.corpus.cluster_pages import page_kind
from lagebild.corpus.features import lead_text
from lagebild.eval.clustering import read_stream, score, to_inputs

STREAMS = ROOT / "out" / "streams"
CACHE = ROOT / "out" / "emb"
NAMES = ("wikinews-shuffled", "wikinews-dateish", "de", "deen")
WARM_E5 = True  # `embedded` also caches the streams' e5 vectors in-process (the cross-lingual e5 term's input)


def embedded(name: str, backend: str = "use") -> tuple[list[dict], list[ClusterInput]]:
    rows = read_stream(STREAMS / f"{name}.jsonl")
    items = to_inputs(rows)
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}.{backend}.npy"
    if path.is_file():
        mat = np.load(path)
    else:
        from lagebild.embed import encode

        mat = encode([lead_text(it.title, it.text) for it in items], backend=backend)
        np.save(path, mat)
    if backend == "use" and WARM_E5:
        warm_e5(name, items)
    return rows, [replace(it, embedding=mat[i]) for i, it in enumerate(items)]


def warm_e5(name: str, items: list[ClusterInput]) -> None:
    """Fill lagebild.embed's in-process cache with the stream's e5 title + lead vectors (out/emb/NAME.e5.npy,
    made on first use): the cross-lingual e5 term of the small-story check then encodes nothing here. Its
    cost is measured separately (`xling-cost`), with a cold cache."""
    from lagebild import embed

    path = CACHE / f"{name}.e5.npy"
    texts = [lead_text(it.title, it.text) for it in items]
    mat = np.load(path) if path.is_file() else None
    if mat is None or len(mat) != len(texts):
        mat = embed.encode(texts, backend="e5")
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, mat)
    embed.CACHE_SIZE = max(embed.CACHE_SIZE, len(embed._cache) + len(texts) + 1000)
    for t, v in zip(texts, mat):
        embed._cache[("e5", t)] = v


def warm_pairs(rows: list[dict], backend: str | None, name: str) -> None:
    """Fill lagebild.embed's in-process cache with the pair texts' embeddings, cached on disk
    (out/emb/NAME.BACKEND.npy): pair scoring then encodes nothing (e5 is slow)."""
    if not backend:
        return
    from lagebild import embed
    from lagebild.eval.pairs import split_title

    texts = [lead_text(*split_title(r[f"text{k}"])) for r in rows for k in ("1", "2")]
    path = CACHE / f"{name}.{backend}.npy"
    mat = np.load(path) if path.is_file() else None
    if mat is None or len(mat) != len(texts):
        mat = embed.encode(texts, backend=backend)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, mat)
    embed.CACHE_SIZE = max(embed.CACHE_SIZE, 2 * len(texts) + 1000)
    for t, v in zip(texts, mat):
        embed._cache[(backend, t)] = v


def tune_sets(args) -> dict[str, tuple[list[dict], list[ClusterInput]]]:
    """The tune streams of NAMES, plus with `--mt-tune` the machine-translated cross-lingual one (xlmt-tune)."""
    names = NAMES + (("xlmt",) if getattr(args, "mt_tune", False) else ())
    return {n: embedded(f"{n}-tune", args.backend) for n in names}


def vote(f1s: list[float]) -> float:
    """One vote per data set: the two Wikinews orders share their articles; de, deen (and xlmt) one each."""
    return float(np.mean([(f1s[0] + f1s[1]) / 2, *f1s[2:]]))


def run(items: list[ClusterInput], model=None, **kw) -> tuple[dict[str, str], float, StoryClusterer]:
    c = StoryClusterer(model=model or cluster_model.load(backend=kw.pop("backend", None)), embed_backend=None, **kw)
    t0 = time.perf_counter()
    for it in items:
        c.learn_one(it)
    dt = time.perf_counter() - t0
    return {it.id: c.story_of(it.id) or it.id for it in items}, dt, c


def streams(args) -> None:
    cluster_model.load.cache_clear()
    model = cluster_model.load(args.model, backend=args.backend)
    for split in args.splits:
        for name in NAMES + (("xlmt",) if args.mt_tune and split == "tune" else ()):  # xlmt: fit data, no figure
            rows, items = embedded(f"{name}-{split}", args.backend)
            pred, dt, c = run(items, model)
            s = score(rows, pred)
            d = s["details"]
            xl = d["crosslingual"]
            print(f"{name}-{split} [{args.backend}]: n={len(rows)} B3 P/R/F1 {s['b3_precision']:.1f}/{s['b3_recall']:.1f}/"
                  f"{s['b3_f1']:.1f} clusters {s['clusters']} (gold {d['gold_clusters']}) standard F1 {d['standard_f1']:.1f} "
                  f"singletons-baseline {d['singleton_baseline_b3_f1']:.1f} cross-lingual pair F1 {xl['pair_f1']:.1f} "
                  f"({xl['gold_pairs']} gold pairs) merges {len(c.merges)} {len(items) / dt:.0f} art/s"
                  + (f" e5-term decisions {c.small.xling_decisions}, e5 texts {c.small.e5_calls}" if c.small.xling and model.uses_xling else ""))
            if args.verbose:
                print("   per language:", {k: round(v["b3_f1"], 1) for k, v in d["per_language"].items()})
                kinds = {r["id"]: k for r in rows if (k := page_kind(r["title"], r["text"], r.get("lang")))}
                if kinds:  # what the gold's non-article members cost: the same run scored over the articles only
                    keep = [r for r in rows if r["id"] not in kinds]
                    s2 = score(keep, {r["id"]: pred[r["id"]] for r in keep})
                    print(f"   non-article pages {dict(sorted(Counter(kinds.values()).items()))}; scored without them "
                          f"B3 P/R/F1 {s2['b3_precision']:.1f}/{s2['b3_recall']:.1f}/{s2['b3_f1']:.1f}")


def pairs(args) -> None:
    from lagebild.eval.pairs import evaluate, read_pairs

    for split in args.splits:
        warm_pairs(read_pairs(STREAMS / f"pairs-{split}.csv"), args.backend, f"pairs-{split}")
        r = evaluate(STREAMS / f"pairs-{split}.csv", embed_backend=args.backend)
        print(f"pairs-{split} [{args.backend}]:", json.dumps({k: v for k, v in r.items() if k != "details"}), r["details"].get("counts"))


def scale(args) -> None:
    """Synthetic stream: variations of real texts (sentence subsets, word dropout),
    ~500 articles/day, a few 'events' per day, each a variation of one base
    article; embeddings = base embedding + noise (no encoding in the timing)."""
    import random

    global WARM_E5
    WARM_E5 = False  # the synthetic texts are new: any e5 call of the cross-lingual term is encoded and timed
    rng = random.Random(7)
    base_rows, base_items = [], []
    for name in ("de", "wikinews-shuffled"):
        r, it = embedded(name, "use")
        base_rows += r
        base_items += it
    npr = np.random.default_rng(7)
    sents = [it.text.split(". ") for it in base_items]
    marks = set(int(x) for x in args.marks)
    n_total = max(marks)
    c = StoryClusterer(model=cluster_model.load(args.model) if args.model else None, embed_backend=None)
    t_window: dict[int, float] = {}
    window = 500
    t0 = None
    live_events: list[int] = []
    for n in range(1, n_total + 1):
        if not live_events or rng.random() < 0.25:
            live_events.append(rng.randrange(len(base_items)))
            live_events = live_events[-40:]
        b = rng.choice(live_events)
        src = base_items[b]
        ss = sents[b]
        k = max(1, int(len(ss) * rng.uniform(0.4, 0.9)))
        start = rng.randrange(0, max(1, len(ss) - k + 1))
        words = ". ".join(ss[start : start + k]).split()
        text = " ".join(w for w in words if rng.random() > 0.1)
        e = src.embedding + npr.normal(0, 0.02, size=src.embedding.shape).astype(np.float32)
        day = n / 500.0
        date = (np.datetime64("2024-01-01") + np.timedelta64(int(day), "D")).astype(str)
        it = ClusterInput(id=f"x{n}", date=date, lang=src.lang, title=src.title, text=text, embedding=e / np.linalg.norm(e))
        if any(m - window < n <= m for m in marks) and t0 is None:
            t0, c0 = time.perf_counter(), time.process_time()
        c.learn_one(it)
        if n in marks and t0 is not None:
            t_window[n] = (time.perf_counter() - t0) / window
            cpu = (time.process_time() - c0) / window  # CPU of this process: robust to a busy shared machine
            t0 = None
            live = sum(1 for s in c.stories.values() if s.live)
            print(f"at {n:>7} articles: {1000 * t_window[n]:.2f} ms/article wall ({1 / t_window[n]:.0f}/s), "
                  f"{1000 * cpu:.2f} ms CPU ({1 / cpu:.0f}/s) over the last {window}; stories {len(c.stories)}, "
                  f"live {live}, merges {len(c.merges)}, index keys {len(c._index)}; e5 texts so far {c.small.e5_calls} "
                  f"(e5-term decisions {c.small.xling_decisions})", flush=True)


def backends(args) -> None:
    for b in ("use", "e5"):
        args.backend = b
        streams(args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["fit", "fit-converge", "fit-small", "fit-xling", "fit-pairs", "streams", "pairs", "scale",
                                        "backends", "xling-cost"])
    ap.add_argument("--backend", default="use")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--splits", nargs="+", default=["dev"])
    ap.add_argument("--marks", nargs="+", default=["1000", "10000", "100000"])
    ap.add_argument("--pair-weight", type=float, default=3.0, help="fit: weight of the SemEval tune pairs in the decision fit")
    ap.add_argument("--prior-weights", nargs="*", type=float, default=[20.0],
                    help="fit-small: pseudo-counts of the small-story prior adaptation to try (0 = off only)")
    ap.add_argument("--wikinews-guard", type=float, default=1.0,
                    help="fit-small: tune Wikinews B3 F1 may drop at most this much vs no small-story check")
    ap.add_argument("--small-features", default="", help="fit-small: e.g. 'logit' or 'logit,char45' instead of the CV choice")
    ap.add_argument("--single", choices=["auto", "on", "off"], default="auto",
                    help="fit: a separate decision model for one-article stories; auto = off for use (the family of the "
                         "shipped join.json, which `fit` then reproduces), on for other backends (join-e5.json)")
    ap.add_argument("--mt-tune", action="store_true",
                    help="fit*: add out/streams/xlmt-tune.jsonl (machine-translated cross-lingual tune pairs) as one more vote")
    ap.add_argument("--exclude-prefix", default="", help="fit: leave out stream articles whose id starts with this (spk = SpkAtt)")
    ap.add_argument("--out", default=None, help="fit: write the model here instead of the shipped path")
    ap.add_argument("--model", default=None, help="streams, scale: a model file instead of the shipped one")
    ap.add_argument("--ent-keys", type=int, default=None,
                    help="entity-key scheme of features.vectorise for this run (1 = lemma, before the sixth pass; 2 = language-neutral)")
    ap.add_argument("--xling-variant", choices=["nb", "lr", "replace"], default="nb",
                    help="fit-xling: how the e5 cosine enters cross-lingual small-story decisions (see fit_xling)")
    ap.add_argument("--xling", choices=["on", "off"], default=None,
                    help="any command: the small-story check's cross-lingual e5 term on/off (default: cluster_small.XLING)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.no_single = args.single == "off" or (args.single == "auto" and args.backend == "use")
    if args.ent_keys is not None:
        from lagebild.corpus import features

        features.ENT_KEYS = args.ent_keys
    if args.xling is not None:
        from lagebild.corpus import cluster_small

        cluster_small.XLING = args.xling == "on"
    if args.command in ("fit-xling", "xling-cost"):  # the cross-lingual e5 term: bench/cluster_xling.py
        import cluster_xling

        {"fit-xling": cluster_xling.fit_xling, "xling-cost": cluster_xling.xling_cost}[args.command](args)
        return
    if args.command in ("fit", "fit-converge", "fit-small", "fit-pairs"):  # the join model's fit: bench/cluster_fit.py
        import cluster_fit

        {"fit": cluster_fit.fit, "fit-converge": cluster_fit.fit_converge, "fit-small": cluster_fit.fit_small,
         "fit-pairs": cluster_fit.fit_pairs}[args.command](args)
        return
    {"streams": streams, "pairs": pairs, "scale": scale, "backends": backends}[args.command](args)


if __name__ == "__main__":
    main()
