"""Write labelled clustering streams (EVAL.md `clustering` format) to out/streams/.

    .venv/bin/python bench/make_streams.py [--shared ../shared] [--out out/streams]

Streams (JSONL, one article a line, in arrival order, ``date`` null: the order is
the clock, so no date can leak the label):

- ``wikinews-shuffled[-tune|-dev].jsonl``: data/wikinewssum-en; each Wikinews
  article + its sources (with >= 200 characters of text) is one cluster; all
  documents shuffled with random.Random(2026).
- ``wikinews-dateish[-tune|-dev].jsonl``: the same documents in a date-like
  order: clusters keep their file order (Wikinews is chronological) and each
  document is placed at cluster_index + U(0, 4), so every story arrives as a
  burst interleaved with its neighbours.
- ``de[-tune|-dev].jsonl``: German. Articles of the de-de SemEval-2022 pairs
  (non-augmented) that occur in at least one pair rated "same" (Overall <= 1.5)
  or "different" (>= 3.0); clusters = connected components over "same" pairs.
  Plus the German Wikinews texts of data/spkatt2023 (train + unlabelled) as
  singleton distractors. Order: SemEval articles by their numeric ID (Media
  Cloud story IDs grow with time), SpkAtt by date; the two merged by relative rank.
- ``deen[-tune|-dev].jsonl``: the same over the de-en pairs (cross-lingual).
- ``pairs-tune.csv`` / ``pairs-dev.csv``: the rows of training_set.csv split by pair.

Tune/dev split: by cluster (crc32 of the cluster key, even = tune, odd = dev);
pairs by crc32 of pair_id.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.eval.spkatt import load as load_spkatt  # noqa: E402

MIN_CHARS = 200


def part(key: str) -> str:
    return "tune" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "dev"


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_clusters = len({r["cluster"] for r in rows})
    print(f"{path}: {len(rows)} articles, {n_clusters} clusters")


def write_splits(out: Path, name: str, rows: list[dict]) -> None:
    write(out / f"{name}.jsonl", rows)
    for p in ("tune", "dev"):
        write(out / f"{name}-{p}.jsonl", [r for r in rows if part(r["cluster"]) == p])


# -- (a) Wikinews ------------------------------------------------------------------
def wikinews_docs(shared: Path) -> list[tuple[int, dict]]:
    docs: list[tuple[int, dict]] = []
    with (shared / "data/wikinewssum-en/clusters.jsonl").open(encoding="utf-8") as f:
        for ci, line in enumerate(f):
            x = json.loads(line)
            cluster = f"wn{ci:03d}"
            docs.append((ci, {"id": f"{cluster}-0", "date": None, "lang": "en", "title": x["title"],
                              "text": x["text"], "cluster": cluster}))
            for j, s in enumerate(x.get("sources") or [], 1):
                text = s.get("maintext") or ""
                if len(text) < MIN_CHARS:
                    continue
                docs.append((ci, {"id": f"{cluster}-{j}", "date": None, "lang": s.get("language") or None,
                                  "title": s.get("title") or "", "text": text, "cluster": cluster}))
    return docs


def wikinews(shared: Path, out: Path) -> None:
    docs = wikinews_docs(shared)
    shuffled = [d for _, d in docs]
    random.Random(2026).shuffle(shuffled)
    write_splits(out, "wikinews-shuffled", shuffled)
    rng = random.Random(2027)
    keyed = sorted(((ci + rng.uniform(0, 4), d["id"]), d) for ci, d in docs)
    write_splits(out, "wikinews-dateish", [d for _, d in keyed])


# -- (b)/(c) SemEval pairs -----------------------------------------------------------
def read_pairs(shared: Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    with (shared / "data/semeval2022-pairs/training_set.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_title(text: str) -> tuple[str, str]:
    head, sep, rest = text.partition("  ")
    if sep and 0 < len(head) <= 300:
        return head.strip(), rest.strip()
    return "", text.strip()


def pair_stream(rows: list[dict], langs: tuple[str, str]) -> list[dict]:
    arts: dict[str, dict] = {}
    same: list[tuple[str, str]] = []
    used: set[str] = set()
    n_amb = 0
    for r in rows:
        pid = r["pair_id"]
        if any(c.isalpha() for c in pid) or (r["lang1"], r["lang2"]) != langs:
            continue
        overall = float(r["Overall"])
        a, b = pid.split("_")
        for aid, lang, text in ((a, r["lang1"], r["text1"]), (b, r["lang2"], r["text2"])):
            if aid not in arts and len(text.strip()) >= 50:
                title, body = split_title(text)
                arts[aid] = {"id": aid, "date": None, "lang": lang, "title": title, "text": body}
        if a not in arts or b not in arts:
            continue
        if overall <= 1.5:
            same.append((a, b))
            used.update((a, b))
        elif overall >= 3.0:
            used.update((a, b))
        else:
            n_amb += 1
    parent = {a: a for a in used}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in same:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in sorted(used, key=int):
        groups[find(a)].append(a)
    rows_out = []
    for root, members in groups.items():
        key = f"se{min(members, key=int)}"
        for m in members:
            rows_out.append(dict(arts[m], cluster=key))
    rows_out.sort(key=lambda d: int(d["id"]))
    print(f"{langs}: {len(rows_out)} articles, {len(groups)} clusters, {n_amb} ambiguous pairs ignored", file=sys.stderr)
    return rows_out


def spkatt_docs(shared: Path) -> list[dict]:
    docs = []
    for sub in ("train", "unlabelled"):
        for d in load_spkatt(shared / "data/spkatt2023" / sub):
            docs.append({"id": f"spk{d.doc_key}", "date": None, "lang": "de", "title": d.title or "", "text": d.text,
                         "cluster": f"spk{d.doc_key}", "_date": d.date or ""})
    docs.sort(key=lambda d: (d["_date"], d["id"]))
    for d in docs:
        del d["_date"]
    return docs


def merge_by_rank(a: list[dict], b: list[dict]) -> list[dict]:
    keyed = [((i + 0.5) / len(a), 0, d["id"], d) for i, d in enumerate(a)]
    keyed += [((i + 0.5) / len(b), 1, d["id"], d) for i, d in enumerate(b)]
    return [k[-1] for k in sorted(keyed, key=lambda k: k[:3])]


def semeval(shared: Path, out: Path) -> None:
    rows = read_pairs(shared)
    de = pair_stream(rows, ("de", "de"))
    write_splits(out, "de", merge_by_rank(de, spkatt_docs(shared)))
    write_splits(out, "deen", pair_stream(rows, ("de", "en")))
    header = list(rows[0].keys())
    for p in ("tune", "dev"):
        path = out / f"pairs-{p}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=header)
            w.writeheader()
            w.writerows(r for r in rows if part(r["pair_id"]) == p)
        print(f"{path}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "streams")
    args = ap.parse_args()
    wikinews(args.shared, args.out)
    semeval(args.shared, args.out)


if __name__ == "__main__":
    main()
