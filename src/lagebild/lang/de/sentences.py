"""German data for the sentence splitter (lagebild.stages.sent_split). Data, not code.

Abbreviations are given lower-cased, without the final period; internal periods
are kept ("z.b" matches "z.B."). Spaced forms ("z. B.") are handled by the
splitter: a single letter before a period never ends a sentence on its own.
"""

# A period after these never ends a sentence.
ABBREV_NEVER_FINAL = frozenset(
    """
    abb abs abschn abt adm allg anh anm ank apr aufl aug ausg bd bde bearb bes betr
    bez bzgl bzw ca capt dez dipl dir dr dt dtzd ebd ehem eidg engl entspr erg erw europ
    evang evtl exkl fa feb fam ff fig fl fr frl ggf gebr geb gegr gesch gest ggü gr hbf
    hl hr hrn hrsg inkl insb inzw jan jr jun jul kap kath kfm kfz kgl kl kol kpt kt lfd
    lt mind mr mrs ms mwst nachf nr nrn nov o.ä okt orig pfd pkt pol pp priv prof prot
    rd ref reg resp rk röm sen sep sept sog sr st stellv str stv tab tel u.a u.ä u.u
    urspr usf verf vers vgl vors vs wg wiss z.b z.hd z.t z.zt zt zzgl ziff zit bspw d.h
    i.a i.d.r i.e i.s u.s.w z.t s.o s.u v.a m.e e.g sogen dz
    az hg jg jgg zw frz ital span russ amerik brit poln chin ing univ abg bgm pfr gem bsp
    verh vorm nachm tägl jährl mtl wöchentl zus insg vll vllt jur rer oec habil hon gez ppa
    anl dkfm rn fn i.r i.v d.j d.ä doz
    """.split()
)
# A period after these ends a sentence only when a typical sentence starter follows
# ("… 44 v. Chr. Die Römer …", "… Äpfel, Birnen usw. Danach …"); also words that are
# abbreviations and nouns, verbs or names ("Art. 5" / "auf diese Art. Dann …", "Mag.",
# "Max.", "Phil.").
ABBREV_MAYBE_FINAL = frozenset(
    """
    chr jh jhd jhdt usw etc u.v.m uvm ua e.v ev ag inc ltd co gmbh kg mbh
    km kg cm mm mg ml qm ha l t mio mrd tsd std min sek mill no
    art max mag med phil nat em sp bl
    """.split()
)

# Months and other words after which "19." is an ordinal ("am 19. Juni", "19. Jahrhundert").
MONTHS = frozenset(
    """
    januar jänner februar feber märz april mai juni juli august september oktober
    november dezember jan feb mär mrz apr jun jul aug sep sept okt nov dez
    """.split()
)
ORDINAL_NOUNS = frozenset(
    """
    jahrhundert jahrhunderts jahrhunderte jahrtausend jahrtausends jahrestag jahrestages
    geburtstag geburtstages todestag todestages mal platz platzes stock stockwerk
    runde spieltag spieltages etappe minute minuten kalenderwoche lauf lebensjahr
    lebensjahres legislaturperiode sitzung auflage ausgabe parteitag parteitages
    klasse liga bundesliga division armee korps regiment symphonie sinfonie
    weltkrieg weltkrieges weltkriegs
    tag tages woche monat quartal halbjahr semester staffel folge phase stufe jahrgang
    """.split()
)
# Words before a number that make "N." an ordinal: "am 19.", "zum 70.", "der 3."
ORDINAL_PRECEDERS = frozenset(
    """
    am vom zum im beim bis ab seit dem den der des die das ihr ihrem ihren ihres
    sein seinem seinen seines jeden jedem jeweils zum zur vor nach
    """.split()
)
# Nouns after which a number is a cardinal, not an ordinal: "auf Platz 93. BASF …",
# "in Artikel 5. Die …" (the number names the place, the next word starts a sentence).
CARDINAL_AFTER = frozenset(
    """
    platz rang nummer nr artikel paragraf paragraph absatz kapitel seite gleis linie
    tabelle abbildung heft band zimmer raum startnummer
    """.split()
)

