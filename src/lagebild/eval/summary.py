"""`lagebild eval summary`: multi-document summaries scored by ROUGE on WikinewsSum.

``--data`` is a ``clusters.jsonl`` (data/wikinewssum-en format): one JSON object a
line, ``{"title", "text", "categories", "sources": [{"language", "maintext",
"title", "url", ...}]}``. For every line with at least one source that has text,
the *source articles* (not the Wikinews text) are summarised by the story
summariser (`lagebild.corpus.claims.extract_claims` + `lagebild.report.summary.
mmr_select`) to a word budget of about the reference's length (the Wikinews
``text``'s word count, clamped to [MIN_WORDS, MAX_WORDS]); a lead baseline gets the
same budget (the first sentences of the first source with text, then the next
source). Both summarise only the sources in the reference's language (detected by
the language stage) when there are any: a summary is written in one language.
Lines without sources are counted but not scored.

Metrics: ``rouge1``, ``rouge2``, ``rougeL`` = mean F-measure × 100 over the scored
clusters (Google's ``rouge_score``, Porter stemming, its default tokeniser); the
lead baseline's figures are in ``details`` as ``lead_rouge1`` … .

``--write-predictions DIR`` writes ``DIR/summaries.jsonl``: ``{"title", "summary"}``
for every scored cluster, in input order, one summary sentence per line inside
``summary`` (joined by "\\n").

Speed: only the ``language`` and ``sentences`` stages run; at most MAX_SOURCES
sources per cluster and MAX_CHARS characters per source are read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator

from ..errors import BadData

MAX_SOURCES = 8
MAX_CHARS = 12_000
MIN_WORDS, MAX_WORDS = 40, 250
MAX_SENTENCES = 40  # upper bound on k; the word budget normally stops earlier
METRICS = ("rouge1", "rouge2", "rougeL")


def read_clusters(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, cluster) for each non-blank line; `BadData` on anything malformed."""
    path = Path(path)
    if path.is_dir():
        cand = path / "clusters.jsonl"
        if not cand.is_file():
            raise BadData("expected a clusters.jsonl file (or a folder containing one)", path=str(path))
        path = cand
    try:
        fh = path.open(encoding="utf-8")
    except OSError as e:
        raise BadData(f"cannot read ({e.strerror})", path=str(path)) from None
    n_ok = 0
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    raise BadData("not a JSON object (expected the wikinewssum clusters.jsonl format)", path=str(path), where=f"line {n}") from None
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("sources", []), list):
                    raise BadData('each line needs "title", "text" (string) and "sources" (list)', path=str(path), where=f"line {n}")
                for s in row.get("sources") or []:
                    if not isinstance(s, dict):
                        raise BadData('each source must be an object with "maintext"', path=str(path), where=f"line {n}")
                n_ok += 1
                yield n, row
        except UnicodeDecodeError:
            raise BadData("not UTF-8 text", path=str(path)) from None
    if not n_ok:
        raise BadData("no clusters in the file (empty)", path=str(path))


def _source_docs(row: dict[str, Any], pipeline: Any, origin: str, line: int) -> list:
    from ..errors import LagebildError
    from ..ingest import RawRecord, build_document

    docs = []
    for j, s in enumerate(row.get("sources") or []):
        text = s.get("maintext")
        if not isinstance(text, str) or not text.strip():
            continue
        lang = s.get("language") if isinstance(s.get("language"), str) else None
        rec = RawRecord(
            body=text[:MAX_CHARS], origin=origin, where=f"line {line} source {j}", reader="json",
            title=s.get("title") if isinstance(s.get("title"), str) else None,
            url=s.get("url") if isinstance(s.get("url"), str) else None, lang=lang,
        )
        try:
            docs.append(pipeline.annotate(build_document(rec)))
        except LagebildError:
            continue  # a source with no usable text: skip it, as ingest would
        if len(docs) >= MAX_SOURCES:
            break
    return docs


def budget_for(reference: str) -> int:
    return max(MIN_WORDS, min(MAX_WORDS, len(reference.split())))


