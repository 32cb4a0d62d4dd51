"""Claims, corroboration and the dossier on the seeds; HTML escaping; a real browser render."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lagebild import Pipeline
from lagebild.corpus.claims import extract_claims, provenance_from_rows
from lagebild.report.dossier import build_dossier
from lagebild.report.render import render

OUT = Path(__file__).resolve().parents[1] / "out" / "test-screenshots"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    db = tmp_path_factory.mktemp("dossier") / "d.db"
    p = Pipeline(db=str(db))
    rep = p.ingest([str(seeds_dir)])
    assert len(rep.stored) == 5
    docs = {d.meta.source_path.split("/")[-1][:3]: d for d in (p.store.get(i) for i in rep.stored)}
    yield p, docs
    p.close()


def _pact_claims(p, docs):
    pact = [docs["000"], docs["002"], docs["003"]]
    ids = {d.doc_id for d in pact}
    rows = [r for d in pact for r in p.store.rows("duplicates", doc_id=d.doc_id) if r["other_id"] in ids]
    agencies = {d.doc_id: d.meta.agency.value for d in pact if d.meta.agency and d.meta.agency.confidence >= 0.5}
    return pact, extract_claims(pact, provenance_from_rows(rows, agencies))


def test_mutual_assistance_is_corroborated(seeded):
    p, docs = seeded
    pact, claims = _pact_claims(p, docs)
    hits = [c for c in claims if any("gegenseitig" in s.text and ("Aggression" in s.text or "Angriff" in s.text) for s in c.supports)]
    assert hits, [c.text for c in claims[:10]]
    best = max(hits, key=lambda c: c.independent)
    assert best.independent >= 2 and best.label == "corroborated", best.to_dict()


def test_tikhonov_quote_counts_once(seeded):
    """The AFP quote of the Korea scholar in 000 and 003 is one source, not two."""
    p, docs = seeded
    pact, claims = _pact_claims(p, docs)
    tik = [c for c in claims if any("Abhängigkeit" in s.text for s in c.supports)]
    assert tik
    c = max(tik, key=lambda c: len(c.supports))
    assert {s.doc_id for s in c.supports} >= {docs["000"].doc_id, docs["003"].doc_id}, c.to_dict()
    assert c.independent == 1, c.to_dict()


def test_dossier_formats_and_sections(seeded):
    p, docs = seeded
    sid = p.store.rows("story_articles", doc_id=docs["002"].doc_id)[0]["story_id"]
    d = build_dossier(p.store, sid)
    names = " ".join(a["name"] for a in d["actors"][:8])
    assert "Putin" in names
    for s in d["summary"]:
        assert s["articles"], "every summary sentence cites its articles"
    md = render(d, "md")
    html = render(d, "html")
    for section in ("Summary", "Timeline", "Key actors", "Key quotes", "Claims and support", "Background", "Sources"):
        assert section in md and section in html
    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html.replace("https://agency.reuters.com", "")  # no CDN


def test_article_text_is_escaped(tmp_path, seeds_dir):
    text = next(seeds_dir.glob("004_*.txt")).read_text(encoding="utf-8")
    evil = text.replace("Kim Jong Un verspricht", "<script>alert('x')</script> Kim Jong Un <img src=x onerror=alert(1)> verspricht", 1)
    p = Pipeline(db=str(tmp_path / "x.db"))
    rep = p.ingest([_write(tmp_path / "evil.txt", evil)])
    sid = p.store.rows("story_articles", doc_id=rep.stored[0])[0]["story_id"]
    html = render(build_dossier(p.store, sid), "html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html
    p.close()


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (make test installs it: apt-get install chromium)")
def test_dossier_renders_in_chromium(seeded, tmp_path):
    p, docs = seeded
    sid = p.store.rows("story_articles", doc_id=docs["002"].doc_id)[0]["story_id"]
    page = tmp_path / "dossier.html"
    page.write_text(render(build_dossier(p.store, sid), "html"), encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    shot = OUT / "dossier.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for section in ('id="summary"', 'id="timeline"', 'id="actors"', 'id="quotes"', 'id="claims"', 'id="sources"'):
        assert section in dom.stdout
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1000,2400", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_seed_stories_and_storyline(seeded):
    """The seeds, through the whole pipeline: three stories of one storyline (SEEDS.md)."""
    p, docs = seeded
    story_of = {k: p.store.rows("story_articles", doc_id=d.doc_id)[0]["story_id"] for k, d in docs.items()}
    assert story_of["000"] == story_of["002"] == story_of["003"]
    assert len({story_of["000"], story_of["001"], story_of["004"]}) == 3
    lines = {r["storyline_id"] for r in p.store.rows("stories") if not r["alias_of"]}
    assert len(lines) == 1


def test_pact_dossier_names_putin_and_kim(seeded):
    p, docs = seeded
    sid = p.store.rows("story_articles", doc_id=docs["002"].doc_id)[0]["story_id"]
    d = build_dossier(p.store, sid)
    top = " ".join(a["name"] for a in d["actors"][:6])
    assert "Putin" in top and "Kim" in top, top
    assert d["story"]["size"] == 3
    mutual = [c for c in d["claims"] if any("gegenseitig" in s["text"] and ("Aggression" in s["text"] or "Angriff" in s["text"]) for s in c["supports"])]
    assert mutual and max(c["independent_sources"] for c in mutual) >= 2
    tik = [c for c in d["claims"] if any("Abhängigkeit" in s["text"] for s in c["supports"])]
    assert tik and all(c["independent_sources"] == 1 for c in tik)


def test_key_quotes_name_the_person_not_the_institution(seeded):
    """Seed 002: "Der russische Experte Artjom Lukin von der Fernost-Universität nannte …" is Lukin's
    quote; seed 003: "sagte Koh Yu-hwan, … Professor … an der Dongguk Universität" is never the
    university's. Quote text carries no doubled quotation marks."""
    p, docs = seeded
    quotes = []
    for key in ("002", "003"):
        sid = p.store.rows("story_articles", doc_id=docs[key].doc_id)[0]["story_id"]
        quotes += build_dossier(p.store, sid)["quotes"]
    speakers = {q["speaker"] for q in quotes}
    assert not any(s and ("Universität" in s or s.startswith("Instituts")) for s in speakers), speakers
    lukin = [q for q in quotes if "US-zentrischen" in q["text"] or "Sicherheitsgarantien" in q["text"]]
    assert lukin and all(q["speaker"] and "Lukin" in q["speaker"] for q in lukin), lukin
    assert not any(q["text"][:1] in "„»\"" and q["text"][-1:] in "“«\"" for q in quotes if q["kind"] == "direct")


def test_outlet_citing_another_counts_once():
    """'laut Reuters' in one article and the Reuters article itself: one source, not two."""
    from lagebild.corpus.claims import Provenance, Support, source_groups

    a = Support("spiegel", 0, 80, "Putin sagte laut Reuters, der Vertrag enthalte gegenseitige Unterstützung.")
    b = Support("reuters", 100, 180, "Der Vertrag enthalte gegenseitige Unterstützung, sagte Putin.")
    c = Support("afp", 0, 60, "Der Vertrag sieht gegenseitige Unterstützung vor, sagte Putin.")
    prov = Provenance(names={"reuters": frozenset({"reuters"}), "spiegel": frozenset({"spiegel"}), "afp": frozenset({"afp"})},
                      cites={"spiegel": ((12, 24, "reuters"),)})
    g = source_groups([a, b, c], prov)
    assert g[0] == g[1] != g[2]
    assert len(set(source_groups([a, b, c], Provenance()))) == 3
