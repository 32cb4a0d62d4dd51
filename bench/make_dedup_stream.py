"""Build a labelled near-duplicate stream (EVAL.md `dedup` format) from real German text.

Source: the German Wikinews articles of SpkAtt-2023 (rebuilt with
`lagebild.eval.spkatt`), cut into paragraphs of 2-4 sentences. Some articles get
copies made by controlled rewrites (fixed seed):

    exact        same text
    shortened    last 30-50 % of the sentences dropped
    reordered    paragraphs shuffled
    headline     new headline (as title and first line)
    boilerplate  photo caption glued to the text, "Mehr lesen" teasers, copyright lines
    paraphrase   sentence-level rewording (synonym swaps, coordination swaps,
                 dropped particles, neighbouring sentences swapped)
    passage      one paragraph of the original inside an otherwise different article
    mixed        headline + boilerplate + shortened

the rest are unrelated originals (distractors). Each line:
{"id", "date", "lang", "title", "text", "cluster", "original", "transform"};
``original`` is the id of the copied article or null. Copies arrive after their
original; 10 % of copies have no date (then the arrival order is the clock).

    .venv/bin/python bench/make_dedup_stream.py --part dev --out out/dedup/dev.jsonl

``--part train`` uses the project's SpkAtt train split (for tuning), ``dev`` the
dev split plus the unlabelled articles (for reporting).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
from pathlib import Path
from typing import Any

from lagebild.eval import spkatt

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "spkatt2023"
TRANSFORMS = ("exact", "shortened", "reordered", "headline", "boilerplate", "paraphrase", "passage", "mixed")

SYNONYMS = {
    "sagte": "erklärte", "erklärte": "sagte", "betonte": "unterstrich", "teilte": "gab", "sowie": "und",
    "jedoch": "aber", "allerdings": "jedoch", "bereits": "schon", "schon": "bereits", "etwa": "ungefähr",
    "rund": "etwa", "mehr als": "über", "über": "mehr als", "Menschen": "Personen", "Personen": "Menschen",
    "Regierung": "Führung", "Land": "Staat", "Staat": "Land", "Polizei": "Polizeibehörde", "heute": "am heutigen Tag",
    "gestern": "am Vortag", "derzeit": "momentan", "zurzeit": "aktuell", "begann": "startete",
    "wichtigen": "bedeutenden", "großen": "bedeutenden", "neue": "neuartige", "neuen": "neuartigen",
    "zunächst": "vorerst", "später": "danach", "nach Angaben": "laut Angaben", "wegen": "aufgrund",
    "ebenfalls": "auch", "soll": "solle", "möchte": "will", "will": "möchte", "Jahr": "Kalenderjahr",
    "Stadt": "Kommune", "Unternehmen": "Firma", "Firma": "Unternehmen", "erhielt": "bekam", "bekam": "erhielt",
    "außerdem": "zudem", "zudem": "außerdem", "nun": "jetzt", "jetzt": "nun", "weil": "da", "groß": "umfangreich",
}
DROP = ("auch", "noch", "dabei", "inzwischen", "offenbar", "demnach")
TEASERS = ("➤ Mehr lesen: {t}", "Mehr zum Thema: {t}", "Lesen Sie auch: {t}", "» {t}")
CAPTIONS = ("Foto: dpa / Picture Alliance", "Foto: AFP / Getty Images", "Bild: Reuters / Archiv", "Foto: imago images")
TAILS = ("(c) Copyright Thomson Reuters {y}. Click For Restrictions - https://agency.reuters.com/en/copyright.html",
         "© dpa-infocom, dpa:{y}-99-{n}/3", "Copyright AFP. Alle Rechte vorbehalten.", "Kommentare",
         "Teilen auf Facebook · Teilen auf X · Per E-Mail senden")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _opaque(*parts: Any) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _load(part: str) -> list[dict[str, Any]]:
    train, dev = spkatt.split_files(DATA / "train")
    files = train if part == "train" else dev + spkatt.iter_files(DATA / "unlabelled")
    out, seen = [], set()
    for p in files:
        d = spkatt.read_file(p)
        sents = [d.text[s:e] for s, e in d.sentence_spans()]
        key = " ".join(d.text.split())
        if len(sents) < 3 or key in seen or not d.date:
            continue
        seen.add(key)
        out.append({"key": d.doc_key, "title": d.title or "", "date": d.date, "sents": sents})
    return out


def _paragraphs(sents: list[str], rng: random.Random) -> list[list[str]]:
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(2, 4)
        paras.append(sents[i : i + k])
        i += k
    if len(paras) > 1 and len(paras[-1]) == 1:
        last = paras.pop()
        paras[-1] = paras[-1] + last
    return paras


def _join(paras: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paras)


def _paraphrase_sentence(s: str, rng: random.Random) -> str:
    for a, b in SYNONYMS.items():
        if rng.random() < 0.7:
            s = re.sub(rf"\b{re.escape(a)}\b", b, s, count=1)
    for w in DROP:
        if rng.random() < 0.6:
            s = re.sub(rf"\s\b{w}\b", "", s, count=1)
    m = list(re.finditer(r"\b(\w+) und (\w+)\b", s))
    if m and rng.random() < 0.8:
        x = rng.choice(m)
        s = s[: x.start()] + f"{x.group(2)} und {x.group(1)}" + s[x.end() :]
    return s


def _paraphrase(paras: list[list[str]], rng: random.Random) -> list[list[str]]:
    out = []
    for p in paras:
        q = [_paraphrase_sentence(s, rng) for s in p]
        if len(q) >= 2 and rng.random() < 0.3:
            i = rng.randrange(len(q) - 1)
            q[i], q[i + 1] = q[i + 1], q[i]
        out.append(q)
    return out


def _headline(title: str, rng: random.Random) -> str:
    words = title.split()
    t = " ".join(words[: max(3, len(words) - rng.randint(1, 3))])
    return rng.choice((f"{t}: Was bisher bekannt ist", f"Bericht: {t}", f"{t} – die Hintergründe", f"Eilmeldung: {t}"))


def _boilerplate(blocks: list[str], rng: random.Random, other_titles: list[str], year: str) -> str:
    blocks = list(blocks)
    blocks[0] = rng.choice(CAPTIONS) + blocks[0]  # caption glued to the text, as in seed 000
    for _ in range(rng.randint(1, 2)):
        pos = rng.randint(1, len(blocks))
        blocks.insert(pos, rng.choice(TEASERS).format(t=rng.choice(other_titles)))
    blocks.append(rng.choice(TAILS).format(y=year, n=rng.randint(100000, 999999)))
    if rng.random() < 0.5:
        blocks.append("Kommentare")
    return "\n\n".join(blocks)


def build(part: str = "dev", seed: int = 2026, copy_share: float = 0.35, second_copy: float = 0.3,
          hard: bool = False) -> list[dict[str, Any]]:
    """``hard``: beyond the targets - keep only 30-50 % when shortening, paraphrase twice
    (plus more sentence swaps), and share the *shortest* paragraph for passage reuse."""
    rng = random.Random(seed)
    docs = _load(part)
    rng.shuffle(docs)
    n_hosts = max(5, int(len(docs) * 0.08))
    hosts, docs = docs[:n_hosts], docs[n_hosts:]
    n_orig = int(len(docs) * copy_share)
    titles = [d["title"] for d in docs]
    events: list[tuple[tuple[int, float], dict[str, Any]]] = []
    t_cycle = 0
    for i, d in enumerate(docs):
        paras = _paragraphs(d["sents"], rng)
        oid = _opaque(part, seed, d["key"])
        day = dt.date.fromisoformat(d["date"]).toordinal()
        has_copies = i < n_orig
        rec = {"id": oid, "date": d["date"], "lang": "de", "title": d["title"], "text": _join(paras),
               "cluster": oid, "original": None, "transform": "original" if has_copies else "distractor"}
        events.append(((day, rng.random()), rec))
        if not has_copies:
            continue
        n_copies = 2 if rng.random() < second_copy else 1
        for c in range(n_copies):
            tr = TRANSFORMS[t_cycle % len(TRANSFORMS)]
            t_cycle += 1
            title, text = d["title"], _join(paras)
            if tr == "shortened" or tr == "mixed":
                n = sum(len(p) for p in paras)
                keep = max(2, round(n * (rng.uniform(0.3, 0.5) if hard else rng.uniform(0.5, 0.7))))
                flat = [s for p in paras for s in p][:keep]
                text = _join(_paragraphs(flat, rng))
            if tr == "reordered":
                order = list(range(len(paras)))
                while len(order) > 1 and order == sorted(order):
                    rng.shuffle(order)
                text = _join([paras[k] for k in order])
            if tr in ("headline", "mixed"):
                title = _headline(d["title"], rng)
                text = title + "\n\n" + text
            if tr == "boilerplate" or tr == "mixed":
                text = _boilerplate(text.split("\n\n"), rng, titles, d["date"][:4])
            if tr == "paraphrase":
                pp = _paraphrase(paras, rng)
                text = _join(_paraphrase(pp, rng) if hard else pp)
            if tr == "passage":
                if not hosts:
                    continue
                host = hosts.pop()
                hp = _paragraphs(host["sents"], rng)
                by_len = sorted(paras, key=lambda p: len(" ".join(p).split()))
                shared = by_len[0] if hard else by_len[-1]
                hp.insert(rng.randint(0, len(hp)), shared)
                title, text = host["title"], _join(hp)
            cid = _opaque(part, seed, d["key"], c, tr)
            cday = day + rng.randint(0, 2)
            date = None if rng.random() < 0.1 else dt.date.fromordinal(cday).isoformat()
            events.append(((cday, 1.0 + rng.random()), {"id": cid, "date": date, "lang": "de", "title": title,
                           "text": text, "cluster": oid, "original": oid, "transform": tr}))
    events.sort(key=lambda e: e[0])
    return [r for _, r in events]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("train", "dev"), default="dev")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--hard", action="store_true", help="rewrites beyond the targets (see build)")
    a = ap.parse_args()
    out = a.out or Path("out/dedup") / f"{a.part}{'-hard' if a.hard else ''}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    recs = build(a.part, a.seed, hard=a.hard)
    with out.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for r in recs:
        counts[r["transform"]] = counts.get(r["transform"], 0) + 1
    print(f"wrote {len(recs)} articles to {out}: {counts}")


if __name__ == "__main__":
    main()