def summarise(docs: list, max_words: int) -> list:
    """Our summary: the chosen claims (each with ``text`` and ``doc_ids``)."""
    from ..corpus.claims import extract_claims
    from ..report.summary import mmr_select

    claims = extract_claims(docs)
    return mmr_select(claims, docs, k=MAX_SENTENCES, max_words=max_words)


def lead(docs: list, max_words: int) -> list[str]:
    """Lead baseline under the same budget: first non-title sentences of each source in turn."""
    out: list[str] = []
    words = 0
    for d in docs:
        heads = [(b.start, b.end) for b in d.blocks if b.label in ("title", "heading")]
        for s in d.sentences:
            if any(h0 <= s.start and s.end <= h1 for h0, h1 in heads):
                continue
            t = " ".join(d.text[s.start : s.end].split())
            n = len(t.split())
            if out and words + n > max_words and (words + n - max_words) > (max_words - words):
                return out
            out.append(t)
            words += n
            if words >= max_words:
                return out
    return out


def evaluate(data: Path, predictions: Path | None = None, *, progress: bool = False, every: int | None = None, offset: int = 0, target_lang: bool = True) -> dict[str, Any]:
    """Score the summariser on ``data``; ``every``/``offset`` pick a fixed subset
    (cluster index % every == offset), used by bench/summary.py for its dev split;
    ``target_lang`` restricts both systems to sources in the reference's language."""
    import tempfile

    from rouge_score import rouge_scorer

    from ..ingest import RawRecord, build_document
    from ..pipeline import Pipeline

    rows = list(read_clusters(Path(data)))
    if every:
        rows = [r for i, r in enumerate(rows) if i % every == offset]
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    sums = {m: 0.0 for m in METRICS}
    lead_sums = {m: 0.0 for m in METRICS}
    scored = no_sources = 0
    preds: list[dict[str, str]] = []
    words_out = words_ref = 0
    with tempfile.TemporaryDirectory(prefix="lagebild-eval-summary-") as tmp:
        pipe = Pipeline(db=str(Path(tmp) / "unused.db"), stages=["language", "sentences"])
        for i, (line, row) in enumerate(rows):
            if progress:
                print(f"\r{i + 1}/{len(rows)}", end="", file=sys.stderr, flush=True)
            docs = _source_docs(row, pipe, str(data), line)
            ref = row["text"]
            if not docs or not ref.strip():
                no_sources += 1
                continue
            budget = budget_for(ref)
            # one output language: the reference's (detected), when some sources are in it
            if target_lang:
                ref_lang = pipe.annotate(build_document(RawRecord(body=ref[:MAX_CHARS], reader="json"))).lang
                same = [d for d in docs if d.lang == ref_lang]
                docs = same or docs
            ours = [" ".join(c.text.split()) for c in summarise(docs, budget)]
            base = lead(docs, budget)
            s_ours, s_lead = "\n".join(ours), "\n".join(base)
            r1 = scorer.score(ref, s_ours)
            r2 = scorer.score(ref, s_lead)
            for m in METRICS:
                sums[m] += r1[m].fmeasure
                lead_sums[m] += r2[m].fmeasure
            scored += 1
            words_out += len(s_ours.split())
            words_ref += len(ref.split())
            preds.append({"title": str(row.get("title") or ""), "summary": s_ours})
    if progress:
        print(file=sys.stderr)
    if predictions is not None:
        out = Path(predictions)
        out.mkdir(parents=True, exist_ok=True)
        with (out / "summaries.jsonl").open("w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    if not scored:
        raise BadData("no cluster has a source article with text to summarise", path=str(data))
    res: dict[str, Any] = {m: round(100 * sums[m] / scored, 2) for m in METRICS}
    res["details"] = {
        **{f"lead_{m}": round(100 * lead_sums[m] / scored, 2) for m in METRICS},
        "clusters": len(rows),
        "scored": scored,
        "without_sources": no_sources,
        "mean_summary_words": round(words_out / scored, 1),
        "mean_reference_words": round(words_ref / scored, 1),
    }
    return res
