"""Sentence splitter and tokenizer on real German news (seeds), abbreviation cases
built from seed sentences, other languages, and bad input."""

from __future__ import annotations

import time

import pytest

from lagebild.model import Document, Span
from lagebild.stages.sentences import align, make_sentences_stage, sentences_and_tokens, split_sentences, tokenize


def sents(text: str, lang: str = "de", blocks=()) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang, blocks)]


def check_invariants(text: str, spans, tokens) -> None:
    n = len(text)
    prev_end = 0
    for s, e in spans:
        assert 0 <= prev_end <= s < e <= n
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev_end = e
    # every non-space character lies in a sentence
    covered = sum(e - s for s, e in spans)
    gaps = "".join(text[a:b] for a, b in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [n]))
    assert covered + len(gaps) == n and not gaps.strip()
    # tokens are in range, in order, and each lies inside one sentence
    i = 0
    for s, e in tokens:
        assert 0 <= s < e <= n
        while i < len(spans) and spans[i][1] <= s:
            i += 1
        assert i < len(spans) and spans[i][0] <= s and e <= spans[i][1], (text[s:e], s, e)


def test_seed_002_dateline_stays_with_its_sentence(seed_texts):
    out = sents(seed_texts["002"])
    dateline = [s for s in out if s.startswith("Seoul/Moskau (Reuters) -")]
    assert dateline == [
        "Seoul/Moskau (Reuters) - Russlands Präsident Wladimir Putin hat bei seinem ersten Besuch in "
        "Nordkorea seit 24 Jahren eine deutliche Vertiefung der Beziehungen signalisiert."
    ]
    assert "- von Ju-min Park und Josh Smith" in out
    assert "EXPERTE: HABEN TIEFE DER BEZIEHUNGEN UNTERSCHÄTZT" in out  # heading is its own unit
    # the initial in "Scot W. Stevenson" does not end a sentence
    assert not any(s.endswith("Scot W.") for s in out)


def test_seed_004_bullets_and_headings_are_units(seed_texts):
    out = sents(seed_texts["004"])
    assert "• Artilleriemunition" in out
    assert "• Panzerabwehrraketen" in out
    assert "Nordkorea könnte Russland für seinen Krieg in der Ukraine folgendes liefern:" in out
    assert "Warnung aus den USA" in out
    assert "Kommentare" == out[-1]


def test_seed_quotes_end_sentences(seed_texts):
    out = sents(seed_texts["004"])
    i = out.index('"Und wir werden im Kampf gegen den Imperialismus zusammenstehen."')
    assert out[i + 1].startswith("Er sei sicher")
    # seed 003 with the closing mark the translation lost: „… dankbar.“ Heute …
    text = seed_texts["003"].replace("Ukraine dankbar. Heute", "Ukraine dankbar.“ Heute")
    out3 = sents(text)
    ends = [s for s in out3 if s.endswith("Ukraine dankbar.“")]
    assert len(ends) == 1 and ends[0].startswith("„Wir sind den Führern")
    # a quote followed by its attribution stays one sentence
    assert any(s.startswith("„Wir schätzen Ihre") and s.endswith("sagte der Kremlchef im Gegenzug.") for s in out3)
    # the omission mark […] inside a quote ends nothing
    assert any("Partnerschaft […] das Bündnis" in s for s in out3)


def test_seed_000_guillemets_and_numbers(seed_texts):
    out = sents(seed_texts["000"])
    assert "Kim bezeichnete Putin zudem als »besten Freund des koreanischen Volks«." in out
    assert any(s.startswith("Seit vergangenem Sommer sollen 10.000 Container") for s in out)
    assert out[0] == "Deal zwischen Russland und Nordkorea: Putin und Kim vereinbaren ..."


BASE = "Putin wurde in Pjöngjang unter Jubel empfangen."
NEXT = "Eine Ehrengarde und große Menschenmengen versammelten sich auf dem zentralen Kim-Il-Sung-Platz."


