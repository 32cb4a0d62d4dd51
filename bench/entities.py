"""Entity resolution benchmark: alias-set quality and registry throughput.

    .venv/bin/python bench/make_alias_set.py          # -> out/aliases.tsv
    nice .venv/bin/python bench/entities.py [--data out/aliases.tsv]

Throughput: synthetic documents (20 PER mentions each, new and repeated names,
spelling variants) through `EntityRegistry.process` on a fresh SQLite store, one
transaction per document; mentions/s measured once the registry holds ~1k and
~20k entities.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from lagebild.corpus.entities import EntityRegistry
from lagebild.corpus.names import name_key
from lagebild.eval.entities import evaluate
from lagebild.model import DateInfo, Document, Mention, Metadata, make_doc_id
from lagebild.store import Store

SYL = ["ka", "to", "mi", "ro", "se", "lin", "ber", "gor", "wan", "di", "tsch", "ow", "ni", "ma", "rek", "sun", "hel", "bra"]


def _name(rng: random.Random) -> str:
    w = lambda k: "".join(rng.choice(SYL) for _ in range(k)).capitalize()  # noqa: E731
    return f"{w(2)} {w(3)}"


def make_doc(rng: random.Random, pool: list[str], n_new: int, n_old: int) -> Document:
    names = [_name(rng) for _ in range(n_new)] + [rng.choice(pool) for _ in range(n_old) if pool]
    pool.extend(names[:n_new])
    text, ents = "", []
    for nm in names:
        start = len(text) + 4
        text += f"Ich {nm} sagte. "
        ents.append(Mention(start, start + len(nm), "PER", 0.9, "bench", "PER:" + name_key(nm)))
    return Document(doc_id=make_doc_id(text), text=text, raw=text, lang="de", meta=Metadata(date=DateInfo("2024-06-19", "day")), entities=tuple(ents))


def throughput(targets: tuple[int, ...] = (1_000, 20_000)) -> dict[str, float]:
    rng = random.Random(7)
    pool: list[str] = []
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as d:
        st = Store(str(Path(d) / "bench.db"))
        for tgt in targets:
            while len(pool) < tgt:  # grow quickly (fast path, not timed)
                doc = make_doc(rng, pool, 15, 5)
                with st.transaction() as c:
                    EntityRegistry(c).process(doc)
            docs = [make_doc(rng, pool, 10, 10) for _ in range(50)]
            n = sum(len(x.entities) for x in docs)
            t0 = time.perf_counter()
            for doc in docs:
                with st.transaction() as c:
                    EntityRegistry(c).process(doc)
            out[f"mentions_per_s_at_{tgt}"] = round(n / (time.perf_counter() - t0), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("out/aliases.tsv"))
    a = ap.parse_args()
    r = evaluate(a.data, None)
    res = {k: v for k, v in r.items() if k != "details"}
    res["by_category"] = {k: (v["pairs"], v["precision"], v["recall"]) for k, v in r["details"]["by_category"].items()}
    res.update(throughput())
    print(json.dumps(res, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
