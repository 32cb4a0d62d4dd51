"""Sentence splitter, fifth round (issue #4): every rule added in this round, on real
German news sentences (SpkAtt train articles, the seeds) and the cases that must not
change."""

from __future__ import annotations

import pytest

from lagebild.stages.sent_split import split_sentences


def sents(text: str, convention: str = "news") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, "de", convention=convention)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "!" inside a quoted name ("E! Online", SpkAtt train) does not end the sentence
        (
            "Unter den Opfern befindet sich Angaben des Internetdienstes „E! Online“ auch der Ehemann "
            "des Broadway-Stars Bernadette Peters. Die 57-jährige Künstlerin war mit ihm verheiratet.",
            [
                "Unter den Opfern befindet sich Angaben des Internetdienstes „E! Online“ auch der Ehemann "
                "des Broadway-Stars Bernadette Peters.",
                "Die 57-jährige Künstlerin war mit ihm verheiratet.",
            ],
        ),
        ("Er las jeden Morgen »Yahoo! Nachrichten« im Zug. Dann ging er.", ["Er las jeden Morgen »Yahoo! Nachrichten« im Zug.", "Dann ging er."]),
        # ... but a quoted exclamation followed by a new sentence still ends
        (
            "Er rief: „Halt! Stehen bleiben, sonst schieße ich, wenn Sie nicht sofort anhalten!“ Der Mann floh.",
            ["Er rief: „Halt!", "Stehen bleiben, sonst schieße ich, wenn Sie nicht sofort anhalten!“", "Der Mann floh."],
        ),
        # a number after "Platz" is a cardinal: its period ends the sentence (SpkAtt train)
        (
            "Weitere Platzierungen sind Siemens auf Platz 68, Bayer auf Platz 70 und Allianz auf Platz 93. "
            "BASF, die Deutsche Telekom und Daimler fielen zurück.",
            [
                "Weitere Platzierungen sind Siemens auf Platz 68, Bayer auf Platz 70 und Allianz auf Platz 93.",
                "BASF, die Deutsche Telekom und Daimler fielen zurück.",
            ],
        ),
        # ordinals stay ordinals
        ("Der 1. FC Köln stieg ab. Der 3. Platz ging an Mainz.", ["Der 1. FC Köln stieg ab.", "Der 3. Platz ging an Mainz."]),
        ("Bei den Quoten kam die ARD auf Platz 2. ZDF und RTL folgten.", ["Bei den Quoten kam die ARD auf Platz 2.", "ZDF und RTL folgten."]),
        ("Er landete auf Platz 3. Liga und Pokal folgen.", ["Er landete auf Platz 3. Liga und Pokal folgen."]),  # "3. Liga"
        # a Roman numeral before an adverb that only starts sentences (SpkAtt train)
        (
            "Grund sind Fehler im Programm für die Auszahlung des Arbeitslosengeldes II. "
            "Mehrmals wurde die Abnahme bereits verschoben.",
            [
                "Grund sind Fehler im Programm für die Auszahlung des Arbeitslosengeldes II.",
                "Mehrmals wurde die Abnahme bereits verschoben.",
            ],
        ),
        ("Papst Benedikt XVI. trat 2013 zurück. Das war neu.", ["Papst Benedikt XVI. trat 2013 zurück.", "Das war neu."]),
        # a straight quote closing a „ quotation at the end of the paragraph stays with it (SpkAtt train)
        (
            "Er begründete es so: „Hier in Österreich ist das anders. Hier leben die Menschen friedlich miteinander. \"",
            [
                "Er begründete es so: „Hier in Österreich ist das anders.",
                "Hier leben die Menschen friedlich miteinander. \"",
            ],
        ),
        # an omission mark written with a space "[ ...]" is not a sentence of its own (SpkAtt train)
        (
            "Lake sagte: „Das ist ein neuer Horror, der das Herz eines jeden bricht. [ ...] Wir dürfen uns "
            "davon nicht nur wütend machen lassen.“",
            [
                "Lake sagte: „Das ist ein neuer Horror, der das Herz eines jeden bricht.",
                "[ ...] Wir dürfen uns davon nicht nur wütend machen lassen.“",
            ],
        ),
        # a list number at the start of a line stays with its item
        (
            "Die Opposition stellt zwei Forderungen:\n1. Die Regierung tritt zurück.\n2. Der Bundestag wird aufgelöst.",
            ["Die Opposition stellt zwei Forderungen:", "1. Die Regierung tritt zurück.", "2. Der Bundestag wird aufgelöst."],
        ),
        (
            "Die Forderungen sind klar. 1. Die Regierung tritt zurück. 2. Neuwahlen folgen im Herbst.",
            ["Die Forderungen sind klar.", "1. Die Regierung tritt zurück.", "2. Neuwahlen folgen im Herbst."],
        ),
        # a party name with a period inside brackets or quotes (SpkAtt unlabelled)
        (
            "Stadtwerkechef Uwe Barthel errang 16,79 Prozent, Karl-Friedrich Zais (Die Linke. PDS) 12,10 Prozent. "
            "Die Wahlbeteiligung lag bei 40 Prozent.",
            [
                "Stadtwerkechef Uwe Barthel errang 16,79 Prozent, Karl-Friedrich Zais (Die Linke. PDS) 12,10 Prozent.",
                "Die Wahlbeteiligung lag bei 40 Prozent.",
            ],
        ),
        # a source or translation in brackets right after a quotation belongs to it (SpkAtt train, unlabelled)
        (
            "Beobachtern zufolge sind die Wahlen „frei, fair und transparent abgelaufen.“ (Konrad-Adenauer-Stiftung). "
            "Zwar hatte die Hamas gewonnen.",
            [
                "Beobachtern zufolge sind die Wahlen „frei, fair und transparent abgelaufen.“ (Konrad-Adenauer-Stiftung).",
                "Zwar hatte die Hamas gewonnen.",
            ],
        ),
        (
            "Armstrong meldete sich mit den Worten: „The Eagle has landed.“ (Der Adler ist gelandet.) Die Welt jubelte.",
            ["Armstrong meldete sich mit den Worten: „The Eagle has landed.“ (Der Adler ist gelandet.)", "Die Welt jubelte."],
        ),
        # ... but an end marker in brackets after a quotation is not its source
        (
            "Die Sprecherin sagte: „Wir fordern mehr Schutz!“ (Schluss) Rückfragen an die Pressestelle.",
            ["Die Sprecherin sagte: „Wir fordern mehr Schutz!“", "(Schluss) Rückfragen an die Pressestelle."],
        ),
        # without a quotation before it, a bracketed sentence stays a sentence of its own
        (
            "Die Polizei ermittelt. (Die Tat ereignete sich am Montag.) Der Täter ist flüchtig.",
            ["Die Polizei ermittelt.", "(Die Tat ereignete sich am Montag.)", "Der Täter ist flüchtig."],
        ),
        # ... but a longer quotation with a short last sentence still ends at the period
        (
            "Spahn sagte: „Partys bergen ein extrem hohes Risiko. Wer feiert, gefährdet andere“. Die Kanzlerin schwieg.",
            ["Spahn sagte: „Partys bergen ein extrem hohes Risiko.", "Wer feiert, gefährdet andere“.", "Die Kanzlerin schwieg."],
        ),
        ("„Ich bin zufrieden. Das reicht“, sagte er. Dann ging er.", ["„Ich bin zufrieden.", "Das reicht“, sagte er.", "Dann ging er."]),
        # "Art." is an abbreviation before a number, a noun before a new sentence
        (
            "Das regelt Art. 5 Abs. 2 GG. Die Kammer entschied auf diese Art. Das Urteil ist rechtskräftig.",
            ["Das regelt Art. 5 Abs. 2 GG.", "Die Kammer entschied auf diese Art.", "Das Urteil ist rechtskräftig."],
        ),
        # file numbers and titles never end a sentence
        (
            "Das Verwaltungsgericht (Az. 3 A 11024/19) gab der Klage statt. Die Stadt prüft eine Berufung.",
            ["Das Verwaltungsgericht (Az. 3 A 11024/19) gab der Klage statt.", "Die Stadt prüft eine Berufung."],
        ),
        ("Geschäftsführer sind Mag. Walter Andrle und Dipl.-Ing. Günter Steinbauer. Beide sind neu.",
         ["Geschäftsführer sind Mag. Walter Andrle und Dipl.-Ing. Günter Steinbauer.", "Beide sind neu."]),
        # a question answered after a dash is one unit
        (
            "Auf dem Plakat stand: »Abstand halten? – Fehlanzeige!« Die Polizei griff ein.",
            ["Auf dem Plakat stand: »Abstand halten? – Fehlanzeige!«", "Die Polizei griff ein."],
        ),
        # a stray period (scraped text) joins the sentence before instead of standing alone
        (
            "Die Börse hofft auf das Licht am Ende des Tunnels. . Nun stieg der Dax um zwei Prozent.",
            ["Die Börse hofft auf das Licht am Ende des Tunnels. .", "Nun stieg der Dax um zwei Prozent."],
        ),
        # web and e-mail addresses end a sentence like a word (not like "z.B.")
        (
            "Die Ergebnisse stehen unter www.ard.de. Tagesschau-Leser kennen sie schon.",
            ["Die Ergebnisse stehen unter www.ard.de.", "Tagesschau-Leser kennen sie schon."],
        ),
        (
            "Hinweise nimmt die Polizei unter hinweise@polizei.bund.de. Zeugen werden gebeten, sich zu melden.",
            ["Hinweise nimmt die Polizei unter hinweise@polizei.bund.de.", "Zeugen werden gebeten, sich zu melden."],
        ),
        (
            "Der Text steht unter http://www.bundesregierung.de/Gesetze-,4240/.htm im Netz. Er ist lang.",
            ["Der Text steht unter http://www.bundesregierung.de/Gesetze-,4240/.htm im Netz.", "Er ist lang."],
        ),
    ],
)
def test_round5_rules(text, expected):
    assert sents(text) == expected


