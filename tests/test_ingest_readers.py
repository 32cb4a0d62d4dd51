"""Readers on inputs built in code from the seed texts: HTML, JSON, JSONL, RSS, Atom, WARC, stdin."""

from __future__ import annotations

import html
import io
import json
import sys

from lagebild.errors import LagebildError
from lagebild.ingest import build_document, iter_records, process_text
from lagebild.ingest.records import RawRecord


def records(paths, **kw):
    out = list(iter_records([str(p) for p in paths], **kw))
    errs = [x for x in out if isinstance(x, LagebildError)]
    assert not errs, [e.line() for e in errs]
    return out


def page(seed: str) -> str:
    lines = [ln for ln in seed.split("\n") if ln.strip()]
    body = f"<h1>{html.escape(lines[0])}</h1>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Kim | kurier.at</title>'
        '<meta property="og:site_name" content="kurier.at"><meta name="author" content="Maria Muster">'
        '<meta property="article:published_time" content="2023-09-13T10:00:00+02:00">'
        f'</head><body><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav><article>{body}</article>'
        "<footer>Impressum · Datenschutz</footer></body></html>"
    )


def test_html_reader_main_text_and_metadata(tmp_path, seed_texts):
    p = tmp_path / "kim.html"
    p.write_text(page(seed_texts["004"]), encoding="utf-8")
    (rec,) = records([p])
    assert rec.kind == "html" and rec.reader == "html"
    doc = build_document(rec)
    assert "Impressum" not in doc.text and "Startseite" not in doc.text
    assert "TOPSHOT" not in doc.text and "Mehr lesen" not in doc.text
    assert "Wostotschny" in doc.text
    assert doc.raw == rec.extracted  # removal offsets refer to the extracted text
    m = doc.meta
    assert m.date.value == "2023-09-13" and m.date.precision == "day" and m.date.source == "html:date"
    assert m.outlet.value == "kurier.at"
    assert [(p.name, p.role) for p in m.authors] == [("Maria Muster", "author")]
    assert m.title.value.startswith("Kim Jong Un verspricht Putin")
    assert [b.label for b in doc.blocks][0] == "title"


def test_json_object_array_and_mapping(tmp_path, seed_texts):
    obj = tmp_path / "one.json"
    obj.write_text(json.dumps({"headline": "Putin nimmt Einladung nach Nordkorea an", "articleBody": seed_texts["001"],
                               "datePublished": "2024-01-21", "publisher": {"name": "heute.at"}}), encoding="utf-8")
    arr = tmp_path / "many.json"
    arr.write_text(json.dumps([{"titel": "Pakt", "inhalt": seed_texts["003"], "quelle": "AFP"},
                               {"titel": "Gipfel", "inhalt": seed_texts["004"]}]), encoding="utf-8")
    (a,) = records([obj])
    assert a.title == "Putin nimmt Einladung nach Nordkorea an" and a.outlet == "heute.at" and a.date == "2024-01-21"
    b = records([arr], mapping={"text": "inhalt", "title": "titel", "outlet": "quelle"})
    assert [r.where for r in b] == ["record 1", "record 2"] and [r.title for r in b] == ["Pakt", "Gipfel"]
    d = build_document(b[0])
    assert d.meta.title.source == "json:title"
    assert d.text.startswith("Pakt\n\nNordkorea und Russland")  # the title opens the text
    assert d.meta.agency.value == "AFP" and d.meta.agency.source == "json:outlet"
    d1 = build_document(a)
    assert d1.meta.date.value == "2024-01-21" and d1.meta.date.source == "json:date"
    # the title already opens the body: not repeated
    assert d1.text.count("Putin nimmt Einladung nach Nordkorea an") == 1


