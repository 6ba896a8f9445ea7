"""One name in its sentence, the claim it makes, and the helpers every credit pattern shares."""

from __future__ import annotations

import re

from reelqa.index.credits.models import Claim
from reelqa.index.credits.names import Mention
from reelqa.index.text.vocabulary import CAST, TITLE_OF, WORK_OF

_LINK = re.compile(
    r"\s*(?:,|\(|[\u2014\u2013]|-)?\s*(?:who\s+|that\s+)?(?:(?:is|was|are|were|being|gets|got)\s+)?"
    r"(?:(?:\w+ly|also|brilliantly|well)\s+)?"
)
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the|his|her)\s+[^,;()\"]{0,50}?,?\s*")
POSSESSIVE = re.compile(r"^(?:['\u2019]s|s['\u2019]|['\u2019])\s+(?:[\w-]+\s+){0,2}?([\w-]+)\b")
OF_CHARACTER = re.compile(r"^\s+(?:as|of)\s+$")
_AND = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$")
_P2 = re.compile(r"^\s+as\b")
_P_MODIFIER = re.compile(
    r"\s+(?:" + "|".join(sorted(map(re.escape, TITLE_OF), key=len, reverse=True)) + r")\b", re.I
)


class Ctx:
    """One mention with the text between it and its neighbours in the sentence."""

    __slots__ = ("review", "m", "prev", "nxt", "left", "right", "sent", "found", "i", "title")

    def __init__(self, review, m, prev, nxt, left, right, sent, found, i, title) -> None:  # noqa: ANN001
        self.review, self.m, self.prev, self.nxt = review, m, prev, nxt
        self.left, self.right, self.sent, self.found, self.i = left, right, sent, found, i
        self.title = title

    def claim(
        self,
        role: str,
        person: Mention,
        character: Mention | None,
        cue: str,
        strength: float,
        reversible: bool = False,
    ) -> Claim | None:
        if person.key == self.title or (character is not None and character.key == person.key):
            return None  # the film's own title is no person
        text = self.review.text
        if len(person.key) == 1 and _P_MODIFIER.match(
            text, person.end, min(len(text), person.end + 30)
        ):
            return None  # "the famed Italian director, X": "Italian" is no person
        if role not in CAST:
            character = None
        elif character is not None:
            character = relative(self.review.text, character)
        return Claim(
            self.review.id,
            self.review.film,
            role,
            person,
            character,
            self.sent,
            cue,
            strength,
            reversible,
        )

    def following(self, k: int = 1) -> Mention | None:
        j = self.i + k
        if j < len(self.found) and self.found[j].start < self.sent[1]:
            return self.found[j]
        return None


def subject_before(c: Ctx, pos: int) -> Mention | None:
    """The character a participle at `pos` describes: "Jay, voiced by", "Y is played by"."""
    text = c.review.text
    before = [m for m in c.found[: c.i] if m.end <= pos and m.start >= c.sent[0]]
    if not before:
        return None
    y = before[-1]
    between = text[y.end : pos]
    if _LINK.fullmatch(between) or _APPOSITION.fullmatch(between):
        return y
    return None


def conjoined(c: Ctx, role: str, cue: str, strength: float) -> list[Claim | None]:
    """ "directed by A and B", "starring A, B and C": the names listed after the first."""
    out: list[Claim | None] = []
    k, cur = 1, c.m
    text = c.review.text
    while (nxt := c.following(k)) is not None and _AND.match(text[cur.end : nxt.start]):
        if role in CAST and _P2.match(text[nxt.end : nxt.end + 5]):
            break  # "starring A as B, C as D": each pair is read by as_credit
        out.append(c.claim(role, nxt, None, cue + "+and", strength))
        cur, k = nxt, k + 1
    return out


def relative(text: str, y: Mention) -> Mention:
    """ "plays Tony Montana's sister", "as Blade's Alfred": the character is the one named
    after the possessive, not Tony Montana or Blade."""
    m = _RELATIVE.match(text, y.end)
    if not m or m.group(1).lower() in _NOT_RELATIVE:
        return y
    end = m.end()
    return Mention(y.start, end, text[y.start : end], y.key + ("'s", m.group(1).lower()))


_RELATIVE = re.compile(r"['\u2019]s\s+([A-Za-z][\w-]*)")
_NOT_RELATIVE = frozenset("own the a an".split()) | frozenset(WORK_OF) | frozenset(TITLE_OF)
