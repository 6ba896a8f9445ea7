"""What the index knows beyond a question's hits, handed to every answer kind: its passages
grouped by film and review, the credits, and what the build judged of each review and
sentence (`reelqa.index.judge`), with each film's sentences as the index stores them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.judge.store import Judgements, Shares
from reelqa.index.query import Query
from reelqa.index.records import Hit, Passage, Review

# The dense rows of a passage's sentences (a range: a passage's sentences are consecutive).
RowsOf = Callable[[Passage], range]


@dataclass(frozen=True)
class FilmSentence:
    """One sentence of a film's reviews: its dense row, a passage that holds it, its offsets
    in the review's text."""

    row: int
    passage: Passage
    start: int
    end: int


class Knowledge:
    """Built once per index; the groupings are made on first use and kept."""

    def __init__(self, passages: Sequence[Passage], credits: Mapping[str, FilmCredits],
                 judgements: Judgements | None = None, rows_of: RowsOf | None = None,
                 spans: Callable[[int], tuple[int, int]] | None = None,
                 vectors: Callable[[Sequence[int]], np.ndarray] | None = None) -> None:
        self.passages = passages
        self.credits = credits
        self.judgements = judgements if rows_of is not None and spans is not None else None
        self._rows_of = rows_of
        self._spans = spans
        self._vectors = vectors
        self._films: dict[str, tuple[FilmSentence, ...]] = {}

    @cached_property
    def by_film(self) -> dict[str, tuple[Passage, ...]]:
        """Each film's passages in index order (its reviews in corpus order)."""
        found: dict[str, list[Passage]] = {}
        for p in self.passages:
            found.setdefault(p.review.film, []).append(p)
        return {film: tuple(ps) for film, ps in found.items()}

    @cached_property
    def by_review(self) -> dict[str, tuple[Passage, ...]]:
        """Each review's passages in order."""
        found: dict[str, list[Passage]] = {}
        for p in self.passages:
            found.setdefault(p.review.id, []).append(p)
        return {review: tuple(ps) for review, ps in found.items()}

    @cached_property
    def review_rows(self) -> dict[str, int]:
        """Each review's row in the index's review table (the order of its reviews)."""
        return {review: row for row, review in enumerate(self.by_review)}

    def film_of(self, query: Query, hits: Sequence[Hit] = ()) -> str | None:
        """The film a question is about: the query's, else the only indexed film, else the
        only film of the hits."""
        if query.film is not None:
            return query.film
        if len(self.by_film) == 1:
            return next(iter(self.by_film))
        films = {h.passage.review.film for h in hits}
        return next(iter(films)) if len(films) == 1 else None

    def reviews(self, film: str) -> list[Review]:
        """The film's reviews, in corpus order."""
        return [p.review for p in self.by_film.get(film, ()) if p.n == 0]

    @cached_property
    def shares(self) -> Shares:
        """Where each review sits on a 0..1 rating scale (`judge.store.Shares`)."""
        return Shares(self.judgements.shares if self.judgements is not None else None,
                      self.review_rows)

    def share(self, review: Review) -> float | None:
        """Where the review sits on a 0..1 rating scale: its rating's, else what the build
        judged from its text; None when neither is known."""
        return self.shares.of(review)

    def sentences(self, film: str) -> tuple[FilmSentence, ...]:
        """Every sentence of the film's reviews once, in order, with a passage that holds it
        (empty without the sentence offsets)."""
        found = self._films.get(film)
        if found is None:
            seen: set[int] = set()
            out = []
            if self._rows_of is not None and self._spans is not None:
                for p in self.by_film.get(film, ()):
                    for row in self._rows_of(p):
                        if row not in seen:
                            seen.add(row)
                            start, end = self._spans(row)
                            out.append(FilmSentence(row, p, start, end))
            found = self._films[film] = tuple(out)
        return found

    def vectors(self, rows: Sequence[int]) -> np.ndarray | None:
        """The index's vectors of these dense rows, or None when they cannot be read."""
        return self._vectors(rows) if self._vectors is not None else None
