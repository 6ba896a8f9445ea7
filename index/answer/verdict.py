"""Is a film any good: how its reviews lean, counted, with the plainest verdict of each side.

"Is F worth watching?", "should I watch F?", "do the reviews recommend F?" (an opinion on the
film as a whole: `Query.opinion.aspect == "work"`, about one film). Each review's lean comes
from its rating, or else from what the build judged of its text (`reelqa.index.judge.lean`);
the film's lean counts them (positive 1, mixed 0.5, negative 0; >= 0.7 positive, <= 0.4
negative). The answer says "7 of 10 reviews recommend it, 2 are mixed, 1 does not" with
`ShortAnswer.lean` and `counts`, and quotes one review of each side, the clearest first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reelqa.index.answer import THRESHOLD, Response
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.judge.lean import film_lean, lean_counts, lean_of
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Passage, Review, ShortAnswer, Verdict
from reelqa.index.text.lexicon import ASPECT_TERMS

WORK = ("work", ASPECT_TERMS["work"])


class VerdictKind:
    """Answers "is it any good?" with the lean of the film's reviews."""

    name = "verdict"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def accepts(self, query: Query) -> bool:
        return query.opinion is not None and query.opinion.aspect == "work"

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        film = self.knowledge.film_of(query, hits)
        if film is None:
            return None  # several films: the verdicts of the passages found (opinion kind)
        judged = [(r, s) for r in self.knowledge.reviews(film)
                  if (s := self.knowledge.share(r)) is not None]
        if not judged:
            return None
        leans = [lean_of(share) for _, share in judged]
        lean = film_lean(leans)
        counts = lean_counts(leans)
        # the film's own lean first, then each side that is not it
        sides = [lean, *(side for side in ("positive", "negative") if side != lean)]
        quotes = [(*q, side) for side in sides if side and counts[side]
                  if (q := self._quote(side, judged, reading)) is not None]
        retrieved = {h.passage.id: h for h in hits}
        placed = list(dict.fromkeys([*(q[0] for q in quotes), *(h.passage for h in hits)]))
        placed = placed[:max(len(hits), len(quotes))]
        cited = tuple(Hit(p, retrieved[p.id].score if p.id in retrieved else 0.0, rank)
                      for rank, p in enumerate(placed, start=1))
        parts = tuple(Verdict(placed.index(p) + 1, start, end, p.review.text[start:end].strip(),
                              1.0, side) for p, start, end, side in quotes)
        first = parts[0] if parts else Verdict(1, 0, 0, "", 0.0)
        short = ShortAnswer(summary(counts, len(leans)), first.passage, first.start, first.end,
                            first.sentence, 1.0, lean=lean, counts=tuple(counts.items()),
                            parts=parts)
        return Response(cited, short, 1.0, self.name)

    def _quote(self, side: str, judged: list[tuple[Review, float]],
               reading: Reading) -> tuple[Passage, int, int] | None:
        """The plainest verdict sentence of the clearest review on `side`: (passage, start,
        end in the review)."""
        clearest = sorted((r for r, s in judged if lean_of(s) == side),
                          key=lambda r: -abs((self.knowledge.share(r) or 0.5) - 0.5))
        for review in clearest[:12]:
            best: tuple[float, Passage, int, int] | None = None
            for p in self.knowledge.by_review.get(review.id, ()):
                for a, b, s in reading.sentences(p):
                    strength = s.verdict(*WORK)
                    if strength >= THRESHOLD and (best is None or strength > best[0]):
                        best = (strength, p, p.start + a, p.start + b)
            if best is not None:
                return best[1], best[2], best[3]
        return None


def summary(counts: dict[str, int], total: int) -> str:
    """ "7 of 10 reviews recommend it, 2 are mixed, 1 does not"."""
    yes, mixed, no = counts["positive"], counts["mixed"], counts["negative"]
    parts = [f"{yes} of {total} review{'s' * (total != 1)} recommend{'s' * (yes == 1)} it"]
    if mixed:
        parts.append(f"{mixed} {'is' if mixed == 1 else 'are'} mixed")
    if no:
        parts.append(f"{no} {'does' if no == 1 else 'do'} not")
    return ", ".join(parts)