def test_jsonl_common_fields(tmp_path, seed_texts):
    p = tmp_path / "feed.jsonl"
    rows = [{"title": "Reuters", "body": seed_texts["002"], "url": "https://www.reuters.com/x", "published": "2024-06-19T08:00:00Z",
             "authors": ["Ju-min Park"], "lang": "de"},
            {"title": "Gipfel", "content": "<p>" + seed_texts["004"].replace("\n\n", "</p><p>") + "</p>", "source": "kurier.at"}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    a, b = records([p])
    assert a.url == "https://www.reuters.com/x" and a.lang == "de" and a.authors == ("Ju-min Park",)
    d = build_document(a)
    assert d.lang == "de"
    # header "date 2024-06" and the field 2024-06-19 agree: the more precise one wins
    assert d.meta.date.value == "2024-06-19" and d.meta.date.precision == "day" and d.meta.date.source == "json:date"
    assert d.meta.url == "https://www.reuters.com/x"
    assert d.meta.source_path.endswith("feed.jsonl (line 1)")
    assert "<p>" not in b.body and "Wostotschny" in b.body  # HTML fragment converted


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>kurier.at Politik</title>
<language>de-AT</language>
<item><title>Kim verspricht Unterstützung</title><link>https://kurier.at/kim</link>
<pubDate>Wed, 13 Sep 2023 09:15:00 +0200</pubDate><description>Kurz: Kim bei Putin.</description>
<content:encoded><![CDATA[{full}]]></content:encoded></item>
<item><title>Nur Anriss</title><link>https://kurier.at/anriss</link><description>{summary}</description></item>
<item><title>Leer</title><link>https://kurier.at/leer</link></item>
</channel></rss>"""


def test_rss_full_text_else_summary(tmp_path, seed_texts):
    full = "".join(f"<p>{html.escape(x)}</p>" for x in seed_texts["004"].split("\n\n"))
    p = tmp_path / "politik.rss"
    p.write_text(RSS.format(full=full, summary=html.escape(seed_texts["001"].split("\n")[2])), encoding="utf-8")
    out = list(iter_records([str(p)]))
    recs = [r for r in out if isinstance(r, RawRecord)]
    errs = [e for e in out if isinstance(e, LagebildError)]
    assert len(recs) == 2 and len(errs) == 1 and "item 3" in str(errs[0])
    full_rec, summary_rec = recs
    assert full_rec.extra["feed_text"] == "content" and "Wostotschny" in full_rec.body
    assert summary_rec.extra["feed_text"] == "summary"
    assert full_rec.date == "2023-09-13" and full_rec.outlet == "kurier.at Politik" and full_rec.lang == "de"
    d = build_document(full_rec)
    assert d.meta.title.value == "Kim verspricht Unterstützung" and d.meta.url == "https://kurier.at/kim"
    assert "TOPSHOT" not in d.text and "• Artilleriemunition" in d.text


def test_atom_feed_sniffed_from_xml(tmp_path, seed_texts):
    text = seed_texts["003"].split("\n\n")[0]
    p = tmp_path / "feed.xml"
    p.write_text(f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>AFP</title>
<entry><title>Pakt</title><link href="https://example.org/pakt"/><updated>2024-06-19T12:00:00Z</updated>
<author><name>Anna Autorin</name></author><summary>{html.escape(text)}</summary></entry></feed>""", encoding="utf-8")
    (rec,) = records([p])
    d = build_document(rec)
    assert d.meta.dateline.value == "Seoul" and d.meta.date.value == "2024-06-19"
    assert [(a.name, a.role) for a in d.meta.authors] == [("Anna Autorin", "author")]


def test_warc_reader(tmp_path, seed_texts):
    from test_ingest_bad_input import _page, _warc

    for gz in (False, True):
        p = tmp_path / ("c.warc.gz" if gz else "c.warc")
        p.write_bytes(_warc([_page(seed_texts["000"]), _page(seed_texts["002"])], gz))
        recs = records([p])
        assert [r.url for r in recs] == ["https://example.org/0", "https://example.org/1"]
        assert all(r.reader == "warc" and r.where.startswith("record ") for r in recs)
        d = build_document(recs[1])
        assert d.meta.agency.value == "Reuters" and d.meta.url == "https://example.org/1"
        assert d.meta.outlet.value == "example.org"


def test_directory_glob_stdin_and_sniffing(tmp_path, seed_texts, monkeypatch):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "2.txt").write_text(seed_texts["001"])
    (tmp_path / "b" / "1.txt").write_text(seed_texts["000"])
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG....")  # unknown extension in a folder: skipped
    (tmp_path / "b" / ".hidden.txt").write_text("x")
    noext = tmp_path / "article"
    noext.write_text(json.dumps({"title": "T", "text": seed_texts["004"]}))
    recs = records([tmp_path / "b", noext])
    assert [r.origin.rsplit("/", 2)[-2:] for r in recs][:2] == [["b", "1.txt"], ["c", "2.txt"]]
    assert recs[2].reader == "json"
    globbed = records([str(tmp_path / "b" / "**" / "*.txt")])
    assert len(globbed) == 2
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_texts["002"].encode("cp1252", "replace"))))
    (rec,) = records(["-"])
    assert rec.origin == "-" and "Präsident" in rec.body


def test_process_text():
    d = process_text("Gipfel in Wladiwostok\n\nKim traf Putin am Mittwoch. Beide sprachen lange.\n\nKommentare", origin="t")
    assert d.meta.title.value == "Gipfel in Wladiwostok" and "Kommentare" not in d.text
    assert d.meta.source_path == "t"
