"""What the index knows beyond a question's hits, handed to every answer kind: its passages
grouped by film and review, the credits, and what the build judged of each review and
sentence (`reelqa.index.judge`), with each film's sentences as the index stores them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.judge.store import Judgements, Shares
from reelqa.index.query import Query
from reelqa.index.records import Hit, Passage, Review
from reelqa.index.records.table import Grouped, PassageTable

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


class _Films(Mapping[str, tuple[Passage, ...]]):
    """Each film's passages in index order, made when a film is asked for."""

    def __init__(self, table: PassageTable) -> None:
        names, film_of = table.titles
        self._table = table
        self._grouped = Grouped(film_of, names)

    def __getitem__(self, film: str) -> tuple[Passage, ...]:
        return tuple(self._table[i] for i in self._grouped[film])

    def __iter__(self) -> Iterator[str]:
        return iter(self._grouped)

    def __len__(self) -> int:
        return len(self._grouped)


class _Reviews(Mapping[str, tuple[Passage, ...]]):
    """Each review's passages in order, made when a review is asked for."""

    def __init__(self, table: PassageTable) -> None:
        self._table = table

    def __getitem__(self, review_id: str) -> tuple[Passage, ...]:
        found = tuple(self._table[i] for i in self._table.of_review(review_id))
        if not found:
            raise KeyError(review_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._table.review_id(i) for i in range(len(self._table))))

    def __len__(self) -> int:
        return len(np.unique(self._table.table[:, 0]))


class _ReviewRows(Mapping[str, int]):
    """Each review's row in the index's review table (the order of its reviews)."""

    def __init__(self, table: PassageTable) -> None:
        self._table = table

    def __getitem__(self, review_id: str) -> int:
        row = self._table.review_row(review_id)
        if row is None or not self._table.of_review(review_id):
            raise KeyError(review_id)
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(_Reviews(self._table))

    def __len__(self) -> int:
        return len(_Reviews(self._table))


class Knowledge:
    """Built once per index from its passage table; a film's or a review's passages are made
    when asked for, so start-up makes no object a passage."""

    def __init__(self, passages: Sequence[Passage], credits: Mapping[str, FilmCredits],
                 judgements: Judgements | None = None, rows_of: RowsOf | None = None,
                 spans: Callable[[int], tuple[int, int]] | None = None,
                 vectors: Callable[[Sequence[int]], np.ndarray] | None = None) -> None:
        self.passages = PassageTable.of(passages)
        self.credits = credits
        self.judgements = judgements if rows_of is not None and spans is not None else None
        self._rows_of = rows_of
        self._spans = spans
        self._vectors = vectors
        self._films: dict[str, tuple[FilmSentence, ...]] = {}

    @cached_property
    def by_film(self) -> Mapping[str, tuple[Passage, ...]]:
        """Each film's passages in index order (its reviews in corpus order)."""
        return _Films(self.passages)

    @cached_property
    def by_review(self) -> Mapping[str, tuple[Passage, ...]]:
        """Each review's passages in order."""
        return _Reviews(self.passages)

    @cached_property
    def review_rows(self) -> Mapping[str, int]:
        """Each review's row in the index's review table (the order of its reviews)."""
        return _ReviewRows(self.passages)

    def ratings(self, film: str) -> list[str | None]:
        """The ratings of the film's reviews, in corpus order (read from the review table)."""
        reviews = self.passages.reviews
        return [reviews.ratings[row] for row in self._review_rows_of(film)]

    def _review_rows_of(self, film: str) -> list[int]:
        table = self.passages.table
        return [int(table[i, 0]) for i in self.by_film_positions(film) if table[i, 1] == 0]

    def by_film_positions(self, film: str) -> list[int]:
        """The positions of the film's passages, in index order."""
        films = self.by_film
        assert isinstance(films, _Films)
        return films._grouped.get(film, [])  # noqa: SLF001

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
