"""Capitalised names in text: the one pattern the credits learner and the answer stage share.

A name word is capitalised ("Pacino", "Na-young", "O'Brien", "Soap&Skin"), may follow initials
("H. R. Giger", "Samuel L. Jackson"), and names join their words with lower-case particles
("Robert De Niro", "Ludwig van Beethoven"). `NAME` is a name as an answer span: one to four
such words. `RUN` is every run of them, however long, as the credits learner splits it into
names with what the corpus teaches (`reelqa.index.credits.names`).
"""

from __future__ import annotations

import re

UPPER = r"A-Z\u00C0-\u00DE"
LETTER = r"[\w\u00C0-\u024F]"
CAPITALISED = rf"[{UPPER}]{LETTER}*(?:['\u2019\-&]{LETTER}+)*"
INITIALS = rf"(?:[{UPPER}]\.\s?)*"
PARTICLES = frozenset("de da van von der den del della la le du di dos das bin st".split())
_PARTICLE = "|".join(sorted(PARTICLES))

NAME = re.compile(
    rf"{INITIALS}{CAPITALISED}(?:\s+(?:(?:{_PARTICLE})\s+)?{INITIALS}{CAPITALISED}){{0,3}}"
)
RUN = re.compile(
    rf"(?<![\w'\u2019-]){INITIALS}{CAPITALISED}(?: (?:(?:{_PARTICLE}) )?{INITIALS}{CAPITALISED})*"
    r"(?:,? (?:Jr|Sr)\.?)?"
)
# One word of a run, with a trailing period when it is an initial or "Jr.".
RUN_WORD = re.compile(rf"{LETTER}+(?:['\u2019\-&]{LETTER}+)*\.?")
