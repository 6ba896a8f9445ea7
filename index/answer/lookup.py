"""Query -> credit: the film's credits that answer a credits question, with support, quoted
sentences and a confidence; None when the query asks for no credit."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.models import Credit, Evidence
from reelqa.index.credits.spelling import match_character, spelling_variant
from reelqa.index.query import Query
from reelqa.index.query.credit import CreditQuestion
from reelqa.index.text.vocabulary import CAST

# Below this confidence the answer is "the reviews do not say" (docs/answers.md calibrates it).
THRESHOLD = 0.5


@dataclass(frozen=True)
class CreditAnswer:
    """The person (None: the reviews do not say), their support and the quoted sentences."""

    film: str | None
    role: str
    person: str | None
    character: str | None
    reviews: int  # distinct reviews that state it
    confidence: float
    evidence: tuple[Evidence, ...]  # the quotes, one per review, best supported first
    name_source: Evidence | None = None  # where the full name is written, if no quote does
    rivals: tuple[tuple[str, int], ...] = ()  # (person, reviews) of the best and its rivals
    rival_quotes: tuple[Evidence, ...] = ()  # the best quote of each of them
    best_guess: str | None = None  # the person before the threshold, for calibration
    who_is: bool = False  # "who is X?": a description may answer it better
    # the character credited in several films: (film, person, reviews) for each, best first;
    # one person throughout is agreement, several answer per film
    films: tuple[tuple[str, str, int], ...] = ()


def answer(
    query: Query,
    index: Mapping[str, FilmCredits],
    film: str | None = None,
    threshold: float = THRESHOLD,
    films: list[str] | None = None,
) -> CreditAnswer | None:
    """The credit that answers `query`, or None when it asks for no credit.

    `film` is the film the asker named (or the only one indexed); else the words the
    question names a film by, spelled as a title with credits, or, for "who plays X?", the
    character is searched in every film's credits (in `films` for a crew question).
    """
    q = query.credit
    if q is None:
        return None
    if film is None and q.film_text:
        film = _exact(index, q.film_text)
    if film is None and len(index) == 1:
        film = next(iter(index))
    if film is not None:
        pool = [film]
    elif q.character:
        pool = list(index)
    else:
        pool = films or []
    if q.role in CAST:
        ranked = _cast_candidates(q, index, pool)
    else:
        ranked = _crew_candidates(q, index, pool)
    if not ranked:
        if q.who_is or (q.role in CAST and ("'s" in q.character or not _named(q, query, index))):
            # "who is Jay?" with no credited Jay asks for a description; "who plays the
            # android?" names no character, "who plays Kang's partner?" a relation the reviews
            # describe ("Kang's partner, the wisecracking Min (X)"): the span extractor's
            return None
        return CreditAnswer(film, q.role, None, None, 0, 0.0, ())
    (top_score, top_film, top_person, top_credits) = ranked[0]
    said = {(e.review_id, e.start) for c in top_credits for e in c.evidence}
    # a rival credited in the very sentences that credit the top person is a co-holder
    # ("two directors, A and B"), not a disagreement
    others = [
        r
        for r in ranked[1:]
        if q.role in CAST or not {(e.review_id, e.start) for c in r[3] for e in c.evidence} <= said
    ]
    # another film's credit giving only part of the asked name when the best gives all of it
    # ("Joe" for "Joe Armstrong") likely names someone else: no rival for the margin. In the
    # same film it stays one: a family shares a surname, and a name may be cut short
    # ("Marco" for "Frank De Marco")
    fit = _fit(q, top_credits)
    rivals = [r for r in others if (r[1] == top_film or fit < 0.9 or _fit(q, r[3]) >= 0.9)
              and not (r[1] != top_film and _same_person(r[2], top_person))]
    second = rivals[0][0] if rivals else 0.0
    conf = _confidence(top_score, second)
    named = [ranked[0], *(r for r in others[:2] if r[0] >= 0.5 * top_score)]
    # another film's credit that would be given on its own: the question did not say which
    # film, and two films answer it ("who plays Jay?" with a Jay in each)
    elsewhere = [
        r
        for r in others
        if r[1] != top_film
        and _confidence(r[0], 0.0) >= THRESHOLD
        and _fit(q, r[3]) >= fit  # as good a match: not "Joe" for "Joe Bloggs"
    ]
    per_film: list[tuple[float, str, str, list[Credit]]] = []
    if elsewhere and not q.character:
        conf = 0.0  # "who directed it?" over several films: the question did not say which
        named = [ranked[0], *elsewhere[:2]]
    elif elsewhere:
        # one character in several films (a sequel, a remake): the same person is agreement,
        # different people answer film by film; only two people for the character in one
        # film are a disagreement (the margin within each film)
        per_film, conf = _across_films(ranked, [ranked[0], *elsewhere])
        named = [ranked[0], *elsewhere[:2]]
        if len({r[2] for r in per_film}) == 1 and conf > 0:
            top_score = sum(r[0] for r in per_film)
            top_credits = [c for r in per_film for c in r[3]]
    many = len({r[1] for r in named}) > 1
    evidence = _quotes(top_credits)
    best = top_credits[0]
    ok = conf >= threshold
    return CreditAnswer(
        film=top_film,
        role=best.role,
        person=best.person if ok else None,
        character=best.character,
        reviews=_reviews(top_credits),
        confidence=round(conf, 4),
        evidence=evidence,
        name_source=_source(top_credits, evidence),
        rivals=tuple((f"{r[2]} in {r[1]}" if many else r[2], _reviews(r[3])) for r in named),
        rival_quotes=tuple(_quotes(r[3])[0] for r in named),
        best_guess=best.person,
        who_is=q.who_is,
        films=tuple((r[1], r[2], _reviews(r[3])) for r in per_film),
    )


def _same_person(a: str, b: str) -> bool:
    return a == b or spelling_variant(a, b)


def _across_films(ranked: Ranked, tops: Ranked) -> tuple[Ranked, float]:
    """The best person of each film that answers on its own, and the confidence of the whole:
    the weakest film's, each against its own rivals in that film."""
    best: dict[str, tuple[float, str, str, list[Credit]]] = {}
    for r in tops:
        best.setdefault(r[1], r)
    out = list(best.values())
    people = [out[0][2]]
    for r in out[1:]:
        same = next((p for p in people if _same_person(p, r[2])), None)
        people.append(same or r[2])
    out = [(r[0], r[1], p, r[3]) for r, p in zip(out, people, strict=True)]
    rivals = [
        next((r[0] for r in ranked if r[1] == film and not _same_person(r[2], person)), 0.0)
        for _, film, person, _ in out
    ]
    if len(set(people)) == 1:  # agreement: the films' support adds up
        return out, _confidence(sum(r[0] for r in out), max(rivals))
    return out, min(_confidence(r[0], rival) for r, rival in zip(out, rivals, strict=True))


