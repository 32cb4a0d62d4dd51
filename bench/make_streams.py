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
- ``xlmt-tune.jsonl`` (fit data only, never a reported figure: README of semeval2022-pairs):
  the machine-translated cross-lingual augmentations (pair ids with letters) between
  Latin-script languages (de-fr, es-en, es-it, pl-en; not zh-en: the entity keys cannot
  see Chinese) whose underlying pair (the id without letters) is in the tune split,
  built as ``deen`` (same/different pairs, clusters = connected components over "same").
  Rows that touch reported dev data are left out: an article whose numeric ID or whose
  text (hash of the whitespace-normalised body) occurs in a dev stream or in a
  non-augmented row of pairs-dev.csv. (Augmented rows of pairs-dev.csv are in no
  reported figure, README; sharing an article with one of them is counted, not removed.)
- ``dehard[-tune|-dev].jsonl`` (issue 9, docs/bench/streams_hard.md): the ``de`` SemEval articles of a gold
  cluster of >= 2 articles plus those rated "different" against one of them; no SpkAtt distractors.
  ``dehardx``: the same over de-de and de-en (German + English). ``dedated``: the ``de`` articles in real date
  order, SpkAtt with their dates (before 2020, then the undated 2020 SemEval articles, then SpkAtt 2020-2022).
  Cluster keys are those of ``de`` / ``deen``, so each article falls in the same split as there.

Tune/dev split: by cluster (crc32 of the cluster key, even = tune, odd = dev);
pairs by crc32 of pair_id.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise
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


