"""Benchmark: sentence boundaries, language ID, throughput and memory.

    nice .venv/bin/python bench/sentences.py --data ../shared/data [--no-somajo] [--boundaries-only] [--json]

* Boundary precision/recall/F1 (definition in lagebild.eval.sentences) on
  - the project's dev split of SpkAtt-2023 (`spkatt.split_files`), text rebuilt
    from tokens, one space between sentences, no paragraph breaks;
  - GermEval 2014 dev and test-part: consecutive sentences concatenated into
    pseudo-documents of `GERMEVAL_GROUP` sentences (the sentences come from
    different sources, so this tests the splitter, not discourse);
  - the same GermEval sentences pooled and split by source document (URL) into a
    tuning and a dev part (`sentence_errors.germeval_split`, fixed);
  - our splitter in both conventions, "news" (default) and "strict".
* SoMaJo (GPL-3, comparator only, `pip install somajo`; never imported by the
  package) on the same texts, when installed.
* Throughput of the `language` + `sentences` stages on ~600-word articles built
  from SpkAtt dev texts (paragraphs separated by blank lines): articles/s and
  tokens/s in one process and in two processes.
* Language ID on SemEval-2022 pair texts (de, en, es, fr, it, pl, ru, tr; zh
  and ar are outside the default set and must come out "und"): accuracy on
  the first 5 and 15 words and on 400 characters.
* Resident memory of a fresh process after loading lingua (and the sentinel).
* Always (also with ``--boundaries-only``): splitter-only throughput on the ~600-word
  articles, CPU milliseconds per article (splitter; sentences stage, best of rounds) and, on the five seeds (``DATA/../seeds``), the splitter alone and the
  sentences stage's work (spaCy tokens + splitter + alignment), per CPU-second.
* ``--quotes``: quote attribution F1 on SpkAtt dev when the quote stage gets our
  sentences instead of the gold ones.
* SpkAtt rows also give ``f1_without_artefacts`` (`lagebild.eval.sentences.artefact`):
  for information only, the headline F1 counts every gold boundary.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from lagebild.eval import spkatt
from lagebild.eval.sentences import artefact, boundaries, prf, score_spans
from lagebild.stages.ner_data import read_germeval
from lagebild.stages.sent_split import split_sentences
from sentence_errors import germeval_split, spkatt_part

GERMEVAL_GROUP = 20
ARTICLE_WORDS = 600
Splitter = Callable[[str], list[tuple[int, int]]]


def spkatt_dev(data: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    _, dev = spkatt.split_files(data / "spkatt2023" / "train")
    return [(d.text, d.sentence_spans()) for d in (spkatt.read_file(p) for p in dev)]


def germeval_docs(path: Path, group: int = GERMEVAL_GROUP) -> list[tuple[str, list[tuple[int, int]]]]:
    sents = [list(s.words) for s in read_germeval(path)]
    docs = []
    for i in range(0, len(sents), group):
        text, offs = spkatt.detokenise(sents[i : i + group])
        docs.append((text, [(o[0][0], o[-1][1]) for o in offs if o]))
    return docs


def score(docs: list[tuple[str, list[tuple[int, int]]]], split: Splitter, artefacts: bool = False) -> dict[str, float]:
    """Boundary P/R/F1; with `artefacts` (SpkAtt) also the F1 without tokenisation artefacts."""
    tp = fp = fn = art_fp = art_fn = 0
    secs = 0.0
    for text, gold in docs:
        t0 = time.perf_counter()
        pred = split(text)
        secs += time.perf_counter() - t0
        a, b, c = score_spans(gold, pred)
        tp, fp, fn = tp + a, fp + b, fn + c
        if artefacts:
            g, p_ = boundaries(gold), boundaries(pred)
            art_fp += sum(artefact(text, x, "fp", g) is not None for x in p_ - g)
            art_fn += sum(artefact(text, x, "fn", g) is not None for x in g - p_)
    p, r, f = prf(tp, fp, fn)
    out = {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2), "seconds": round(secs, 2), "docs": len(docs)}
    if artefacts:
        out["f1_without_artefacts"] = round(prf(tp, fp - art_fp, fn - art_fn)[2], 2)
    return out


def quotes_with_our_sentences(data: Path) -> dict[str, float]:
    """Quote attribution (SpkAtt dev, `lagebild.eval.quotes`) when the quote stage gets
    our sentences (snapped to the gold tokens) instead of the gold ones: does the
    sentence convention help or hurt the stage that consumes it?"""
    from bisect import bisect_left

    from lagebild.eval import quotes
    from lagebild.model import Document, Span

    def ours(d: spkatt.SpkDoc) -> Document:
        toks = [t for sent in d.tok_offsets for t in sent]
        starts = [s for s, _ in toks]
        cuts = sorted({bisect_left(starts, s) for s, _ in split_sentences(d.text, "de")} | {0})
        cuts = [c for c in cuts if c < len(toks)] + [len(toks)]
        sents = tuple(Span(toks[a][0], toks[b - 1][1]) for a, b in zip(cuts, cuts[1:]) if b > a)
        return Document(doc_id=d.doc_key, text=d.text, sentences=sents, tokens=tuple(Span(s, e) for s, e in toks), lang="de")

    _, dev = spkatt.split_files(data / "spkatt2023" / "train")
    keys = ("joint_f1", "message_f1", "roles_f1")
    gold = quotes.evaluate_files(dev)
    orig = quotes.spk_document
    quotes.spk_document = ours
    try:
        mine = quotes.evaluate_files(dev)
    finally:
        quotes.spk_document = orig
    return {**{f"gold_sentences_{k}": round(gold[k], 2) for k in keys}, **{f"our_sentences_{k}": round(mine[k], 2) for k in keys}}


def seeds_speed(seeds: Path, rounds: int = 5, reps: int = 40) -> dict[str, float]:
    """Seeds per CPU-second (best of `rounds`): splitter alone, and the sentences stage's
    work (spaCy tokens + splitter + alignment)."""
    from lagebild.stages.sentences import sentences_and_tokens

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        return {}
    for t in texts:
        sentences_and_tokens(t, "de")  # warm-up: spaCy tokenizer

    def best(fn: Callable[[str], Any], n: int) -> float:
        b = float("inf")
        for _ in range(rounds):
            t0 = time.process_time()
            for _ in range(n):
                for t in texts:
                    fn(t)
            b = min(b, time.process_time() - t0)
        return round(n * len(texts) / b, 1)

    return {
        "splitter_seeds_per_cpu_s": best(lambda t: split_sentences(t, "de"), reps * 5),
        "sentences_stage_seeds_per_cpu_s": best(lambda t: sentences_and_tokens(t, "de"), reps),
    }


def articles_cpu(arts: list[str]) -> dict[str, float]:
    """CPU milliseconds per ~650-word article (best of several rounds: the machine is
    shared): the splitter alone and the sentences stage's work (tokens + splitter + alignment)."""
    from lagebild.stages.sentences import sentences_and_tokens

    for a in arts[:3]:
        sentences_and_tokens(a, "de")  # warm-up: spaCy tokenizer

    def best(fn: Callable[[str], Any], rounds: int) -> float:
        b = float("inf")
        for _ in range(rounds):
            t0 = time.process_time()
            for a in arts:
                fn(a)
            b = min(b, time.process_time() - t0)
        return round(1000 * b / len(arts), 3)

    return {
        "articles": len(arts),
        "splitter": best(lambda a: split_sentences(a, "de"), 7),
        "sentences_stage": best(lambda a: sentences_and_tokens(a, "de"), 3),
    }


