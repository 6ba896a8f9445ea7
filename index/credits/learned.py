"""Cast patterns learned from the corpus itself, in the manner of DIPRE and Snowball (Brin 1998;
Agichtein and Gravano 2000): the credits several reviews agree on (the seeds) show which words
between an actor's name and a character's name state that the one plays the other ("Brando's
Kurtz", "Streep is Kate"); each such context is scored by the share of its matches that agree
with the seeds rather than contradict them, and the contexts that clear `MIN_CONFIDENCE` with
enough support read the rest of the corpus. What one corpus teaches is its own writing: a critic
corpus and a customer corpus learn different contexts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.extract import names_by_sentence
from reelqa.index.credits.models import Claim, ReviewText
from reelqa.index.credits.names import Mention, NameModel
from reelqa.index.text.vocabulary import ACTOR, CAST

SEED_CONFIDENCE = 0.9  # credits this sure (several reviews agree) teach the contexts
MAX_GAP = 40  # characters between the two names
MIN_SEEDS = 3  # distinct seed credits a context must state ...
MIN_FILMS = 2  # ... in at least this many films
MIN_CONFIDENCE = 0.8  # agreeing matches / all judged matches
STRENGTH = 0.7  # a learned claim's strength, times its context's confidence
Key = tuple[str, ...]
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Pattern:
    """A learned context: the words between two names, which name comes first, how often it
    agreed with the seeds (in how many films) and how often it contradicted them."""

    middle: str
    person_first: bool
    agree: int
    films: int
    contradict: int

    @property
    def confidence(self) -> float:
        return self.agree / (self.agree + self.contradict)

    def to_dict(self) -> dict[str, object]:
        return {"middle": self.middle, "person_first": self.person_first, "agree": self.agree,
                "films": self.films, "contradict": self.contradict,
                "confidence": round(self.confidence, 3)}


Pair = tuple[Mention, Mention, str, tuple[int, int]]


def _pairs(model: NameModel, r: ReviewText) -> list[Pair]:
    """A review's neighbouring names in one sentence, at most `MAX_GAP` apart, with the words
    between them (lower case, spaces folded) and the sentence."""
    pairs = []
    for sent, found in names_by_sentence(model, r):
        for a, b in zip(found, found[1:], strict=False):
            gap = r.text[a.end : b.start]
            if len(gap) <= MAX_GAP:
                pairs.append((a, b, _SPACE.sub(" ", gap.lower()), sent))
    return pairs


def learn_patterns(model: NameModel, reviews: Iterable[ReviewText],
                   index: Mapping[str, FilmCredits]) -> list[Pattern]:
    """Every context the seeds of `index` support, with its counts; `usable` picks the ones
    to read the corpus with."""
    seeds = _seeds(index)
    agree: dict[tuple[str, bool], set[tuple[str, str]]] = defaultdict(set)
    films: dict[tuple[str, bool], set[str]] = defaultdict(set)
    contradict: dict[tuple[str, bool], int] = defaultdict(int)
    for r in reviews:
        film = seeds.get(r.film)
        if film is None:
            continue
        for a, b, middle, _ in _pairs(model, r):
            for person_first in (True, False):
                p, ch = (a, b) if person_first else (b, a)
                verdict = film.judge(p.key, ch.key)
                if verdict is None:
                    continue
                key = (middle, person_first)
                if verdict:
                    agree[key].add((r.film, " ".join(p.key)))
                    films[key].add(r.film)
                else:
                    contradict[key] += 1
    keys = set(agree) | set(contradict)
    out = [Pattern(m, pf, len(agree[(m, pf)]), len(films[(m, pf)]), contradict[(m, pf)])
           for m, pf in keys]
    return sorted(out, key=lambda p: (-p.agree, p.middle, p.person_first))


def usable(patterns: Iterable[Pattern]) -> dict[tuple[str, bool], Pattern]:
    """The contexts with enough support and confidence to credit with."""
    return {(p.middle, p.person_first): p for p in patterns
            if p.agree >= MIN_SEEDS and p.films >= MIN_FILMS and p.confidence >= MIN_CONFIDENCE}


def learned_claims(model: NameModel, reviews: Iterable[ReviewText],
                   index: Mapping[str, FilmCredits], patterns: Mapping[tuple[str, bool], Pattern],
                   claims: Iterable[Claim]) -> list[Claim]:
    """Cast claims the learned contexts make where no hand-written form made one: the person
    is not one of the film's characters, the character not one of its people."""
    taken = {(c.review_id, m.start) for c in claims
             for m in (c.person, c.character) if m is not None}
    out: list[Claim] = []
    for r in reviews:
        fc = index.get(r.film)
        known = _Known(fc) if fc is not None else _Known(FilmCredits(r.film, ()))
        for a, b, middle, sent in _pairs(model, r) if patterns else ():
            for person_first in (True, False):
                pattern = patterns.get((middle, person_first))
                if pattern is None:
                    continue
                p, ch = (a, b) if person_first else (b, a)
                if (r.id, p.start) in taken or (r.id, ch.start) in taken:
                    continue
                if known.character(p.key) or known.person(ch.key) or ch.key == _title(r.film):
                    continue
                out.append(Claim(r.id, r.film, ACTOR, p, ch, sent,
                                 f"learned:{'' if person_first else '~'}{middle}",
                                 round(STRENGTH * pattern.confidence, 3)))
    return out


