"""Is a film scary, funny, violent, fit for kids; how is its acting, music, ending: what its
reviews say of that aspect, which way, and how many say it.

An opinion on one aspect of one film (`Query.opinion.aspect`), answered from what the build
judged of each sentence (`reelqa.index.judge.aspects`): the sentences that speak of the
aspect outside the film's title, counted per review (yes or no for a quality, positive, mixed
or negative for a judged part), the majority's plainest sentence as the answer and one of the
other side beside it. When no review speaks of it, the answer says so plainly; it is never a
sentence that does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from reelqa.index.answer import Response
from reelqa.index.answer.knowledge import FilmSentence, Knowledge
from reelqa.index.judge.aspects import ASPECTS, lean_on, summarise
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Opinion, ShortAnswer, Verdict

# The query's aspect names (reelqa.index.text.lexicon.ASPECTS) and the judged aspect each is.
JUDGED = {"scary": "scary", "humour": "funny", "violence": "violent", "kids": "kids",
          "acting": "acting", "music": "music", "ending": "ending"}
QUOTES = 3  # sentences quoted: the majority's first


class AspectKind:
    """Answers "is it scary?" and "how is the music?" from the judged sentences."""

    name = "aspect"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def accepts(self, query: Query) -> bool:
        return (query.opinion is not None and query.opinion.aspect in JUDGED
                and self.knowledge.judgements is not None)

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        assert query.opinion is not None and self.knowledge.judgements is not None
        film = self.knowledge.film_of(query, hits)
        if film is None:
            return None  # several films: the verdicts of the passages found (opinion kind)
        aspect = JUDGED[query.opinion.aspect]
        judged = self.knowledge.judgements
        said = self.knowledge.sentences(film)
        rows = np.array([s.row for s in said], dtype=np.int64)
        flags = judged.flags[rows] if len(rows) else np.zeros((0, 2), np.uint8)
        compounds = judged.polarity[rows].astype(np.float32)
        bit = 1 << ASPECTS.index(aspect)
        lengths = [len(reading_text(s).split()) if flags[i, 0] & bit else 0
                   for i, s in enumerate(said)]
        found = summarise(aspect, flags[:, 0].tolist(), flags[:, 1].tolist(),
                          compounds.tolist(), [s.passage.review.id for s in said], lengths)
        if found is None:  # no review speaks of it: say so, with the passages found
            return Response(tuple(hits), None, 0.0, self.name,
                            opinion=Opinion(query.opinion.aspect, (), film))
        picked = _quoted(found.sentences, said, found.lean,
                         lambda i: lean_on(aspect, bool(flags[i, 1] & bit), float(compounds[i])))
        retrieved = {h.passage.id: h for h in hits}
        placed = list(dict.fromkeys([*(said[i].passage for i in picked),
                                     *(h.passage for h in hits)]))[:max(len(hits), len(picked))]
        rank = {p.id: n for n, p in enumerate(placed, start=1)}
        cited = tuple(Hit(p, retrieved[p.id].score if p.id in retrieved else 0.0, rank[p.id])
                      for p in placed)
        verdicts = tuple(
            Verdict(rank[said[i].passage.id], said[i].start, said[i].end,
                    reading_text(said[i]).strip(), 1.0,
                    lean_on(aspect, bool(flags[i, 1] & bit), float(compounds[i])))
            for i in picked)
        top = verdicts[0]
        counts = tuple(sorted(found.leans.items(), key=lambda item: -item[1]))
        short = ShortAnswer(top.sentence, top.passage, top.start, top.end, top.sentence, 1.0,
                            lean=found.lean, counts=counts, parts=verdicts)
        opinion = Opinion(query.opinion.aspect, verdicts, film, counts)
        return Response(cited, short, 1.0, self.name, opinion=opinion)


def reading_text(sentence: FilmSentence) -> str:
    """The sentence's words, read from its review."""
    return sentence.passage.review.text[sentence.start : sentence.end]


def _quoted(order: Sequence[int], said: Sequence[FilmSentence], lean: str,
            lean_of: Callable[[int], str]) -> list[int]:
    """The sentences to quote: the majority's first, then one of each other lean; one a
    review, at most QUOTES."""
    picked: list[int] = []
    reviews: set[str] = set()
    leans: set[str] = set()
    for i in order:
        review = said[i].passage.review.id
        side = lean_of(i)
        if review in reviews or (side != lean and side in leans):
            continue
        picked.append(i)
        reviews.add(review)
        leans.add(side)
        if len(picked) == QUOTES:
            break
    return picked
