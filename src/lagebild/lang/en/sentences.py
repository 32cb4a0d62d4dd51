"""English data for the sentence splitter (lagebild.stages.sent_split). Data, not code."""

ABBREV_NEVER_FINAL = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj st mt ft no nos vs
    approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf
    rev hon pres supt det insp messrs mme mlle jr sr
    """.split()
)
ABBREV_MAYBE_FINAL = frozenset(
    """
    etc inc ltd co corp bros llc plc u.s u.k u.n e.u a.m p.m jr sr km kg lbs oz
    """.split()
)
MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    """.split()
)
ORDINAL_NOUNS: frozenset[str] = frozenset()
ORDINAL_PRECEDERS: frozenset[str] = frozenset()
SENTENCE_STARTERS = frozenset(
    """
    the a an this that these those he she it we they i you there here his her its their
    our my in on at for from with by after before during since while when if as but and
    however meanwhile also yet so then now today yesterday according many some all both
    one two three four five no not what who where why how which
    """.split()
)
