"""Cast credits written character first: "As Y, X ...", "playing Y is X", "the role of Y went
to X"; and a character's other name: "X as Y/Z", "Y (aka Z)"."""

from __future__ import annotations

import re

from reelqa.index.credits.context import Ctx
from reelqa.index.credits.models import Claim
from reelqa.index.text.tokens import FUNCTION_WORDS
from reelqa.index.text.vocabulary import ACTOR, CAST

# what describes the character before its name: "the orchard keeper", "his estranged son",
# "Amos's sister"
_DESCRIBED = r"(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\w'\u2019-]+\s+){0,3}?"
# "As Y, X ...": the sentence (or a clause after ";" or "and") opens with "as" and the character
_AS_FIRST = re.compile(rf"(?:^|[;:\u2014]\s*|\band\s+)\W*as\s+{_DESCRIBED}$", re.I)
_AS_FIRST_LINK = re.compile(r"^\s*,\s*$")
# "playing Y is X", "Playing his son Caleb is Theo Vance"
_PLAYING_FIRST = re.compile(rf"(?:^|[;:,\u2014]\s*|\band\s+)\W*playing\s+{_DESCRIBED}$", re.I)
_IS_LINK = re.compile(r"^\s+(?:is|was|will\s+be)\s+(?:(?:the|a|an)\s+(?:[a-z-]+\s+){0,2})?$")
# "the role of Y went to X", "the part of Y is taken by X", "the role of Y fell to X"
_ROLE_FIRST = re.compile(rf"\b(?:role|part)\s+of\s+{_DESCRIBED}$", re.I)
_ROLE_LINK = re.compile(
    r"^\s+(?:went|goes|go|fell|falls|was\s+given|is\s+given|has\s+gone|was\s+taken\s+by|"
    r"is\s+taken\s+by|belongs|belonged)\s+(?:to\s+)?(?:(?:the|a|an)\s+(?:[a-z-]+\s+){0,2})?$"
)
# "As Spielberg, Lucas and Coppola knew": a list, no credit
_LIST = re.compile(r"\s*(?:,|and\b|&|or\b)\s*[A-Z]")
# "Y/Z", "Y (aka Z)", "Y, also known as Z": another name of one character
_ALIAS = re.compile(r"^\s*(?:/|\(\s*(?:aka|a\.k\.a\.|alias)\s+|,?\s*(?:aka|a\.k\.a\.|alias|"
                    r"also\s+known\s+as|better\s+known\s+as)\s+)(?:the\s+)?$", re.I)


def inverted(c: Ctx) -> list[Claim | None]:
    """The character named first (`c.m`), the actor after it (`c.nxt`)."""
    if c.nxt is None or len(c.nxt.key) < 2:
        return []  # the actor's full name: a surname alone after "is" is too often a character
    text = c.review.text
    before = text[c.sent[0] : c.m.start]
    for opener, link, cue in (
        (_AS_FIRST, _AS_FIRST_LINK, "as-first"),
        (_PLAYING_FIRST, _IS_LINK, "playing-first"),
        (_ROLE_FIRST, _ROLE_LINK, "role-first"),
    ):
        d = opener.search(before)
        if d and link.match(c.right) and _described(d.group()) and not _LIST.match(text, c.nxt.end):
            return [c.claim(ACTOR, c.nxt, c.m, cue, 0.9)]
    return []


def character_first(c: Ctx) -> bool:
    """`c.m` is a character an inverted credit names first ("playing Y is X"): no "X is Y"."""
    before = c.review.text[c.sent[0] : c.m.start]
    return bool(_PLAYING_FIRST.search(before) or _ROLE_FIRST.search(before))


def aliases(c: Ctx, claims: list[Claim]) -> list[Claim | None]:
    """For each cast claim on this sentence's names, the character's other name, if written."""
    out: list[Claim | None] = []
    text = c.review.text
    for claim in claims:
        y = claim.character
        if claim.role not in CAST or y is None:
            continue
        k = next((i for i, m in enumerate(c.found) if m.start == y.start), None)
        if k is None or k + 1 >= len(c.found) or c.found[k + 1].start >= c.sent[1]:
            continue
        z = c.found[k + 1]
        if z.key != claim.person.key and _ALIAS.match(text[y.end : z.start]):
            out.append(c.claim(claim.role, claim.person, z, claim.cue + "+alias",
                               claim.strength * 0.9))
    return out


def _described(opening: str) -> bool:
    """The words between the opener and the name describe a character: no clause starts."""
    words = [w.lower() for w in re.findall(r"[\w'\u2019-]+", opening)]
    return not any(w in FUNCTION_WORDS and w not in _DETERMINERS for w in words[1:])


_DETERMINERS = frozenset("the a an his her their its of as playing and role part".split())
