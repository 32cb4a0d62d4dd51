"""Bytes -> text: binary detection and encoding detection, then Unicode NFC.

Order: BOM; strict UTF-8; a charset declared in HTML/XML; strict cp1252 (the
usual "ANSI" encoding of German, English and French text, a superset of the
printable latin-1 range); latin-1 when cp1252 fails on one of its five undefined
bytes but the text has no C1 control characters; finally charset-normalizer.
Anything still implausible is `UndecodableInput`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import BinaryInput, UndecodableInput

_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00", "binary data"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,30})""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def check_binary(head: bytes, *, path: str, where: str | None = None, allow_gzip: bool = False) -> None:
    """Raise `BinaryInput` for content that is clearly not text."""
    if any(head.startswith(b) for b, _ in _BOMS):
        return
    for magic, what in _MAGIC:
        if head.startswith(magic) and not (allow_gzip and magic == b"\x1f\x8b"):
            raise BinaryInput(f"binary file ({what}), not text", path=path, where=where)
    sample = head[:8192]
    if b"\x00" in sample:
        raise BinaryInput("binary file (NUL bytes), not text", path=path, where=where)
    if sample:
        ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
        if ctrl / len(sample) > 0.05:
            raise BinaryInput("binary file (control bytes), not text", path=path, where=where)


def _plausible(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL.findall(text[:20000])) <= max(2, len(text[:20000]) // 1000)


def decode_bytes(data: bytes, *, path: str, where: str | None = None) -> str:
    """Decode ``data`` to NFC text with ``\\n`` line ends, or raise `UndecodableInput`."""
    text = _decode(data, path=path, where=where)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, *, path: str, where: str | None) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    m = _DECLARED.search(data[:2048])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        if enc not in ("utf-8", "utf8"):
            try:
                text = data.decode(enc)
                if _plausible(text):
                    return text
            except (LookupError, UnicodeDecodeError):
                pass
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # noqa: BLE001 - a detector failure is "undecodable", not a crash
        best = None
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
            if _plausible(text):
                return text
        except (LookupError, UnicodeDecodeError):
            pass
    raise UndecodableInput(
        f"cannot decode bytes (not UTF-8 at byte {utf8_error.start}, and no plausible cp1252/latin-1/other encoding)",
        path=path,
        where=where,
    )