def _fit(q: CreditQuestion, credits: list[Credit]) -> float:
    """How well the best of these credits' characters fits the asked one (1 for crew)."""
    if not q.character:
        return 1.0
    return max(
        (
            match_character(q.character, tuple(c.character_key.split()))
            for c in credits
            if c.character_key
        ),
        default=0.0,
    )


def _reviews(credits: list[Credit]) -> int:
    return len({e.review_id for c in credits for e in c.evidence})


def _named(q: CreditQuestion, query: Query, index: Mapping[str, FilmCredits]) -> bool:
    """The question names its character: a capitalised word, or a word some credit uses."""
    if query.capitalised() & set(q.character):
        return True
    table = _by_word(index)
    return any(
        any(w in (c.character_key or "").split() for c in table.get(w[:1], ()))
        for w in q.character
        if w != "'s"
    )


def _confidence(top: float, second: float) -> float:
    """High when the best person has several reviews' support and no close rival: the
    support saturates with the summed claim strength (one "Y (X)" claim, 0.8, gives 0.62),
    and a rival with a share r of the top support scales it by sqrt(1 - r)."""
    margin = math.sqrt(max(0.0, 1.0 - second / top)) if top > 0 else 0.0
    support = 1.0 - math.exp(-1.2 * top)
    return margin * support


def _exact(index: Mapping[str, FilmCredits], words: str) -> str | None:
    """The film with credits whose title these words spell, case aside ("who directed heat?")."""
    wanted = words.strip().lower()
    return next((f for f in index if f.lower() == wanted), None)


Ranked = list[tuple[float, str, str, list[Credit]]]


WordKey = tuple[str, int]
_BY_WORD: dict[int, tuple[Mapping[str, FilmCredits], dict[WordKey, list[Credit]]]] = {}