@pytest.mark.parametrize(
    "first",
    [
        "Putin wurde am 19. Juni in Pjöngjang unter Jubel empfangen.",
        "Putin wurde am 19. Jänner in Pjöngjang unter Jubel empfangen.",
        "Putin wurde wie im 19. Jahrhundert üblich in Pjöngjang unter Jubel empfangen.",
        "Putin wurde zum 70. Jahrestag in Pjöngjang unter Jubel empfangen.",
        "Putin wurde von Dr. Kim in Pjöngjang unter Jubel empfangen.",
        "Putin wurde von Prof. Lukin in Pjöngjang unter Jubel empfangen.",
        "Putin wurde u. a. in Pjöngjang unter Jubel empfangen.",
        "Putin wurde z. B. in Pjöngjang unter Jubel empfangen.",
        "Putin wurde in Pjöngjang bzw. Wostotschny unter Jubel empfangen.",
        "Putin wurde von ca. 10.000 Menschen in Pjöngjang unter Jubel empfangen.",
        "Putin wurde in Pjöngjang auf Platz Nr. 1 unter Jubel empfangen.",
        "Putin wurde von Scot W. Stevenson in Pjöngjang unter Jubel empfangen.",
        "Putin wurde von 1.500 Menschen in Pjöngjang unter Jubel empfangen.",
        "Putin wurde in Pjöngjang, gegründet im 3. Jh. v. Chr., unter Jubel empfangen.",
    ],
)
def test_abbreviations_ordinals_initials_do_not_split(first):
    assert sents(f"{first} {NEXT}") == [first, NEXT]


@pytest.mark.parametrize(
    "first",
    [
        "Die beiden Staaten unterzeichneten ein Bündnis im Jahr 1961.",
        "Die Zahl der Opfer stieg auf 18.",
        "Das Abkommen gilt seit 2024 usw.",
        "Er fragte: Wann kommt Putin?",
        "Kim rief: „Es lebe die Freundschaft!“",
        "Putin und Kim vereinbaren …",
    ],
)
def test_sentence_final_numbers_and_marks_split(first):
    text = f"{first} Die Beziehungen beider Länder träten in eine neue Ära ein."
    assert sents(text) == [first, "Die Beziehungen beider Länder träten in eine neue Ära ein."]


def test_lowercase_continuation_is_not_a_boundary():
    text = "„Wir kommen!“ sagte Kim. Was tun? fragte Putin."
    assert sents(text) == ["„Wir kommen!“ sagte Kim.", "Was tun? fragte Putin."]


def test_french_spaced_guillemets_and_english_abbreviations():
    fr = "« Nous sommes reconnaissants. » Puis il a remercié M. Poutine pour son soutien."
    assert sents(fr, "fr") == ["« Nous sommes reconnaissants. »", "Puis il a remercié M. Poutine pour son soutien."]
    en = "Mr. Putin met Mr. Kim on Wednesday. The U.S. State Department said it was concerned."
    assert sents(en, "en") == ["Mr. Putin met Mr. Kim on Wednesday.", "The U.S. State Department said it was concerned."]


def test_blocks_are_never_crossed(seed_texts):
    text = seed_texts["002"]
    # blocks cut mid-sentence on purpose: a sentence must end at each block end
    para = text.index("Putin wurde in Pjöngjang")
    cut = text.index("unter Jubel", para)
    blocks = [(0, cut), (cut, len(text))]
    spans = split_sentences(text, "de", blocks)
    assert any(e == cut - 1 for _, e in spans)  # "… in Pjöngjang" ends before the space
    assert all(not (s < cut < e) for s, e in spans)


def test_hard_wrapped_paragraph_is_joined(seed_texts):
    import textwrap

    para = seed_texts["000"].splitlines()[2]
    wrapped = "\n".join(textwrap.wrap(para, 60))
    assert "\n" in wrapped
    assert len(split_sentences(wrapped)) == len(split_sentences(para)) == 3


def test_seeds_invariants_and_determinism(seed_texts):
    for key, text in seed_texts.items():
        spans, toks = sentences_and_tokens(text, "de")
        assert spans and toks, key
        check_invariants(text, spans, toks)
        assert sentences_and_tokens(text, "de") == (spans, toks)


def test_tokens_split_ordinal_number_at_sentence_end(seed_texts):
    text = seed_texts["002"]
    spans, toks = sentences_and_tokens(text, "de")
    words = [text[s:e] for s, e in toks]
    i = words.index("Reuters")
    assert words[i + 1 : i + 3] == ["2024", "."]
    short = "Das ist z. B. ein Test."
    assert [short[s:e] for s, e in tokenize(short)] == ["Das", "ist", "z.", "B.", "ein", "Test", "."]


