"""Opinion answers: each review's verdict sentence, and which way the film's rated reviews lean.

The engine routes a question to `OpinionReader` when `reelqa.index.opinions.opinion_query`
says it asks for an opinion ("is it worth watching?", "how is the acting?"); every other
question goes to the engine's `Answerer` chain, so the two compose with any answerer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reelqa.index.ingest.chunking import sentence_spans
from reelqa.index.opinions import LEANINGS, OpinionQuery, leaning, opinion_query, verdict_strength
from reelqa.index.records import Hit, Opinion, Review, ShortAnswer, Verdict

VERDICTS_SHOWN = 3


class OpinionReader:
    """Reads verdicts from retrieved passages; knows every review's rating to count leanings."""

    def __init__(self, reviews: Iterable[Review], threshold: float) -> None:
        self.threshold = threshold  # a sentence judging less plainly than this is no verdict
        self._leanings: dict[str, Counter[str]] = {}
        for review in reviews:
            lean = leaning(review.rating)
            if lean is not None:
                self._leanings.setdefault(review.film, Counter())[lean] += 1

    def read(self, question: str, film: str | None, hits: Sequence[Hit]) -> Opinion | None:
        """The reviews' verdicts when `question` asks for an opinion, else None."""
        query = opinion_query(question)
        if query is None:
            return None
        films = {h.passage.review.film for h in hits}
        about = film or (next(iter(films)) if len(films) == 1 else None)
        counts = self._leanings.get(about or "", Counter())
        return Opinion(
            aspect=query.aspect,
            verdicts=verdicts(query, hits, self.threshold),
            film=about if counts else None,
            leanings=tuple((lean, counts[lean]) for lean in LEANINGS if counts[lean]),
        )


def verdicts(
    query: OpinionQuery, hits: Sequence[Hit], threshold: float, shown: int = VERDICTS_SHOWN
) -> tuple[Verdict, ...]:
    """The plainest verdict sentence of each review among `hits` (at most `shown` reviews),
    strongest first; a review with no sentence judging at `threshold` or above says nothing."""
    best: dict[str, Verdict] = {}
    for hit in hits:
        passage = hit.passage
        text = passage.text
        for a, b in sentence_spans(text):
            strength = verdict_strength(text[a:b], query)
            known = best.get(passage.review.id)
            if strength >= threshold and (known is None or strength > known.strength):
                best[passage.review.id] = Verdict(
                    hit.rank, passage.start + a, passage.start + b, text[a:b].strip(),
                    strength, leaning(passage.review.rating))
    ranked = sorted(best.values(), key=lambda v: (-v.strength, v.passage, v.start))
    return tuple(ranked[:shown])


def short_answer(opinion: Opinion) -> ShortAnswer | None:
    """The strongest verdict as the short answer, or None when the reviews give none."""
    if not opinion.verdicts:
        return None
    top = opinion.verdicts[0]
    return ShortAnswer(top.sentence, top.passage, top.start, top.end, top.sentence, top.strength)