def somajo_splitter() -> Splitter | None:
    try:
        from somajo import SoMaJo  # GPL-3: benchmark comparator only
    except ImportError:
        return None
    tok = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)

    def split(text: str) -> list[tuple[int, int]]:
        out = []
        for sent in tok.tokenize_text([text]):
            offs = [t.character_offset for t in sent if t.character_offset]
            if offs:
                out.append((offs[0][0], offs[-1][1]))
        return out

    return split


# --- throughput ---------------------------------------------------------------------


def make_articles(data: Path, n: int = 200) -> list[str]:
    texts = [t for t, _ in spkatt_dev(data)]
    unl = sorted((data / "spkatt2023" / "unlabelled").glob("*.json"))
    texts += [spkatt.read_file(p).text for p in unl]
    arts, cur, words = [], [], 0
    for t in texts:
        cur.append(t)
        words += len(t.split())
        if words >= ARTICLE_WORDS - 120:  # mean length comes out near ARTICLE_WORDS
            arts.append("\n\n".join(cur))
            cur, words = [], 0
        if len(arts) >= n:
            break
    return arts


def _run_stages(texts: list[str]) -> tuple[int, float, float]:
    """(tokens, CPU seconds, wall seconds) for language + sentences on `texts`."""
    from lagebild.model import Document
    from lagebild.stages.language import make_language_stage
    from lagebild.stages.sentences import make_sentences_stage

    lang, sent = make_language_stage(), make_sentences_stage()
    for t in texts[:3]:  # warm up: models load lazily
        sent(lang(Document(doc_id="w", text=t)))
    c0, w0 = time.process_time(), time.perf_counter()
    ntok = 0
    for t in texts:
        ntok += len(sent(lang(Document(doc_id="x", text=t))).tokens)
    return ntok, time.process_time() - c0, time.perf_counter() - w0


