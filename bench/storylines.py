"""Storylines measured: a gold from Wikinews categories and SemEval-2022 ratings; the linker scored on both.

    nice .venv/bin/python bench/storylines.py gold       # the Wikinews storyline gold, pair by pair (to read)
    nice .venv/bin/python bench/storylines.py run [--write]   # every figure of docs/bench/storylines.md

Data (see docs/bench/storylines.md for the definitions and why):
- **Wikinews** (data/wikinewssum-en, 51 stories in chronological file order): each story = the Wikinews
  article + its sources of >= 200 characters (as bench/make_streams.py). Gold storylines = connected
  components of "shares a *specific* category": a category that is not a date, "Published", a Wikinews
  section, a continent/region, a country (CLDR English territory names) or a common-noun topic
  (``TOPICS``), and that is attached to at most ``K`` = 3 stories. A second, stricter gold
  (``READ_GOLD``) lists the storylines found by reading all 51 titles and texts.
  The stories are fed to `StorylineLinker` directly as given clusters (isolates the linker from
  story-clustering errors): the first document opens the story (`link_new_story`), every document
  updates the storyline (`add_article`); the clock is the story's index (one pseudo-day a story).
- **SemEval-2022 pairs** (out/streams/pairs-{tune,dev}.csv, split by crc32 of pair_id, non-augmented,
  all languages): pairs of *different* stories (Overall > 1.5) labelled same storyline when annotators
  rated both Entities and Narrative <= 2 (1 = very similar .. 4), different storyline when either >= 3.
  The linker's signals of text2 against a storyline made of text1. This is where anything is fitted
  (tune); dev only reports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.corpus.cluster_state import Aggregate
from lagebild.corpus.features import ArticleVec, DocFreq, lead_text, vectorise
from lagebild.corpus.storylines import (
    HAND_THRESHOLD,
    HAND_WEIGHTS,
    PARAMS_PATH,
    StorylineLinker,
)

sys.path.insert(0, str(ROOT / "bench"))
from make_streams import (  # the stream builder's split (crc32 of the cluster key) and components
    part,
    union_find,
)

SHARED = Path(os.environ.get("LAGEBILD_SHARED", ROOT.parent / "shared"))
STREAMS = Path(os.environ.get("LAGEBILD_STREAMS", ROOT / "out" / "streams"))
CACHE = Path(os.environ.get("LAGEBILD_EMB_CACHE", ROOT / "out" / "emb"))
MIN_CHARS = 200
K = 3  # a category attached to more stories is a theme, not a storyline

_DATE = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December)"
                   r" \d{1,2}, \d{4}$")
SECTIONS = frozenset({"Published", "Politics and conflicts", "Science and technology", "Crime and law",
                      "Culture and entertainment", "Economy and business", "Disasters and accidents", "Health",
                      "Environment", "Weather", "Sports", "Education", "Obituaries", "Wackynews", "Transport"})
REGIONS = frozenset({"Middle East", "Palestine", "Soviet Union", "Northern Ireland"})  # beyond CLDR's list
# Wikinews topic categories that name a kind of thing, not a thing (read off the 152 categories of the file)
TOPICS = frozenset({"Football (soccer)", "Missing persons", "Human rights", "Space", "Earthquakes", "Internet",
                    "FLOSS", "Computing", "Physics", "Natural disasters", "Astronomy", "Elections",
                    "International aid", "Music videos", "Cricket", "Nuclear power", "Energy", "Chemistry",
                    "Aviation", "Death penalty", "Spam", "Operating system", "Software", "Black holes",
                    "Supermassive black holes"})
# Storylines found by reading all 51 stories (indices into clusters.jsonl); every other story stands alone.
READ_GOLD = (
    (40, 42, 47),  # 2004 Indian Ocean tsunami: toll 60,000 -> toll 80,000 -> UN aid effort
    (22, 49),      # Pinochet: Valech torture report -> Pinochet arrested
    (37, 43),      # asteroid 2004 MN4: Torino rating 4 -> now considered safe
    (2, 35),       # Brazilian footballer's mother: kidnapped -> freed
    (24, 25),      # US Homeland Security: Ridge resigns -> Kerik nominated
)




# -- Wikinews stories and the category gold ------------------------------------------------------------
def load_stories(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or SHARED / "data/wikinewssum-en/clusters.jsonl"
    out = []
    with Path(path).open(encoding="utf-8") as f:
        for ci, line in enumerate(f):
            x = json.loads(line)
            sid = f"wn{ci:03d}"
            docs = [{"id": f"{sid}-0", "lang": "en", "title": x["title"], "text": x["text"]}]
            for j, s in enumerate(x.get("sources") or [], 1):
                if len(s.get("maintext") or "") >= MIN_CHARS:
                    docs.append({"id": f"{sid}-{j}", "lang": s.get("language") or None, "title": s.get("title") or "",
                                 "text": s["maintext"]})
            out.append({"id": sid, "title": x["title"], "categories": [c.strip() for c in x.get("categories") or []],
                        "docs": docs, "part": part(sid)})
    return out


def countries() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").territories.values())


def is_specific(cat: str, territories: frozenset[str]) -> bool:
    return not (not cat or _DATE.match(cat) or cat in SECTIONS or cat in REGIONS or cat in TOPICS or cat in territories)


def specific_categories(stories: Sequence[dict[str, Any]], k: int = K) -> dict[str, list[str]]:
    """Specific categories shared by 2..k stories -> their story IDs (file order)."""
    terr = countries()
    by: dict[str, list[str]] = defaultdict(list)
    for s in stories:
        for c in dict.fromkeys(s["categories"]):
            if is_specific(c, terr):
                by[c].append(s["id"])
    return {c: ids for c, ids in sorted(by.items()) if 2 <= len(ids) <= k}


components = union_find  # each story -> the first story ID of its component (bench/make_streams.py)


def category_gold(stories: Sequence[dict[str, Any]], k: int = K) -> dict[str, str]:
    return components([s["id"] for s in stories], specific_categories(stories, k).values())


def read_gold(stories: Sequence[dict[str, Any]]) -> dict[str, str]:
    return components([s["id"] for s in stories], [[f"wn{i:03d}" for i in g] for g in READ_GOLD])


# -- scores ---------------------------------------------------------------------------------------------
def pair_set(labels: dict[str, str], ids: Sequence[str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        by[labels[i]].append(i)
    return {tuple(sorted(p)) for g in by.values() for p in combinations(g, 2)}  # type: ignore[misc]


def pairwise(gold: dict[str, str], pred: dict[str, str], ids: Sequence[str]) -> tuple[float, float, float, int, int]:
    g, p = pair_set(gold, ids), pair_set(pred, ids)
    tp = len(g & p)
    prec = 100.0 * tp / len(p) if p else 100.0
    rec = 100.0 * tp / len(g) if g else 100.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, len(g), len(p)


def b3(gold: dict[str, str], pred: dict[str, str], ids: Sequence[str]) -> tuple[float, float, float]:
    gs: dict[str, set[str]] = defaultdict(set)
    ps: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        gs[gold[i]].add(i)
        ps[pred[i]].add(i)
    P = sum(len(gs[gold[i]] & ps[pred[i]]) / len(ps[pred[i]]) for i in ids) / len(ids)
    R = sum(len(gs[gold[i]] & ps[pred[i]]) / len(gs[gold[i]]) for i in ids) / len(ids)
    return 100 * P, 100 * R, (200 * P * R / (P + R) if P + R else 0.0)


# -- driving the linker ---------------------------------------------------------------------------------
def embeddings(texts: list[str], name: str, backend: str = "use") -> np.ndarray:
    path = CACHE / f"storylines-{name}.{backend}.npy"
    if path.is_file():
        m = np.load(path)
        if len(m) == len(texts):
            return m
    from lagebild.embed import encode

    m = encode(texts, backend=backend)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, m)
    return m


def story_vectors(stories: Sequence[dict[str, Any]], embs: np.ndarray | None) -> list[list[ArticleVec]]:
    """Article vectors in arrival order with the incremental IDF, as the clusterer builds them."""
    df, out, row = DocFreq(), [], 0
    for s in stories:
        vs = []
        for d in s["docs"]:
            v = vectorise(d["title"], d["text"], d["lang"], df)
            if embs is not None:
                v.emb = embs[row]
            row += 1
            vs.append(v)
        out.append(vs)
    return out


def link(stories: Sequence[dict[str, Any]], vecs: Sequence[Sequence[ArticleVec]], weights: Sequence[float],
         threshold: float) -> dict[str, str]:
    """Feed the stories as given clusters to a fresh linker; story ID -> storyline ID."""
    lk = StorylineLinker(threshold=threshold, weights=tuple(weights))  # type: ignore[arg-type]
    pred = {}
    for t, (s, vs) in enumerate(zip(stories, vecs)):
        lid, _ = lk.link_new_story(s["id"], vs[0], float(t), float(t))
        for v, d in zip(vs, s["docs"]):
            lk.add_article(lid, v, float(t), d["lang"])
        pred[s["id"]] = lid
    return pred


# -- SemEval storyline pairs ----------------------------------------------------------------------------
def storyline_label(r: dict[str, str]) -> int | None:
    """1 same storyline, 0 different, None same story (Overall <= 1.5) or in between."""
    ov, ent, nar = float(r["Overall"]), float(r["Entities"]), float(r["Narrative"])
    if ov <= 1.5:
        return None
    if ent <= 2.0 and nar <= 2.0:
        return 1
    if ent >= 3.0 or nar >= 3.0:
        return 0
    return None


def pair_rows(name: str, backend: str = "use") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(signals [n, 3], labels, language pair) of the labelled storyline pairs of pairs-NAME.csv."""
    from lagebild.eval.pairs import is_augmented, read_pairs, split_title

    rows = [r for r in read_pairs(STREAMS / f"pairs-{name}.csv") if not is_augmented(r["pair_id"])]
    rows = [r for r in rows if storyline_label(r) is not None]
    docs = [(split_title(r[f"text{k}"]), r[f"lang{k}"]) for r in rows for k in ("1", "2")]
    embs = embeddings([lead_text(*td) for td, _ in docs], f"pairs-{name}", backend) if backend else None
    df = DocFreq()
    for (title, text), lang in docs:  # IDF over the whole pair file
        vectorise(title, text, lang, df)
    X, y, lp = [], [], []
    for i, r in enumerate(rows):
        (t1, x1), l1 = docs[2 * i]
        (t2, x2), l2 = docs[2 * i + 1]
        v1, v2 = vectorise(t1, x1, l1, df, update_df=False), vectorise(t2, x2, l2, df, update_df=False)
        if embs is not None:
            v1.emb, v2.emb = embs[2 * i], embs[2 * i + 1]
        line = Aggregate("L", 1, 0.0, 0.0)
        line.add(v1, 0.0, l1, None, 200, 80)
        X.append(StorylineLinker.signals(v2, line))
        y.append(storyline_label(r))
        lp.append(f"{l1}-{l2}")
    return np.array(X, dtype=float), np.array(y, dtype=int), lp