def union_find(ids: Iterable[str], links: Iterable[Sequence[str]]) -> dict[str, str]:
    """Connected components: each ID -> the smallest ID (as a string) of its component; the
    members of a link that are not among ``ids`` are ignored."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in links:
        group = [g for g in group if g in parent]
        for a, b in pairwise(group):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in parent}


def components(arts: dict[str, dict], used: set[str], same: list[tuple[str, str]], prefix: str) -> list[dict]:
    """Clusters = connected components over the "same" pairs; in numeric ID order."""
    root = union_find(used, same)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in sorted(used, key=lambda x: (int(digits(x)), x)):
        groups[root[a]].append(a)
    rows_out = []
    for members in groups.values():
        key = f"{prefix}{min(members, key=lambda x: (int(digits(x)), x))}"
        for m in members:
            rows_out.append(dict(arts[m], cluster=key))
    rows_out.sort(key=lambda d: (int(digits(d["id"])), d["id"]))
    return rows_out


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
    rows_out = components(arts, used, same, "se")
    n_groups = len({r["cluster"] for r in rows_out})
    print(f"{langs}: {len(rows_out)} articles, {n_groups} clusters, {n_amb} ambiguous pairs ignored", file=sys.stderr)
    return rows_out


MT_LANGS = frozenset({"de", "en", "fr", "es", "it", "pl"})


def text_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def digits(aid: str) -> str:
    return "".join(c for c in aid if c.isdigit())


def mt_stream(rows: list[dict], out: Path) -> list[dict]:
    """``xlmt-tune``: cross-lingual machine-translated tune pairs that touch no dev article (module docstring)."""
    dev_ids: set[str] = set()
    dev_hashes: set[str] = set()
    for path in sorted(out.glob("*-dev.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                dev_ids.add(digits(str(r["id"])))
                dev_hashes.add(text_hash(r["text"]))
    aug_dev: set[str] = set()
    for r in rows:
        if part(r["pair_id"]) == "dev" and any(c.isalpha() for c in r["pair_id"]):
            aug_dev.update(digits(a) for a in r["pair_id"].split("_"))
        elif part(r["pair_id"]) == "dev":
            dev_ids.update(digits(a) for a in r["pair_id"].split("_"))
            dev_hashes.update(text_hash(split_title(r[k])[1]) for k in ("text1", "text2"))
    dev_ids.discard("")
    keep, n_id, n_text, n_dev_split, n_aug = [], 0, 0, 0, 0
    for r in rows:
        pid = r["pair_id"]
        if not any(c.isalpha() for c in pid) or r["lang1"] == r["lang2"] or not {r["lang1"], r["lang2"]} <= MT_LANGS:
            continue
        ids = pid.split("_")
        if part("_".join(digits(a) for a in ids)) != "tune":
            n_dev_split += 1
            continue
        if any(digits(a) in dev_ids for a in ids):
            n_id += 1
            continue
        if any(text_hash(split_title(r[k])[1]) in dev_hashes for k in ("text1", "text2")):
            n_text += 1
            continue
        n_aug += any(digits(a) in aug_dev for a in ids)
        keep.append(r)
    print(f"xlmt: {n_dev_split} cross-lingual MT rows with the underlying pair in dev skipped; of the tune ones "
          f"{n_id} left out (an article ID in dev), {n_text} more (a text hash in dev), {len(keep)} kept "
          f"({n_aug} of them share an article with an augmented pairs-dev row only)", file=sys.stderr)
    arts: dict[str, dict] = {}
    same: list[tuple[str, str]] = []
    used: set[str] = set()
    for r in keep:
        overall = float(r["Overall"])
        if 1.5 < overall < 3.0:
            continue
        a, b = r["pair_id"].split("_")
        for aid, lang, text in ((a, r["lang1"], r["text1"]), (b, r["lang2"], r["text2"])):
            if aid not in arts and len(text.strip()) >= 50:
                title, body = split_title(text.lstrip())  # MT texts start with a space
                arts[aid] = {"id": aid, "date": None, "lang": lang, "title": title, "text": body}
        if a in arts and b in arts:
            used.update((a, b))
            if overall <= 1.5:
                same.append((a, b))
    return components(arts, used, same, "mt")


def spkatt_docs(shared: Path, dated: bool = False) -> list[dict]:
    """SpkAtt German Wikinews texts as singleton rows in date order; ``date`` null unless ``dated`` (then the
    date of ``DocumentName``, null for the one placeholder date 0001-01-01)."""
    docs = []
    for sub in ("train", "unlabelled"):
        for d in load_spkatt(shared / "data/spkatt2023" / sub):
            docs.append({"id": f"spk{d.doc_key}", "date": None, "lang": "de", "title": d.title or "", "text": d.text,
                         "cluster": f"spk{d.doc_key}", "_date": d.date or ""})
    docs.sort(key=lambda d: (d["_date"], d["id"]))
    for d in docs:
        if dated and d["_date"] >= SPKATT_MIN_DATE:
            d["date"] = d["_date"]
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
    write(out / "xlmt-tune.jsonl", mt_stream(rows, out))


# -- (d) harder German streams (issue 9; docs/bench/streams_hard.md) -------------------
SPKATT_MIN_DATE = "1990-01-01"  # SpkAtt has one placeholder date, 0001-01-01: treated as no date
SEMEVAL_FROM = "2020-01-01"  # SemEval-2022 articles are from 2020 (Media Cloud IDs ~1.48e9-1.65e9)


def hard_stream(rows: list[dict], pair_langs: Sequence[tuple[str, str]]) -> list[dict]:
    """``dehard``: of each ``pair_stream(rows, langs)`` only the articles of a gold cluster of >= 2 articles plus
    the articles rated "different" (Overall >= 3.0, non-augmented) against one of them. Cluster keys are those
    of the ``de`` / ``deen`` streams (the language pairs share no article: checked), so the crc32 split is theirs."""
    out: list[dict] = []
    seen: set[str] = set()
    for langs in pair_langs:
        stream = pair_stream(rows, langs)
        ids = {r["id"] for r in stream}
        if ids & seen:
            raise ValueError(f"{langs}: articles shared with another language pair; cluster keys would clash")
        seen |= ids
        size: dict[str, int] = defaultdict(int)
        for r in stream:
            size[r["cluster"]] += 1
        multi = {r["id"] for r in stream if size[r["cluster"]] >= 2}
        keep = set(multi)
        for r in rows:
            pid = r["pair_id"]
            if any(c.isalpha() for c in pid) or (r["lang1"], r["lang2"]) != langs or float(r["Overall"]) < 3.0:
                continue
            a, b = pid.split("_")
            if a in ids and b in ids and (a in multi or b in multi):
                keep.update((a, b))
        out += [r for r in stream if r["id"] in keep]
    out.sort(key=lambda d: (int(digits(d["id"])), d["id"]))
    return out


def dated_stream(semeval_rows: list[dict], spk: list[dict]) -> list[dict]:
    """``dedated``: the ``de`` articles in real date order: SpkAtt (dated) before 2020, then the undated SemEval
    articles by numeric ID, then SpkAtt from 2020 on (the one undated SpkAtt text first, as in ``de``)."""
    before = [d for d in spk if not d["date"] or d["date"] < SEMEVAL_FROM]
    after = [d for d in spk if d["date"] and d["date"] >= SEMEVAL_FROM]
    return before + semeval_rows + after


def stream_stats(rows: list[dict]) -> dict[str, float]:
    """Size, gold clusters (all, >= 2 articles) and the all-singletons / all-in-one B3 F1."""
    from lagebild.eval.clustering import b3

    gold = {r["id"]: r["cluster"] for r in rows}
    size: dict[str, int] = defaultdict(int)
    for c in gold.values():
        size[c] += 1
    return {"articles": len(rows), "gold_clusters": len(size), "multi_clusters": sum(v >= 2 for v in size.values()),
            "in_multi": sum(v for v in size.values() if v >= 2), "langs": len({r["lang"] for r in rows}),
            "singletons_b3_f1": round(b3(gold, {i: i for i in gold})[2], 1),
            "all_in_one_b3_f1": round(b3(gold, {i: "one" for i in gold})[2], 1)}


def hard(shared: Path, out: Path) -> None:
    rows = read_pairs(shared)
    streams = {"dehard": hard_stream(rows, [("de", "de")]),
               "dehardx": hard_stream(rows, [("de", "de"), ("de", "en")]),
               "dedated": dated_stream(pair_stream(rows, ("de", "de")), spkatt_docs(shared, dated=True))}
    for name, s in streams.items():
        write_splits(out, name, s)
        for p in ("tune", "dev"):
            print(f"{name}-{p}: {stream_stats([r for r in s if part(r['cluster']) == p])}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "streams")
    args = ap.parse_args()
    wikinews(args.shared, args.out)
    semeval(args.shared, args.out)
    hard(args.shared, args.out)


if __name__ == "__main__":
    main()