def throughput(data: Path) -> dict[str, Any]:
    """Articles/s. The machine is shared, so CPU time is reported beside wall time:
    articles per CPU-second is what one free core does."""
    arts = make_articles(data)
    words = sum(len(a.split()) for a in arts) / len(arts)
    ntok, cpu, wall = _run_stages(arts)
    one = {
        "articles_per_cpu_s": round(len(arts) / cpu, 1),
        "tokens_per_cpu_s": round(ntok / cpu),
        "articles_per_wall_s": round(len(arts) / wall, 1),
    }
    half = len(arts) // 2
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        res = pool.map(_run_stages, [arts[:half], arts[half:]])
    two = {
        "articles_per_s_two_free_cores": round(len(arts) / max(c for _, c, _ in res), 1),
        "articles_per_wall_s": round(len(arts) / max(w for _, _, w in res), 1),
    }
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[0]
    return {"articles": len(arts), "mean_words": round(words), "one_process": one, "two_processes": two, "load_average": load}


# --- language ID -----------------------------------------------------------------------


def language_id(data: Path, limit: int = 1500) -> dict[str, Any]:
    from lagebild.stages.language import UND, configured_languages, detect

    csv.field_size_limit(10**9)
    rows = csv.DictReader((data / "semeval2022-pairs" / "training_set.csv").open(encoding="utf-8"))
    seen, texts = set(), []
    for r in rows:
        for lang, t in ((r["lang1"], r["text1"]), (r["lang2"], r["text2"])):
            t = " ".join(t.split())
            if len(t) >= 300 and t[:60] not in seen:
                seen.add(t[:60])
                texts.append((lang, t))
    texts = texts[:limit]
    codes = configured_languages()
    out: dict[str, Any] = {"texts": len(texts)}
    for name, cut in (("5_words", lambda t: " ".join(t.split()[5:10])), ("15_words", lambda t: " ".join(t.split()[5:20])), ("400_chars", lambda t: t[:400])):
        sup = [(lang, detect(cut(t))[0]) for lang, t in texts if lang in codes]
        uns = [(lang, detect(cut(t))[0]) for lang, t in texts if lang not in codes]
        out[name] = {
            "accuracy": round(100 * sum(g == p for g, p in sup) / len(sup), 2),
            "und": round(100 * sum(p == UND for _, p in sup) / len(sup), 2),
            "wrong": round(100 * sum(p not in (g, UND) for g, p in sup) / len(sup), 2),
            "unsupported_as_und": round(100 * sum(p == UND for _, p in uns) / max(1, len(uns)), 2),
        }
    return out


