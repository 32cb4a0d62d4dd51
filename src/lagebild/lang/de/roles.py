"""German role nouns and descriptions that stand for a person ("der Kremlchef").

`ROLE_PATTERNS` maps a regular expression (matched case-insensitively on the text,
with inflection allowed by the patterns) to a role ID. Office holders per role ID
with validity periods live in `lagebild/lang/office_holders.csv`, which users
extend with their own CSV (``LAGEBILD_ROLES=/path/to/file.csv``).
"""

# (pattern, role id). Adjective endings (-e/-en/-er/-es/-em) are matched by "\w*".
ROLE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bKremlchefs?\b", "ru_president"),
    (r"\bKreml-Chefs?\b", "ru_president"),
    (r"\bKremlherrn?\b", "ru_president"),
    (r"\brussisch\w* (?:Präsident(?:en)?|Staatschefs?|Staatsoberhaupt(?:s|es)?)\b", "ru_president"),
    (r"\bRusslands (?:Präsident(?:en)?|Staatschefs?|Staatsoberhaupt)\b", "ru_president"),
    (r"\bPräsident(?:en)? Russlands\b", "ru_president"),
    (r"\bnordkoreanisch\w* (?:Machthabers?|Staatschefs?|Führers?|Diktators?|Staatsführers?)\b", "kp_leader"),
    (r"\bNordkoreas (?:Machthabers?|Staatschefs?|Führers?|Diktators?)\b", "kp_leader"),
    (r"\bMachthabers? (?:in |aus )?(?:Nordkorea|Pjöngjang)s?\b", "kp_leader"),
    (r"\b(?:Kreml-Sprechers?|Kremlsprechers?|Präsidialamtssprechers?)\b", "ru_kremlin_spokesman"),
    (r"\brussisch\w* Präsidialamtssprechers?\b", "ru_kremlin_spokesman"),
    (r"\bRusslands Außenministers?\b", "ru_foreign_minister"),
    (r"\brussisch\w* Außenministers?\b", "ru_foreign_minister"),
    (r"\brussisch\w* Verteidigungsministers?\b", "ru_defence_minister"),
    (r"\bnordkoreanisch\w* Außenministerin\b", "kp_foreign_minister"),
    (r"\bNordkoreas Außenministerin\b", "kp_foreign_minister"),
    (r"\bUS-Präsident(?:en)?\b", "us_president"),
    (r"\bamerikanisch\w* Präsident(?:en)?\b", "us_president"),
    (r"\bPräsident(?:en)? der USA\b", "us_president"),
    (r"\bNationalen? Sicherheitsberaters? der USA\b", "us_nsa"),
    (r"\bUS-Sicherheitsberaters?\b", "us_nsa"),
    (r"\bBundeskanzler(?:in|s)?\b", "de_chancellor"),
    (r"\bukrainisch\w* Präsident(?:en)?\b", "ua_president"),
    (r"\bchinesisch\w* (?:Präsident(?:en)?|Staatschefs?)\b", "cn_president"),
    (r"\bsüdkoreanisch\w* Präsident(?:en)?\b", "kr_president"),
)

# Demonstratives/descriptions that refer back to the last named person of a kind.
ANAPHORIC_DESCRIPTIONS: tuple[str, ...] = (
    r"\b(?:dieser|diesem|dieses|der|dem) (?:Experten?|Wissenschaftlers?|Analysten?|Forschers?|Professors?|Politikwissenschaftlers?)\b",
)