def test_align_cuts_tokens_crossing_a_boundary():
    text = "abc.def ghi"
    assert align(text, [(0, 7), (8, 11)], [(0, 4), (4, 11)]) == [(0, 4), (4, 7), (8, 11)]


def test_stage_on_document_uses_blocks_and_block_languages(seed_texts):
    text = seed_texts["001"]
    lines = text.split("\n")
    blocks, pos = [], 0
    for ln in lines:
        if ln.strip():
            blocks.append(Span(pos, pos + len(ln), label="paragraph"))
        pos += len(ln) + 1
    doc = Document(doc_id="x", text=text, lang="de", blocks=tuple(blocks))
    out = make_sentences_stage()(doc)
    spans = [(s.start, s.end) for s in out.sentences]
    check_invariants(text, spans, [(t.start, t.end) for t in out.tokens])
    assert text[spans[0][0] : spans[0][1]] == "Annäherung zweier Atommächte"
    assert all(any(b.start <= s and e <= b.end for b in blocks) for s, e in spans)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "!!! ... 123 --- 4.5.6 ??", "…", "\n\n\n"])
def test_bad_input_no_crash(text):
    spans, toks = sentences_and_tokens(text, "de")
    check_invariants(text, spans, toks)
    doc = make_sentences_stage()(Document(doc_id="x", text=text, lang="und"))
    assert len(doc.sentences) == len(spans)


def test_mixed_scripts(seed_texts):
    text = "Kim Jong Un (김정은) traf Wladimir Putin (Владимир Путин) in Wostotschny. Dmitri Peskow (Дмитрий Песков) sagte nichts."
    spans, toks = sentences_and_tokens(text, "de")
    check_invariants(text, spans, toks)
    assert len(spans) == 2
    assert "김정은" in [text[s:e] for s, e in toks]


def test_one_megabyte_paragraph_in_bounded_time(seed_texts):
    para = " ".join(seed_texts["000"].split())
    text = (para + " ") * (1_000_000 // len(para))
    t0 = time.perf_counter()
    spans, toks = sentences_and_tokens(text, "de")
    assert time.perf_counter() - t0 < 20
    assert len(spans) > 1000 and max(e - s for s, e in spans) <= 3000
    # no punctuation at all: over-long sentences are cut, still bounded
    junk = "wort " * 200_000
    t0 = time.perf_counter()
    spans = split_sentences(junk)
    assert time.perf_counter() - t0 < 10
    assert max(e - s for s, e in spans) <= 3000


def test_heading_glued_to_paragraph_is_cut(seed_texts):
    # seed 001 flattened: the heading "Sorge im Westen und in Südkorea" runs into "Der Besuch …"
    flat = " ".join(seed_texts["001"].split())
    out = sents(flat)
    assert "Sorge im Westen und in Südkorea" in out
    assert any(s.startswith("Der Besuch wird im Ausland") for s in out)
    # names with capitalised articles inside a sentence are not cut ("Die" is not a cue)
    assert sents("Das Bündnis der Partei Die Linke wurde gegründet.") == ["Das Bündnis der Partei Die Linke wurde gegründet."]


def test_spaced_closing_quote_stays_with_its_sentence():
    text = 'Er sagte: " Wir kommen. Wir bleiben. " Der Besuch endete am Mittwoch.'
    out = sents(text)
    assert out[-1] == "Der Besuch endete am Mittwoch."
    assert out[-2].endswith('bleiben. "')


# --- second round (error-driven on SpkAtt train / GermEval tune) ---------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        # a one-letter unit after a number ends the sentence when a starter follows
        (
            "Das Gerät wiegt 165 g. Das Display ist groß.",
            ["Das Gerät wiegt 165 g.", "Das Display ist groß."],
        ),
        (
            "Der Wagen fuhr 412 km / h. Der Hersteller jubelte.",
            ["Der Wagen fuhr 412 km / h.", "Der Hersteller jubelte."],
        ),
        # a camel-case brand may start a sentence
        ("Zahlungen liefen über Paypal. eBay meldete Gewinne.", ["Zahlungen liefen über Paypal.", "eBay meldete Gewinne."]),
        # a question mark in an aside does not end the sentence; a date range is an ordinal
        (
            "Man habe schon 500 (verunsicherte?) Kunden abgeworben. Putin kam.",
            ["Man habe schon 500 (verunsicherte?) Kunden abgeworben.", "Putin kam."],
        ),
        ("Am Wochenende vom 24./25. Mai 2008 wurde gefeiert. Putin kam.", ["Am Wochenende vom 24./25. Mai 2008 wurde gefeiert.", "Putin kam."]),
        # a colon before a new clause whose subject is a name ends a sentence ...
        (
            "Das Tor fiel in der 81. Minute: Simon Rolfes spielte den Ball nach innen.",
            ["Das Tor fiel in der 81. Minute:", "Simon Rolfes spielte den Ball nach innen."],
        ),
        # ... but not before a list, a quotation, or inside a quotation
        (
            "Die Kommission stützt sich auf drei Punkte: Die Sonderrechte des Bundes fallen weg.",
            ["Die Kommission stützt sich auf drei Punkte: Die Sonderrechte des Bundes fallen weg."],
        ),
        (
            "Kim sagte: „Wir stehen an der Seite Russlands.“",
            ["Kim sagte: „Wir stehen an der Seite Russlands.“"],
        ),
        (
            "Auf dem Zettel stand: „Denke daran: Das Abhören ist verboten.“",
            ["Auf dem Zettel stand: „Denke daran: Das Abhören ist verboten.“"],
        ),
    ],
)
def test_second_round_cases(text, expected):
    assert sents(text) == expected