def memory() -> dict[str, Any]:
    code = (
        "import time,json\n"
        "def rss(): return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])//1024\n"
        "r0=rss(); t=time.perf_counter()\n"
        "from lagebild.stages.language import detect, _sentinel\n"
        "for s in ['Putin nimmt Einladung an','The pact was signed','Le pacte est signé','El pacto','Il patto','Het pact','Pakt podpisano','Договор подписан','Договір підписано','Anlaşma imzalandı']: detect(s)\n"
        "t1=time.perf_counter()-t; r1=rss(); _sentinel().compute_language_confidence_values('Regeringen meddelade'); r2=rss()\n"
        "import spacy; spacy.blank('de').tokenizer('Ein Test.'); r3=rss()\n"
        "print(json.dumps({'python_mb':r0,'after_lingua_10_languages_mb':r1,'lingua_load_s':round(t1,2),'after_sentinel_mb':r2,'after_spacy_de_tokenizer_mb':r3}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    ap.add_argument("--no-somajo", action="store_true")
    ap.add_argument("--boundaries-only", action="store_true", help="skip speed, language ID and memory")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quotes", action="store_true", help="also: quote F1 on SpkAtt dev with our vs gold sentences")
    args = ap.parse_args()
    data = args.data
    sets = {
        "spkatt_dev": spkatt_dev(data),
        "spkatt_train_part (tuning)": spkatt_part(data, "train"),
        "germeval_dev": germeval_docs(data / "germeval2014" / "NER-de-dev.tsv"),
        "germeval_test_part": germeval_docs(data / "germeval2014" / "NER-de-test-part.tsv"),
        "germeval_by_url_tune (tuning)": germeval_split(data, "tune"),
        "germeval_by_url_dev": germeval_split(data, "dev"),
    }
    ours: Splitter = lambda t: split_sentences(t, "de")  # noqa: E731
    strict: Splitter = lambda t: split_sentences(t, "de", convention="strict")  # noqa: E731
    somajo = None if args.no_somajo else somajo_splitter()
    results: dict[str, Any] = {"boundaries": {}}
    for name, docs in sets.items():
        art = name.startswith("spkatt")
        results["boundaries"][name] = {"lagebild": score(docs, ours, art), "lagebild_strict": score(docs, strict, art)}
        if somajo:
            results["boundaries"][name]["somajo"] = score(docs, somajo)
    arts = make_articles(data)
    t0 = time.process_time()
    for a in arts:
        split_sentences(a, "de")
    results["splitter_only_articles_per_cpu_s"] = round(len(arts) / (time.process_time() - t0), 1)
    results["cpu_ms_per_article"] = articles_cpu(arts)
    results["seeds"] = seeds_speed(data.parent / "seeds")
    if args.quotes:
        results["quotes_spkatt_dev"] = quotes_with_our_sentences(data)
    if args.boundaries_only:
        print(json.dumps(results, indent=1))
        return
    results["throughput"] = throughput(data)
    results["language_id"] = language_id(data)
    results["memory"] = memory()
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print("| data | system | P | R | F1 | seconds |\n|---|---|---|---|---|---|")
    for name, by in results["boundaries"].items():
        for system, r in by.items():
            print(f"| {name} ({r['docs']} docs) | {system} | {r['precision']} | {r['recall']} | {r['f1']} | {r['seconds']} |")
    print(json.dumps({k: v for k, v in results.items() if k != "boundaries"}, indent=1))


if __name__ == "__main__":
    main()
