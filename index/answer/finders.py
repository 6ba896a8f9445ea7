"""Span finders: the candidate answers one sentence offers for each kind of question.

`FINDERS` maps a question's answer kind (`reelqa.index.query.question`) to its `Finder`;
`extract` scores what they find. A new span kind is its question words in
`reelqa.index.query.question` and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from reelqa.index.answer.measures import date_spans, quantity_spans
from reelqa.index.answer.people import names, person_spans
from reelqa.index.answer.span import Span
from reelqa.index.answer.spans import (
    activity_spans,
    genre_spans,
    occupation_spans,
    place_spans,
    quote_spans,
    reason_spans,
    yesno_spans,
)
from reelqa.index.query.question import (
    ACTIVITY,
    DATE,
    GENRE,
    OCCUPATION,
    PERSON,
    PLACE,
    QUANTITY,
    QUOTE,
    REASON,
    YESNO,
    Question,
)
from reelqa.index.query.reading import Sentence
from reelqa.index.text.tokens import fold, stem


def sentence_names(s: Sentence, common: frozenset[str]) -> list[Span]:
    return s.once(("names", common), lambda: names(s.text, common))


def sentence_people(s: Sentence, common: frozenset[str]) -> list[Span]:
    return s.once(("people", common), lambda: person_spans(s.text, common))


Find = Callable[[Question, Sentence, str | None, frozenset[str], frozenset[str]], list[Span]]


@dataclass(frozen=True)
class Finder:
    """How one answer kind is found in a sentence: `find(question, sentence, subject, common
    words, credited characters)` gives its spans; `whole` is the weight of the whole sentence
    as an answer when no span fits (0: a sentence is no answer to "who", "when", "how many")."""

    find: Find
    whole: float


def _persons(q: Question, s: Sentence, subject: str | None, common: frozenset[str],
             characters: frozenset[str]) -> list[Span]:
    spans = [p for x in sentence_people(s, common) if (p := _person(q, x)) is not None]
    if q.role not in (None, "perform"):  # a character is not the film's crew
        spans = [replace(x, strength=0.25) if fold(x.text) in characters else x for x in spans]
    return spans


def _places(q: Question, s: Sentence, subject: str | None, common: frozenset[str],
            characters: frozenset[str]) -> list[Span]:
    credited = {p.text for p in sentence_people(s, common) if p.role}
    return [
        x
        for x in place_spans(s.text, common, q.type_noun)
        if not is_target(q, x.text) and x.text not in credited  # "score from Mirei Aoki"
    ]


def _jobs(q: Question, s: Sentence, subject: str | None, common: frozenset[str],
          characters: frozenset[str]) -> list[Span]:
    return [x for x in occupation_spans(s.text, subject, q.past, common) if tied(q, x)]


def _activities(q: Question, s: Sentence, subject: str | None, common: frozenset[str],
                characters: frozenset[str]) -> list[Span]:
    """ "repairs radios", or else a job: "What does Na-young do?"."""
    jobs = occupation_spans(s.text, subject, q.past, common)
    spans = activity_spans(s.text, subject) + [replace(j, strength=0.8 * j.strength)
                                               for j in jobs]
    return [x for x in spans if tied(q, x)]


def _quotes(q: Question, s: Sentence, subject: str | None, common: frozenset[str],
            characters: frozenset[str]) -> list[Span]:
    speakers = [n for n in sentence_names(s, common) if is_target(q, n.text)]
    return quote_spans(s.text) if speakers or not q.targets else []


# Each answer kind's finder. SENTENCE has none: the whole sentence is its answer.
FINDERS: dict[str, Finder] = {
    PERSON: Finder(_persons, 0.0),
    DATE: Finder(lambda q, s, *_: date_spans(s.text, want_year=q.type_noun == "year"), 0.0),
    PLACE: Finder(_places, 0.0),
    QUANTITY: Finder(lambda q, s, *_: quantity_spans(
        s.text, q.unit, stem(q.type_noun) if q.type_noun else None), 0.0),
    OCCUPATION: Finder(_jobs, 0.0),
    ACTIVITY: Finder(_activities, 0.5),
    REASON: Finder(lambda q, s, *_: reason_spans(s.text), 0.5),
    QUOTE: Finder(_quotes, 0.5),
    YESNO: Finder(lambda q, s, *_: yesno_spans(s.text, q.text), 1.0),
    GENRE: Finder(lambda q, s, *_: genre_spans(s.text), 0.5),
}


def _person(q: Question, s: Span) -> Span | None:
    """A name weighed as the answer to a "who" question: credited in the asked role and tied
    to the asked character ("Y, voiced by X") beats a bare name near the focus words."""
    if is_target(q, s.text):
        return None  # the character asked about is not its own answer
    if q.role is None:
        return replace(s, role=None, strength=0.6)  # judged by the words around it alone
    if s.role is None:
        return s
    if s.role != q.role:
        return replace(s, strength=0.2)  # credited, but for another job
    if q.targets:
        target = 1.0 if tied(q, s) else 0.35 if s.target is None else 0.1
    else:
        target = 1.0 if s.target is None else 0.6
    return replace(s, strength=s.strength * target)


def is_target(q: Question, name: str) -> bool:
    folded = {fold(w) for w in name.split()}
    return bool(folded & set(q.targets))


def tied(q: Question, s: Span) -> bool:
    """The span is about the question's subject (or the question names nobody). A target
    "jay|mother" answers "who plays Jay's mother?", not "who plays Jay?"; "min&kang|partner"
    answers both "who plays Min?" and "who plays Kang's partner?"."""
    if not q.targets:
        return True
    if s.target is None:
        return False
    wanted = (q.relation if q.kind == PERSON else None) or ""
    for one in s.target.split("&"):
        name, _, relative = one.partition("|")
        if relative == wanted and any(t in name.split() for t in q.targets):
            return True
    return False
