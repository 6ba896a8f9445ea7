"""One name in its sentence, the claim it makes, and the helpers every credit pattern shares."""

from __future__ import annotations

import re

from reelqa.index.credits.models import Claim
from reelqa.index.credits.names import Mention
from reelqa.index.text.vocabulary import CAST, TITLE_OF, WORK_OF

# a rank or title written short before a character's name: "as Dr. Aurel Vance"
RANK = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sgt|Lt|Col|Capt|Gen|Cpt|Det|Insp|Rev|Fr|St)\.?\s+)?"
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


_QUOTED_TITLE = re.compile(r"\s*[\"\u201c\u2018']([^\"\u201d\u2019]{1,80})[\"\u201d\u2019']")
_TITLE_RUN = re.compile(r"\s*((?:[A-Z0-9][\w'\u2019:-]*\s*)+)\(\s*(?:19|20)\d\d\s*\)")
_CAPITALISED = re.compile(r"\s*((?:(?:the|of|and|in|a)\s+)*[A-Z0-9][\w'\u2019-]*"
                          r"(?:\s+(?:(?:of|the|and|in|a)\s+)*[A-Z0-9][\w'\u2019-]*)*)")
_ARTICLES = frozenset(("the", "a", "an"))


def title_words(title: str) -> tuple[str, ...]:
    """A title's words folded, without articles: how two writings of one title compare."""
    return tuple(w for w in re.findall(r"[\w'\u2019]+", title.lower()) if w not in _ARTICLES)


def other_work(c: Ctx, pos: int, capitalised: bool = False) -> bool:
    """At `pos` the text names a work that is not the film: a title in quotes or one with its
    year ("directed Salt Hours (1998)", "directed \"Salt Hours\""); with `capitalised`, any
    capitalised words ("the director of Salt Hours": no person follows "director of")."""
    text = c.review.text
    m = _QUOTED_TITLE.match(text, pos) or _TITLE_RUN.match(text, pos)
    if m is None and capitalised:
        m = _CAPITALISED.match(text, pos)
    return m is not None and title_words(m.group(1)) != title_words(c.review.film)


def names_film(c: Ctx, pos: int) -> bool:
    """At `pos` (after quotes, if any) the text spells the film's own title, and the title
    ends there: not "Joe The Plumber" for the film "Joe", nor "Oliver Twist" for "Oliver!"."""
    want = title_words(c.review.film)
    text = c.review.text[pos : pos + len(c.review.film) + 40]
    words = [m for m in _WORD.finditer(text) if m.group().lower() not in _ARTICLES]
    if not want or len(words) < len(want) or not words[0].group()[0].isupper():
        return False
    if tuple(m.group().lower() for m in words[: len(want)]) != want:
        return False
    if len(words) == len(want):
        return True
    last, after = words[len(want) - 1], words[len(want)]
    return not after.group()[0].isupper() or bool(_STOP.search(text, last.end(), after.start()))


_WORD = re.compile(r"[\w'\u2019]+")
_STOP = re.compile(r"[.,;:!?\"\u201d)(]")


# the name speaks: "Director Bong Joon-ho aptly describes it as ...", "X has called it ..."
_SPEAKS = re.compile(
    r"\s*,?\s*(?:who\s+)?(?:\w+ly\s+)?(?:has\s+|have\s+|had\s+|once\s+)?(?:says|said|calls|called|"
    r"describes|described|praised|praises|hailed|hails|raved|raves|declared|declares|notes|"
    r"noted|remarked|told|tells|admits|admitted|quipped|tweeted|insists|insisted|"
    r"(?:wrote|writes|put\s+it|puts\s+it)\s*(?:that|:|,|[\"\u201c]))\b", re.I)


def speaks(c: Ctx) -> bool:
    """The name is the subject of a verb of saying: a quoted critic or filmmaker, whose title
    ("director X") is no credit for this film."""
    return _SPEAKS.match(c.review.text, c.m.end) is not None


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
        if text[nxt.end : nxt.end + 2] in ("'s", "\u2019s"):
            break  # "directed by A, B's long-running hit": B owns the next words
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
