"""Story labels against human headlines (issue #9): does a label say what the story is, and does it tell
stories apart?

    nice .venv/bin/python bench/labels.py                 # tune: every ranking variant (choose here)
    nice .venv/bin/python bench/labels.py --split dev --only shipped,plain   # dev, once, for the chosen one
    nice .venv/bin/python bench/labels.py --seeds         # the seed stories' labels per variant
    nice .venv/bin/python bench/labels.py --cost --only plain,shipped   # CPU per label (de-tune stories)

The Wikinews streams (out/streams/wikinews-shuffled-SPLIT.jsonl, bench/make_streams.py) run through the
shipped clusterer as bench/cluster.py does (cached vectors in out/emb). Each predicted story of >= 2 articles
is matched to the gold cluster most of its articles belong to; that cluster's headline is the title of the
Wikinews article itself (id ``<cluster>-0``; the other members are its sources). Scores (0-100, mean over
the stories):
- words P/R/F1: the label's content words (name parts count as words) vs the headline's, as sets; both
  lower-cased, lemmatised with simplemma for the language, stopwords (`features.stopwords`) dropped;
- keywords P/R/F1: the label as a keyword list: a keyword (one entity or one term) is a hit if any of its
  words is a headline word (precision over keywords), recall = share of headline words some keyword covers;
- distinct: share of a label's words that no other scored story's label has;
- cost: microseconds per `label()` call over all stories of the run.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from lagebild.corpus import labels as L
from lagebild.corpus.features import stopwords

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def variants() -> dict[str, L.Ranking]:
    out = {"plain": L.PLAIN, "shipped": L.RANKING}
    for p in (0.5, 1.0, 2.0):
        for lead in (True, False):
            for once in (0.0, 1.3):
                for title in (0.0, 1.0):
                    for nn in (True, False):
                        out[f"p{p:g}{'-lead' if lead else ''}{f'-once{once:g}' if once else ''}{'-title' if title else ''}"
                            f"{'' if nn else '-allents'}"] = L.Ranking(idf_power=p, lead=lead, once_ratio=once, title=title,
                                                                       names_only=nn)
    for nn in (True, False):
        out[f"p0-title{'' if nn else '-allents'}"] = L.Ranking(idf_power=0.0, lead=False, once_ratio=0.0, title=1.0, names_only=nn)
        out[f"p0-once1.3{'' if nn else '-allents'}"] = L.Ranking(idf_power=0.0, lead=False, once_ratio=1.3, title=0.0, names_only=nn)
    return out


@lru_cache(maxsize=100_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=lang).lower()
    except (ValueError, KeyError):
        return word.lower()


def content_words(text: str, lang: str) -> set[str]:
    stop = stopwords(lang)
    out = set()
    for w in _WORD.findall(text):
        low = w.lower()
        if len(low) < 2 or low in stop:
            continue
        lem = _lemma(w, lang)
        if lem not in stop:
            out.add(lem)
    return out


def keywords(lab: str) -> list[str]:
    ents, _, terms = lab.partition(" — ")
    if not terms and " — " not in lab:  # a label of one kind only
        return [x.strip() for x in lab.split(",") if x.strip()]
    return [x.strip() for x in (ents.split(",") + terms.split(",")) if x.strip()]


def prf(hit_p: float, n_p: int, hit_r: float, n_r: int) -> tuple[float, float, float]:
    p = hit_p / n_p if n_p else 0.0
    r = hit_r / n_r if n_r else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_label(lab: str, head: set[str], lang: str) -> dict[str, float]:
    kws = [content_words(k, lang) for k in keywords(lab)]
    kws = [k for k in kws if k]
    words = set().union(*kws) if kws else set()
    wp, wr, wf = prf(len(words & head), len(words), len(words & head), len(head))
    kp, kr, kf = prf(sum(bool(k & head) for k in kws), len(kws), len(head & words), len(head))
    return {"w_p": wp, "w_r": wr, "w_f1": wf, "k_p": kp, "k_r": kr, "k_f1": kf, "_words": words}  # type: ignore[dict-item]


def run_stream(split: str, with_wikinews: bool = False, name: str = "wikinews-shuffled"):
    """The stream through the shipped clusterer; without the Wikinews articles themselves unless asked (their
    titles are the headlines: inside the stories they would leak into the labels)."""
    from cluster import embedded, run

    rows, items = embedded(f"{name}-{split}")
    keep = [i for i, r in enumerate(rows) if with_wikinews or r["id"] != f"{r['cluster']}-0"]
    heads = {r["cluster"]: r for r in rows if r["id"] == f"{r['cluster']}-0"}
    _, _, c = run([items[i] for i in keep])
    return [rows[i] for i in keep], heads, c


def evaluate(rows: list[dict], heads: dict[str, dict], c, rankings: dict[str, L.Ranking],
             single: bool = False) -> dict[str, dict[str, float]]:
    """Scores of the stories of >= 2 articles (``single``: of the single-article stories instead)."""
    gold = {r["id"]: r["cluster"] for r in rows}
    stories = [s for s in c.stories.values() if s.id not in c.aliases]
    scored = []
    for s in stories:
        if (s.size != 1) if single else (s.size < 2):
            continue
        g, _ = Counter(gold[m] for m in s.members).most_common(1)[0]
        if g in heads:
            scored.append((s, heads[g]))
    out: dict[str, dict[str, float]] = {}
    for name, rk in rankings.items():
        t0 = time.perf_counter()
        labs = {s.id: L.label(s, df=c.df, ranking=rk) for s in stories}
        cost = (time.perf_counter() - t0) / max(1, len(stories)) * 1e6
        res = []
        for s, h in scored:
            lang = max(s.langs, key=lambda k: (s.langs[k], k)) if s.langs else "en"
            res.append(score_label(labs[s.id], content_words(h["title"], h.get("lang") or "en"), lang))
        for i, r in enumerate(res):
            others = set().union(*(x["_words"] for j, x in enumerate(res) if j != i))
            ws = r["_words"]
            r["distinct"] = len(ws - others) / len(ws) if ws else 0.0
        agg = {k: 100 * sum(r[k] for r in res) / max(1, len(res)) for k in ("w_p", "w_r", "w_f1", "k_p", "k_r", "k_f1", "distinct")}
        agg["n"] = len(res)
        agg["us"] = cost
        out[name] = agg
    return out


def distinct_only(name: str, split: str, rankings: dict[str, L.Ranking]) -> dict[str, float]:
    """Distinctiveness alone (no headlines) on a German stream: the stories of >= 2 articles."""
    from cluster import embedded, run

    _, items = embedded(f"{name}-{split}")
    _, _, c = run(items)
    return {"all": _distinct(c, rankings, False), "siblings": _distinct(c, rankings, True)}


def _distinct(c, rankings: dict[str, L.Ranking], siblings: bool) -> dict[str, float]:
    """Mean share of a label's words no other label has: among the stories of >= 2 articles, or
    (``siblings``) among the stories (any size) of the same storyline, for storylines of >= 2 stories."""
    live = {s.id: s for s in c.stories.values() if s.id not in c.aliases}
    if siblings:
        groups = [[live[m] for m in line.members if m in live] for line in c.storylines.lines.values()]
        groups = [g for g in groups if len(g) >= 2]
    else:
        groups = [[s for s in live.values() if s.size >= 2]]
    out = {}
    for vname, rk in rankings.items():
        shares = []
        for g in groups:
            words = []
            for s in g:
                lang = max(s.langs, key=lambda k: (s.langs[k], k)) if s.langs else "de"
                kws = [content_words(k, lang) for k in keywords(L.label(s, df=c.df, ranking=rk))]
                words.append(set().union(*kws) if kws else set())
            count = Counter(w for ws in words for w in ws)
            shares += [sum(count[w] == 1 for w in ws) / len(ws) for ws in words if ws]
        out[vname] = 100 * sum(shares) / max(1, len(shares))
    out["_n"] = float(sum(len(g) for g in groups))
    return out


def examples(rows: list[dict], heads: dict[str, dict], c, rankings: dict[str, L.Ranking], n: int = 6) -> None:
    gold = {r["id"]: r["cluster"] for r in rows}
    big = sorted((s for s in c.stories.values() if s.id not in c.aliases and s.size >= 2), key=lambda s: (-s.size, s.id))
    for s in big[:n]:
        g, _ = Counter(gold[m] for m in s.members).most_common(1)[0]
        print(f"  {s.id} ({s.size}) headline: {heads[g]['title'] if g in heads else None}")
        for name, rk in rankings.items():
            print(f"     {name:>12}: {L.label(s, df=c.df, ranking=rk)}")


def seeds(rankings: dict[str, L.Ranking]) -> None:
    """The seed stories' labels as the store shows them (shipped ranking, full names) and per variant."""
    import tempfile

    from lagebild import Pipeline
    from lagebild.corpus.cluster_rows import ClusterRows

    with tempfile.TemporaryDirectory() as tmp:
        p = Pipeline(db=str(Path(tmp) / "s.db"))
        p.ingest([str(ROOT.parent / "shared" / "seeds")])
        rows = [r for r in p.store.rows("stories") if not r.get("alias_of")]
        print("shipped labels (store rows, full names):")
        for r in sorted(rows, key=lambda r: r["story_id"]):
            print(f"  {r['story_id']} ({r['size']}): {r['label']}")
        for r in p.store.rows("storylines"):
            print(f"  {r['storyline_id']}: {r['label']}")
        _, state = p.store.load_state("cluster")
        cl, _ = ClusterRows.load(p.store, "cluster", state)
        for s in sorted(cl.stories.values(), key=lambda s: s.id):
            for name, rk in rankings.items():
                print(f"  {s.id} {name:>24}: {L.label(s, df=cl.df, ranking=rk)}")
        p.close()


