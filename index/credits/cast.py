"""Cast credits in review text: "X plays Y", "X as Y", "starring X" (brackets: `brackets`)."""

from __future__ import annotations

import re

from reelqa.index.credits.context import (
    OF_CHARACTER,
    POSSESSIVE,
    RANK,
    Ctx,
    conjoined,
    other_work,
)
from reelqa.index.credits.inverted import character_first
from reelqa.index.credits.models import Claim
from reelqa.index.credits.names import Mention
from reelqa.index.text.lexicon import PLACES
from reelqa.index.text.tokens import FUNCTION_WORDS, HYPHENATED, TOKEN
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
    r"|does|did|gives|gave)\s+(?:[a-z'-]+\s+){0,5}?)?as\s+(?P<voice>the\s+voice\s+of\s+)?"
    + RANK + "$"
)
_AS_ANY = re.compile(r"^\s+((?:[a-z'-]+\s+){1,3})as\s+(?P<voice>the\s+voice\s+of\s+)?" + RANK
                     + "$")
_AS_DESCRIBED = re.compile(r"\bas\s+(?:the|a|an|his|her|their)\s+((?:[a-z][\w-]*\s+){0,2})$")
# words that make "X <verb phrase> as Y" another construction: a clause ("while", "who"), an
# object ("sees the world as", "casts her as")
_CLAUSE_WORDS = FUNCTION_WORDS - frozenset("is was are were".split())
_AS_NOT = re.compile(
    r"\b(?:known|such|same|named|called|well|referred|described|dubbed|billed)\s"
    r"|\bas\s+[a-z-]+\s+as\b", re.I  # "was as perfect as her Carmen": a comparison
)
# a capitalised word used as an adjective: "a British diplomat", "the Salvation Army girl"
_NEXT_WORD = re.compile(r"\s([a-z][a-z-]*)\b")
_VOICE_TO = re.compile(
    r"^\s+(?:lends|lent|gives|gave|provides|provided|supplies|supplied)\s+(?:his|her|their|the)\s+"
    r"voices?\s+(?:to|of|for)\s+(?:the\s+)?$"
)
# "starring X", "Starring X" (a credits line), "the film stars X"; not "Lumet All Stars like X"
_STARRING = re.compile(
    r"\b(?:[Ss]tarring|[Cc]o-starring|[Ff]eaturing|STARRING|stars|starred)\s+(?:[\w-]+\s+){0,1}$"
)
_P3 = re.compile(r"^\s+by\b")
_WISH = re.compile(r"\b(?:imagine|wish|if\s+only|would\s+have|could\s+have|should\s+have)\b",
                   re.I)
_OWNED = re.compile(r"['\u2019]s\s+")  # "Lombard's Ann Smith"
# "plays Largo and Max Von Sydow is free ...": the name after "and" starts a clause
_CLAUSE_VERB = re.compile(r"\s+(?:is|was|are|were|has|had|does|did|plays|played|gives|gave|"
                          r"makes|made|steals|brings|seems|looks|can|could|will|would)\b")
_P4 = re.compile(r"^\s+as\s")
_P5 = re.compile(r"\s+and\s+")
_P7 = re.compile(r"\bas\s+$")
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
    owned = c.prev is not None and _OWNED.fullmatch(c.left) is not None
    for role in ACTIVE_OF[verb]:
        if role in CAST and owned:
            continue  # "Lombard's Ann Smith plays out": a character, not its actor
        if role in CAST:
            if verb in ("stars", "starred", "starring") and not _P4.match(after + " "):
                if verb != "starring":  # "directed by X Starring Y": Y's cue, not X's verb
                    out.append(c.claim(ACTOR, c.m, None, "stars", 0.5))
                continue
            y = c.nxt if c.nxt is not None and _OBJECT.match(after) else None
            if y is None and verb in ("playing", "starring"):
                continue  # "the man playing cards", "starring in": no credit without a name
            out.append(c.claim(role, c.m, y, "verb", 0.95 if y else 0.5))
            if y is not None:  # "played Jekyll and Hyde"
                z = c.following(2)
                if (z is not None and _P5.fullmatch(c.review.text[y.end : z.start])
                        and not _CLAUSE_VERB.match(c.review.text, z.end)):
                    out.append(c.claim(role, c.m, z, "verb+and", 0.8))
        else:
            # "X wrote and directed the film", "X, who produced, wrote and directed it": each
            # verb of the list credits its role, with the object after the last
            verbs, after = _coordinated(verb, after)
            if verbs != [verb]:
                out.extend(_crew_verbs(c, verbs[1:], after))
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
            if _WISH.search(c.review.text, c.sent[0], c.m.start):
                continue  # "Can you imagine this with Robert Aldrich directing ...": a wish
            if _other_work(HYPHENATED.findall(window)[:5]) or other_work(c, c.m.end + m.end()):
                continue  # "X directed that revival / \"Salt Hours\"": another work's credit
            out.append(c.claim(role, c.m, None, "verb", 0.85))
    return out


