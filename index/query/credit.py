"""Credits questions: "who plays X (in F)?", "who directed F?", "who is the director?"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reelqa.index.text.tokens import TOKEN
from reelqa.index.text.vocabulary import ACTOR, ASK_OF, CAST, DIRECTOR, VOICE, WORK_OF

_ARTICLES = frozenset("the a an".split())
_CAST_VERB = re.compile(
    r"^(?:(?:is|was)\s+(?:the\s+)?(?:voice\s+actor|voice|actor|actress|one)\s+"
    r"(?:of|for|behind|playing|who\s+(?:plays|played|voices|voiced))\s+"
    r"|(?:does|did|provides|provided)\s+the\s+voice\s+(?:of|for)\s+"
    r"|(?:plays|played|portrays|portrayed|voices|voiced|is\s+playing|was\s+playing"
    r"|stars\s+as|starred\s+as|is\s+cast\s+as|was\s+cast\s+as)\s+)(.+)$",
    re.I,
)
_CREW_VERB = re.compile(r"^([a-z-]+)\s+(.+)$", re.I)
_CREW_NOUN = re.compile(
    r"^(?:is|was)\s+(?:the\s+)?([a-z-]+)(?:\s+(?:of|for|behind|on)\s+(.+))?$", re.I
)
_WHO_IS = re.compile(r"^(?:is|was)\s+(.+)$", re.I)
_IN_FILM = re.compile(r"^(.+?)\s+in\s+(.+)$", re.I)
_WORK_OBJECT = re.compile(r"^(?:the\s+)?([a-z-]+)\s+(?:of|for|to|in|on)\s+(.+)$", re.I)
_FILMISH = frozenset("film movie it this picture".split())


@dataclass(frozen=True)
class CreditQuestion:
    """What a credits question asks: the role, the character's words, the film's words."""

    role: str
    character: tuple[str, ...] = ()  # folded words of the character asked about
    film_text: str | None = None  # the words that name the film, if the question does
    who_is: bool = False  # "who is X?": a cast question only if X is a credited character


def parse(question: str) -> CreditQuestion | None:
    """The credits question asked, or None for any other kind (the span extractor's)."""
    q = " ".join(question.strip().rstrip("?!. ").split())
    lead = re.match(r"^in\s+(.+?),\s*(who\b.*)$", q, re.I)
    film_text = lead.group(1) if lead else None
    q = lead.group(2) if lead else q
    m = re.match(r"^who(?:m)?\s+(.+)$", q, re.I)
    if not m:
        return None
    rest = m.group(1)
    cast = _CAST_VERB.match(rest)
    if cast:
        role = (
            VOICE
            if re.search(r"\bvoice|\bvoiced?\b|\bvoices\b", rest[: cast.start(1)], re.I)
            else ACTOR
        )
        return _cast(role, cast.group(1), film_text)
    noun = _CREW_NOUN.match(rest)
    if noun and noun.group(1).lower() in ASK_OF:
        role = _crew_role(noun.group(1).lower())
        if role is not None:
            return CreditQuestion(role, (), noun.group(2) or film_text)
    verb = _CREW_VERB.match(rest)
    if verb and verb.group(1).lower() in ASK_OF:
        role = _crew_role(verb.group(1).lower())
        obj = verb.group(2)
        work = _WORK_OBJECT.match(obj)
        if work and work.group(1).lower() in WORK_OF:  # "who wrote the music for F"
            role = WORK_OF[work.group(1).lower()][0]
            obj = work.group(2)
        elif obj.lower().split()[0] in WORK_OF or obj.lower().split()[-1] in WORK_OF:
            words = obj.lower().split()
            hit = next(w for w in (words[0], words[-1]) if w in WORK_OF)
            role = WORK_OF[hit][0]
            obj = film_text or ""
        if role is not None and role not in CAST:
            film = None if _generic(obj) else obj
            return CreditQuestion(role, (), film or film_text)
    who = _WHO_IS.match(rest)
    if who:
        return _cast(ACTOR, who.group(1), film_text, who_is=True)
    return None


def _crew_role(word: str) -> str | None:
    roles = [r for r in ASK_OF.get(word, ()) if r not in CAST]
    if word in ("made", "make"):
        return DIRECTOR
    return roles[0] if roles else None


def _cast(role: str, rest: str, film_text: str | None, who_is: bool = False) -> CreditQuestion:
    inside = _IN_FILM.match(rest)
    character = rest
    if inside and film_text is None:
        character, film_text = inside.group(1), inside.group(2)
    words: tuple[str, ...] = ()
    for w in TOKEN.findall(character):
        w = w.lower().replace("\u2019", "'")
        if w.endswith("'s") and len(w) > 2:  # "Blade's Alfred", "Kang's partner"
            words += (w[:-2], "'s")
        elif w not in _ARTICLES:
            words += (w,)
    if words and words[-1] == "'s":
        words = words[:-1]
    return CreditQuestion(role, words, film_text, who_is)


def _generic(obj: str) -> bool:
    """ "the film", "it", "this movie": no film named."""
    words = [w.lower() for w in TOKEN.findall(obj)]
    return not words or all(
        w in _FILMISH or w in _ARTICLES or w in ("the", "film's") for w in words
    )