def cost(rankings: dict[str, L.Ranking], name: str = "de-tune") -> None:
    """CPU per `label()` call over every story of a clustered stream (best of 5 passes)."""
    from cluster import embedded, run

    _, items = embedded(name)
    _, _, c = run(items)
    st = [s for s in c.stories.values() if s.id not in c.aliases]
    for vname, rk in rankings.items():
        best = 1e9
        for _ in range(5):
            t0 = time.perf_counter()
            for s in st:
                L.label(s, df=c.df, ranking=rk)
            best = min(best, time.perf_counter() - t0)
        print(f"{name} {vname}: {len(st)} stories, {best / len(st) * 1e6:.0f} µs/label (best of 5)")


# -- NER entity part, product path (German; issue #9) --------------------------------------------------------
# `--ner SPLIT`: a fixed German sample (every SemEval article of out/streams/de-SPLIT.jsonl + its first
# ``N_DISTRACT`` SpkAtt articles, stream order) ingested by the product `Pipeline` with the headline removed from
# the text and not given as title; each stored story's label is scored against its articles' headlines.

N_DISTRACT = 150


def ner_variants() -> dict[str, L.NerRanking]:
    out = {}
    for p in (0.0, 0.5, 1.0, 2.0):
        for m in (0.0, 0.5, 1.0):
            for skip in ("proxy", "chosen", "ner"):
                for k in (2, 3):
                    out[f"ner-p{p:g}-m{m:g}-{skip}-k{k}"] = L.NerRanking(idf_power=p, mentions=m, term_skip=skip, k=k)
    out["ner-p0-m0-proxy-k3-nomisc"] = L.NerRanking(idf_power=0.0, mentions=0.0, types=("PER", "ORG", "LOC"))
    out["shipped-ner"] = L.NER_RANKING
    return out


