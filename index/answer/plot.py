"""What a film is about: one to three sentences of its reviews that tell the story.

"What is F about?", "what happens in F?" (`Query.fact == "plot"`). The build scored every
sentence for how much it tells the story (`reelqa.index.judge.plot`): what several reviews
retell in the film's own words scores highest, opinions and the writer's own life lowest.
The answer is the best-scored sentences, one a review, none a near-repeat of another, in
that order; a sentence past a review's spoiler warning keeps its warning in every front end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from reelqa.index.answer import Response
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.judge.plot import plot_answer
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, ShortAnswer, Verdict

MOST = 3  # sentences in the answer
POOL = 30  # best-scored sentences looked at for near-repeats


class PlotKind:
    """Answers "what is it about?" with the film's story sentences."""

    name = "plot"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def accepts(self, query: Query) -> bool:
        return query.fact == "plot" and self.knowledge.judgements is not None

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        assert self.knowledge.judgements is not None
        film = self.knowledge.film_of(query, hits)
        if film is None:
            return None
        said = self.knowledge.sentences(film)
        if not said:
            return None
        scores = self.knowledge.judgements.story[[s.row for s in said]].astype(np.float32)
        pool = np.argsort(-scores, kind="stable")[:POOL]
        vectors = self.knowledge.vectors([said[i].row for i in pool])
        if vectors is not None:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-9)
        chosen = [int(pool[i]) for i in plot_answer(
            scores[pool], [said[i].passage.review.id for i in pool], vectors, most=MOST)]
        if not chosen:
            return Response(tuple(hits), None, 0.0, self.name)  # no review tells the story
        retrieved = {h.passage.id: h for h in hits}
        placed = list(dict.fromkeys([*(said[i].passage for i in chosen),
                                     *(h.passage for h in hits)]))[:max(len(hits), len(chosen))]
        cited = tuple(Hit(p, retrieved[p.id].score if p.id in retrieved else 0.0, rank)
                      for rank, p in enumerate(placed, start=1))
        parts = tuple(Verdict(1 + placed.index(said[i].passage), said[i].start, said[i].end,
                              said[i].passage.review.text[said[i].start : said[i].end].strip(),
                              float(scores[i])) for i in chosen)
        first = parts[0]
        short = ShortAnswer(" ".join(v.sentence for v in parts), first.passage, first.start,
                            first.end, first.sentence, first.strength, parts=parts)
        return Response(cited, short, first.strength, self.name)
