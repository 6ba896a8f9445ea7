"""Crew credits in review text: "directed by X", "director X", "X, the director"."""

from __future__ import annotations

import re

from reelqa.index.credits.context import (
    OF_CHARACTER,
    POSSESSIVE,
    Ctx,
    conjoined,
    names_film,
    other_work,
    speaks,
    subject_before,
)
from reelqa.index.credits.models import Claim
from reelqa.index.text.tokens import SLASHED
from reelqa.index.text.vocabulary import (
    CAST,
    DESCRIPTORS,
    DIRECTOR,
    FILM_NOUNS,
    PASSIVE_OF,
    RELATIONS,
    TITLE_OF,
    WORK_OF,
    WRITER,
)

_DESC = r"(?:(?:the|a|an|his|her|their|" + "|".join(sorted(map(re.escape, DESCRIPTORS))) + r")\s+)*"
_BY = re.compile(rf"\b(by|from|of)\s+{_DESC}$", re.I)
_CLAUSE = re.compile(r"[,;:()\u2014\u2013\"]|\s-\s")
# between a character and the participle that credits it: "Jay, voiced", "Y is played",
# "Y (played", "Jay, a lighthouse keeper played"
_CREW_TITLES = "|".join(sorted((re.escape(w) for w in TITLE_OF), key=len, reverse=True))
_TITLE_AFTER = re.compile(
    r"^(?:['\u2019]s)?\s*(?:,\s*|\s+(?:is|was|,\s*who\s+(?:is|was))\s+|\s*\(\s*)"
    r"(?:(?:a|an|the|our|one\s+of|its|this|his|her)\s+)?(?:[\w'\u2019-]+\s+){0,4}?"
    rf"({_CREW_TITLES})s?\b",
    re.I,
)
_PAREN_ROLES = re.compile(r"^(?:['\u2019]s?)?\s*\(\s*((?:[\w/-]+(?:\s*(?:,|and|&|/)\s*)?){1,4})\)")
_P0 = re.compile(r"[\w/&-]+")
_P1 = re.compile(r"^\s*(?:['\u2019]s\s+)?(?:[a-z-]+\s+){0,2}?([a-z-]+)\s+$")
_P9 = re.compile(r"([\w/-]+)\W*$")
_P10 = re.compile(r"((?:[\w/-]+\s*(?:/|,|&|and)\s*){0,3}[\w/-]+)\s*(,\s*)?$")
_P12 = re.compile(r"^\s*[,();:.!?]|^\s*$")
_P13 = re.compile(r"\b(?:not|never|like|than)\b")
_P_CAPITAL = re.compile(r"\s+[A-Z]")
_OF = re.compile(r"\s+(?:of|for|on)\s+")
_SOURCE = re.compile(r"\b(?:adaptation|adapted|version|interpretation|rendition|retelling|"
                     r"telling|connections?|production|staging|translation|update|reading|"
                     r"remake|faithful|based)\s+(?:of|to|on|from)\s+(?:the\s+)?$", re.I)
# "the art direction by X", "the musical direction by X": another job than the role's
_NOT_CREW = frozenset("art musical music set costume stage second-unit casting sound".split())
# works that are not the film, or not its crew's: "books written by", "production design by"
_OTHER_WORK_NOUNS = frozenset("book books novel novels musical musicals song songs lyrics "
                              "series episode episodes comic comics design designer designs "
                              "company stage".split())
_CASUAL_TITLES = frozenset("star stars lead co-star costar".split())
_QUOTED_BEFORE = re.compile(r"[\"\u201d]\s*$")
_OWNER = re.compile(r"['\u2019]s\b")
_HYPOTHETICAL = re.compile(r"\b(?:if\s+(?:it|this|the\s+film|the\s+movie)\s+had|had\s+been|"
                           r"would\s+have|could\s+have|should\s+have|wish|imagine|instead\s+of)\b",
                           re.I)
# a title inside another work's credit: "based on a story by A and veteran director B"
_OTHER_CREDIT = re.compile(r"\b(?:story|novel|book|play|idea|comic|stories|memoir)\s+by\b[^,;:.]*$",
                           re.I)
_POSSESSIVE_MARK = re.compile(r"['\u2019]s\s+[\"\u201c\u2018']?")


