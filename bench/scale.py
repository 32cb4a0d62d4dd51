"""Scale benchmark: Dask worker throughput, store size/throughput, corpus-stage cost growth.

    nice .venv/bin/python bench/scale.py workers --n 120
    nice .venv/bin/python bench/scale.py size --sizes 1000,10000,100000 --corpus-upto 10000

Texts: the German SpkAtt Wikinews articles (../shared/data/spkatt2023, detokenised
with `lagebild.eval.spkatt`). ``workers`` runs the full default document-stage chain
(build + annotate) on real texts. ``size`` annotates a pool of real texts once and
then makes *synthetic* articles, dated ~500 a day, with real annotation density:
``--reuse realistic`` (default) is a stream of distinct stories (recombined sentence
runs with ~40 % of their words swapped) of which ~35 % of articles are syndicated
copies of a story from the last 300 articles, and ~10 % of stories reuse a recent
paragraph; ``--reuse worst`` recombines runs of whole sentences from the same pool
for every article, so every sentence recurs and the reuse per article grows with the
corpus. Results go to stdout as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("LAGEBILD_SHARED", REPO.parent / "shared")) / "data" / "spkatt2023"


def spkatt_records(n: int) -> list[Any]:
    from lagebild.eval import spkatt
    from lagebild.ingest import RawRecord

    files = sorted((DATA / "train").glob("*.json")) + sorted((DATA / "unlabelled").glob("*.json"))
    recs = []
    for f in files[:n]:
        d = spkatt.read_file(f)
        recs.append(RawRecord(body=f"{d.title or ''}\n\n{d.text}", origin=f"spkatt/{f.name}", reader="text"))
    return recs


def _load() -> float:
    return os.getloadavg()[0]


# --- 1 vs 2 workers ----------------------------------------------------------------
def _warm(names: tuple[str, ...], settings: Any, rec: Any) -> int:
    from lagebild import ingest
    from lagebild.scale import worker as W

    p = W.pipeline_for(names, settings)
    p.annotate(ingest.build_document(rec))
    return os.getpid()


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _nanny_cpu(client: Any) -> float:
    try:
        return sum(client.run(_cpu, nanny=True).values())
    except Exception:  # no nannies (e.g. an external cluster without them)
        return 0.0


MODES = {  # name -> (dask_client keyword arguments, map_documents fuse_after)
    "lean": ({"nanny": False, "lean": True}, 2),  # LeanCluster (no nannies, quiet monitors), fused batches
    "old": ({"nanny": True, "lean": False}, None),  # before 2026-11-26 13:00: LocalCluster + nannies, 3 tasks per batch
}


def _idle_cpu(client: Any, seconds: float = 5.0) -> dict[str, float]:
    """CPU per second of each kind of process while the cluster does nothing (its fixed cost)."""
    d0, w0, n0 = _cpu(), sum(client.run(_cpu).values()), _nanny_cpu(client)
    time.sleep(seconds)
    return {"idle_driver_cpu_per_s": round((_cpu() - d0) / seconds, 4),
            "idle_workers_cpu_per_s": round((sum(client.run(_cpu).values()) - w0) / seconds, 4),
            "idle_nannies_cpu_per_s": round((_nanny_cpu(client) - n0) / seconds, 4)}


def _one_run(w: int, recs: list[Any], warm: list[Any], names: tuple[str, ...], settings: Any, batch_size: int, e2e_dir: Path | None,
             mode: str = "lean") -> list[dict]:
    """One local cluster of ``w`` workers: the document-stage map, then (optionally) the
    end-to-end ingest of the same texts from files into a fresh SQLite store.

    CPU accounting (load-independent): ``driver`` is this process (the driver and the
    Dask scheduler, which runs in it), ``worker`` the worker processes, ``nanny`` the
    nanny processes (none in the lean mode)."""
    from lagebild import Pipeline
    from lagebild.scale import worker as W
    from lagebild.scale.runner import dask_client, ingest_distributed, map_documents

    kwargs, fuse_after = MODES[mode]
    rows = []
    with dask_client(workers=w, **kwargs) as client:
        client.wait_for_workers(w, timeout=300)
        client.register_plugin(W.ModelPlugin(names, settings))  # models load once per worker, at start
        client.run(_warm, names, settings, warm[0])  # first-call caches, before timing
        idle = _idle_cpu(client)
        cpu0, nan0 = sum(client.run(_cpu).values()), _nanny_cpu(client)
        t0, l0, d0 = time.perf_counter(), _load(), _cpu()
        k = sum(1 for kind, _ in map_documents(client, recs, settings=settings, stage_names=names, existing=lambda ids: set(), batch_size=batch_size,
                                               keep_tokens=False, fuse_after=fuse_after) if kind == "doc")
        dt, driver = time.perf_counter() - t0, _cpu() - d0
        cpu, nanny = sum(client.run(_cpu).values()) - cpu0, _nanny_cpu(client) - nan0
        rows.append({"bench": "doc_stages", "mode": f"dask {w} worker(s)", "setup": mode, "workers": w, "n": k, "seconds": round(dt, 2), "docs_per_s": round(k / dt, 2),
                     "worker_cpu_s_per_doc": round(cpu / k, 4), "driver_cpu_s_per_doc": round(driver / k, 4), "nanny_cpu_s_per_doc": round(nanny / k, 4),
                     "overhead_cpu_s_per_doc": round((driver + nanny) / k, 4),
                     "capacity_docs_per_s": round(w / (cpu / k), 1), "load": round((l0 + _load()) / 2, 1), "batch_size": batch_size, **idle})
        print(json.dumps(rows[-1]), flush=True)
        if e2e_dir is not None:
            db = tempfile.mkdtemp(prefix="lagebild-e2e-") + "/e2e.db"
            p = Pipeline(db=db, stages=list(names), settings=settings)
            t0, l0, d0 = time.perf_counter(), _load(), _cpu()
            rep = ingest_distributed(p, [e2e_dir], corpus=False, client=client)
            dt, driver = time.perf_counter() - t0, _cpu() - d0
            n = len(rep.stored)
            rows.append({"bench": "ingest_e2e", "mode": f"dask {w} worker(s)", "setup": mode, "workers": w, "n": n, "seconds": round(dt, 2), "docs_per_s": round(n / dt, 2),
                         "driver_cpu_s_per_doc": round(driver / n, 4), "load": round((l0 + _load()) / 2, 1)})
            print(json.dumps(rows[-1]), flush=True)
            p.store.close()
    return rows


def bench_workers(n: int, worker_counts: list[int], repeat: int = 1, batch_size: int = 16, e2e: bool = True,
                  modes: tuple[str, ...] = ("lean",), in_process: bool = True) -> list[dict]:
    """Document stages mapped over 1 and 2 Dask workers (`map_documents`, results
    streamed back in arrival order, nothing else on the driver), alternating the
    worker counts (and setups, ``modes``) ``repeat`` times; plus end-to-end
    `ingest_distributed` (read files, build + annotate on the workers, store in
    batches; corpus stages off)."""
    from lagebild import Pipeline, ingest

    recs = spkatt_records(n + 4)
    warm, recs = recs[:4], recs[4:]
    p = Pipeline(db=":memory:")
    names, settings = tuple(p.stage_names), p.settings
    out = []
    if in_process:
        for r in warm:  # in-process baseline
            p.annotate(ingest.build_document(r))
        t0, c0, l0 = time.perf_counter(), _cpu(), _load()
        for r in recs:
            p.annotate(ingest.build_document(r))
        dt = time.perf_counter() - t0
        out.append({"bench": "doc_stages", "mode": "in-process", "n": len(recs), "seconds": round(dt, 2), "docs_per_s": round(len(recs) / dt, 2), "cpu_s_per_doc": round((_cpu() - c0) / len(recs), 4), "load": round((l0 + _load()) / 2, 1), "stages": list(names)})
        print(json.dumps(out[-1]), flush=True)
    e2e_dir = None
    if e2e:
        e2e_dir = Path(tempfile.mkdtemp(prefix="lagebild-e2e-in-"))
        for i, r in enumerate(recs):
            (e2e_dir / f"{i:05d}.txt").write_text(r.body, encoding="utf-8")
    for _ in range(repeat):
        for mode in modes:
            for w in worker_counts:
                out += _one_run(w, recs, warm, names, settings, batch_size, e2e_dir, mode)
    for mode in modes:
        for bench in ("doc_stages", "ingest_e2e"):
            runs = {w: [r for r in out if r["bench"] == bench and r.get("workers") == w and r.get("setup") == mode] for w in (1, 2)}
            if runs[1] and runs[2]:
                best = {w: max(r["docs_per_s"] for r in runs[w]) for w in (1, 2)}
                row = {"bench": bench, "setup": mode, "ratio_2_vs_1_best": round(best[2] / best[1], 2),
                       "ratio_2_vs_1_per_rep": [round(b["docs_per_s"] / a["docs_per_s"], 2) for a, b in zip(runs[1], runs[2])]}
                if bench == "doc_stages":
                    one, two = runs[1][-1], runs[2][-1]
                    row["ratio_2_vs_1_cpu"] = round(two["capacity_docs_per_s"] / one["capacity_docs_per_s"], 2)
                    # two cores, everything included: each worker needs w CPU s per doc, the driver
                    # (scheduler included) and the nannies d: 1 worker does 1/w, 2 workers 2/(w + d)
                    wcpu = two["worker_cpu_s_per_doc"]
                    dcpu = two["driver_cpu_s_per_doc"] + two["nanny_cpu_s_per_doc"]
                    row["ratio_2_vs_1_two_core_model"] = round(2 * one["worker_cpu_s_per_doc"] / (wcpu + dcpu), 2)
                out.append(row)
                print(json.dumps(row), flush=True)
    return out


# --- synthetic articles --------------------------------------------------------------
def annotated_pool(n: int) -> list[Any]:
    from lagebild import Pipeline, ingest

    p = Pipeline(db=":memory:")
    return [p.annotate(ingest.build_document(r)) for r in spkatt_records(n)]


def _inside(items, s: int, e: int, shift: int):
    return [replace(x, start=x.start - s + shift, end=x.end - s + shift) for x in items if x.start >= s and x.end <= e]


def synth(pool: list[Any], k: int) -> Any:
    """Article k: runs of 2–4 whole sentences from three pool articles, annotations shifted."""
    from lagebild.model import DateInfo, Document, Field, Metadata, Quote, make_doc_id

    rng = random.Random(k)
    parts: list[str] = []
    sents, ents, tims, quotes = [], [], [], []
    pos = 0
    for d in rng.sample(pool, 3):
        if not d.sentences:
            continue
        i = rng.randrange(len(d.sentences))
        j = min(len(d.sentences), i + rng.randint(2, 4))
        s, e = d.sentences[i].start, d.sentences[j - 1].end
        if parts:
            pos += 2  # "\n\n"
        sents += _inside(d.sentences, s, e, pos)
        ents += _inside(d.entities, s, e, pos)
        tims += _inside(d.timexes, s, e, pos)
        for q in d.quotes:
            if q.start >= s and q.end <= e:
                sh = pos - s
                mv = lambda sp: None if sp is None else replace(sp, start=sp.start + sh, end=sp.end + sh)  # noqa: E731
                quotes.append(replace(q, message=tuple(mv(x) for x in q.message), cue=tuple(mv(x) for x in q.cue), speaker=mv(q.speaker), addressee=mv(q.addressee), relay=mv(q.relay)))
        parts.append(d.text[s:e])
        pos += e - s
    text = "\n\n".join(parts)
    day = 1 + (k // 500) % 28
    month = 1 + (k // (500 * 28)) % 12
    title = text[: sents[0].end] if sents else text[:80]
    return Document(
        doc_id=make_doc_id(text),
        text=text,
        raw=text,
        meta=Metadata(title=Field(title, "bench:synthetic"), date=DateInfo(f"2024-{month:02d}-{day:02d}", "day", "bench:synthetic")),
        lang="de",
        lang_confidence=1.0,
        sentences=tuple(sents),
        entities=tuple(ents),
        timexes=tuple(tims),
        quotes=tuple(q for q in quotes if isinstance(q, Quote)),
        stages=pool[0].stages,
    )


# --- realistic reuse: stories with a bounded number of copies --------------------------
REUSE_WINDOW = 300  # copies and reused passages come from the last 300 articles (~0.6 day at 500/day)
P_COPY = 0.35  # share of articles that are a syndicated copy of a recent story
P_PASSAGE = 0.10  # share of new stories that reuse a paragraph of a recent story
_LOWER = __import__("re").compile(r"\b[a-zäöüß]{4,}\b")


def _vocab(pool: list[Any]) -> dict[int, list[str]]:
    by_len: dict[int, set[str]] = {}
    for d in pool:
        for m in _LOWER.finditer(d.text):
            by_len.setdefault(len(m.group(0)), set()).add(m.group(0))
    return {n: sorted(ws) for n, ws in by_len.items()}


def _story(pool: list[Any], vocab: dict[int, list[str]], k: int) -> Any:
    """A new story's text: a recombination (as `synth`) in which ~40 % of the lower-case
    words outside entities are replaced by other words of the same length (offsets and
    annotations stay valid). Every story is then a distinct text: no sentence recurs in
    other stories, as in a real stream, while the annotation density stays real."""
    from lagebild.model import make_doc_id

    base = synth(pool, 1_000_000 + k)
    rng = random.Random(-1 - k)
    chars = list(base.text)
    ents = sorted((e.start, e.end) for e in base.entities)
    for m in _LOWER.finditer(base.text):
        if rng.random() >= 0.4 or any(a < m.end() and m.start() < b for a, b in ents):
            continue
        w = rng.choice(vocab[len(m.group(0))])
        chars[m.start() : m.end()] = w
    text = "".join(chars)
    meta = replace(base.meta, title=replace(base.meta.title, value=text[: base.sentences[0].end] if base.sentences else text[:80]))
    return replace(base, text=text, raw=text, doc_id=make_doc_id(text), meta=meta)


def _shifted(d: Any, prefix: str, suffix: str, cut: int | None = None) -> Any:
    """The document with text prefix + text[:cut] + suffix, annotations moved along."""
    from lagebild.model import make_doc_id

    cut = len(d.text) if cut is None else cut
    n = len(prefix)
    text = prefix + d.text[:cut] + suffix
    quotes = []
    for q in d.quotes:
        if q.end <= cut:
            mv = lambda sp: None if sp is None else replace(sp, start=sp.start + n, end=sp.end + n)  # noqa: E731
            quotes.append(replace(q, message=tuple(mv(x) for x in q.message), cue=tuple(mv(x) for x in q.cue), speaker=mv(q.speaker), addressee=mv(q.addressee), relay=mv(q.relay)))
    return replace(d, text=text, raw=text, doc_id=make_doc_id(text), sentences=tuple(_inside(d.sentences, 0, cut, n)),
                   entities=tuple(_inside(d.entities, 0, cut, n)), timexes=tuple(_inside(d.timexes, 0, cut, n)), quotes=tuple(quotes))


def _copied_from(k: int) -> int | None:
    """The article that article k copies (None: k is a new story), as `realistic` draws it."""
    rng = random.Random(k)
    if k > 0 and rng.random() < P_COPY:
        return k - rng.randint(1, min(k, REUSE_WINDOW))
    return None


def realistic(pool: list[Any], vocab: dict[int, list[str]], k: int) -> Any:
    """Article k of a stream with realistic reuse (see `P_COPY`, `P_PASSAGE`, `REUSE_WINDOW`):
    a new story, or a syndicated copy (new headline, shortened, agency boilerplate) of a
    story from the last `REUSE_WINDOW` articles. Copies per story do not grow with the
    stream (≈ P_COPY / (1 − P_COPY) on average), unlike `synth`, the worst case."""
    rng = random.Random(k)
    day = 1 + (k // 500) % 28
    month = 1 + (k // (500 * 28)) % 12
    if k > 0 and rng.random() < P_COPY:
        j = k - rng.randint(1, min(k, REUSE_WINDOW))
        while (up := _copied_from(j)) is not None:  # a copy of a copy: back to the story
            j = up
        src = _story(pool, vocab, j)
        how = rng.choice(("headline", "shortened", "boilerplate"))
        tag = f"\n\nQuelle: Agentur, Meldung {k}"
        if how == "headline":
            d = _shifted(src, f"Bericht {k}: Was bisher bekannt ist\n\n", tag)
        elif how == "shortened" and len(src.sentences) >= 3:
            d = _shifted(src, "", tag, src.sentences[max(2, len(src.sentences) * 7 // 10) - 1].end)
        else:
            d = _shifted(src, "", "\n\n(c) Nachrichtenagentur 2024. Alle Rechte vorbehalten. Mehr lesen" + tag)
    else:
        d = _story(pool, vocab, k)
        if k > 0 and rng.random() < P_PASSAGE and len(d.sentences) >= 2:  # background paragraph of a recent story
            src = _story(pool, vocab, k - rng.randint(1, min(k, REUSE_WINDOW)))
            if len(src.sentences) >= 2:
                para = src.text[src.sentences[0].start : src.sentences[min(2, len(src.sentences) - 1)].end]
                d = _shifted(d, "", "\n\n" + para + f"\n\nMeldung {k}")
    return replace(d, meta=replace(d.meta, date=replace(d.meta.date, value=f"2024-{month:02d}-{day:02d}")))


def _db_size(store: Any) -> int:
    from sqlalchemy import text

    if store.is_sqlite:
        path = store.url[len("sqlite:///") :]
        with store.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    with store.engine.connect() as c:
        return int(c.execute(text("select pg_database_size(current_database())")).scalar())


def _rows_bytes(store: Any) -> dict[str, int]:
    """Bytes of corpus-stage state per stage: the scalars in corpus_state + its rows."""
    from sqlalchemy import func, select

    from lagebild.store import schema as S

    out: dict[str, int] = {}
    with store.engine.connect() as c:
        for name, n in c.execute(select(S.corpus_state.c.name, func.length(S.corpus_state.c.state))).all():
            out[name] = int(n or 0)
        for name, n in c.execute(select(S.corpus_rows.c.name, func.sum(func.length(S.corpus_rows.c.data))).group_by(S.corpus_rows.c.name)).all():
            out[name] = out.get(name, 0) + int(n or 0)
    return out


def _blob_probe(store: Any, name: str, live: Any) -> float:
    """For comparison: seconds one save of the whole state as one JSON blob takes (schema 1's
    way; written under a probe name, then deleted — the stage's own state is untouched)."""
    from sqlalchemy import delete

    from lagebild.store import schema as S

    t = time.perf_counter()
    with store.transaction() as c:
        store.save_state(c, name + ":blob", live.processed, live.adapter.state())
    dt = time.perf_counter() - t
    with store.transaction() as c:
        c.execute(delete(S.corpus_state).where(S.corpus_state.c.name == name + ":blob"))
    return round(dt, 3)


def bench_size(sizes: list[int], corpus_upto: int, window: int, db: str | None, pool_n: int, reuse: str = "realistic",
               only: list[str] | None = None, corpus_steps: list[int] | None = None) -> list[dict]:
    """Store writes and corpus stages at growing corpus sizes. With ``db`` naming an existing
    store made by this benchmark (same ``--pool``/``--reuse``), the stream continues after
    its last article and the corpus stages resume from their saved state (rows)."""
    from lagebild.corpus.runner import _LIVE, run_corpus_stages
    from lagebild.settings import load_settings
    from lagebild.store import Store

    t0 = time.perf_counter()
    pool = annotated_pool(pool_n)
    print(json.dumps({"bench": "pool", "articles": len(pool), "seconds": round(time.perf_counter() - t0, 1)}), flush=True)
    tmp = tempfile.mkdtemp(prefix="lagebild-scale-")
    store = Store(db or f"{tmp}/scale.db")
    settings = load_settings(db=store.db)
    stages = [x for x in settings.corpus_stages if not only or x in only]
    vocab = _vocab(pool)

    def gen(i: int) -> Any:
        return realistic(pool, vocab, i) if reuse == "realistic" else synth(pool, i)
    out: list[dict] = []
    k = store.max_seq()  # 0 for a new store
    if k:
        print(json.dumps({"bench": "resume", "articles": k, "watermarks": {n: store.load_watermark(n) for n in stages}}), flush=True)

    cpu_w = 0.0  # CPU seconds of this process spent writing (load-independent)

    def write_until(n: int) -> float:
        nonlocal k, cpu_w
        spent = 0.0
        while k < n:
            batch = [gen(i) for i in range(k, min(n, k + 200))]
            t, c = time.perf_counter(), time.process_time()
            store.add_documents(batch)
            spent += time.perf_counter() - t
            cpu_w += time.process_time() - c
            k += len(batch)
        return spent

    def corpus(timed: bool, until: int | None = None) -> tuple[dict[str, float], dict[str, float]]:
        """Streaming mode (as the server runs: state stays in memory between calls). The
        incremental stages (dedup, cluster) save their state with every batch of 100
        articles inside the timed window; the save's own time is reported separately."""
        wall, cpu = {}, {}
        for name in stages:
            lv = _LIVE.get((store.url, name))
            s0 = getattr(lv.adapter, "save_seconds", 0.0) if lv else 0.0
            sc0 = getattr(lv.adapter, "save_cpu_seconds", 0.0) if lv else 0.0
            t, c = time.perf_counter(), time.process_time()
            n = run_corpus_stages(store, replace(settings, corpus_stages=(name,)), checkpoint=False, until=until).get(name, 0)
            if timed and n:
                lv = _LIVE.get((store.url, name))
                wall[name] = round(1000 * (time.perf_counter() - t) / n, 2)
                cpu[name] = round(1000 * (time.process_time() - c) / n, 2)
                if lv is not None and hasattr(lv.adapter, "save_seconds"):
                    wall[name + "_save_ms_per_article"] = round(1000 * (lv.adapter.save_seconds - s0) / n, 3)
                    cpu[name + "_save_ms_per_article"] = round(1000 * (lv.adapter.save_cpu_seconds - sc0) / n, 3)
                    wall[name + "_blob_save_s"] = _blob_probe(store, name, lv)
        return wall, cpu

    prev = k
    for size in sizes:
        if size <= prev:
            continue
        do_corpus = size <= corpus_upto
        cpu_w = 0.0
        t_size = time.perf_counter()
        spent = write_until(size - window if do_corpus else size)
        if do_corpus:
            corpus(False)  # catch up to size - window (untimed)
            spent += write_until(size)
            per, per_cpu = corpus(True)  # the last `window` articles, at corpus size ~size
        n_new = size - prev
        row = {"bench": "size", "articles": size, "store_docs_per_s": round(n_new / spent, 1), "store_docs_per_cpu_s": round(n_new / max(cpu_w, 1e-9), 1), "db_mb": round(_db_size(store) / 1e6, 1), "mb_per_1k": round(_db_size(store) / 1e6 / size * 1000, 2), "backend": "sqlite" if store.is_sqlite else "postgresql", "load": round(_load(), 1), "reuse": reuse,
               "state_mb": {n: round(b / 1e6, 2) for n, b in _rows_bytes(store).items()}, "step_minutes": round((time.perf_counter() - t_size) / 60, 1)}
        if do_corpus:
            row["corpus_ms_per_article"] = per
            row["corpus_cpu_ms_per_article"] = per_cpu
        out.append(row)
        print(json.dumps(row), flush=True)
        prev = size
    for step in corpus_steps or []:  # corpus stages catch up on an already written stream, timed at each step
        if step > k or step <= min(store.load_watermark(n) for n in stages):
            continue
        t_step = time.perf_counter()
        corpus(False, until=step - window)
        per, per_cpu = corpus(True, until=step)
        row = {"bench": "corpus", "corpus_articles": step, "store_articles": k, "load": round(_load(), 1), "reuse": reuse,
               "state_mb": {n: round(b / 1e6, 2) for n, b in _rows_bytes(store).items()}, "step_minutes": round((time.perf_counter() - t_step) / 60, 1),
               "corpus_ms_per_article": per, "corpus_cpu_ms_per_article": per_cpu}
        out.append(row)
        print(json.dumps(row), flush=True)
    return out


def bench_load(db: str) -> list[dict]:
    """Seconds to load each incremental corpus stage's state from its rows (a process start)."""
    from lagebild.corpus import runner
    from lagebild.settings import load_settings
    from lagebild.store import Store

    st = Store(db, create=False)
    settings = load_settings(db=st.db)
    out = []
    for name in ("dedup", "cluster"):
        ad = runner.get_adapter(name, settings)
        t, c = time.perf_counter(), time.process_time()
        wm, state = st.load_state(name)
        ad.load(state, st)
        out.append({"bench": "state_load", "stage": name, "watermark": wm, "load_s": round(time.perf_counter() - t, 2),
                    "load_cpu_s": round(time.process_time() - c, 2), "load": round(_load(), 1)})
        print(json.dumps(out[-1]), flush=True)
    return out


def _throwaway_pg() -> Any:
    """A throwaway PostgreSQL server (tests/pg.py: initdb + pg_ctl, fsync off)."""
    sys.path.insert(0, str(REPO / "tests"))
    from pg import PgServer

    return PgServer()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("workers", help="document-stage throughput: in-process, 1 and 2 Dask workers")
    w.add_argument("--n", type=int, default=120)
    w.add_argument("--workers", default="1,2")
    w.add_argument("--repeat", type=int, default=1, help="alternate the worker counts this many times")
    w.add_argument("--batch", type=int, default=16, help="records per Dask task")
    w.add_argument("--no-e2e", action="store_true", help="skip the end-to-end ingest runs")
    w.add_argument("--modes", default="lean", help="cluster setups to alternate: lean (default), old (nannies, "
                   "Dask's default monitors, 3 tasks per batch), or lean,old")
    w.add_argument("--no-in-process", action="store_true", help="skip the in-process baseline")
    s = sub.add_parser("size", help="store throughput + size at corpus sizes; corpus-stage cost per article")
    s.add_argument("--sizes", default="1000,10000,100000")
    s.add_argument("--corpus-upto", type=int, default=10000, help="run corpus stages up to this size")
    s.add_argument("--window", type=int, default=200, help="articles timed per corpus-stage measurement")
    s.add_argument("--pool", type=int, default=150, help="real articles annotated for recombination")
    s.add_argument("--db", default=None, help="an SQLite path or a postgresql:// URL (default: a temporary SQLite file); "
                   "a store made by an earlier run of this benchmark is continued")
    s.add_argument("--reuse", choices=("realistic", "worst"), default="realistic",
                   help="realistic: stories with a bounded number of copies (`realistic`); worst: every article "
                        "recombines sentences of the same pool, so reuse grows with the corpus (`synth`)")
    s.add_argument("--stages", default="", help="corpus stages to run and time (default: all configured)")
    s.add_argument("--pg-throwaway", action="store_true", help="run on a throwaway PostgreSQL server (initdb/pg_ctl)")
    s.add_argument("--corpus-steps", default="", help="after writing: let the corpus stages catch up to these corpus sizes, "
                   "timing the last --window articles before each (e.g. 20000,50000,100000)")
    ld = sub.add_parser("load", help="time loading the corpus-stage state (rows) of a store")
    ld.add_argument("--db", required=True)
    a = ap.parse_args(argv)
    if a.cmd == "workers":
        bench_workers(a.n, [int(x) for x in a.workers.split(",")], a.repeat, a.batch, not a.no_e2e,
                      tuple(a.modes.split(",")), not a.no_in_process)
    elif a.cmd == "load":
        bench_load(a.db)
    else:
        srv = _throwaway_pg() if a.pg_throwaway else None
        try:
            bench_size([int(x) for x in a.sizes.split(",")], a.corpus_upto, a.window, srv.fresh_db() if srv else a.db, a.pool, a.reuse,
                       [x for x in a.stages.split(",") if x] or None, [int(x) for x in a.corpus_steps.split(",") if x])
        finally:
            if srv is not None:
                srv.cleanup()


if __name__ == "__main__":
    sys.exit(main())
