"""Encoding detection: UTF-8, cp1252 and latin-1 bytes built from seed text decode correctly; NFC."""

from __future__ import annotations

import unicodedata

import pytest

from lagebild.errors import LagebildError
from lagebild.ingest import build_document, iter_records
from lagebild.ingest.decode import decode_bytes


def latin1_safe(text: str) -> str:
    # latin-1 has no typographic quotes or dashes: replace them as an old system would
    table = {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "➤": ">", "•": "*"}
    return "".join(table.get(c, c) for c in text)


def read_one(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    out = list(iter_records([str(p)]))
    assert len(out) == 1 and not isinstance(out[0], LagebildError), out
    return out[0]


@pytest.mark.parametrize("seed", ["002", "003", "004"])
def test_cp1252(tmp_path, seed_texts, seed):
    text = seed_texts[seed]
    data = text.encode("cp1252", errors="replace")  # „ “ – … exist in cp1252
    rec = read_one(tmp_path, "a.txt", data)
    assert rec.body == data.decode("cp1252")
    for word in ("Präsident", "Pjöngjang", "Unterstützung"):
        if word in text:
            assert word in rec.body
    if "„" in text:
        assert "„" in rec.body


@pytest.mark.parametrize("seed", ["000", "001"])
def test_latin1(tmp_path, seed_texts, seed):
    text = latin1_safe(seed_texts[seed])
    rec = read_one(tmp_path, "b.txt", text.encode("latin-1"))
    assert rec.body == text
    assert "Präsident" in rec.body and "ß" in rec.body


def test_utf8_bom_crlf_and_nfd_become_nfc(tmp_path, seed_texts):
    text = unicodedata.normalize("NFD", seed_texts["001"]).replace("\n", "\r\n")
    rec = read_one(tmp_path, "c.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert rec.body == seed_texts["001"]
    doc = build_document(rec)
    assert "Annäherung zweier Atommächte" in doc.text and unicodedata.is_normalized("NFC", doc.text)


def test_utf16_with_bom(tmp_path, seed_texts):
    rec = read_one(tmp_path, "d.txt", seed_texts["004"].encode("utf-16"))
    assert rec.body == seed_texts["004"]


def test_html_declared_charset(tmp_path, seed_texts):
    para = latin1_safe(seed_texts["001"].split("\n")[3])
    page = f'<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article><p>{para}</p></article></body></html>'
    rec = read_one(tmp_path, "e.html", page.encode("latin-1"))
    assert "Präsident Wladimir Putin (71)" in rec.extracted


def test_decode_bytes_is_utf8_first():
    # valid UTF-8 must never be read as cp1252 mojibake
    assert decode_bytes("Jänner – Pjöngjang".encode("utf-8"), path="x") == "Jänner – Pjöngjang"
