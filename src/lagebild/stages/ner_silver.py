"""Silver NER data for self-training: real German news text labelled by our own tools.

The *text* of the SpkAtt-2023 articles (German Wikinews, CC BY 2.5; the speech
annotations, CC BY-NC-SA, are never read) is labelled document by document with a
teacher model (by default the shipped ``de_ner``) plus the full rule layer and the
document-level propagation of the ``entities`` stage. Sentences where a mention does
not fall on token boundaries are dropped. Nothing of this goes into the package: the
trainer writes it to a temporary file (see `ner_train --spkatt`).

    python -m lagebild.stages.ner_silver --data /work/shared/data --model DIR --out silver.tsv
"""

from __future__ import annotations

import argparse
from bisect import bisect_left
from pathlib import Path

from .ner_data import Sentence, write_germeval
from .ner_model import MODEL_DIR

LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "OTH"}


def spkatt_files(data: Path) -> list[Path]:
    root = Path(data) / "spkatt2023"
    if not root.is_dir():
        root = Path(data)
    return sorted((root / "train").glob("*.json")) + sorted((root / "unlabelled").glob("*.json"))


def label_spkatt(data: Path, model: Path = MODEL_DIR, *, min_tokens: int = 4, files: list[Path] | None = None) -> list[Sentence]:
    """Silver sentences (main classes, BIO outer tags) for every SpkAtt article text
    (or only ``files``)."""
    from ..eval.spkatt import read_file
    from .entities import find_entities

    out: list[Sentence] = []
    for path in files if files is not None else spkatt_files(data):
        d = read_file(path)
        sents = [offs for offs in d.tok_offsets if offs]
        mentions = find_entities(d.text, sents, "de", model=model)
        for si, offs in enumerate(sents):
            words = tuple(d.text[a:b] for a, b in offs)
            if len(words) < min_tokens:
                continue
            starts = [a for a, _ in offs]
            tags = ["O"] * len(offs)
            ok = True
            s0, s1 = offs[0][0], offs[-1][1]
            for m in mentions:
                if m.end <= s0 or m.start >= s1:
                    continue
                i = bisect_left(starts, m.start)
                j = i
                while j < len(offs) and offs[j][1] <= m.end:
                    j += 1
                if i >= len(offs) or starts[i] != m.start or j == i or offs[j - 1][1] != m.end or m.label not in LABELS:
                    ok = False
                    break
                lab = LABELS[m.label]
                tags[i] = "B-" + lab
                for k in range(i + 1, j):
                    tags[k] = "I-" + lab
            if ok:
                out.append(Sentence(words, tuple(tags), source=f"# spkatt silver {path.stem}:{si}"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lagebild.stages.ner_silver", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", default=str(MODEL_DIR))
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    sents = label_spkatt(Path(a.data), Path(a.model))
    write_germeval(sents, Path(a.out))
    n_ent = sum(t.startswith("B-") for s in sents for t in s.outer)
    print(f"{len(sents)} sentences, {n_ent} entities -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