# Capitalised words that typically start a German sentence (function words).
# Used only to resolve ambiguous cases (ordinal vs. sentence-final number,
# abbreviation that may end a sentence, initials).
SENTENCE_STARTERS = frozenset(
    """
    der die das den dem des ein eine einer eines einem einen er sie es wir ihr ich
    man dies diese dieser dieses diesem diesen dort da dann danach davor dabei damit
    daher deshalb deswegen doch denn aber auch außerdem zudem zuvor zunächst inzwischen
    mittlerweile später seitdem seither bereits schon noch nun jetzt heute gestern
    morgen nach vor in im am an auf aus bei mit von vom zum zur für gegen über unter
    um bis seit während wegen trotz laut als wie wenn weil obwohl ob dass so sowohl
    weder nicht kein keine keiner es eine zwei drei vier fünf sechs sieben acht neun
    zehn alle viele einige mehrere beide jeder jede jedes sein seine ihre unser unsere
    was wer wo wann warum wieso weshalb welche welcher welches hier insgesamt allerdings
    jedoch trotzdem dennoch somit also zwar erst nur bis
    hinter neben zwischen ohne angesichts ebenfalls unterdessen dagegen hingegen anschließend
    mehrmals mehrfach zuletzt schließlich offenbar vermutlich wahrscheinlich gleichzeitig
    zugleich bislang bisher damals künftig sogar
    """.split()
)
# German news corpora (and SpkAtt's gold) end a sentence at a semicolon, and at a
# colon when a full clause follows ("… kommt hinzu: Wie sich zeigte, …"); a colon
# before a quotation or a list does not end the sentence.
SEMICOLON_ENDS_SENTENCE = True
# A match heading "Deutschland - Serbien: 0:1 (0:1)" glued to its report ends there.
SCORE_HEADINGS = True
COLON_ENDS_SENTENCE = True
# Function words that are capitalised only at the start of a sentence. One of them
# after a word without punctuation ("… Grundsteuer Bisher war …") marks a heading
# glued to the next sentence. Ambiguous words are left out: "Sie" (polite you),
# "Weil" (a name), numerals, "Morgen"; "Die" (Die Linke, Die Zeit) and "In", "Für"
# are guarded by HEADING_NEVER_ENDS_WITH and TITLE_NOUNS.
CAPITALISED_ONLY_AT_START = frozenset(
    """
    der das am im beim bei wie als es er nach eine vom zum zur auch während seit nachdem
    dabei damit bisher zudem laut nun dort dann dies diese dieser dieses zuvor bereits
    mehrere heute gestern außerdem jedoch trotzdem deshalb daher inzwischen die
    ebenfalls unterdessen außer zu in mit für auf vor aus über unter gegen durch ab trotz
    zwar allerdings doch aber denn so nur erst noch schon
    innerhalb außerhalb angesichts
    """.split()
)
# A heading never ends with these (articles, prepositions, conjunctions): a capitalised
# word after them is a nominalisation or part of a name ("das Für und Wider", "das Aus",
# "im In- und Ausland"), not the start of the sentence after a heading. Prepositions
# that are also separable verb particles ("… stellt Produktion um Während …") are in
# VERB_PARTICLES instead.
HEADING_NEVER_ENDS_WITH = frozenset(
    """
    der die das dem den des eine einem einen einer eines zum zur im am vom beim ins
    von in für gegen ohne seit wegen trotz und oder sowie bzw wie als
    """.split()
)
# Prepositions that also end a clause as verb particles ("zieht … ein", "stellt … um").
# After them a heading may end, unless a title word follows ("Koalition mit Die Linke").
VERB_PARTICLES = frozenset("zu mit auf vor aus über unter durch bei nach an um ab ein".split())
TITLE_START_WORDS = frozenset(["die"])
# Lower-case one-letter units: after a number ("165 g.", "400 km/h.") their period
# may end a sentence when a typical sentence starter follows.
UNIT_LETTERS = frozenset("g h m l t s".split())
# A colon after these announces a list or a paraphrase, not a new sentence
# ("auf drei Punkte: Die …", "die folgenden Fluggesellschaften: Die …", "meinte sinngemäß: …").
# A trailing * allows any ending.
COLON_LIST_CUES = frozenset(
    """
    folgend* sinngemäß punkte gesellschaften voraussetzungen bedingungen beispiele
    gründe themen kategorien länder teilnehmer kandidaten folgt
    """.split()
)
# After a colon, one to three capitalised words and then a lower-case word start a
# new clause ("… fiel in der 81. Minute: Simon Rolfes spielte …") unless that word
# joins names ("Bürgerinnen und Bürger", "Ludwig van Beethoven").
NOT_VERBS_AFTER_NAME = frozenset(
    """
    und oder sowie von van de der den des da di du la le el bin al ibn y e zu zum zur
    im am in aus bei mit für gegen nach über unter vor als wie bzw
    aller alle allen ein eine einer eines einem einen dieser diese dieses seiner ihrer unserer
    """.split()
)
# A capitalised function word after a word ending in one of these begins a title,
# not a sentence: "die Wochenzeitung Die Zeit", "die Band Die Happy", "Fraktion Die Linke".
TITLE_NOUNS = frozenset(
    """
    zeitung blatt zeitschrift magazin band gruppe film serie serien sendung show buch roman
    album titel song single lied oper stück spiel partei fraktion kolumne rubrik reihe
    komödie drama krimi tragödie musical reportage doku dokumentation podcast
    """.split()
)
# Section labels of news pages: glued to what follows ("Zur Person Petra Pau …",
# "Themenverwandte Artikel (14.06.2009)"), the label is a unit of its own.
SECTION_LABELS = frozenset(
    label.strip()
    for label in """
    zur person | mehr zum thema | themenverwandte artikel | themenverwandter artikel
    | verwandte artikel | weitere artikel | weiterführende informationen | weitere informationen
    | weitere artikel zum thema | weblinks | siehe auch | lesen sie auch | das könnte sie auch interessieren
    """.split("|")
)
# Photo credits ("Foto: Gavriil Grigorov / SPUTNIK / KREMLIN / EPA"): scraped captions
# often lose the line break after them, and a sentence start (CAPITALISED_ONLY_AT_START)
# glued to the credit ("EPAWährend seines …") begins a new sentence.
CREDIT_LABELS = frozenset("foto fotos bild bilder grafik illustration copyright".split())