def passive(c: Ctx) -> list[Claim | None]:
    """ "directed by X", "Jay, voiced with quiet heartbreak by X", "the score from X",
    "a film by X", "directed by John Cusack pal Steve Pink"."""
    text = c.review.text
    lead = text[max(c.sent[0], c.m.start - 120) : c.m.start]
    tail = lead[-60:].lower()
    if (
        " by " not in tail
        and " from " not in tail
        and " of " not in tail
        and not tail.startswith(("by ", "from ", "of "))
    ):
        return []
    by = _BY.search(lead)
    if not by:
        return []
    head = lead[: by.start()]
    breaks = [x for x in _CLAUSE.finditer(head)]
    cut = breaks[-1].end() if breaks else 0
    if breaks and not head[cut:].strip() and len(breaks) > 1:
        cut = breaks[-2].end()  # "The score, by X,": the aside continues the clause before
    elif breaks and not head[cut:].strip():
        cut = 0
    link = by.group(1).lower()
    if link == "of" and (by.group().lower().rstrip().endswith(" the") or _OWNER.match(c.right)):
        return []  # "the photography of the Carolinas", "the cinematography of Coppola's film"
    if _HYPOTHETICAL.search(head):
        return []  # "if this film had been directed by X": a wish, not a credit
    prior = head.lower().rfind(" by ")
    if prior >= cut:  # "written by A and sung by B": B's participle is the one before "by"
        cut = prior + 4
    words = _last_cues(list(_P0.finditer(head[cut:]))[-7:])
    cues: dict[str, tuple[float, int]] = {}  # role -> (strength, offset of its cue word)
    base = c.m.start - len(lead) + cut
    for k, w in enumerate(words):
        low = w.group().lower()
        if link == "by" and low in PASSIVE_OF:
            for r in PASSIVE_OF[low]:
                cues.setdefault(r, (1.0, base + w.start()))
        elif low in WORK_OF and (k == 0 or words[k - 1].group().lower() not in _NOT_CREW):
            for r in WORK_OF[low]:
                if r in CAST and link != "by":
                    continue  # "his portrayal of Ted": Ted is the character
                cues.setdefault(r, (0.9 if r not in CAST else 0.6, base + w.start()))
        elif link == "by" and low in FILM_NOUNS and k == len(words) - 1:
            cues.setdefault(
                DIRECTOR, (0.6, base + w.start())
            )  # "a film by X", not "a film rated by X"
    if not cues:
        return []
    person = c.m
    # "by John Cusack pal Steve Pink": the credit goes to the second name
    rel = _P1.match(c.right)
    if rel and rel.group(1) in RELATIONS and c.nxt is not None:
        person = c.nxt
    out: list[Claim | None] = []
    for role, (strength, pos) in cues.items():
        character = subject_before(c, pos) if role in CAST else None
        out.append(c.claim(role, person, character, "by", strength))
        out.extend(conjoined(c, role, "by", strength * 0.9))
    return out