class _Known:
    """What the film's credits say each name is: a person, a character."""

    def __init__(self, fc: FilmCredits) -> None:
        self.people = {tuple(c.person_key.split()) for c in fc.credits}
        self.surnames = {k[-1] for k in self.people}
        self.characters = {tuple(c.character_key.split()) for c in fc.credits
                           if c.character_key}
        self.character_words = {w for k in self.characters for w in k}

    def person(self, key: Key) -> bool:
        return key in self.people or (len(key) == 1 and key[0] in self.surnames)

    def character(self, key: Key) -> bool:
        return key in self.characters or (len(key) == 1 and key[0] in self.character_words)


class _Seeds:
    """One film's seed credits: person -> characters, and the film's names of either kind."""

    def __init__(self, fc: FilmCredits) -> None:
        self.plays: dict[Key, set[Key]] = defaultdict(set)
        for c in fc.credits:
            if (c.role in CAST and c.character_key and c.confidence is not None
                    and c.confidence >= SEED_CONFIDENCE):
                self.plays[tuple(c.person_key.split())].add(tuple(c.character_key.split()))
        self.known = _Known(fc)

    def __bool__(self) -> bool:
        return bool(self.plays)

    def judge(self, p: Key, ch: Key) -> bool | None:
        """True: a seed says `p` plays `ch`; False: the seeds contradict it (`p` is a
        character, `ch` a person, or `p` plays someone else and `ch` is someone else's);
        None: the seeds do not know."""
        for person, characters in self.plays.items():
            if p == person or (len(p) == 1 and p[0] == person[-1]):
                if any(_part(ch, c) for c in characters):
                    return True
                if self.known.character(ch):
                    return False
        if self.known.character(p) and not self.known.person(p):
            return False
        if self.known.person(ch) and not self.known.character(ch):
            return False
        return None


def _seeds(index: Mapping[str, FilmCredits]) -> dict[str, _Seeds]:
    out = {}
    for film, fc in index.items():
        s = _Seeds(fc)
        if s:
            out[film] = s
    return out


def _part(asked: Key, credited: Key) -> bool:
    """`asked` names the credited character: all of it or some of its words ("Kurtz")."""
    return asked == credited or (bool(asked) and set(asked) <= set(credited))


def _title(film: str) -> Key:
    return tuple(w.lower() for w in re.findall(r"[\w'\u2019-]+", film)
                 if w.lower() not in ("the", "a", "an"))