def ner_sample(split: str) -> list[dict]:
    """The fixed sample with each row's headline (``head``) and headline-free text (``body``)."""
    import json

    from make_streams import split_title

    rows = [json.loads(x) for x in (ROOT / "out" / "streams" / f"de-{split}.jsonl").open(encoding="utf-8")]
    out, n_spk = [], 0
    for r in rows:
        spk = r["id"].startswith("spk")
        if spk:
            if n_spk >= N_DISTRACT:
                continue
            n_spk += 1
        head, body = (r["title"], r["text"]) if r.get("title") else split_title(r["text"])
        if body.startswith(head):  # a title repeated as the text's first line
            body = body[len(head):].strip()
        out.append({**r, "head": head, "body": body})
    return out


def ner_ingest(split: str, fresh: bool = False):
    """The sample through the product pipeline, into out/labels-ner-SPLIT/ (kept: variants re-score it)."""
    import json
    import shutil

    from lagebild import Pipeline

    sample = ner_sample(split)
    d = ROOT / "out" / f"labels-ner-{split}"
    if fresh and d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True, exist_ok=True)
    src = d / "input.jsonl"
    db = d / "lagebild.db"
    if not db.exists():
        with src.open("w", encoding="utf-8") as f:
            for r in sample:
                f.write(json.dumps({"id": r["id"], "text": r["body"], "date": r["date"], "lang": "de"}, ensure_ascii=False) + "\n")
        t0 = time.perf_counter()
        rep = Pipeline(db=str(db)).ingest([str(src)])
        print(f"ingested {len(rep.stored)} of {len(sample)} articles in {time.perf_counter() - t0:.0f} s")
    return sample, db


