"""Opinion answers: each review's verdict sentence, and which way the film's rated reviews lean.

The opinion kind takes every query that asks for an opinion (`Query.opinion`: "is it worth
watching?", "how is the acting?"): the plainest verdict of each retrieved review on the asked
aspect, strongest first, and the film's rated reviews counted by how they lean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from reelqa.index.answer import THRESHOLD, Response, given
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.ingest.ratings import LEANINGS, leaning
from reelqa.index.query import Query
from reelqa.index.query.opinion import OpinionQuery
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Opinion, ShortAnswer, Verdict

VERDICTS_SHOWN = 3


class OpinionKind:
    """Reads verdicts from retrieved passages; knows every review's rating to count leanings."""

    name = "opinion"

    def __init__(self, knowledge: Knowledge) -> None:
        self.threshold = THRESHOLD  # a sentence judging less plainly than this is no verdict
        self._knowledge = knowledge

    def _leanings(self, film: str) -> Counter[str]:
        """The film's rated reviews counted by how they lean (from the review table)."""
        return Counter(lean for rating in self._knowledge.ratings(film)
                       if (lean := leaning(rating)) is not None)

    def accepts(self, query: Query) -> bool:
        return query.opinion is not None

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response:
        assert query.opinion is not None  # accepts() says so
        films = {h.passage.review.film for h in hits}
        about = query.film or (next(iter(films)) if len(films) == 1 else None)
        counts = self._leanings(about) if about is not None else Counter()
        opinion = Opinion(
            aspect=query.opinion.aspect,
            verdicts=verdicts(query.opinion, hits, reading, self.threshold),
            film=about if counts else None,
            leanings=tuple((lean, counts[lean]) for lean in LEANINGS if counts[lean]),
        )
        guess = short_answer(opinion)
        return Response(tuple(hits), given(guess, self.threshold),
                        guess.confidence if guess is not None else 0.0, self.name,
                        opinion=opinion)


def verdicts(
    query: OpinionQuery, hits: Sequence[Hit], reading: Reading, threshold: float,
    shown: int = VERDICTS_SHOWN,
) -> tuple[Verdict, ...]:
    """The plainest verdict sentence of each review among `hits` (at most `shown` reviews),
    strongest first; a review with no sentence judging at `threshold` or above says nothing."""
    best: dict[str, Verdict] = {}
    for hit in hits:
        passage = hit.passage
        for a, b, sentence in reading.sentences(passage):
            strength = sentence.verdict(query.aspect, query.terms)
            known = best.get(passage.review.id)
            if strength >= threshold and (known is None or strength > known.strength):
                best[passage.review.id] = Verdict(
                    hit.rank, passage.start + a, passage.start + b, sentence.text.strip(),
                    strength, leaning(passage.review.rating))
    ranked = sorted(best.values(), key=lambda v: (-v.strength, v.passage, v.start))
    return tuple(ranked[:shown])


def short_answer(opinion: Opinion) -> ShortAnswer | None:
    """The strongest verdict as the short answer, or None when the reviews give none."""
    if not opinion.verdicts:
        return None
    top = opinion.verdicts[0]
    return ShortAnswer(top.sentence, top.passage, top.start, top.end, top.sentence, top.strength)
