"""Quote stage: golden seed quotes, quotation-mark styles and bad input."""

from __future__ import annotations

import time

import pytest

from conftest import seed_path
from lagebild.model import Document, spans_in_range
from lagebild.stages.quotes import make_quotes_stage


def _doc(text: str) -> Document:
    doc = Document(doc_id="t", text=text, lang="de")
    try:
        from lagebild.stages.sentences import make_sentences_stage
    except ImportError:  # the quote stage has its own fallback tokenizer
        return doc
    return make_sentences_stage()(doc)


@pytest.fixture(scope="module")
def run():
    return make_quotes_stage()


def _quotes(run, text: str):
    doc = run(_doc(text))
    assert spans_in_range(doc, [s for q in doc.quotes for s in q.message + q.cue])
    return doc, doc.quotes


def _t(doc: Document, span) -> str:
    return doc.text[span.start : span.end] if span else ""


def _msg(doc: Document, q) -> str:
    return doc.text[q.start : q.end]


def test_seed_002_putin_mutual_support(run):
    doc, quotes = _quotes(run, seed_path("002").read_text(encoding="utf-8"))
    hits = [q for q in quotes if "gegenseitige Unterstützung im Falle einer Aggression gegen einen der Vertragspartner" in _msg(doc, q)]
    assert hits, [_msg(doc, q) for q in quotes]
    assert all("Putin" in _t(doc, q.speaker) for q in hits)
    assert any(_t(doc, c) == "sagte" for q in hits for c in q.cue)


def test_seed_004_peskow_and_kim_to_putin(run):
    doc, quotes = _quotes(run, seed_path("004").read_text(encoding="utf-8"))
    peskow = [q for q in quotes if "Unsere Länder kooperieren in sensiblen Bereichen, die nicht öffentlich gemacht werden sollten." in _msg(doc, q)]
    assert peskow and "Peskow" in _t(doc, peskow[0].speaker)
    assert peskow[0].kind == "direct"
    kim = [q for q in quotes if _t(doc, q.speaker) == "Kim" and _t(doc, q.addressee) == "Putin"]
    assert kim and "heiligen Kampf zum Schutz" in _msg(doc, kim[0])


def test_seed_003_tichonow_relay_and_dieser_experte(run):
    doc, quotes = _quotes(run, seed_path("003").read_text(encoding="utf-8"))
    tich = [q for q in quotes if "seine Abhängigkeit von einem anderen wichtigen Verbündeten" in _msg(doc, q) and not q.kind == "partial"]
    assert tich and "Wladimir Tichonow" in _t(doc, tich[0].speaker)
    assert _t(doc, tich[0].relay) == "AFP"
    expert = [q for q in quotes if "sicheren Zugang zu Artilleriegranaten" in _msg(doc, q) and q.kind != "partial"]
    assert expert and "Tichonow" in _t(doc, expert[0].speaker)
    assert _t(doc, expert[0].speaker_ref) == "dieser Experte"
    assert [_t(doc, c) for c in expert[0].cue] == ["so"]
    # "sagte Putin Reportern": addressee, not part of the speaker
    rep = [q for q in quotes if "Der heute unterzeichnete umfassende Partnerschaftsvertrag" in _msg(doc, q)]
    assert rep and _t(doc, rep[0].speaker) == "Putin" and _t(doc, rep[0].addressee) == "Reportern"


@pytest.mark.parametrize(
    "opening,closing",
    [("„", "“"), ("»", "«"), ('"', '"'), ("« ", " »"), ("„", '"'), ("»", "“")],
)
def test_quote_styles(run, opening, closing):
    text = f"{opening}Wir werden die Zusammenarbeit vertiefen{closing}, sagte der Minister am Montag in Berlin."
    doc, quotes = _quotes(run, text)
    assert len([q for q in quotes if q.kind == "direct"]) == 1, quotes
    q = quotes[0]
    assert "Wir werden die Zusammenarbeit vertiefen" in _msg(doc, q)
    assert _t(doc, q.speaker) == "der Minister"