def _last_cues(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words from the cue nearest "by" back over cues joined to it by "and" ("written and
    directed by"); an earlier cue with other words between belongs to another phrase
    ("Tarantino's writing along with a superb performance by X"). Empty when the cue names
    another work ("books written by X", "a musical written by X", "production design by")."""
    low = [w.group().lower() for w in words]
    at = [k for k, w in enumerate(low) if w in PASSIVE_OF or w in WORK_OF or w in FILM_NOUNS]
    if not at:
        return words
    last = at[-1]
    if set(low[last + 1 :]) & _OTHER_WORK_NOUNS or (last > 0 and low[last - 1] in
                                                     _OTHER_WORK_NOUNS):
        return []
    first = last
    for k in reversed(at[:-1]):
        if all(w in ("and", "&", "/", "or") for w in low[k + 1 : first]):
            first = k
        else:
            break
    return words[max(0, first - 1) :]  # with the word before: "art direction", "a film"


def title_before(c: Ctx) -> list[Claim | None]:
    """ "director X", "writer-director X", "author / screenwriter / director X",
    "the director, X,", "composer X"."""
    if speaks(c):
        return []  # "Director Bong Joon-ho aptly describes it as ...": a quoted filmmaker
    left = c.left[-70:]
    last = _P9.search(left[-25:])
    if not last or last.group(1).lower() not in TITLE_OF:
        return []
    if last.group(1)[:1].isupper() and last.group(1).lower() in _CASUAL_TITLES and not (
            last.group(1) == "Stars" and c.review.text[c.sent[0] : c.m.start].strip() == "Stars"):
        return []  # "Star Wars Episode", "Lone Star Westerns"; but "Stars David Cronenberg"
    if _QUOTED_BEFORE.search(left[: last.start() + len(left) - 25 if len(left) > 25 else
                                  last.start()]):
        return []  # "\"Kingdom of Heaven\" director Ridley Scott": another work's director
    m = _P10.search(left)
    if not m:
        return []
    words = [w.lower() for w in SLASHED.findall(m.group(1))]
    if (words[-1] if words else "") not in TITLE_OF:
        return []
    if m.group(2) and not _P12.match(c.right):
        return []  # "the director, X" is an apposition only when it closes
    roles: dict[str, None] = {}
    for w in reversed(words):
        if w in TITLE_OF:
            roles.update(dict.fromkeys(TITLE_OF[w]))
        elif w not in ("and", "&", "/", ","):
            break
    clause = c.review.text[c.sent[0] : c.m.start]
    if _HYPOTHETICAL.search(clause) or (_OTHER_CREDIT.search(clause) and WRITER not in roles):
        return []  # "a story by Lankford and veteran B director X": the title describes him
    out: list[Claim | None] = []
    plural = words[-1].endswith("s") and words[-1] not in ("actress",)
    for role in roles:
        strength = 0.5 if role in CAST else (0.8 if m.group(2) else 0.9)
        out.append(c.claim(role, c.m, None, "title", strength))
        if plural or role in CAST:  # "directors A and B"; "director A, B and C" lists others
            out.extend(conjoined(c, role, "title", strength * 0.9))
    return out


def title_after(c: Ctx) -> list[Claim | None]:
    """ "X, the director,", "X, one of Bette's best directors", "X was the director",
    "David Mamet's (writer and director)"."""
    p = _PAREN_ROLES.match(c.right)
    if p:
        words = [w.lower() for w in SLASHED.findall(p.group(1))]
        roles = [r for w in words if w in TITLE_OF for r in TITLE_OF[w]]
        if roles and all(w in TITLE_OF or w in ("and",) for w in words):
            return [
                c.claim(r, c.m, None, "title-after", 0.85)
                for r in dict.fromkeys(roles)
                if r not in CAST
            ]
    # the apposition may hold other names: "X, one of Bette's best directors"
    text = c.review.text
    m = _TITLE_AFTER.match(text[c.m.end : min(c.sent[1], c.m.end + 80)])
    if not m:
        return []
    after = text[c.m.end + m.end() : c.m.end + m.end() + 3]
    if _P_CAPITAL.match(after):
        return []  # "X, who was also in director Y's film": the title belongs to Y
    word = m.group(1).lower()
    word = word if word in TITLE_OF else word + "s" if word + "s" in TITLE_OF else word
    if word not in TITLE_OF or _P13.search(c.right[: m.end()]):
        return []
    end = c.m.end + m.end()
    if (of := _OF.match(text, end)) and other_work(c, of.end(), capitalised=True):
        return []  # "X, the director of Salt Hours", "the head writer for MST 3000"
    return [c.claim(r, c.m, None, "title-after", 0.7) for r in TITLE_OF[word] if r not in CAST]


def possessive(c: Ctx) -> list[Claim | None]:
    """ "X's direction", "Sidney Lumet's direction", "Eric Till's brisk direction", and a
    critic's "Jane Roe's \"Film\" is ..." (the film's own title after the possessive)."""
    mark = _POSSESSIVE_MARK.match(c.review.text, c.m.end)
    if mark and names_film(c, mark.end()):
        if _SOURCE.search(c.review.text, max(c.sent[0], c.m.start - 40), c.m.start):
            return []  # "an adaptation of Edith Wharton's Ethan Frome": the source's author
        # the film named after a character may be an actor's ("Peck's MacArthur"): the
        # film's credits drop it when the person is credited in its cast (aggregate.py)
        return [c.claim(DIRECTOR, c.m, None, "possessive-title", 0.6)]
    p = POSSESSIVE.match(c.right)
    if not p:
        return []
    roles = WORK_OF.get(p.group(1).lower(), ())
    out: list[Claim | None] = []
    for role in roles:
        if role in CAST:
            if not OF_CHARACTER.match(c.right[p.end() :]):
                out.append(c.claim(role, c.m, None, "possessive", 0.5))
        else:
            out.append(c.claim(role, c.m, None, "possessive", 0.85))
    return out