def f1_at(y: np.ndarray, s: np.ndarray, thr: float) -> float:
    pred = s >= thr
    tp = int(np.sum(pred & (y == 1)))
    fp, fn = int(np.sum(pred & (y == 0))), int(np.sum(~pred & (y == 1)))
    return 100.0 * 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_threshold(y: np.ndarray, s: np.ndarray, grid: np.ndarray) -> float:
    """Highest F1 on the grid; ties -> the higher threshold (fewer links)."""
    return float(max(grid, key=lambda t: (round(f1_at(y, s, float(t)), 9), float(t))))


def fit_blend(X: np.ndarray, y: np.ndarray, C: float = 1.0) -> tuple[float, float, float]:
    """Logistic regression on the three signals; weights normalised to sum 1 (a blend on the hand-set scale)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(X, y)
    w = np.clip(lr.coef_[0], 0.0, None)
    w = w / w.sum() if w.sum() > 0 else np.array(HAND_WEIGHTS)
    return float(w[0]), float(w[1]), float(w[2])


def bootstrap_delta(y: np.ndarray, s_a: np.ndarray, t_a: float, s_b: np.ndarray, t_b: float, n: int = 2000,
                    seed: int = 2026) -> tuple[float, float, float]:
    """Paired bootstrap of F1(b) - F1(a) over pairs: (mean, 2.5 %, 97.5 %)."""
    rng = np.random.default_rng(seed)
    d = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        d.append(f1_at(y[i], s_b[i], t_b) - f1_at(y[i], s_a[i], t_a))
    q = np.percentile(d, [2.5, 97.5])
    return float(np.mean(d)), float(q[0]), float(q[1])


def auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return 100.0 * roc_auc_score(y, s) if 0 < y.sum() < len(y) else float("nan")


# -- commands -------------------------------------------------------------------------------------------
def cmd_gold(args: argparse.Namespace) -> None:
    stories = load_stories()
    title = {s["id"]: s["title"] for s in stories}
    pt = {s["id"]: s["part"] for s in stories}
    for cat, ids in specific_categories(stories, args.k).items():
        print(f"[{cat}]")
        for i in ids:
            print(f"   {i} ({pt[i]}) {title[i]}")
    for name, gold in (("category", category_gold(stories, args.k)), ("read", read_gold(stories))):
        groups: dict[str, list[str]] = defaultdict(list)
        for i, g in gold.items():
            groups[g].append(i)
        multi = [g for g in groups.values() if len(g) > 1]
        print(f"{name} gold: {len(groups)} storylines, {len(multi)} with > 1 story, "
              f"{sum(len(g) * (len(g) - 1) // 2 for g in multi)} pairs: {multi}")


def wikinews_table(stories, vecs, golds, configs) -> list[str]:
    lines = [("| blend (emb, ents, terms) / threshold | gold | part | pairs P / R / F1 (gold, predicted pairs) "
             "| B3 P / R / F1 | storylines |"), "|---|---|---|---|---|---|"]
    for name, w, t in configs:
        pred = link(stories, vecs, w, t)
        for gname, gold in golds.items():
            for p in ("all", "tune", "dev"):
                ids = [s["id"] for s in stories if p == "all" or s["part"] == p]
                pp, pr, pf, ng, npred = pairwise(gold, pred, ids)
                bp, br, bf = b3(gold, pred, ids)
                n_lines = len({pred[i] for i in ids})
                lines.append(f"| {name} ({w[0]:.2f}, {w[1]:.2f}, {w[2]:.2f}) / {t:.2f} | {gname} | {p} "
                             f"| {pp:.1f} / {pr:.1f} / {pf:.1f} ({ng}, {npred}) | {bp:.1f} / {br:.1f} / {bf:.1f} "
                             f"| {n_lines} |")
    return lines


def end_to_end(stories, embs: np.ndarray | None, threshold: float, weights: Sequence[float]) -> tuple[dict[str, str], float]:
    """The product's clusterer over all documents in story order (undated: the order is the clock). A gold
    story's storyline = the storyline of the predicted story holding its Wikinews article. Also: the
    clusterer's own B3 F1 over the documents against the gold stories."""
    from dataclasses import replace

    from lagebild.corpus.cluster import ClusterInput, StoryClusterer

    c = StoryClusterer(embed_backend=None)
    c.storylines.threshold, c.storylines.weights = threshold, tuple(weights)
    row = 0
    for s in stories:
        for d in s["docs"]:
            it = ClusterInput(id=d["id"], lang=d["lang"], title=d["title"], text=d["text"])
            c.learn_one(replace(it, embedding=embs[row]) if embs is not None else it)
            row += 1
    pred = {s["id"]: c.stories[c.story_of(s["docs"][0]["id"])].parent or s["id"] for s in stories}
    doc_ids = [d["id"] for s in stories for d in s["docs"]]
    gold_docs = {d["id"]: s["id"] for s in stories for d in s["docs"]}
    story_f1 = b3(gold_docs, {i: c.story_of(i) or i for i in doc_ids}, doc_ids)[2]
    return pred, story_f1