def test_indirect_konjunktiv_and_continuation(run):
    text = ("Die Lage sei ernst, sagte die Sprecherin der Polizei, Anna Berger, am Dienstag. "
            "Man habe mehrere Verdächtige festgenommen. Das Wetter war schön.")
    doc, quotes = _quotes(run, text)
    kinds = [q.kind for q in quotes]
    assert kinds[:2] == ["indirect", "indirect"], kinds
    assert "Anna Berger" in _t(doc, quotes[0].speaker)
    assert _msg(doc, quotes[1]).startswith("Man habe")
    assert not any("Wetter" in _msg(doc, q) for q in quotes)


def test_laut_zufolge_and_particle_verb(run):
    text = ("Laut der staatlichen Nachrichtenagentur KCNA wurde der Vertrag unterzeichnet. "
            "Dem Bericht zufolge gab es keine Verletzten. "
            "Der Minister teilte mit, dass die Gespräche fortgesetzt würden.")
    doc, quotes = _quotes(run, text)
    assert _t(doc, quotes[0].relay) == "KCNA"
    assert any(_t(doc, q.speaker) == "Dem Bericht" for q in quotes)
    last = [q for q in quotes if "Gespräche fortgesetzt" in _msg(doc, q)][0]
    assert [_t(doc, c) for c in last.cue] == ["teilte mit"]  # adjacent tokens form one span


def test_nested_quote(run):
    text = "Es gehe um die „Rolle eines ‚Arsenals der Autokratie‘ in Asien“, bemerkte der Professor."
    doc, quotes = _quotes(run, text)
    assert any("‚Arsenals der Autokratie‘ in Asien“" in _msg(doc, q) for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        "„" + "Das ist ein Wort " * 5000,  # never closes, 5,000+ words
        "„ “ „ “ » « \" \" ‚ ‘ " * 2000,  # only quote marks
        "„Ja.“ „Nein.“ „Vielleicht.“ " * 1500,  # only quotes
        "“Falsch herum„, sagte er. «» »« " * 500,
        "",
        "sagte sagte sagte, laut zufolge so, wie",
    ],
)
def test_bad_input_bounded(run, text):
    t0 = time.perf_counter()
    doc, quotes = _quotes(run, text)
    assert time.perf_counter() - t0 < 10
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)


def test_unsupported_language_gives_no_quotes(run):
    doc = run(Document(doc_id="x", text="„Hola“, dijo él.", lang="es"))
    assert doc.quotes == ()


def test_deterministic(run):
    text = seed_path("003").read_text(encoding="utf-8")
    assert run(_doc(text)).quotes == run(_doc(text)).quotes


@pytest.mark.parametrize(
    "lang,text,message,speaker",
    [
        ("en", '"We will win this war," said President Zelensky on Monday.', '"We will win this war,"', "President Zelensky"),
        ("fr", "« Nous sommes prêts », a déclaré le ministre mercredi.", "« Nous sommes prêts »", "le ministre"),
    ],
)
def test_english_and_french_basics(run, lang, text, message, speaker):
    doc = run(Document(doc_id="x", text=text, lang=lang))
    assert [(_msg(doc, q), _t(doc, q.speaker)) for q in doc.quotes] == [(message, speaker)]


def test_seed_003_kremlchef_is_putin(run):
    """A role noun resolves to the office holder, not to the most recent named speaker (Kim)."""
    doc, quotes = _quotes(run, seed_path("003").read_text(encoding="utf-8"))
    hits = [q for q in quotes if "Wir schätzen Ihre systematische und dauerhafte Unterstützung" in _msg(doc, q)]
    assert hits and _t(doc, hits[0].speaker_ref) == "der Kremlchef"
    assert "Putin" in _t(doc, hits[0].speaker), _t(doc, hits[0].speaker)
    follow = [q for q in quotes if "Wir sind den Führern und dem Volk" in _msg(doc, q)]
    assert follow and "Putin" in _t(doc, follow[0].speaker)


