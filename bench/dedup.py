"""Dedup benchmarks: MinHash throughput, bytes per article, LSH query time vs size, quality.

    nice .venv/bin/python bench/dedup.py speed            # real German articles, one core
    nice .venv/bin/python bench/dedup.py scale            # synthetic signatures, 10k..1M
    nice .venv/bin/python bench/dedup.py quality --data out/dedup/dev.jsonl [--backend use|e5|none]

Figures go to docs/bench/dedup.md (by hand, with the command and date).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "spkatt2023"


def _texts() -> list[str]:
    from lagebild.eval import spkatt

    files = spkatt.iter_files(DATA / "train") + spkatt.iter_files(DATA / "unlabelled")
    out = []
    for p in files:
        d = spkatt.read_file(p)
        s = [d.text[a:b] for a, b in d.sentence_spans()]
        out.append("\n\n".join(" ".join(s[i : i + 3]) for i in range(0, len(s), 3)))
    return out


def speed(repeat: int = 3) -> dict:
    from lagebild.corpus import dedup_minhash as mh
    from lagebild.corpus.dedup import DedupConfig, DedupIndex, DedupInput

    texts = _texts()
    words = sum(len(t.split()) for t in texts)
    # warm caches (word hashes, permutations), as in a long-running process
    for t in texts[:50]:
        mh.signature(mh.shingle_hashes(mh.norm_words(t)))
    best_mh = best_full = 1e9  # CPU seconds of this process (= one core), robust to a busy machine
    wall = 0.0
    for r in range(repeat):
        mh._word_hash.cache_clear()
        lsh = mh.CompactLSH()
        t0, w0 = time.process_time(), time.perf_counter()
        for i, t in enumerate(texts):
            sig = mh.signature(mh.shingle_hashes(mh.norm_words(t)))
            lsh.query(sig)
            lsh.insert(i, sig)
        best_mh = min(best_mh, time.process_time() - t0)
        wall = time.perf_counter() - w0
        idx = DedupIndex(DedupConfig(semantic=False))
        t0 = time.process_time()
        for i, t in enumerate(texts):
            idx.learn_one(DedupInput(f"{r}-{i}", t, None, "de"))
        best_full = min(best_full, time.process_time() - t0)
    mem = idx.memory()
    n = len(texts)
    return {
        "articles": n, "mean_words": round(words / n),
        "minhash_lsh_articles_per_cpu_s": round(n / best_mh), "minhash_lsh_wall_articles_per_s_last": round(n / wall), "learn_one_no_semantic_articles_per_cpu_s": round(n / best_full),
        "bytes_per_article": {k: round(v / n) for k, v in mem.items() if k != "articles"},
        "minhash_part_bytes_per_article": round((mem["signatures"] + mem["lsh"] + mem["exact"]) / n),
    }


def semantic_speed(backend: str) -> dict:
    from lagebild.corpus.dedup import DedupConfig, DedupIndex, DedupInput
    from lagebild.corpus.dedup_semantic import SemConfig

    texts = _texts()[:150]
    idx = DedupIndex(DedupConfig(sem=SemConfig.for_backend(backend)))
    idx.learn_one(DedupInput("warm", texts[-1], None, "de"))
    t0 = time.process_time()
    for i, t in enumerate(texts[:-1]):
        idx.learn_one(DedupInput(str(i), t, None, "de"))
    dt = time.process_time() - t0
    return {"backend": backend, "articles": len(texts) - 1, "learn_one_articles_per_cpu_s": round((len(texts) - 1) / dt, 1),
            "semantic_bytes_per_article": round(idx.memory()["semantic"] / len(idx))}


def scale(sizes=(10_000, 100_000, 1_000_000), queries: int = 2000) -> list[dict]:
    from lagebild.corpus import dedup_minhash as mh

    rng = np.random.default_rng(7)
    out = []
    for n in sizes:
        sigs = rng.integers(0, 2**32, (n, mh.NUM_PERM), dtype=np.uint64).astype(np.uint32)
        lsh = mh.CompactLSH()
        t0 = time.perf_counter()
        for i in range(0, n, 100_000):
            keys = mh.band_keys_many(sigs[i : i + 100_000])
            lsh.index.bulk_load(keys.ravel(), np.repeat(np.arange(i, i + len(keys), dtype=np.uint32), mh.BANDS))
        build = time.perf_counter() - t0
        # half the queries are near-copies (20 % of permutations changed) of indexed articles
        q = rng.integers(0, 2**32, (queries, mh.NUM_PERM), dtype=np.uint64).astype(np.uint32)
        src = rng.integers(0, n, queries // 2)
        q[: queries // 2] = sigs[src]
        mask = rng.random((queries // 2, mh.NUM_PERM)) < 0.2
        q[: queries // 2][mask] = rng.integers(0, 2**32, mask.sum(), dtype=np.uint64).astype(np.uint32)
        found = 0
        t0 = time.process_time()
        for k in range(queries):
            cand = lsh.query(q[k])
            cand = cand[cand < n]  # (earlier queries are indexed too; their signatures are in q)
            if len(cand):
                j = mh.jaccard_many(q[k], sigs[cand])
                found += int(k < queries // 2 and src[k] in cand[j >= 0.5])
            lsh.insert(n + k, q[k])  # streaming: every query is also indexed
        dt = time.process_time() - t0
        out.append({"indexed": n, "query_plus_insert_us": round(1e6 * dt / queries, 1), "build_s": round(build, 1),
                    "near_copy_recall": round(found / (queries // 2), 4),
                    "lsh_bytes_per_article": round(lsh.nbytes / (n + queries))})
        del sigs, lsh
    return out


def quality(data: Path, backend: str) -> dict:
    from lagebild.eval.dedup import evaluate

    r = evaluate(data, semantic=backend != "none", backend=backend if backend != "none" else "use")
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("speed", "scale", "quality", "semantic"))
    ap.add_argument("--data", type=Path, default=Path("out/dedup/dev.jsonl"))
    ap.add_argument("--backend", default="use", choices=("use", "e5", "none"))
    ap.add_argument("--max", type=int, default=1_000_000)
    a = ap.parse_args()
    if a.what == "speed":
        res: object = speed()
    elif a.what == "scale":
        res = scale(tuple(s for s in (10_000, 100_000, 1_000_000) if s <= a.max))
    elif a.what == "semantic":
        res = semantic_speed(a.backend)
    else:
        res = quality(a.data, a.backend)
    print(json.dumps(res, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
