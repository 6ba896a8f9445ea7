"""Who is in a film: its credited cast, from the credits learned at index time, best
supported first, each person cited by a review that names them in the role.

"Who is in F?", "who stars in F?", "the cast of F" (`Query.fact == "cast"`). The answer is
a list as a sentence ("Kim Tae-ri (Na-young) and Hong Kyung (Jay); 2 reviews name them")
with every person in `ShortAnswer.people`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reelqa.index.answer import Response
from reelqa.index.answer.credits import quoting
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.credits.models import Credit
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Passage, Person, ShortAnswer
from reelqa.index.text.vocabulary import CAST

SHOWN = 6  # people in the answer, at most


class CastKind:
    """Answers "who is in it?" with the film's credited cast."""

    name = "cast"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def accepts(self, query: Query) -> bool:
        return query.fact == "cast"

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        film = self.knowledge.film_of(query, hits)
        if film is None:
            return None
        found = self.knowledge.credits.get(film)
        people = billing(found.credits if found else ())
        if not people:
            return Response(tuple(hits), None, 0.0, self.name)  # the reviews credit nobody
        retrieved = {h.passage.id: h for h in hits}
        placed: list[Passage] = []
        ranks: list[tuple[int, ...]] = []
        for credit in people:
            held = []
            for e in credit.evidence[:2]:
                p = quoting(e, self.knowledge.by_review, retrieved)
                if p is None:
                    continue
                if all(q.id != p.id for q in placed):
                    placed.append(p)
                held.append(next(i for i, q in enumerate(placed, start=1) if q.id == p.id))
            ranks.append(tuple(dict.fromkeys(held)))
        for h in hits:  # retrieval's own passages after the quotes, as many as it gave
            if len(placed) < max(len(hits), len(people)) and all(
                    q.id != h.passage.id for q in placed):
                placed.append(h.passage)
        cited = tuple(Hit(p, retrieved[p.id].score if p.id in retrieved else 0.0, rank)
                      for rank, p in enumerate(placed, start=1))
        listed = tuple(Person(c.person, c.role, c.character, c.reviews, r)
                       for c, r in zip(people, ranks, strict=True))
        reviews = len({e.review_id for c in people for e in c.evidence})
        names = [f"{c.person} ({c.character})" if c.character else c.person for c in people]
        said = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        text = f"{said}; {reviews} review{'s name' if reviews != 1 else ' names'} them"
        first = people[0].evidence[0]
        rank = listed[0].passages[0] if listed[0].passages else 1
        confidence = min(1.0, 0.5 + 0.1 * reviews)
        short = ShortAnswer(text, rank, first.name_start, first.name_end, first.text,
                            confidence, people=listed)
        return Response(cited, short, confidence, self.name)


def billing(credits: Sequence[Credit], shown: int = SHOWN) -> list[Credit]:
    """The cast as the reviews bill it: each person once (their best supported role), the
    most reviews first, then the strongest statements."""
    best: dict[str, Credit] = {}
    for c in credits:
        if c.role not in CAST:
            continue
        known = best.get(c.person_key)
        if known is None or (c.reviews, c.score) > (known.reviews, known.score):
            best[c.person_key] = c
    ranked = sorted(best.values(), key=lambda c: (-c.reviews, -c.score, c.person))
    return ranked[:shown]
