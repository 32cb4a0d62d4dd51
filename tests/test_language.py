"""Language identification: documents, blocks, short texts, unsupported languages."""

from __future__ import annotations

import time

import pytest

from lagebild.model import Document, Span
from lagebild.stages import check_chain
from lagebild.stages.language import UND, detect, make_language_stage, paragraphs


@pytest.fixture(scope="module")
def stage():
    return make_language_stage()


def test_seeds_are_german(seed_texts, stage):
    for key, text in seed_texts.items():
        doc = stage(Document(doc_id=key, text=text))
        assert doc.lang == "de", key
        assert 0.5 < doc.lang_confidence <= 1.0
        assert doc.block_langs
        assert all(0 <= b.start < b.end <= len(text) for b in doc.block_langs)
        assert stage(Document(doc_id=key, text=text)) == doc  # deterministic


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Putin nimmt Einladung nach Nordkorea an", "de"),  # seed 001 headline
        ("Sorge im Westen und in Südkorea", "de"),
        ("Warnung aus den USA", "de"),
        ("Russia and North Korea sign mutual defence pact", "en"),
        ("La Russie et la Corée du Nord signent un pacte de défense", "fr"),
        ("Rusia y Corea del Norte firman un pacto de defensa mutua", "es"),
        ("Россия и Северная Корея подписали договор о взаимной обороне", "ru"),
    ],
)
def test_short_texts(text, lang):
    code, p = detect(text)
    assert code == lang and p > 0.3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345 --- 2024-06-19 !!!",
        "김정은 국무위원장은 푸틴 대통령을 환영했다",  # Korean: no candidate language uses the script
        "俄罗斯总统普京周三抵达平壤进行国事访问",
        # Swedish and Portuguese are not in the default set: undetermined, not guessed
        "Regeringen meddelade på onsdagen att den kommer att höja försvarsutgifterna under de kommande åren.",
        "O presidente russo chegou nesta quarta-feira a Pyongyang para uma visita de dois dias.",
    ],
)
def test_undetermined(text):
    code, p = detect(text)
    assert code == UND and p < 0.5


def test_mixed_scripts_keep_german(seed_texts):
    text = "Kim Jong Un (김정은) traf Wladimir Putin (Владимир Путин) im russischen Raumfahrtzentrum Wostotschny."
    assert detect(text)[0] == "de"


def test_english_quote_block_in_german_article(seed_texts, stage):
    english = (
        "\"We appreciate your consistent and unwavering support for Russian policy, including on "
        "Ukraine,\" the Kremlin leader said in return."
    )
    text = seed_texts["002"].replace(
        '"Sie scheint eine Tiefe zu haben, die wir unterschätzt haben."', "\n\n" + english
    )
    doc = stage(Document(doc_id="x", text=text))
    assert doc.lang == "de"
    en_blocks = [text[b.start : b.end] for b in doc.block_langs if b.label == "en"]
    assert english in en_blocks
    # (the header "… Copyright Thomson Reuters 2024. Click For Restrictions …" may be en too)
    assert len(en_blocks) <= 2
    # headings, the byline full of names and the dateline paragraph stay German
    labels = {text[b.start : b.end][:20]: b.label for b in doc.block_langs}
    assert labels["Seoul/Moskau (Reuter"] == "de"
    assert labels["- von Ju-min Park un"] == "de"
    assert labels["EXPERTE: HABEN TIEFE"] == "de"


def test_given_blocks_are_used(seed_texts, stage):
    text = seed_texts["001"]
    lines = text.split("\n")
    blocks, pos = [], 0
    for ln in lines:
        blocks.append(Span(pos, pos + len(ln), label="paragraph"))
        pos += len(ln) + 1
    doc = stage(Document(doc_id="x", text=text, blocks=tuple(blocks)))
    assert [(b.start, b.end) for b in doc.block_langs] == [(b.start, b.end) for b in blocks]
    assert doc.block_langs[1].label == "de"  # "Putin nimmt Einladung nach Nordkorea an"


def test_paragraph_fallback_blocks(seed_texts):
    text = seed_texts["004"]
    paras = paragraphs(text)
    assert text[paras[0][0] : paras[0][1]].startswith("Kim Jong Un verspricht")
    assert all(text[e - 1] != "\n" for _, e in paras)


def test_bad_input(stage):
    for text in ["", "\n\n", "... --- 42", "a" * 1_000_000]:
        t0 = time.perf_counter()
        doc = stage(Document(doc_id="x", text=text))
        assert time.perf_counter() - t0 < 5
        assert doc.lang in (UND, "de", "en", "fr", "es", "it", "nl", "pl", "ru", "uk", "tr")
    assert stage(Document(doc_id="x", text="")).lang == UND


def test_configured_languages(monkeypatch):
    monkeypatch.setenv("LAGEBILD_LANGUAGES", "de,en")
    fr = "La Russie et la Corée du Nord ont signé mercredi un accord de défense mutuelle à Pyongyang."
    assert detect(fr)[0] != "fr"
    monkeypatch.setenv("LAGEBILD_LANGUAGES", "de,xx-nonsense")
    from lagebild.errors import ConfigError

    with pytest.raises(ConfigError):
        make_language_stage()


def test_chain_and_memory(seed_texts):
    assert [s.name for s in check_chain(["language", "sentences"])] == ["language", "sentences"]
    # resident memory of a fresh process after language ID of a seed (lingua + sentinel)
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from lagebild.stages.language import detect_blocks\n"
        "detect_blocks(sys.stdin.read())\n"
        "print(int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], input=seed_texts["000"], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) < 600
