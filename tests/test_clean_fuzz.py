"""Property tests: cleaning never crashes, offsets stay in range, output is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagebild.errors import NoText
from lagebild.ingest import process_text
from lagebild.ingest.clean import clean
from lagebild.model import spans_in_range

PIECES = [
    "Foto: APA / dpa", "EPAWährend", "(Reuters) - ", "Seoul/Moskau ", "(Seoul) ", "- von Anna und Bernd", "Kommentare",
    "➤ Mehr lesen: x", "(Mit Material von A; geschrieben von B; Redigiert von C.)", " date 2024-06 ", "©", "\n", "\n\n",
    "  • Punkt", "EXPERTE: GROSS", "Putin sagte am Mittwoch in Pjöngjang, der Pakt sei gut.", "„", "“", "\u00a0", "\r\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=25))
def test_clean_invariants(parts):
    raw = "".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    a = clean(raw)
    assert a == clean(raw)
    for r in a.removed:
        assert 0 <= r.start <= r.end <= len(raw) and raw[r.start : r.end] == r.text
    assert all(0 <= b.start < b.end <= len(a.text) for b in a.blocks)
    assert "\n\n".join(a.text[b.start : b.end] for b in a.blocks) == a.text
    try:
        doc = process_text("".join(parts))
    except NoText:
        return
    assert spans_in_range(doc, doc.blocks) and doc.text.strip()
