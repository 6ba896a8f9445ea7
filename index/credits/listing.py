"""How far a reader may trust a film's credit: one calibrated confidence per credit, from its
support, the agreement of the film's other credits and the quality of the name.

`reelqa credits`, `/credits` and the cast answer list the credits at or above `LISTED`; the
weaker ones are counted and shown on request. docs/answers.md gives the measured precision.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from reelqa.index.credits.models import Claim, Credit
from reelqa.index.credits.names import NAME_SHARE, NameModel
from reelqa.index.text.vocabulary import CAST

# The confidence at and above which a credit is listed (docs/answers.md measures it).
LISTED = 0.6
Key = tuple[str, ...]


def full_surnames(claims: Iterable[Claim]) -> frozenset[str]:
    """Every word the corpus's claims write as the end of a full name ("pacino" from "Al
    Pacino"): a one-word name is a person only if it is one of these."""
    return frozenset(c.person.key[-1] for c in claims if len(c.person.key) >= 2)


def confidences(
    model: NameModel,
    film: str,
    credits: list[Credit],
    surnames: frozenset[str],
    cues: Mapping[tuple[str, str, str | None], Counter[str]],
    actors: Mapping[Key, int],
) -> list[float]:
    """The confidence of each of one film's credits, 0 to 1 (about the share of credits at
    that confidence that are right, as docs/answers.md measures it), in the order given.

    `cues` counts, per (role, person key, character key), the cues of the claims behind it;
    `actors` how often the corpus credits each name as an actor (any film).
    """
    runs = model.film_runs.get(film, Counter())
    cast = {c.person_key for c in credits if c.role in CAST}
    # each name the reviews give a character, with the most reviews that do so
    characters: dict[str, int] = defaultdict(int)
    for c in credits:
        if c.character_key:
            characters[c.character_key] = max(characters[c.character_key], c.reviews)
    character_words: dict[str, int] = defaultdict(int)
    for k, n in characters.items():
        for w in k.split():
            character_words[w] = max(character_words[w], n)
    best_for: dict[tuple[str, str], float] = defaultdict(float)
    for c in credits:
        if c.character_key:
            best_for[(c.role, c.character_key)] = max(best_for[(c.role, c.character_key)],
                                                      c.score)
    out = []
    for c in credits:
        key = tuple(c.person_key.split())
        conf = 1.0 - math.exp(-1.6 * c.score)
        conf *= _name_quality(model, key, surnames)
        as_character = max(characters.get(c.person_key, 0),
                           character_words.get(key[0], 0) if len(key) == 1 else 0)
        if as_character >= c.reviews:  # as often (or more) a character as this person
            # "Felix Dorn (Arvid Moen), a film director": a character is nobody's crew, and
            # a name the reviews give a character is seldom also an actor's
            conf *= 0.2 if c.role not in CAST else 0.35
        if c.character_key:
            top = best_for[(c.role, c.character_key)]
            rival = max((o.score for o in credits if o is not c and o.role == c.role
                         and o.character_key == c.character_key), default=0.0)
            if c.score < top:
                conf *= 0.5 * c.score / top  # two people for one character: the weaker one
            elif rival:
                conf *= math.sqrt(max(0.0, 1.0 - rival / c.score))
        forms = set(cues.get((c.role, c.person_key, c.character_key), Counter()))
        if forms and forms <= _WEAK_ALONE and c.reviews == 1:
            conf *= 0.8  # one review's bare list or aside: the weakest kind of statement
        if c.role not in CAST and c.person_key in cast and forms <= _TITLES:
            conf *= 0.3  # "frustrated writer Michael Caine plots ...": the character's job
        if c.character_key and "'s" in c.character_key.split():
            rel = c.character_key.split()[-1]
            if rel not in RELATIONS:
                conf *= 0.3  # "as Vic's sweet, perky mistress Grace": not a relation word
        if forms == {"paren"} and c.character_key and len(c.character_key.split()) >= 2 \
                and actors.get(tuple(c.character_key.split()), 0) > 0:
            conf *= 0.3  # "Kilgore (Robert Duvall)" read the wrong way round
        if c.reviews == 1 and _mentions(runs, key) <= 1:
            conf *= 0.8  # named once in all the film's reviews: an aside
        if len(key) > 1 and any((model.share(w) or 1.0) < 0.3 for w in key):
            conf *= 0.2  # "Wives Rodney": a lower-case word inside a capitalised run
        out.append(round(conf, 4))
    return out


def _mentions(runs: Mapping[Key, int], key: Key) -> int:
    """How often the film's reviews write the person: the full name or the surname alone."""
    return sum(n for k, n in runs.items() if k == key or k == key[-1:])


_TITLES = frozenset({"title", "title+and", "title-after"})
# Words after "X's" that name a relation: "as Hoffman's wife", "Blade's sidekick"
RELATIONS = frozenset(
    "wife husband son daughter mother father brother sister friend girlfriend boyfriend partner "
    "sidekick lover mistress assistant boss fiance fiancee fiancée widow uncle aunt nephew niece "
    "cousin grandmother grandfather grandson granddaughter mom dad stepson stepdaughter "
    "stepmother stepfather secretary bodyguard butler maid rival nemesis enemy henchman "
    "henchmen right-hand doll sweetheart bride groom twin servant driver mentor protege".split())
# Cues that name a person without tying them to the film's making or a character: "starring
# X" in a sentence about another film, "her mother (X)"; one review saying so is thin.
_WEAK_ALONE = frozenset({"starring", "starring+and", "stars", "paren-np", "possessive",
                         "title-after"})


def _name_quality(model: NameModel, key: Key, surnames: frozenset[str]) -> float:
    """1 for a full name; 0 for one word the corpus never writes as the end of a full name
    ("Great", "Dead", a character's first name); lower for a surname that is often not
    capitalised (an ordinary word taken for a name)."""
    if len(key) > 1:
        return 1.0  # ordinary words rarely run together in capitals; a full name is a name
    if key[0] not in surnames:
        return 0.0
    share = model.share(key[0])
    if share is None or share >= 0.9:
        return 1.0
    return max(0.0, (share - NAME_SHARE / 2) / (0.9 - NAME_SHARE / 2))
