"""A film card: the answers to a fan's first questions about one film, in one record, every
passage they cite numbered once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from reelqa.index.records import Answer, FilmCard, Hit, Passage, Person, Verdict

# What the card asks, by the part it fills; the engine asks each about the film.
QUESTIONS = {"year": "When did it come out?", "cast": "Who is in it?",
             "plot": "What is it about?", "verdict": "Is it worth watching?"}
CAST_SHOWN = 4


def compose(film: str, reviews: int, answers: Mapping[str, Answer]) -> FilmCard:
    """The card of `film` from the answers to QUESTIONS (by part)."""
    placed: list[Passage] = []

    def cite(answer: Answer, rank: int) -> int:
        passage = answer.hits[rank - 1].passage
        if all(p.id != passage.id for p in placed):
            placed.append(passage)
        return next(n for n, p in enumerate(placed, start=1) if p.id == passage.id)

    def quotes(answer: Answer | None) -> tuple[Verdict, ...]:
        if answer is None or answer.short is None:
            return ()
        return tuple(replace(v, passage=cite(answer, v.passage)) for v in answer.short.parts)

    plot_answer = answers.get("plot")
    plot = quotes(plot_answer)
    genre = plot_answer.short.genre if plot_answer is not None and \
        plot_answer.short is not None else None
    if genre is not None and plot_answer is not None:
        genre = replace(genre, quotes=tuple(replace(v, passage=cite(plot_answer, v.passage))
                                            for v in genre.quotes[:1]))
    verdict = answers.get("verdict")
    said = quotes(verdict)
    cast_answer = answers.get("cast")
    cast: tuple[Person, ...] = ()
    if cast_answer is not None and cast_answer.short is not None:
        cast = tuple(replace(p, passages=tuple(cite(cast_answer, n) for n in p.passages[:1]))
                     for p in cast_answer.short.people[:CAST_SHOWN])
    year_answer = answers.get("year")
    year = None
    if year_answer is not None and year_answer.hits:
        year = year_answer.hits[0].passage.review.year
    lean = verdict.short.lean if verdict is not None and verdict.short is not None else None
    counts = verdict.short.counts if verdict is not None and verdict.short is not None else ()
    hits = tuple(Hit(p, 0.0, n) for n, p in enumerate(placed, start=1))
    return FilmCard(film, year, reviews, hits, lean, counts, cast, plot, said, genre)