def test_strict_convention_splits_only_at_final_punctuation():
    text = "Die Lage ist ernst; die Regierung berät. Dann geschah es: Die Brücke stürzte ein. Reaktionen Der Minister schwieg."
    news = sents(text)
    strict = [text[s:e] for s, e in split_sentences(text, "de", convention="strict")]
    assert news == ["Die Lage ist ernst;", "die Regierung berät.", "Dann geschah es:", "Die Brücke stürzte ein.", "Reaktionen", "Der Minister schwieg."]
    assert strict == ["Die Lage ist ernst; die Regierung berät.", "Dann geschah es: Die Brücke stürzte ein.", "Reaktionen Der Minister schwieg."]
    with pytest.raises(ValueError):
        split_sentences(text, "de", convention="bogus")


@pytest.mark.parametrize("unit", ["Das Ergebnis war klar: Simon Rolfes spielte ", "x „Denke daran: Das ", "a: B ; c? ) "])
def test_one_megabyte_of_colons_in_bounded_time(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    t0 = time.process_time()
    spans = split_sentences(text)
    assert time.process_time() - t0 < 20
    assert spans and spans[0][0] == 0 and all(e - s <= 3000 for s, e in spans)


# --- third round (SpkAtt train errors; glued headlines in real scraped news) -----------


@pytest.mark.parametrize(
    "text,expected",
    [
        # a headline glued to its lead: capitalised "In", "Mit", "Die", "Am" start the lead
        (
            "Putin reist nach Nordkorea Die Reise ist die erste seit 24 Jahren.",
            ["Putin reist nach Nordkorea", "Die Reise ist die erste seit 24 Jahren."],
        ),
        (
            "Der Kreml sucht Verbündete In Pjöngjang wurde Putin mit Pomp empfangen.",
            ["Der Kreml sucht Verbündete", "In Pjöngjang wurde Putin mit Pomp empfangen."],
        ),
        # a verb particle may end the headline ("nimmt … an") ...
        (
            "Koalition: Neues Kabinett nimmt Form an Am Mittwoch bestätigten beide Parteien die Liste.",
            ["Koalition: Neues Kabinett nimmt Form an", "Am Mittwoch bestätigten beide Parteien die Liste."],
        ),
        # ... but nominalisations, titles and enumerations are not headline ends
        ("Über das Für und Wider wurde lange gestritten.", ["Über das Für und Wider wurde lange gestritten."]),
        ("Er las am Morgen die Wochenzeitung Die Zeit und schwieg.", ["Er las am Morgen die Wochenzeitung Die Zeit und schwieg."]),
        ("Die SPD verhandelt mit Die Linke über den Haushalt.", ["Die SPD verhandelt mit Die Linke über den Haushalt."]),
        ("(1) Die Frist beträgt drei Monate.", ["(1) Die Frist beträgt drei Monate."]),
        ("Waren aus dem In- und Ausland kamen an.", ["Waren aus dem In- und Ausland kamen an."]),
        # a section label is a unit of its own
        (
            "Die Gespräche gehen weiter. Themenverwandte Artikel (14.06.2009)",
            ["Die Gespräche gehen weiter.", "Themenverwandte Artikel", "(14.06.2009)"],
        ),
        # "1. Tag" is an ordinal; a determiner after a colon is no verb of a new clause
        ("Chronik der Gaza-Krise 1. Tag: Beginn der Angriffe.", ["Chronik der Gaza-Krise 1. Tag: Beginn der Angriffe."]),
        (
            "Die Kommission legte Forderungen vor, die Maßstab sein sollten: Verbot aller Waffen im Land.",
            ["Die Kommission legte Forderungen vor, die Maßstab sein sollten: Verbot aller Waffen im Land."],
        ),
        # a grouped number after an article is an ordinal; after an amount it ends a sentence
        ("Am Montag wurde der 100.000. Artikel eingestellt.", ["Am Montag wurde der 100.000. Artikel eingestellt."]),
        (
            "Nach Polizeiangaben waren es zirka 1.000. Zu der Demonstration hatte die Partei aufgerufen.",
            ["Nach Polizeiangaben waren es zirka 1.000.", "Zu der Demonstration hatte die Partei aufgerufen."],
        ),
        ("Baskisch hat dz. 26.000 Artikel.", ["Baskisch hat dz. 26.000 Artikel."]),
        # a match heading glued to its report
        (
            "Das Spiel blieb torlos. Deutschland - Serbien: 0:1 (0:1) 38.294 Zuschauer sahen eine schwache Partie.",
            ["Das Spiel blieb torlos.", "Deutschland - Serbien: 0:1 (0:1)", "38.294 Zuschauer sahen eine schwache Partie."],
        ),
        # a preposition may also start a sentence after a colon
        (
            "Für Ferrari sah es dieses Jahr schlecht aus: Hinter Renault und McLaren lagen die Italiener.",
            ["Für Ferrari sah es dieses Jahr schlecht aus:", "Hinter Renault und McLaren lagen die Italiener."],
        ),
    ],
)
def test_third_round_cases(text, expected):
    assert sents(text) == expected
    # the strict convention never cuts headings or labels
    strict = [text[s:e] for s, e in split_sentences(text, "de", convention="strict")]
    assert all(s.endswith((".", ")", "“", ":")) or s == strict[-1] for s in strict)


def test_seed_headlines_flattened_onto_lead(seed_texts):
    # seed 001 in one line: "… Putin nimmt Einladung nach Nordkorea an Das enge Verhältnis …"
    out = sents(" ".join(seed_texts["001"].split()))
    # (kicker and headline stay together: nothing marks their border)
    assert out[0] == "Annäherung zweier Atommächte Putin nimmt Einladung nach Nordkorea an"  # a verb particle ends it
    assert any(s.startswith("Das enge Verhältnis zwischen Russland und Nordkorea") for s in out)
    # seed 004: headline, photo credit and lead in one line
    out4 = sents(" ".join(seed_texts["004"].split()))
    assert any(s.startswith("Der nordkoreanische Machthaber Kim Jong Un hat Putin") for s in out4)


@pytest.mark.parametrize(
    "unit",
    ["Zur Person Die ", "(1) Die Partei Die ", "Für und Wider In ", "A - B C D: 1:1 (0:1) ", "Ja? : : R. Kelly: Für ", "Foto: EPADer ", ": ", "'' Pau'': "],
)
def test_one_megabyte_of_heading_cues_in_bounded_time(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    t0 = time.process_time()
    spans = split_sentences(text)
    assert time.process_time() - t0 < 20
    assert spans and all(e - s <= 3000 for s, e in spans)


# --- fourth round: layouts, captions, teasers, attribution after ? ! -----------------


def test_seed_000_photo_credit_glued_to_next_sentence(seed_texts):
    # the caption credit lost its line break: "… / KREMLIN / EPAWährend seines Besuchs …"
    out = sents(seed_texts["000"])
    assert "Foto: Gavriil Grigorov / SPUTNIK / KREMLIN / EPA" in out
    assert any(s.startswith("Während seines Besuchs in Nordkorea kritisierte der Kremlchef") for s in out)
    # the same credit with a space was already cut by the heading rule; nothing else moves
    spaced = seed_texts["000"].replace("EPAWährend", "EPA Während")
    assert "Foto: Gavriil Grigorov / SPUTNIK / KREMLIN / EPA" in sents(spaced)


def test_seed_004_teaser_line_is_one_unit(seed_texts):
    out = [" ".join(s.split()) for s in sents(seed_texts["004"])]  # (the seed has no-break spaces)
    assert "➤ Mehr lesen: China, Russland, Iran und Nordkorea: Die neue Vierer-Bande" in out
    assert "➤ Mehr lesen: Nachfolgetreffen: Kim lud Putin nach Nordkorea ein" in out
    assert "➤ Mehr lesen zu den aktuellen Entwicklungen im Krieg in der Ukraine" in out


@pytest.mark.parametrize(
    "text,expected",
    [
        # a credit glued to a sentence start, with a lower-case agency too
        ("Foto: dpaDer Kanzler reist nach Kiew.", ["Foto: dpa", "Der Kanzler reist nach Kiew."]),
        # ... but a glued capital outside a credit is left alone (brand names)
        ("Die Marke heißt SchokoDie und ist neu.", ["Die Marke heißt SchokoDie und ist neu."]),
        # interview turns: speaker labels start their turn, wiki layout marks stand alone
        (
            "Für wie wahrscheinlich halten Sie einen Angriff? : : R. Kelly: Für sehr unwahrscheinlich.",
            ["Für wie wahrscheinlich halten Sie einen Angriff?", ": :", "R. Kelly: Für sehr unwahrscheinlich."],
        ),
        (
            "Wie geht es weiter? '' Pau'': Ich lehne das Paket ab.",
            ["Wie geht es weiter?", "''", "Pau'': Ich lehne das Paket ab."],
        ),
        # the label's colon is not a clause end, even when the turn is glued to the question
        (
            "Beschreiben Sie bitte kurz Ihre berufliche Tätigkeit.:: Dr. Robert Kelly: Ich bin Professor in Busan.",
            ["Beschreiben Sie bitte kurz Ihre berufliche Tätigkeit.:: Dr. Robert Kelly: Ich bin Professor in Busan."],
        ),
        (
            "SPIEGEL: Herr Minister, wie geht es weiter? Pistorius: Wir liefern weiter. SPIEGEL: Wann?",
            ["SPIEGEL: Herr Minister, wie geht es weiter?", "Pistorius: Wir liefern weiter.", "SPIEGEL: Wann?"],
        ),
        ("Frage: Wird Nordkorea isoliert? Antwort: Ja, das wird es.", ["Frage: Wird Nordkorea isoliert?", "Antwort: Ja, das wird es."]),
        # a quotation closing after ? or ! with a lower-case attribution stays one sentence
        (
            "„Wollen Sie etwa den Krieg?“, fragte der Abgeordnete. Die Ministerin schwieg.",
            ["„Wollen Sie etwa den Krieg?“, fragte der Abgeordnete.", "Die Ministerin schwieg."],
        ),
        ("»Das ist ein Skandal!« rief Kim. Dann ging er.", ["»Das ist ein Skandal!« rief Kim.", "Dann ging er."]),
        # a parenthetical sentence is its own sentence
        (
            "Die Polizei ermittelt. (Die Tat ereignete sich am Montag.) Der Täter ist flüchtig.",
            ["Die Polizei ermittelt.", "(Die Tat ereignete sich am Montag.)", "Der Täter ist flüchtig."],
        ),
    ],
)
def test_fourth_round_cases(text, expected):
    assert sents(text) == expected


def test_spkatt_interview_turns(data_dir):
    # a Wikinews interview of the SpkAtt *train* part: ''Pau:'' / ''Wikinews:'' turns
    from lagebild.eval import spkatt

    doc = spkatt.read_file(data_dir / "spkatt2023" / "train" / "39835.json")
    out = sents(doc.text)
    assert "''" in out
    assert any(s.startswith("Pau'': Ihren Detailfragen") for s in out)
    assert sum(s.startswith(("Pau''", "Wikinews''")) for s in out) >= 6