def test_reported_speech_without_message_clause(run):
    doc, quotes = _quotes(run, "Der Parteichef Franz Müntefering sprach von einem Riesenerfolg für die SPD.")
    rep = [q for q in quotes if q.kind == "reported"]
    assert rep and "Müntefering" in _t(doc, rep[0].speaker) and not rep[0].cue


def test_seed_003_coordinated_cue_takes_subject(run):
    """"Er bezeichnete … und begrüßte den Beginn …": the object is not the speaker."""
    doc, quotes = _quotes(run, seed_path("003").read_text(encoding="utf-8"))
    hits = [q for q in quotes if any(_t(doc, c) == "begrüßte" for c in q.cue)]
    assert hits
    for q in hits:
        assert "Beginn" not in _t(doc, q.speaker)
        assert "Kim Jong-un" in _t(doc, q.speaker), _t(doc, q.speaker)
        assert _t(doc, q.speaker_ref) == "Er"


def test_seed_003_so_parenthetical_ends_at_comma(run):
    doc, quotes = _quotes(run, seed_path("003").read_text(encoding="utf-8"))
    hits = [q for q in quotes if "Im Gegenzug" in _msg(doc, q)]
    assert hits and _t(doc, hits[0].speaker) == "Washington und Seoul"
    assert "stellte Russland Nordkorea Fachwissen" in _msg(doc, hits[0])


def test_seed_003_fuer_ihn_resolves_to_previous_speaker(run):
    """"Für ihn … wolle": Koh Yu-hwan (the previous speaker), not the relay AFP."""
    doc, quotes = _quotes(run, seed_path("003").read_text(encoding="utf-8"))
    hits = [q for q in quotes if "die Brücken zu Ländern wie Südkorea" in _msg(doc, q) and q.kind != "partial"]
    assert hits and "Koh Yu-hwan" in _t(doc, hits[0].speaker), _t(doc, hits[0].speaker)
    assert _t(doc, hits[0].speaker_ref) == "ihn"


@pytest.mark.parametrize(
    "text,cue,speaker",
    [
        ("Die Ministerin lobte die Polizei als „vorbildlich“ und kritisierte den „unverantwortlichen Kurs“ des Innenministers.", "kritisierte", "Die Ministerin"),
        ("Deshalb, so der Sprecher, werde die Brücke gesperrt.", "so", "der Sprecher"),
    ],
)
def test_coordination_and_so_parenthetical_generic(run, text, cue, speaker):
    doc, quotes = _quotes(run, text)
    hits = [q for q in quotes if any(_t(doc, c) == cue for c in q.cue)]
    assert hits and _t(doc, hits[0].speaker) == speaker, [(_t(doc, q.speaker), _msg(doc, q)) for q in quotes]


@pytest.mark.parametrize(
    "text,speaker,addressee",
    [
        ("Klien wurde vorgeworfen, an der Schlägerei beteiligt gewesen zu sein.", "", "Klien"),
        ("Den Flüchtlingen sicherte Präsident Gusmão kurz vor dem Ablauf zu, dass sie willkommen seien.", "Präsident Gusmão", "Den Flüchtlingen"),
        ("Auch wirft der Bericht den Behörden vor, Angehörige zu diskriminieren.", "der Bericht", "den Behörden"),
    ],
)
def test_addressee_passive_fronted_object_and_adverb(run, text, speaker, addressee):
    doc, quotes = _quotes(run, text)
    assert quotes and (_t(doc, quotes[0].speaker), _t(doc, quotes[0].addressee)) == (speaker, addressee)


def test_demonstrative_takes_previous_sentence_as_message(run):
    text = ("Die Freien Demokraten schließen eine Ampelkoalition mit SPD und Grünen aus. "
            "Dies bestätigte der Parteivorsitzende Guido Westerwelle am Abend.")
    doc, quotes = _quotes(run, text)
    hits = [q for q in quotes if any(_t(doc, c) == "bestätigte" for c in q.cue)]
    assert hits and _t(doc, hits[0].speaker) == "der Parteivorsitzende Guido Westerwelle"
    assert "Ampelkoalition" in _msg(doc, hits[0])


