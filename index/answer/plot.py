"""What a film is about: one to three sentences of its reviews that tell the story.

"What is F about?", "what happens in F?" (`Query.fact == "plot"`). The build scored every
sentence for how much it tells the story (`reelqa.index.judge.plot`): what several reviews
retell in the film's own words scores highest, opinions and the writer's own life lowest.
The answer is the best-scored sentence, then those best scored for what they add (the share
of their content words the answer does not hold yet), one a review, none a near-repeat of
another, after what kind of film most of its reviews call it when they agree ("8 of 12
reviews call it a war film."), quoting the first reviews that do; and, last, the sentence
that best says what the film is based on when its reviews say so ("A remake of Alejandro
Amenabar's Abre los Ojos", index/text/origins.py), as an encyclopedia's first lines would.
A sentence past a review's spoiler warning keeps its warning in every front end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from reelqa.index.answer import Response
from reelqa.index.answer.knowledge import FilmSentence, Knowledge
from reelqa.index.judge.plot import content_words, film_names, name_words, plot_answer
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Genre, Hit, Origin, ShortAnswer, Verdict

MOST = 3  # sentences in the answer
POOL = 30  # best-scored sentences looked at for near-repeats
GENRE_QUOTES = 2  # sentences quoted for the genre


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
        drop = name_words(film_names(film, self.knowledge.credits.get(film)))
        words = [content_words(said[i].passage.review.text[said[i].start:said[i].end], drop)
                 for i in pool]
        chosen = [int(pool[i]) for i in plot_answer(
            scores[pool], [said[i].passage.review.id for i in pool], vectors, most=MOST,
            words=words)]
        found = self.knowledge.judgements.genres.get(film)
        at = {s.row: s for s in said}
        naming = [at[r] for r in found.rows[:GENRE_QUOTES] if r in at] if found else []
        based = self.knowledge.judgements.origins.get(film)
        source = next((at[r] for r in based.rows if r in at), None) if based else None
        if source is not None and any(said[i].row == source.row for i in chosen):
            source = None  # a story sentence that says it already
        if not chosen and not naming and source is None:
            return Response(tuple(hits), None, 0.0, self.name)  # no review tells the story
        retrieved = {h.passage.id: h for h in hits}
        placed = list(dict.fromkeys([*(said[i].passage for i in chosen),
                                     *([source.passage] if source else []),
                                     *(s.passage for s in naming),
                                     *(h.passage for h in hits)]))
        placed = placed[:max(len(hits), len(chosen) + len(naming) + (source is not None))]
        cited = tuple(Hit(p, retrieved[p.id].score if p.id in retrieved else 0.0, rank)
                      for rank, p in enumerate(placed, start=1))

        def quote(s: FilmSentence, strength: float) -> Verdict:
            return Verdict(1 + placed.index(s.passage), s.start, s.end,
                           s.passage.review.text[s.start:s.end].strip(), strength)

        of = len(self.knowledge.reviews(film))
        origin = Origin(based.name, len(based.rows), of,
                        quote(source, float(self.knowledge.judgements.story[source.row]))) \
            if based and source else None
        parts = tuple(quote(said[i], float(scores[i])) for i in chosen) + \
            ((origin.quote,) if origin else ())
        genre = Genre(found.name, len(found.rows), of,
                      tuple(quote(s, len(found.rows) / of) for s in naming)) \
            if found and naming else None
        first = parts[0] if parts else genre.quotes[0] if genre else None
        assert first is not None
        text = " ".join(([genre.text] if genre is not None else []) + [v.sentence for v in parts])
        short = ShortAnswer(text, first.passage, first.start, first.end, first.sentence,
                            first.strength, parts=parts, genre=genre, origin=origin)
        return Response(cited, short, first.strength, self.name)
