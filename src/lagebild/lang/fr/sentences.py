"""French data for the sentence splitter (lagebild.stages.sent_split). Data, not code.

French sets a space inside guillemets (« … »), so a closing » may follow the
final period after a space: ``SPACED_CLOSERS``.
"""

ABBREV_NEVER_FINAL = frozenset(
    """
    m mm mme mmes mlle mlles dr pr me mgr st ste ca cf env av bd boul fig no nos p pp vol
    janv févr avr juil sept oct nov déc gén col cdt lt sgt
    """.split()
)
ABBREV_MAYBE_FINAL = frozenset(
    """
    etc av j.-c apr cie inc ltd sa km kg
    """.split()
)
MONTHS = frozenset(
    """
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    """.split()
)
ORDINAL_NOUNS: frozenset[str] = frozenset()
ORDINAL_PRECEDERS: frozenset[str] = frozenset()
SENTENCE_STARTERS = frozenset(
    """
    le la les l un une des ce cet cette ces il elle ils elles on nous vous je en au aux
    dans pour par avec sans après avant depuis pendant selon mais et or donc puis alors
    ainsi cependant toutefois enfin aujourd hier demain son sa ses leur leurs deux trois
    """.split()
)
SPACED_CLOSERS = "»"