_COORDINATED = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*/\s*)([a-z-]+)\b")


def _coordinated(verb: str, after: str) -> tuple[list[str], str]:
    """The crew verbs listed with `verb` and the text after the last of them."""
    verbs = [verb]
    while (m := _COORDINATED.match(after)) and m.group(1) in ACTIVE_OF:
        if not any(r not in CAST for r in ACTIVE_OF[m.group(1)]):
            break
        verbs.append(m.group(1))
        after = after[m.end() :]
    return verbs, after


def _crew_verbs(c: Ctx, verbs: list[str], after: str) -> list[Claim | None]:
    """Claims of crew verbs listed after the first: the object after the last must be the
    film ("wrote and directed the film"), or none ("X, who wrote and directed,")."""
    clause = re.split(r"[,;:.!?()]", after, maxsplit=1)[0]
    objects = HYPHENATED.findall(clause[:60].lower())[:5]
    if objects and (_other_work(objects) or not any(
            o in WORK_OF or o in FILM_NOUNS or o in ("it", "this") for o in objects)):
        return []
    return [c.claim(role, c.m, None, "verb+and", 0.8)
            for v in verbs for role in ACTIVE_OF[v] if role not in CAST]


def _voice_to(c: Ctx) -> list[Claim | None]:
    if c.nxt is not None and _VOICE_TO.match(c.right):
        return [c.claim(VOICE, c.m, c.nxt, "voice-to", 0.95)]
    # "Val Kilmer is Chris Shiherlis, the ...": two full names joined by "is"
    if (
        c.nxt is not None
        and _P_IS.fullmatch(c.right)
        and not character_first(c)
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
    # "Jack Nicholson as the Joker", "X is great as the fisherwoman Marta": the words that
    # describe the character are no part of the link
    d = _AS_DESCRIBED.search(right)
    if d and not FUNCTION_WORDS.intersection(d.group(1).split()):
        right = right[: d.start()] + "as "
    m = _AS.match(right)
    strength = 0.85 if c.right.strip() == "as" else 0.8
    if m is None and (m := _AS_ANY.match(right)) is not None:
        # "X steals every scene as Y": any short verb phrase, none of it a clause's start, and
        # a full name before it (not "an Oscar nod as", "their Broadway roles as")
        if _CLAUSE_WORDS.intersection(m.group(1).split()) or len(c.m.key) < 2:
            m = None
        strength = 0.7
    if m and not _AS_NOT.search(right) and not _P7.search(c.left):
        if d is not None and (len(c.nxt.key) == 1 or " ".join(c.nxt.key) in PLACES) \
                and _attributive(c.review.text, c.nxt.end):
            return []  # "as a British diplomat", "as a New York pimp": no name
        role = VOICE if m.group("voice") else ACTOR
        pairs = _respectively(c)
        if pairs:
            return [c.claim(role, p, y, "as-pairs", 0.8) for p, y in pairs]
        if _unpaired(c):
            return []  # "A and B are delightful as Willy and his apprentice Arthur"
        return [c.claim(role, c.m, c.nxt, "as", strength)]
    p = POSSESSIVE.match(c.right)
    if p and WORK_OF.get(p.group(1).lower(), ()) and set(WORK_OF[p.group(1).lower()]) & CAST:
        rest = c.right[p.end() :]
        if OF_CHARACTER.match(rest):
            role = WORK_OF[p.group(1).lower()][0]
            return [c.claim(role, c.m, c.nxt, "performance-as", 0.9)]
    return []


def _unpaired(c: Ctx) -> bool:
    """`c.m` ends a list of people ("A and B are great as ...") that no list of characters
    pairs with: the character may be either's."""
    if c.prev is None or not _AND_ONLY.match(c.left) or _SINGULAR.match(c.right):
        return False  # "Phillips makes an excellent Alicia and Kim is good as Deanna"
    before = c.review.text[max(c.sent[0], c.prev.start - 60) : c.prev.start]
    # "Justice as Abishai and Meadows as Michol": the name before is an earlier character
    return not _AS_BEFORE.search(before)


_SINGULAR = re.compile(r"^\s*,?\s+(?:is|was|has|does|[a-z]+[^s\W]s)\b")
_AS_BEFORE = re.compile(r"\bas\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[a-z][\w'-]*\s+){0,4}$")


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


def _attributive(text: str, end: int) -> bool:
    """The name ending at `end` modifies the noun after it ("British diplomat"): the next word
    is lower case and neither a function word nor a verb's form ("steals", "seemed")."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    w = m.group(1)
    return w not in FUNCTION_WORDS and not w.endswith(("s", "ed")) and w not in _VERBS


_VERBS = frozenset("did had made gave took got brought left felt kept came became ran won "
                   "can could would should might must will shall do does".split())


def starring(c: Ctx) -> list[Claim | None]:
    """ "starring X", "the film stars X": a cast credit with no character."""
    tail = c.left[-40:]
    low = tail.lower()
    if "star" not in low and "featur" not in low or not _STARRING.search(tail):
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
