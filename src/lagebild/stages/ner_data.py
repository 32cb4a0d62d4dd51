"""NER data: GermEval 2014 / WikiANN readers, BIO chunking, the fixed train/dev split.

Shared by the trainer (`ner_train`), the evaluation (`lagebild.eval.ner`) and the
benchmark. Pure Python, no spaCy import here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..errors import BadData

MAIN_CLASSES = ("PER", "ORG", "LOC", "OTH")
ALL_CLASSES = tuple(c + s for c in MAIN_CLASSES for s in ("", "deriv", "part"))
GERMEVAL_FILES = ("NER-de-dev.tsv", "NER-de-test-part.tsv")
SPLIT_SEED = 20141
DEV_FRACTION = 0.15


@dataclass(frozen=True)
class Sentence:
    """One tagged sentence: tokens with outer/inner BIO tags."""

    words: tuple[str, ...]
    outer: tuple[str, ...]
    inner: tuple[str, ...] = ()
    source: str = ""  # comment line / origin


def read_germeval(path: Path) -> list[Sentence]:
    """Read a GermEval 2014 TSV file (``#`` comments, blank line between sentences).

    Raises `BadData` for a file that is empty or not in this format.
    """
    path = Path(path)
    if not path.is_file():
        raise BadData("not a file (expected a GermEval-style TSV file)", path=str(path))
    sents: list[Sentence] = []
    words: list[str] = []
    outer: list[str] = []
    inner: list[str] = []
    comment = ""

    def flush() -> None:
        nonlocal words, outer, inner, comment
        if words:
            sents.append(Sentence(tuple(words), tuple(outer), tuple(inner), comment))
        words, outer, inner, comment = [], [], [], ""

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadData("not UTF-8 text (expected a GermEval-style TSV file)", path=str(path)) from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            flush()
            comment = line
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise BadData("expected 4 tab-separated columns (position, token, outer, inner)", path=str(path), where=f"line {n}")
        outer_tag = cols[2].strip() or "O"
        if not _valid_tag(outer_tag):
            raise BadData(f"bad BIO tag {outer_tag!r}", path=str(path), where=f"line {n}")
        words.append(cols[1])
        outer.append(outer_tag)
        inner.append(cols[3].strip() if len(cols) > 3 and cols[3].strip() else "O")
    flush()
    if not sents:
        raise BadData("no tagged sentences found (expected a GermEval-style TSV file)", path=str(path))
    return sents


def read_wikiann(path: Path) -> list[Sentence]:
    """Read WikiANN ``token<TAB>tag`` lines (blank line between sentences)."""
    sents: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sents.append(Sentence(tuple(words), tuple(tags), source="wikiann"))
            words, tags = [], []
            continue
        tok, _, tag = line.rpartition("\t")
        words.append(tok)
        tags.append(tag.strip() or "O")
    if words:
        sents.append(Sentence(tuple(words), tuple(tags), source="wikiann"))
    return sents


def _valid_tag(tag: str) -> bool:
    return tag == "O" or (len(tag) > 2 and tag[:2] in ("B-", "I-"))


def chunks(tags: Iterable[str]) -> list[tuple[int, int, str]]:
    """conlleval-style chunks ``(start, end_exclusive, class)`` of a BIO sequence.

    ``B-X`` starts a chunk; ``I-X`` continues a chunk of class X and starts one
    otherwise (as conlleval does).
    """
    out: list[tuple[int, int, str]] = []
    cur: list = []  # [start, cls]
    tags = list(tags)
    for i, tag in enumerate(tags):
        if tag == "O" or len(tag) < 3:
            if cur:
                out.append((cur[0], i, cur[1]))
                cur = []
            continue
        prefix, cls = tag[0], tag[2:]
        if prefix == "B" or not cur or cur[1] != cls:
            if cur:
                out.append((cur[0], i, cur[1]))
            cur = [i, cls]
    if cur:
        out.append((cur[0], len(tags), cur[1]))
    return out


def main_class_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Map deriv/part tags to O, keep PER/ORG/LOC/OTH."""
    return tuple(t if t == "O" or t[2:] in MAIN_CLASSES else "O" for t in tags)


def germeval_sentences(data: Path) -> list[Sentence]:
    """All pooled GermEval sentences under ``data`` (the data root or the germeval folder)."""
    data = Path(data)
    folder = data / "germeval2014" if (data / "germeval2014").is_dir() else data
    files = [folder / f for f in GERMEVAL_FILES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise BadData("GermEval 2014 files not found: " + ", ".join(missing))
    out: list[Sentence] = []
    for f in files:
        out.extend(read_germeval(f))
    return out


def split(sents: list[Sentence], *, seed: int = SPLIT_SEED, dev_fraction: float = DEV_FRACTION) -> tuple[list[Sentence], list[Sentence]]:
    """Fixed, seeded sentence-level train/dev split of the pooled GermEval sentences."""
    idx = list(range(len(sents)))
    random.Random(seed).shuffle(idx)
    n_dev = int(round(len(sents) * dev_fraction))
    dev_idx = set(idx[:n_dev])
    train = [s for i, s in enumerate(sents) if i not in dev_idx]
    dev = [s for i, s in enumerate(sents) if i in dev_idx]
    return train, dev


def write_germeval(sents: Iterable[Sentence], path: Path) -> None:
    """Write sentences in GermEval TSV format (used to save the dev split for eval)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for s in sents:
            if s.source:
                fh.write(s.source + "\n")
            inner = s.inner or ("O",) * len(s.words)
            for i, (w, o, n) in enumerate(zip(s.words, s.outer, inner), 1):
                fh.write(f"{i}\t{w}\t{o}\t{n}\n")
            fh.write("\n")


def iter_batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
    r = 100.0 * tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]], classes: Sequence[str] = MAIN_CLASSES) -> dict:
    """conlleval-style micro P/R/F1 over exact chunks of the given classes.

    Returns ``{"precision", "recall", "f1", "per_class": {cls: {...}}}``.
    Tags of other classes are treated as O.
    """
    keep = set(classes)
    counts = {c: [0, 0, 0] for c in classes}  # tp, fp, fn
    for g, p in zip(gold, pred):
        gc = {c for c in chunks(g) if c[2] in keep}
        pc = {c for c in chunks(p) if c[2] in keep}
        for c in gc & pc:
            counts[c[2]][0] += 1
        for c in pc - gc:
            counts[c[2]][1] += 1
        for c in gc - pc:
            counts[c[2]][2] += 1
    tp = sum(v[0] for v in counts.values())
    fp = sum(v[1] for v in counts.values())
    fn = sum(v[2] for v in counts.values())
    p, r, f = prf(tp, fp, fn)
    per = {}
    for c, (a, b, d) in counts.items():
        if a + b + d:
            cp, cr, cf = prf(a, b, d)
            per[c] = {"precision": round(cp, 2), "recall": round(cr, 2), "f1": round(cf, 2), "gold": a + d, "predicted": a + b}
    return {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2), "per_class": per}


def mention_pool(sents: Iterable[Sentence]) -> dict[str, list[tuple[str, ...]]]:
    """The (main-class) entity mentions of ``sents`` by class, with repetitions (frequent names
    stay frequent), in sentence order."""
    pool: dict[str, list[tuple[str, ...]]] = {c: [] for c in MAIN_CLASSES}
    for s in sents:
        for a, b, c in chunks(main_class_tags(s.outer)):
            pool[c].append(tuple(s.words[a:b]))
    return pool


def replace_mentions(s: Sentence, pool: dict[str, list[tuple[str, ...]]], rng: random.Random, p: float = 0.5) -> Sentence:
    """Mention-replacement augmentation (Dai & Adel 2020): each main-class entity of ``s`` is, with
    probability ``p``, replaced by a random mention of the same class from ``pool``; the other
    words and their tags are kept (deriv/part tags become O, as in training)."""
    tags = main_class_tags(s.outer)
    words: list[str] = []
    out: list[str] = []
    i = 0
    for a, b, c in chunks(tags):
        words += s.words[i:a]
        out += tags[i:a]
        m = rng.choice(pool[c]) if pool.get(c) and rng.random() < p else tuple(s.words[a:b])
        words += m
        out += ["B-" + c] + ["I-" + c] * (len(m) - 1)
        i = b
    words += s.words[i:]
    out += tags[i:]
    return Sentence(tuple(words), tuple(out), source=s.source)
