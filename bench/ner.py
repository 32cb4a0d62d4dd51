"""NER benchmark: dev-split quality (with and without the rule layer), speed, size, load time, RSS.

    nice .venv/bin/python bench/ner.py --data ../shared/data [--model DIR] [--json] [--ner e5]

``--ner e5`` measures the opt-in accurate mode (``LAGEBILD_NER=e5``: e5-small + BiLSTM head,
``models/de_ner_e5``; another head with ``LAGEBILD_NER_E5_MODEL=DIR``).

Quality: the fixed dev split of the pooled GermEval files (`ner_data.split`),
scored with `lagebild.eval.ner` (PER/ORG/LOC/OTH outer chunks, exact match).
Speed: the full entities stage (model + rules + propagation) on the five seed
articles repeated, after the sentences stage, on the given tokens.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lagebild.eval.ner import evaluate
from lagebild.stages.ner_data import germeval_sentences, split, write_germeval
from lagebild.stages.ner_model import MODEL_DIR

RULE_VARIANTS = ("none", "lists", "lists+cldr", "all")


def quality(data: Path, model: Path) -> dict:
    _, dev = split(germeval_sentences(data))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "dev-split.tsv"
        write_germeval(dev, f)
        for variant in RULE_VARIANTS:
            r = evaluate(f, None, model=model, rules=variant)
            out[variant] = {k: r[k] for k in ("precision", "recall", "f1", "f1_all12")} | {"per_class": r["details"]["per_class"]}
    return out


def load_time(model: Path) -> float:
    code = f"import time; t=time.perf_counter(); import spacy; spacy.load({str(model)!r}); print(time.perf_counter()-t)"
    if os.environ.get("LAGEBILD_NER") == "e5":
        code = "import time; t=time.perf_counter(); from lagebild.stages import ner_e5; ner_e5.load(); print(time.perf_counter()-t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def speed(seeds: Path, repeat: int, model: Path = MODEL_DIR) -> dict:
    from lagebild.model import Document, Span
    from lagebild.stages.entities import find_entities, sentence_tokens
    from lagebild.stages.sentences import sentences_and_tokens

    docs = []
    for p in sorted(seeds.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        sents, toks = sentences_and_tokens(text, "de")
        docs.append(Document("x", text, sentences=tuple(Span(s, e) for s, e in sents), tokens=tuple(Span(s, e) for s, e in toks)))
    for d in docs:  # warm-up: loads the model, the gazetteer and the word lists the rules consult lazily
        find_entities(d.text, sentence_tokens(d), "de", model=model)
    n_sent = n_tok = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(repeat):
        for d in docs:
            find_entities(d.text, sentence_tokens(d), "de", model=model)
            n_sent += len(d.sentences)
            n_tok += len(d.tokens)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    n_docs = repeat * len(docs)
    return {
        "articles_per_s": round(n_docs / dt, 1),
        "articles_per_cpu_s": round(n_docs / cpu, 1),
        "sentences_per_s": round(n_sent / dt, 1),
        "tokens_per_s": round(n_tok / dt),
        "words_per_article": round(n_tok / n_docs),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


_STAGES: list = []


def _pipeline_init(model: str, warm: list[str]) -> None:
    from lagebild.stages import registry

    reg = registry()
    _STAGES[:] = [reg["language"].factory(), reg["sentences"].factory(), model]
    _pipeline_worker(warm)  # loads lingua, spaCy tokenizer, NER model, gazetteer, the rules' word lists


def _pipeline_worker(texts: list[str]) -> tuple[int, float]:
    """(articles, CPU seconds of this process for them)."""
    from lagebild.model import Document
    from lagebild.stages.entities import find_entities, sentence_tokens

    lang_stage, sent_stage, model = _STAGES
    c0 = time.process_time()
    for i, text in enumerate(texts):
        d = sent_stage(lang_stage(Document(f"d{i}", text)))
        find_entities(d.text, sentence_tokens(d), d.lang if d.lang in ("de", "fr", "en") else "de", model=Path(model))
    return len(texts), time.process_time() - c0


def pipeline_speed(seeds: Path, repeat: int, model: Path, workers: int) -> dict:
    """language + sentences + entities from raw text in ``workers`` processes (each
    loads its own models in its initializer, outside the timed part). Besides wall-clock
    throughput: articles per CPU-second of one process (independent of other load on a
    shared machine) and the load average before and after."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    jobs = [texts] * (repeat * workers)
    with ProcessPoolExecutor(workers, initializer=_pipeline_init, initargs=(str(model), texts)) as ex:
        list(ex.map(time.sleep, [0.5] * workers))  # wait until every worker is initialised
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        done = list(ex.map(_pipeline_worker, jobs))
        dt = time.perf_counter() - t0
    n = sum(k for k, _ in done)
    cpu = sum(c for _, c in done)
    return {
        "workers": workers,
        "articles": n,
        "articles_per_s": round(n / dt, 1),
        "cpu_s": round(cpu, 2),
        "articles_per_cpu_s": round(n / cpu, 1),
        "cpu_ms_per_article": round(1000 * cpu / n, 1),
        "loadavg_1min": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }


def _model_bytes(model: Path, e5: bool) -> int:
    if not e5:
        return sum(f.stat().st_size for f in model.rglob("*") if f.is_file())
    from lagebild.stages.ner_e5 import MODEL_DIR as E5_DIR
    from lagebild.stages.ner_teacher.weights import default_path

    return sum(f.stat().st_size for f in E5_DIR.rglob("*") if f.is_file()) + default_path().stat().st_size


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--seeds", type=Path, default=None)
    ap.add_argument("--model", type=Path, default=MODEL_DIR)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--workers", type=int, default=2, help="processes for the language+sentences+NER speed figure")
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--ner", choices=["spacy", "e5"], default=None, help="German NER backend (sets LAGEBILD_NER)")
    args = ap.parse_args()
    if args.ner:
        os.environ["LAGEBILD_NER"] = args.ner  # read at call time; inherited by the worker processes
    e5 = os.environ.get("LAGEBILD_NER") == "e5"
    seeds = args.seeds or args.data.parent / "seeds"
    res = {
        "model_mb": round(_model_bytes(args.model, e5) / 2**20, 1),
        "load_s": round(load_time(args.model), 2),
        "quality": {} if args.speed_only else quality(args.data, args.model),
        "speed": speed(seeds, args.repeat, args.model),
        "pipeline_speed": pipeline_speed(seeds, args.repeat, args.model, args.workers),
    }
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"model {res['model_mb']} MB, load {res['load_s']} s")
    for v, r in res["quality"].items():
        print(f"rules={v:11s} P {r['precision']:.2f} R {r['recall']:.2f} F1 {r['f1']:.2f}  (all12 {r['f1_all12']:.2f})")
    print(json.dumps(res["speed"]))
    print("language+sentences+entities:", json.dumps(res["pipeline_speed"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
