"""Build the alias evaluation set for `lagebild eval entities` from the shared data.

    .venv/bin/python bench/make_alias_set.py [--data ../shared/data] [--out out/aliases.tsv]

Writes ``a<TAB>b<TAB>type<TAB>same<TAB>source`` (header line first), reproducibly
(fixed seed, sorted inputs). Every pair is found by rules written here, *not* by
the system under test (`lagebild.corpus.names`):

* ``translit`` (+): an English name from data/wikinewssum-en (Wikinews text and
  English sources) rewritten with the German transliteration conventions below
  (Vladimir -> Wladimir, Khrushchev -> Chruschtschow, -ov -> -ow, sh -> sch ...)
  whose German form occurs in the German text (spkatt2023 train+unlabelled,
  GermEval 2014). Pairs: (English, German).
* ``hyphen`` (+): names written with a hyphen in the data vs space / no separator.
* ``genitive`` (+): a GermEval PER name and its German genitive (``Merkels``)
  when that genitive occurs in the German text.
* ``typo`` (+): one synthetic keyboard typo (deletion, transposition, neighbour key)
  in the last name of a GermEval PER name (seeded).
* ``neg-surname`` (-): two GermEval PER names with the same last token and clearly
  different first names (not initials, not spelling variants of each other).
* ``neg-nearmiss`` (-): two distinct surnames of GermEval PER names one or two
  edits apart, each seen with its own first names and several times in the text.
* ``seed`` (+/-): the hand-written pairs in src/lagebild/eval/data/aliases_seed.tsv
  (public figures' spellings, Korean names sharing a family name).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261126
CAP = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáàíóúëï]+(?:-[A-Z]?[a-zäöüßéèáàíóúëï]+)?$")
EN_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){0,2})\b")

# --- English -> German transliteration conventions (written for this set) -----
_EN_DE = [
    ("shch", "schtsch"),
    ("kh", "ch"),
    ("zh", "sch"),
    ("ch", "tsch"),
    ("sh", "sch"),
    ("ts", "z"),
    ("ou", "u"),
    ("ee", "i"),
    ("yev", "jew"),
    ("yo", "jo"),
    ("ya", "ja"),
    ("yu", "ju"),
    ("ye", "je"),
    ("v", "w"),
    ("j", "dsch"),
    ("q", "k"),
]


def _rewrite(tok: str) -> set[str]:
    low = tok.lower()
    out = []
    i = 0
    while i < len(low):
        for a, b in _EN_DE:
            if low.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            out.append(low[i])
            i += 1
    base = "".join(out)
    forms = {base}
    for f in list(forms):
        if f.endswith(("ow", "ew")):
            forms |= {f[:-2] + "ow", f[:-2] + "ew", f[:-2] + "jow"}
        if f.endswith("iy"):
            forms.add(f[:-2] + "ij")
        elif f.endswith("y"):
            forms |= {f[:-1] + "i", f[:-1] + "ij"}
    return {f[:1].upper() + f[1:] for f in forms if f != low}


def de_variants(name: str) -> set[str]:
    toks = name.split()
    opts = [sorted(_rewrite(t) | {t}) for t in toks]
    out = {""}
    for o in opts:
        out = {(x + " " + y).strip() for x in out for y in o}
        if len(out) > 400:
            break
    out.discard(name)
    return out


# --- data readers ----------------------------------------------------------------
def germeval_names(data: Path) -> tuple[Counter, dict[str, str]]:
    """(count of each outer-chunk name, name -> majority type) from GermEval dev + test-part."""
    counts: Counter = Counter()
    types: dict[str, Counter] = defaultdict(Counter)
    for f in ("NER-de-dev.tsv", "NER-de-test-part.tsv"):
        cur: list[str] = []
        typ = ""
        for line in (data / "germeval2014" / f).read_text(encoding="utf-8").splitlines() + [""]:
            cols = line.split("\t")
            tag = cols[2] if len(cols) >= 4 and not line.startswith("#") else "O"
            if tag.startswith("B-") or tag == "O" or not tag.endswith(typ):
                if cur and typ in ("PER", "LOC", "ORG"):
                    n = " ".join(cur)
                    counts[n] += 1
                    types[n][typ] += 1
                cur, typ = [], ""
            if tag.startswith("B-") and "deriv" not in tag and "part" not in tag:
                cur, typ = [cols[1]], tag[2:]
            elif tag.startswith("I-") and cur:
                cur.append(cols[1])
    return counts, {n: c.most_common(1)[0][0] for n, c in types.items()}


def german_text(data: Path) -> str:
    parts = []
    for sub in ("train", "unlabelled"):
        for f in sorted((data / "spkatt2023" / sub).glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            for s in d.get("Sentences", []):
                parts.append(" ".join(s.get("Tokens", [])))
    for f in ("NER-de-dev.tsv", "NER-de-test-part.tsv"):
        sent: list[str] = []
        for line in (data / "germeval2014" / f).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 2 and not line.startswith("#"):
                sent.append(cols[1])
            elif not line.strip() and sent:
                parts.append(" ".join(sent))
                sent = []
    return "\n".join(parts)


def english_names(data: Path) -> Counter:
    c: Counter = Counter()
    for line in (data / "wikinewssum-en" / "clusters.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        texts = [r.get("text") or ""] + [s.get("maintext") or "" for s in r.get("sources") or [] if (s.get("language") or "en").startswith("en")]
        for t in texts:
            for m in EN_NAME.finditer(t):
                toks = m.group(1).split()
                for i in range(len(toks)):
                    for j in range(i + 1, min(len(toks), i + 3) + 1):
                        c[" ".join(toks[i:j])] += 1
    return c


# --- pair builders ------------------------------------------------------------------
def ngrams(text: str) -> Counter:
    """Counts of 1-3 token sequences of the German text (tokens split on space)."""
    c: Counter = Counter()
    for line in text.splitlines():
        toks = line.split()
        for i in range(len(toks)):
            for j in range(i + 1, min(len(toks), i + 3) + 1):
                c[" ".join(toks[i:j])] += 1
    return c


def translit_pairs(en: Counter, grams: Counter, de_types: dict[str, str]) -> list[tuple[str, str, str, int, str]]:
    de_tokens = grams
    out = []
    for name in sorted(en):
        toks = name.split()
        if any(len(t) < 3 for t in toks) or en[name] < 1:
            continue
        cand = [v for v in sorted(de_variants(name)) if all(de_tokens[t] for t in v.split())]
        for v in cand:
            if len(toks) >= 2 and not grams[v]:
                continue
            if len(toks) == 1 and (de_tokens[v] < 2 or len(v) < 5):
                continue
            typ = de_types.get(v) or de_types.get(name) or ("PER" if len(toks) >= 2 else "")
            if not typ:
                continue
            out.append((name, v, typ, 1, "translit:wikinewssum-en~de"))
            break
    return out


def hyphen_pairs(names: list[tuple[str, str, str]], rng: random.Random) -> list[tuple[str, str, str, int, str]]:
    out = []
    for n, typ, src in names:
        if "-" in n and re.search(r"\w-\w", n) and len(n.split()) >= 2:
            out.append((n, n.replace("-", " "), typ, 1, f"hyphen:{src}"))
            last = n.split()[-1]
            if last.count("-") == 1 and len(last) <= 10 and rng.random() < 0.5:
                out.append((n, n.replace(last, last.replace("-", "").capitalize()), typ, 1, f"hyphen-joined:{src}"))
    return out


_NEIGH = {c: n for c, n in zip("qwertzuiopasdfghjklyxcvbnm", "wqrtzuiopoaddfghjkkkxcvbnmn")}


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    k = rng.randrange(3)
    if k == 0:
        return word[:i] + word[i + 1 :]
    if k == 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    c = word[i].lower()
    return word[:i] + _NEIGH.get(c, "e" if c != "e" else "a") + word[i + 1 :]


def _ascii(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(ch))


def _edit(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _variant_given(a: str, b: str) -> bool:
    """Given names that might be one person's (initials, spelling variants, nicknames by prefix)."""
    x, y = _ascii(a).rstrip("."), _ascii(b).rstrip(".")
    if len(x) <= 2 or len(y) <= 2 or x.startswith(y) or y.startswith(x):
        return True
    if b in _rewrite(a) or a in _rewrite(b) or _edit(x, y) <= 2:
        return True
    return False