def test_english_address_ends_a_sentence():
    text = "Details are at www.bbc.co.uk. More follows at eleven."
    assert [text[a:b] for a, b in split_sentences(text, "en")] == ["Details are at www.bbc.co.uk.", "More follows at eleven."]


def test_round5_rules_hold_in_strict_convention():
    text = "Allianz liegt auf Platz 93. BASF fiel zurück. Die Seite „E! Online“ berichtete."
    assert sents(text, "strict") == ["Allianz liegt auf Platz 93.", "BASF fiel zurück.", "Die Seite „E! Online“ berichtete."]


def test_spkatt_train_file_with_the_ranking(data_dir):
    # SpkAtt train article 81262 (company ranking): "… auf Platz 93." ends a sentence
    from lagebild.eval import spkatt

    path = data_dir / "spkatt2023" / "train" / "81262.json"
    if not path.is_file():
        pytest.skip("spkatt2023 not available")
    out = sents(spkatt.read_file(path).text)
    assert any(s.endswith("und Allianz auf Platz 93.") for s in out)
    assert any(s.startswith("BASF, die Deutsche Telekom und Daimler") for s in out)


@pytest.mark.parametrize(
    "unit",
    ["„E! Online“ ", "(Die Linke. PDS) ", "Platz 93. BASF ", "1. Die ", "? – Ja! ", ". . ", "„Gut.“ (Quelle). ", "[ ...] ", "„Ja. Nein "],
)
def test_one_megabyte_of_round5_cues_in_bounded_time(unit):
    import time

    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    t0 = time.process_time()
    spans = split_sentences(text, "de")
    assert time.process_time() - t0 < 20
    assert spans and all(e - s <= 3000 for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