def ner_eval(split: str, rankings: dict[str, L.NerRanking], fresh: bool = False, show: int = 0) -> None:
    """Keyword-list F1 of each story's label against its articles' headlines: before (the proxy entity part,
    from the final clusterer state), the stored labels, and each NER ranking from the stored counts."""
    import json

    from lagebild import Pipeline
    from lagebild.corpus.cluster_rows import ClusterRows

    sample, db = ner_ingest(split, fresh)
    by_line = {i + 1: r for i, r in enumerate(sample)}
    p = Pipeline(db=str(db))
    doc_row = {}
    for a in p.store.rows("articles"):
        m = re.search(r"\(line (\d+)\)", a["source_path"] or "")
        if m:
            doc_row[a["doc_id"]] = by_line[int(m.group(1))]
    members: dict[str, list[str]] = {}
    for sa in p.store.rows("story_articles"):
        members.setdefault(sa["story_id"], []).append(sa["doc_id"])
    _, state = p.store.load_state("cluster")
    cl, _ = ClusterRows.load(p.store, "cluster", state)
    stories = [r for r in p.store.rows("stories") if not r.get("alias_of")]
    labs: dict[str, dict[str, str]] = {}
    for r in stories:
        s = cl.stories.get(cl.resolve(r["story_id"]))
        if s is None:
            continue
        det = json.loads(r["detail_json"] or "{}")
        ner = L.valid_ner(det.get("ner"))
        names = dict(det.get("names") or {})
        lab = {"before (proxy)": L.named_fields(s, names, [], cl.df)[0], "stored": r["label"]}
        for name, rk in rankings.items():
            f = L.ner_fields(s, ner, cl.df, rk)
            lab[name] = f[0] if f else lab["before (proxy)"]
        labs[r["story_id"]] = lab
    groups = {"all": lambda n: True, ">= 2 articles": lambda n: n >= 2, "1 article": lambda n: n == 1}
    names_v = list(next(iter(labs.values())).keys())
    words = {sid: {v: set().union(set(), *(content_words(k, "de") for k in keywords(lab[v]))) for v in names_v} for sid, lab in labs.items()}
    lines: dict[str, list[str]] = {}
    for r in stories:
        if r["story_id"] in labs:
            lines.setdefault(r["storyline_id"] or r["story_id"], []).append(r["story_id"])
    sib = [g for g in lines.values() if len(g) >= 2]

    def distinct(v: str, groups_: list[list[str]]) -> float:
        shares = []
        for g in groups_:
            cnt = Counter(w for sid in g for w in words[sid][v])
            shares += [sum(cnt[w] == 1 for w in words[sid][v]) / len(words[sid][v]) for sid in g if words[sid][v]]
        return 100 * sum(shares) / max(1, len(shares))

    dist = {v: (distinct(v, [list(labs)]), distinct(v, sib)) for v in names_v}
    print(f"distinct: over all {len(labs)} stories / among the {sum(map(len, sib))} stories of {len(sib)} storylines of >= 2")
    for gname, keep in groups.items():
        res: dict[str, list[dict]] = {v: [] for v in names_v}
        n_st = 0
        for sid, lab in labs.items():
            heads = [doc_row[d]["head"] for d in members.get(sid, []) if d in doc_row and doc_row[d]["head"]]
            if not heads or not keep(len(members.get(sid, []))):
                continue
            n_st += 1
            for v in names_v:
                per = [score_label(lab[v], content_words(h, "de"), "de") for h in heads]
                res[v].append({k: sum(x[k] for x in per) / len(per) for k in ("k_p", "k_r", "k_f1", "w_f1")})
        print(f"\nde-{split} sample ({len(sample)} articles): {n_st} stories ({gname}) with headlines")
        print(f"{'variant':<26} {'kw P':>5} {'R':>5} {'F1':>5} | {'words F1':>8} | {'dist':>5} {'sib':>5}")
        for v in sorted(names_v, key=lambda v: -sum(x["k_f1"] for x in res[v])):
            rr = res[v]
            a = {k: 100 * sum(x[k] for x in rr) / max(1, len(rr)) for k in ("k_p", "k_r", "k_f1", "w_f1")}
            print(f"{v:<26} {a['k_p']:5.1f} {a['k_r']:5.1f} {a['k_f1']:5.1f} | {a['w_f1']:8.1f} | {dist[v][0]:5.1f} {dist[v][1]:5.1f}")
    big = sorted(labs, key=lambda sid: (-len(members.get(sid, [])), sid))[:show]
    for sid in big:
        heads = [doc_row[d]["head"] for d in members.get(sid, []) if d in doc_row][:2]
        print(f"  {sid} ({len(members.get(sid, []))}) headlines: {heads}")
        for v in ("before (proxy)", "stored"):
            print(f"     {v:>16}: {labs[sid][v]}")
    p.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="tune", choices=("tune", "dev"))
    ap.add_argument("--only", default="", help="comma-separated variant names (default: all)")
    ap.add_argument("--examples", type=int, default=0, help="print the labels of the N largest stories")
    ap.add_argument("--with-wikinews", action="store_true", help="keep the Wikinews articles (their titles are the headlines)")
    ap.add_argument("--cost", action="store_true", help="CPU per label on de-tune instead")
    ap.add_argument("--seeds", action="store_true", help="the seed stories' labels instead")
    ap.add_argument("--ner", default="", choices=("", "tune", "dev"), help="the German NER-label benchmark on this split")
    ap.add_argument("--fresh", action="store_true", help="--ner: ingest again (else the kept store is re-scored)")
    args = ap.parse_args()
    if args.ner:
        nv = ner_variants()
        ner_eval(args.ner, {k: nv[k] for k in args.only.split(",")} if args.only else nv, args.fresh, args.examples)
        return
    rankings = variants()
    if args.only:
        rankings = {k: rankings[k] for k in args.only.split(",")}
    if args.seeds:
        seeds(rankings)
        return
    if args.cost:
        cost(rankings)
        return
    rows, heads, c = run_stream(args.split, args.with_wikinews)
    for single in (False, True):
        res = evaluate(rows, heads, c, rankings, single)
        n = next(iter(res.values()))["n"]
        print(f"\nwikinews-shuffled-{args.split}{' with' if args.with_wikinews else ' without'} the Wikinews articles: "
              f"{len(rows)} articles, {n} scored stories ({'1 article' if single else '>= 2 articles'})")
        print(f"{'variant':<24} {'words P':>7} {'R':>5} {'F1':>5} | {'kw P':>5} {'R':>5} {'F1':>5} | {'distinct':>8} | {'µs/label':>8}")
        for name, a in sorted(res.items(), key=lambda kv: (-kv[1]["k_f1"], kv[0])):
            print(f"{name:<24} {a['w_p']:7.1f} {a['w_r']:5.1f} {a['w_f1']:5.1f} | {a['k_p']:5.1f} {a['k_r']:5.1f} {a['k_f1']:5.1f} | "
                  f"{a['distinct']:8.1f} | {a['us']:8.0f}")
    de = distinct_only("de", args.split, rankings)
    wn = _distinct(c, rankings, True)
    print(f"\ndistinct without headlines: de-{args.split} (German) over its {de['all']['_n']:.0f} stories of >= 2 articles, "
          f"and among storyline siblings: de-{args.split} {de['siblings']['_n']:.0f} stories, wikinews {wn['_n']:.0f}")
    print(f"{'variant':<24} {'de all':>6} {'de sib':>6} {'wn sib':>6}")
    for name in sorted(rankings, key=lambda k: (-de["siblings"][k], k)):
        print(f"{name:<24} {de['all'][name]:6.1f} {de['siblings'][name]:6.1f} {wn[name]:6.1f}")
    if args.examples:
        examples(rows, heads, c, rankings, args.examples)


if __name__ == "__main__":
    main()
