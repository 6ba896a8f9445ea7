"""Cast credits in review text: "X plays Y", "X as Y", "Y (X)", "starring X"."""

from __future__ import annotations

import re

from reelqa.index.credits.context import OF_CHARACTER, POSSESSIVE, Ctx, conjoined
from reelqa.index.credits.models import Claim
from reelqa.index.credits.names import Mention
from reelqa.index.text.tokens import HYPHENATED, TOKEN
from reelqa.index.text.vocabulary import ACTIVE_OF, ACTOR, CAST, FILM_NOUNS, VOICE, WORK_OF

_ADVERBS = r"(?:(?:also|later|then|now|first|once|still|again|himself|herself|\w+ly)\s+){0,2}"
_ACTIVE = re.compile(rf"^(?:['\u2019]s?)?\s*(?:,\s*(?:who|that)\s+)?{_ADVERBS}({TOKEN.pattern})\b")
# object of a cast verb: "plays Y", "plays the role of Y", "plays his wife Y", "stars as Y"
_OBJECT = re.compile(
    r"^\s+(?:as\s+(?:the\s+voice\s+of\s+)?|(?:the\s+)?(?:title\s+)?(?:role|part)\s+of\s+|"
    r"(?:(?:his|her|their|the|a|an)\s+)?(?:[a-z-]+\s+){0,2}?)$"
)
_AS = re.compile(
    r"^\s*,?\s+(?:(?:is|was|are|were|makes|made|shines|excels|stars|starred|appears|appeared"
    r"|does|did|gives|gave)\s+(?:[a-z'-]+\s+){0,5}?)?as\s+(the\s+voice\s+of\s+)?$"
)
_AS_NOT = re.compile(
    r"\b(?:known|such|same|named|called|well|referred|described|dubbed|billed)\s", re.I
)
_VOICE_TO = re.compile(
    r"^\s+(?:lends|lent|gives|gave|provides|provided|supplies|supplied)\s+(?:his|her|their|the)\s+"
    r"voices?\s+(?:to|of|for)\s+(?:the\s+)?$"
)
_STARRING = re.compile(
    r"\b(?:starring|co-starring|featuring|stars|starred)\s+(?:[\w-]+\s+){0,1}$", re.I
)
_PAREN_OPEN = re.compile(r"^\s*\(\s*$")
_PAREN_DESCRIBED = re.compile(r"^\s*\(\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}$")
_PAREN_CLOSE = re.compile(r"^\s*(?:\)|,|/|;|&|and\b|in\b|who\b|-|\u2014|\u2013)")
_P3 = re.compile(r"^\s+by\b")
_P4 = re.compile(r"^\s+as\s")
_P5 = re.compile(r"\s+and\s+")
_P7 = re.compile(r"\bas\s+$")
_P8 = re.compile(r"[a-z]\s*\(\s*$")
_P14 = re.compile(r"^\s*,?\s+as\s+$")
_AND_ONLY = re.compile(r"^\s*,?\s*(?:and|&)\s+$")
# a verb's object that names a work other than the film: "directed that revival", "directed
# the stage version", "directed one other film", "produced the original"
_DETERMINERS = frozenset("the that this a an his her their its one another these those".split())
_OTHER_WORKS = frozenset("revival play stage broadway episode episodes series sequence segment "
                         "original other another previous earlier".split())
_P_COMMA = re.compile(r"\s*,\s*")
_P_AS_END = re.compile(r"\bas\s+$")
_P_IS = re.compile(r"\s+is\s+")
_P_IS_END = re.compile(r"\s*(?:[,.;:!?(]|$|\s+(?:and|who|in)\b)")


def active(c: Ctx) -> list[Claim | None]:
    """ "X plays Y", "X stars as Y", "X, who directed", "X directs", "Mann wrote the script"."""
    m = _ACTIVE.match(c.right) if not c.right.startswith(("(", " (")) else None
    if not m:
        return _voice_to(c)
    verb = m.group(1).lower()
    after = c.right[m.end() :]
    if verb not in ACTIVE_OF or _P3.match(after):
        return _voice_to(c)  # "Y played by X" is read by passive
    out: list[Claim | None] = []
    for role in ACTIVE_OF[verb]:
        if role in CAST:
            if verb in ("stars", "starred", "starring") and not _P4.match(after + " "):
                out.append(c.claim(ACTOR, c.m, None, "stars", 0.5))
                continue
            y = c.nxt if c.nxt is not None and _OBJECT.match(after) else None
            if y is None and verb in ("playing", "starring"):
                continue  # "the man playing cards", "starring in": no credit without a name
            out.append(c.claim(role, c.m, y, "verb", 0.95 if y else 0.5))
            if y is not None:  # "played Jekyll and Hyde"
                z = c.following(2)
                if z is not None and _P5.fullmatch(c.review.text[y.end : z.start]):
                    out.append(c.claim(role, c.m, z, "verb+and", 0.8))
        else:
            window = after[:60].lower()
            if verb in (
                "wrote",
                "writes",
                "penned",
                "pens",
                "composed",
                "composes",
                "scored",
                "scores",
            ):
                objects = HYPHENATED.findall(window)[:5]
                if not any(o in WORK_OF or o in FILM_NOUNS or o in ("it", "this") for o in objects):
                    continue  # "wrote the novel", "scored a touchdown"
            if verb in ("shot", "shoots"):
                objects = HYPHENATED.findall(window)[:2]
                if not any(o in FILM_NOUNS or o in ("it", "this") for o in objects):
                    continue  # "X shot him": only "X shot it / the film" is a camera credit
            if _other_work(HYPHENATED.findall(window)[:5]):
                continue  # "X directed that revival / one other film": another work's credit
            out.append(c.claim(role, c.m, None, "verb", 0.85))
    return out