def show_links(stories, pred: dict[str, str], golds: dict[str, dict[str, str]]) -> list[str]:
    title = {s["id"]: s["title"] for s in stories}
    by: dict[str, list[str]] = defaultdict(list)
    for s in stories:
        by[pred[s["id"]]].append(s["id"])
    out = []
    for ids in by.values():
        if len(ids) > 1:
            marks = " ".join(f"{g}:{'yes' if len({gold[i] for i in ids}) == 1 else 'no'}" for g, gold in golds.items())
            out.append(f"  [{marks}] " + " + ".join(f"{i} {title[i][:48]}" for i in ids))
    return out


def cmd_run(args: argparse.Namespace) -> None:
    backend = args.backend
    # 1. SemEval storyline pairs: fit on tune, report dev
    Xt, yt, lpt = pair_rows("tune", backend)
    Xd, yd, lpd = pair_rows("dev", backend)
    print(f"storyline pairs: tune {len(yt)} ({yt.sum()} same storyline), dev {len(yd)} ({yd.sum()})")
    for j, nm in enumerate(("cos_emb", "cos_ents", "cos_terms")):
        print(f"  signal {nm}: AUC tune {auc(yt, Xt[:, j]):.1f} dev {auc(yd, Xd[:, j]):.1f}")
    hand = np.array(HAND_WEIGHTS)
    grid = np.round(np.arange(0.10, 0.801, 0.01), 2)
    t_fit = best_threshold(yt, Xt @ hand, grid)
    w_lr = fit_blend(Xt, yt)
    t_lr = best_threshold(yt, Xt @ np.array(w_lr), grid)
    configs = [("hand", HAND_WEIGHTS, HAND_THRESHOLD), ("hand, threshold fitted", HAND_WEIGHTS, t_fit),
               ("LR blend, threshold fitted", w_lr, t_lr)]
    groups = {"all": None, "de-de": "de-de", "de-en": "de-en", "en-en": "en-en"}
    print("| blend / threshold | part | AUC all | F1 all | F1 de-de | F1 de-en | F1 en-en |")
    print("|---|---|---|---|---|---|---|")
    for name, w, t in configs:
        for pname, X, y, lp in (("tune", Xt, yt, lpt), ("dev", Xd, yd, lpd)):
            s = X @ np.array(w)
            cells = []
            for g in groups.values():
                m = np.array([g is None or x == g for x in lp])
                cells.append(f"{f1_at(y[m], s[m], t):.1f} ({int(y[m].sum())}/{int(m.sum())})")
            print(f"| {name} ({w[0]:.2f}, {w[1]:.2f}, {w[2]:.2f}) / {t:.2f} | {pname} | {auc(y, s):.1f} | "
                  + " | ".join(cells) + " |")
    s_hand = Xd @ hand
    for name, w, t in configs[1:]:
        m, lo, hi = bootstrap_delta(yd, s_hand, HAND_THRESHOLD, Xd @ np.array(w), t)
        print(f"dev F1 delta vs hand ({name}): {m:+.1f} [95 % {lo:+.1f}, {hi:+.1f}]")
    print("pair F1 by threshold, hand blend (tune / dev):")
    for t in np.round(np.arange(0.30, 0.561, 0.02), 2):
        print(f"  {t:.2f}: {f1_at(yt, Xt @ hand, float(t)):.1f} / {f1_at(yd, s_hand, float(t)):.1f}")
    # 2. Wikinews stories fed to the linker
    stories = load_stories()
    texts = [lead_text(d["title"], d["text"]) for s in stories for d in s["docs"]]
    embs = embeddings(texts, "wikinews", backend) if backend else None
    vecs = story_vectors(stories, embs)
    golds = {"category": category_gold(stories, args.k), "read": read_gold(stories)}
    table = wikinews_table(stories, vecs, golds, configs)
    print("\n".join(table))
    for name, w, t in configs[:2]:
        print(f"predicted multi-story storylines, {name} (gold agrees?):")
        print("\n".join(show_links(stories, link(stories, vecs, w, t), golds)))
    print("end to end (StoryClusterer over the documents in story order):")
    ids = [s["id"] for s in stories]
    for name, w, t in configs:
        pred, story_f1 = end_to_end(stories, embs, t, w)
        cells = " | ".join(f"{g}: pairs {pairwise(gold, pred, ids)[0]:.1f} / {pairwise(gold, pred, ids)[1]:.1f} / "
                           f"{pairwise(gold, pred, ids)[2]:.1f}, B3 F1 {b3(gold, pred, ids)[2]:.1f}" for g, gold in golds.items())
        print(f"  {name} / {t:.2f}: {len(set(pred.values()))} storylines | {cells} | story B3 F1 {story_f1:.1f}")
        if name == "hand":
            print("\n".join(show_links(stories, pred, golds)))
    print("Wikinews threshold sweep (hand blend, all 51 stories): threshold -> pairwise F1 category / read")
    for t in np.round(np.arange(0.20, 0.71, 0.05), 2):
        pred = link(stories, vecs, HAND_WEIGHTS, float(t))
        ids = [s["id"] for s in stories]
        print(f"  {t:.2f}: {pairwise(golds['category'], pred, ids)[2]:.1f} / {pairwise(golds['read'], pred, ids)[2]:.1f}"
              f"  ({len(set(pred.values()))} storylines)")
    if args.write:
        name, w, t = configs[args.write_config]
        PARAMS_PATH.write_text(json.dumps({"weights": [round(x, 4) for x in w], "threshold": round(t, 2), "meta": {
            "fitted_by": "bench/storylines.py run --write", "config": name, "on": "SemEval-2022 storyline pairs, tune",
            "rows": len(yt)}}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS_PATH}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gold")
    g.add_argument("-k", type=int, default=K)
    r = sub.add_parser("run")
    r.add_argument("-k", type=int, default=K)
    r.add_argument("--backend", default="use", help="embedding backend ('' = none)")
    r.add_argument("--write", action="store_true", help="write models/cluster/storylines.json")
    r.add_argument("--write-config", type=int, default=2, help="which config to write (1 fitted threshold, 2 LR)")
    args = ap.parse_args()
    {"gold": cmd_gold, "run": cmd_run}[args.cmd](args)


if __name__ == "__main__":
    main()