def _by_word(index: Mapping[str, FilmCredits]) -> dict[WordKey, list[Credit]]:
    """Cast credits under the first letter and length of each word of their character, built
    once per index: a question with no film is matched against the credits that have a word
    `close` to one of its words (same first letter, length within one), not all of them (at a
    million passages, 247,000 credits: 250 ms a question when keyed by first letter alone)."""
    got = _BY_WORD.get(id(index))
    if got is not None and got[0] is index:
        return got[1]
    table: dict[WordKey, list[Credit]] = {}
    for fc in index.values():
        for c in fc.credits:
            if c.role in CAST and c.character_key:
                for w in set(c.character_key.split()):
                    table.setdefault((w[:1], len(w)), []).append(c)
    _BY_WORD[id(index)] = (index, table)
    return table


def _cast_candidates(
    q: CreditQuestion, index: Mapping[str, FilmCredits], films: list[str]
) -> Ranked:
    """People credited with the asked character, summed per (film, person)."""
    if not q.character:
        return []
    if len(films) == 1:
        pool = list(index[films[0]].credits) if films[0] in index else []
    else:  # every film: only credits with a word that can be `close` to one of the question's
        table = _by_word(index)
        seen: dict[int, Credit] = {}
        for w in q.character:
            for length in (len(w) - 1, len(w), len(w) + 1):
                for c in table.get((w[:1], length), ()):
                    seen[id(c)] = c
        pool = list(seen.values())
    per: dict[tuple[str, str], list[tuple[float, Credit, float]]] = {}
    for c in pool:
        f = c.film
        if c.role not in CAST or c.character_key is None:
            continue
        quality = match_character(q.character, tuple(c.character_key.split()))
        if quality <= 0:
            continue
        weight = quality * (1.0 if c.role == q.role else 0.8)
        per.setdefault((f, c.person_key), []).append((weight * c.score, c, quality))
    return _rank(_tiers(per))


def _tiers(per: dict) -> dict[tuple[str, str], list[tuple[float, Credit]]]:
    """Where some credit names the character by the asked name itself, credits that share
    only part of it ("Russo" for "Connie Russo", another film's "Joe" for "Joe Armstrong")
    count for little: they likely name someone else."""
    best = max((quality for items in per.values() for _, _, quality in items), default=0.0)
    return {
        key: [(s if quality >= best else s * 0.3, c) for s, c, quality in items]
        for key, items in per.items()
    }


def _crew_candidates(
    q: CreditQuestion, index: Mapping[str, FilmCredits], films: list[str]
) -> Ranked:
    per: dict[tuple[str, str], list[tuple[float, Credit]]] = {}
    for f in films:
        fc = index.get(f)
        if fc is None:
            continue
        characters = {c.character_key for c in fc.credits if c.character_key}
        for c in fc.credits:
            if c.role != q.role:
                continue
            # a name the reviews credit as a character is unlikely to be the film's crew
            score = c.score * (0.3 if c.person_key in characters else 1.0)
            per.setdefault((f, c.person_key), []).append((score, c))
    return _rank(per)


def _rank(per: dict[tuple[str, str], list[tuple[float, Credit]]]) -> Ranked:
    ranked = []
    for (f, _), items in per.items():
        items.sort(key=lambda x: -x[0])
        ranked.append((sum(s for s, _ in items), f, items[0][1].person, [c for _, c in items]))
    ranked.sort(key=lambda r: (-r[0], r[2]))
    # two spellings of one person ("Johnathin Kaplan", "Jonathan Kaplan") count as one,
    # under the better-supported spelling
    merged: Ranked = []
    for r in ranked:
        same = next((m for m in merged if m[1] == r[1] and spelling_variant(m[2], r[2])), None)
        if same is None:
            merged.append(r)
        else:
            i = merged.index(same)
            merged[i] = (same[0] + r[0], same[1], same[2], same[3] + r[3])
    return merged


def _quotes(credits: list[Credit]) -> tuple[Evidence, ...]:
    """The sentences to quote: each review once, the best supported credit's first."""
    seen: set[str] = set()
    out: list[Evidence] = []
    for c in credits:
        for e in c.evidence:
            if e.review_id not in seen:
                seen.add(e.review_id)
                out.append(e)
    return tuple(out)


def _source(credits: list[Credit], quotes: tuple[Evidence, ...]) -> Evidence | None:
    """Where the full name is written, when it is not among the quotes."""
    src = credits[0].name_source
    if src is None or any((e.review_id, e.start) == (src.review_id, src.start) for e in quotes):
        return None
    return src