def build(data: Path, seed_file: Path) -> list[tuple[str, str, str, int, str]]:
    rng = random.Random(SEED)
    ge_counts, ge_types = germeval_names(data)
    de_text = german_text(data)
    en = english_names(data)
    rows: list[tuple[str, str, str, int, str]] = []
    grams = ngrams(de_text)
    rows += translit_pairs(en, grams, ge_types)

    per = sorted(n for n, t in ge_types.items() if t == "PER" and all(CAP.match(x) for x in n.split()))
    multi = [n for n in per if len(n.split()) >= 2]
    # hyphen variants (German and English names written with a hyphen)
    hy = [(n, ge_types[n], "germeval") for n in sorted(ge_types) if ge_types[n] in ("PER", "LOC")]
    hy += [(n, "PER", "wikinewssum-en") for n in sorted(en) if len(n.split()) >= 2 and "-" in n and en[n] >= 2]
    rows += hyphen_pairs(hy, rng)
    # genitives found in the German text
    gen = []
    for n in multi:
        g = n + "s"
        if not n.endswith(("s", "x", "z", "ß")) and grams[g]:
            gen.append((n, g, "PER", 1, "genitive:germeval~de"))
    last_seen: set[str] = set()
    for n in multi:
        last = n.split()[-1]
        if last in last_seen or len(last) < 4 or last.endswith(("s", "x", "z", "ß")):
            continue
        last_seen.add(last)
        if grams[last + "s"] and (last + "s") not in ge_types:
            gen.append((last, last + "s", "PER", 1, "genitive-surname:germeval~de"))
    rows += gen
    # typos
    for n in rng.sample(multi, min(250, len(multi))):
        last = n.split()[-1]
        if len(last) >= 6:
            rows.append((n, n[: -len(last)] + typo(last, rng), "PER", 1, "typo:germeval"))
    # negatives: same surname, different given name
    by_last: dict[str, list[str]] = defaultdict(list)
    for n in multi:
        if len(n.split()) == 2:
            by_last[n.split()[-1]].append(n)
    neg = []
    for last, ns in sorted(by_last.items()):
        for i in range(len(ns)):
            for j in range(i + 1, len(ns)):
                if not _variant_given(ns[i].split()[0], ns[j].split()[0]):
                    neg.append((ns[i], ns[j], "PER", 0, "neg-surname:germeval"))
    rows += rng.sample(neg, min(600, len(neg)))
    # negatives: near-miss surnames of different people
    first_names: dict[str, set[str]] = defaultdict(set)
    for n in multi:
        first_names[n.split()[-1]].add(n.split()[0])
    lasts = sorted(x for x in first_names if len(x) >= 5 and grams[x] >= 3)
    nm = []
    for i, a in enumerate(lasts):
        for b in lasts[i + 1 :]:
            if abs(len(a) - len(b)) > 2 or a[0] != b[0] or a + "s" == b or b + "s" == a:
                continue
            if 1 <= _edit(_ascii(a), _ascii(b)) <= 2 and not (first_names[a] & first_names[b]):
                if b in _rewrite(a) or a in _rewrite(b):
                    continue
                fa, fb = sorted(first_names[a])[0], sorted(first_names[b])[0]
                nm.append((f"{fa} {a}", f"{fb} {b}", "PER", 0, "neg-nearmiss:germeval"))
                nm.append((a, b, "PER", 0, "neg-nearmiss-surname:germeval"))
    rows += nm
    if seed_file.exists():
        for line in seed_file.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and not line.startswith("a\t"):
                a, b, t, s, src = line.split("\t")[:5]
                rows.append((a, b, t, int(s), src))
    seen: set[tuple[str, str]] = set()
    uniq = []
    for r in rows:
        k = (min(r[0], r[1]), max(r[0], r[1]))
        if k not in seen and r[0] != r[1]:
            seen.add(k)
            uniq.append(r)
    return uniq


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seed-file", type=Path, default=ROOT / "src" / "lagebild" / "eval" / "data" / "aliases_seed.tsv")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "aliases.tsv")
    a = ap.parse_args(argv)
    if not a.data.is_dir():
        a.data = Path("/work/shared/data")
    rows = build(a.data, a.seed_file)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8") as f:
        f.write("a\tb\ttype\tsame\tsource\n")
        for r in rows:
            f.write("\t".join((r[0], r[1], r[2], str(r[3]), r[4])) + "\n")
    cats = Counter((r[4].split(":")[0], r[3]) for r in rows)
    for (c, s), n in sorted(cats.items()):
        print(f"{c:24s} same={s} {n}", file=sys.stderr)
    print(f"{len(rows)} pairs -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