def test_quoted_name_inside_frame(run):
    text = "Wie die britische Tageszeitung „The Guardian“ berichtete, sei auch der Befehl aus Pakistan gekommen."
    doc, quotes = _quotes(run, text)
    assert quotes and _t(doc, quotes[0].speaker) == "die britische Tageszeitung „The Guardian“"
    assert _msg(doc, quotes[0]) == "sei auch der Befehl aus Pakistan gekommen"


def test_pronoun_prefers_recent_speaker_over_object_mention(run):
    """"… und sicherte Kim Hilfe zu. Er bezeichnete …": "Er" is Putin (the subject), even when
    a later PER mention (here the NER span "Kim Hilfe", as on seed 000) is an object."""
    from lagebild.model import Mention

    text = ("Putin sprach sich dafür aus, die Sanktionen zu beenden, und sicherte Kim Hilfe zu, dem Druck der Strafmaßnahmen zu widerstehen. "
            "Er bezeichnete die Sanktionen als »Instrument des Westens«.")
    doc = _doc(text)
    ents = tuple(Mention(text.index(w), text.index(w) + len(w), "PER") for w in ("Putin", "Kim Hilfe"))
    doc = run(doc.with_(entities=ents))
    hits = [q for q in doc.quotes if "Instrument des Westens" in _msg(doc, q)]
    assert hits and _t(doc, hits[0].speaker) == "Putin" and _t(doc, hits[0].speaker_ref) == "Er"
    sich = [q for q in doc.quotes if any(_t(doc, c) == "sicherte" for c in q.cue)]
    assert sich and _t(doc, sich[0].speaker) == "Putin"


@pytest.mark.parametrize(
    "text,speaker,addressee",
    [
        ("Er erklärte einem Angestellten, dass er eine Bombe bei sich trage.", "Er", "einem Angestellten"),
        ("„Wir sind bereit“, sagte Müller der Sportschau.", "Müller", ""),  # medium: relay, not addressee
        ("„Das ist falsch“, sagte der Sprecher der Zeitung.", "der Sprecher der Zeitung", ""),
    ],
)
def test_dative_addressee_and_medium(run, text, speaker, addressee):
    doc, quotes = _quotes(run, text)
    assert quotes and (_t(doc, quotes[0].speaker), _t(doc, quotes[0].addressee)) == (speaker, addressee)


def test_dative_medium_is_relay(run):
    doc, quotes = _quotes(run, "„Wir sind bereit“, sagte Müller der Sportschau.")
    assert _t(doc, quotes[0].relay) == "der Sportschau"


def test_reportative_soll_is_free_indirect(run):
    text = ("Die Polizei sagte am Montag, der Mann sei geflohen. "
            "Er soll zuvor zwei Banken überfallen haben. Das Wetter war schön.")
    doc, quotes = _quotes(run, text)
    fi = [q for q in quotes if _msg(doc, q).startswith("Er soll zuvor")]
    assert fi and _t(doc, fi[0].speaker) == "Die Polizei" and not fi[0].cue
    assert not any("Wetter" in _msg(doc, q) for q in quotes)


def test_wie_clause_with_apposition(run):
    doc, quotes = _quotes(run, "Wie der Bevollmächtigte der EU-Kommission, Gerald Braun, mitteilte, werde die Klage eingereicht.")
    assert quotes and _msg(doc, quotes[0]) == "werde die Klage eingereicht"
    assert _t(doc, quotes[0].speaker) == "der Bevollmächtigte der EU-Kommission, Gerald Braun"


def test_v2_prefield_is_the_whole_subject(run):
    text = ("Der Leiter des Instituts für Sicherheits- und Entwicklungspolitik in Schweden, Niklas Swanström, "
            "verwies darauf, dass die Zusammenarbeit inzwischen auch Zahlungssysteme umfasse.")
    doc, quotes = _quotes(run, text)
    assert quotes and _t(doc, quotes[0].speaker).endswith("in Schweden, Niklas Swanström")