def _voice_to(c: Ctx) -> list[Claim | None]:
    if c.nxt is not None and _VOICE_TO.match(c.right):
        return [c.claim(VOICE, c.m, c.nxt, "voice-to", 0.95)]
    # "Val Kilmer is Chris Shiherlis, the ...": two full names joined by "is"
    if (
        c.nxt is not None
        and _P_IS.fullmatch(c.right)
        and len(c.m.key) >= 2
        and len(c.nxt.key) >= 2
        and _P_IS_END.match(c.review.text, c.nxt.end)
    ):
        return [c.claim(ACTOR, c.m, c.nxt, "is", 0.6)]
    return []


def as_credit(c: Ctx) -> list[Claim | None]:
    """ "X as Y", "X is superb as Y", "X's performance as Y", "X as the voice of Y"."""
    if c.nxt is None:
        return []
    right = c.right
    if right.endswith(" as the "):
        right = right[:-4]  # "Jack Nicholson as the Joker"
    m = _AS.match(right)
    if m and not _AS_NOT.search(right) and not _P7.search(c.left):
        role = VOICE if m.group(1) else ACTOR
        pairs = _respectively(c)
        if pairs:
            return [c.claim(role, p, y, "as-pairs", 0.8) for p, y in pairs]
        return [c.claim(role, c.m, c.nxt, "as", 0.85 if c.right.strip() == "as" else 0.8)]
    p = POSSESSIVE.match(c.right)
    if p and WORK_OF.get(p.group(1).lower(), ()) and set(WORK_OF[p.group(1).lower()]) & CAST:
        rest = c.right[p.end() :]
        if OF_CHARACTER.match(rest):
            role = WORK_OF[p.group(1).lower()][0]
            return [c.claim(role, c.m, c.nxt, "performance-as", 0.9)]
    return []


def _respectively(c: Ctx) -> list[tuple[Mention, Mention]]:
    """ "A and B are great as Pat and Terry", "A and B as C and D respectively": pairwise."""
    text = c.review.text
    # a list joined by "and" at its end ("A, B and C"); a comma list of "X as Y" pairs
    # ("starring A as B, C as D") is no such list
    if c.prev is None or not _AND_ONLY.match(c.left):
        return []
    subjects = [c.prev, c.m]
    j = c.i - 2
    while (
        j >= 0
        and c.found[j].start >= c.sent[0]
        and _P_COMMA.fullmatch(text[c.found[j].end : subjects[0].start])
    ):
        subjects.insert(0, c.found[j])
        j -= 1
    if _P_AS_END.search(text[max(c.sent[0], subjects[0].start - 6) : subjects[0].start]):
        return []  # the first "subject" is itself the character of an earlier "as"
    objects = [c.nxt]
    k = 2
    while (y := c.following(k)) is not None:
        join = text[objects[-1].end : y.start]
        if _AND_ONLY.match(join):
            objects.append(y)
            break
        if not _P_COMMA.fullmatch(join):
            break
        objects.append(y)
        k += 1
    if len(objects) != len(subjects) or not _AND_ONLY.match(
        text[objects[-2].end : objects[-1].start]
    ):
        return []
    return list(zip(subjects, objects, strict=True))


def paren(c: Ctx) -> list[Claim | None]:
    """ "Y (X)", "Y(X)", "Hélène (a superb Marthe Keller)", "her mother (Anne Bancroft)"."""
    text = c.review.text
    out: list[Claim | None] = []
    after_next = text[c.nxt.end : c.nxt.end + 12] if c.nxt is not None else ""
    if c.nxt is not None and _PAREN_CLOSE.match(after_next):
        if _PAREN_OPEN.match(c.right):
            out.append(c.claim(ACTOR, c.nxt, c.m, "paren", 0.8, reversible=True))
        elif _PAREN_DESCRIBED.match(c.right):
            out.append(c.claim(ACTOR, c.nxt, c.m, "paren-described", 0.9))
    # "her brash mother (Anne Bancroft)": a cast credit with no named character
    if (
        _P8.search(c.left)
        and _PAREN_CLOSE.match(text[c.m.end : c.m.end + 12])
        and (c.prev is None or text[c.prev.end : c.m.start].count("(") == 1)
    ):
        out.append(c.claim(ACTOR, c.m, None, "paren-np", 0.4))
    return out


def starring(c: Ctx) -> list[Claim | None]:
    """ "starring X", "the film stars X": a cast credit with no character."""
    tail = c.left[-40:]
    if "star" not in tail and "featur" not in tail or not _STARRING.search(tail):
        return []
    if c.nxt is not None and _P14.match(c.right):
        return []  # "starring X as Y" is read by as_credit
    return [c.claim(ACTOR, c.m, None, "starring", 0.5), *conjoined(c, ACTOR, "starring", 0.45)]


def _other_work(objects: list[str]) -> bool:
    """The words after a crew verb name another work: a determiner, then, before any word
    naming the film, one of a play, a revival, an episode, the original, another film."""
    if not objects or objects[0] not in _DETERMINERS:
        return False
    for o in objects:
        if o in _OTHER_WORKS:
            return True
        if o in FILM_NOUNS:
            return False
    return False
