"""The passages of a loaded index as arrays: a `Passage` (and its review) is made only when
one is asked for, so start-up time and memory grow by a few bytes a passage, not an object.

The table gives each passage's review row, number, start and end (the index's passages.npy);
the reviews' ids, films and ratings come from a `ReviewSource` (the index's review file,
`store.reviewfile`, or reviews in memory). Groupings by film and by review are index arrays,
sliced when a question asks for one film's or one review's passages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import Protocol, overload

import numpy as np
from reelqa.index.records import Passage, Review

REVIEWS_KEPT = 4096  # reviews (with their text once read) kept after a question used them


class ReviewSource(Protocol):
    """The reviews of an index by row: their keys as arrays, a `Review` made on demand."""

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def films(self) -> Sequence[tuple[str, int | None]]: ...  # distinct (title, year)

    @property
    def film(self) -> np.ndarray: ...  # per review: its index in `films`

    @property
    def ratings(self) -> Sequence[str | None]: ...

    def __len__(self) -> int: ...

    def review(self, row: int) -> Review: ...


class ReviewList:
    """Reviews held in memory (indexes of formats 1 and 2, tests) as a `ReviewSource`."""

    def __init__(self, reviews: Sequence[Review]) -> None:
        self._reviews = list(reviews)
        codes: dict[tuple[str, int | None], int] = {}
        self.film = np.fromiter((codes.setdefault((r.film, r.year), len(codes))
                                 for r in self._reviews), dtype=np.int64, count=len(self._reviews))
        self.films = list(codes)
        self.ids = [r.id for r in self._reviews]
        self.ratings = [r.rating for r in self._reviews]

    def __len__(self) -> int:
        return len(self._reviews)

    def review(self, row: int) -> Review:
        return self._reviews[row]


class PassageTable(Sequence[Passage]):
    """Passage position i is row i of the table; safe to share across threads."""

    def __init__(self, table: np.ndarray, reviews: ReviewSource,
                 made: Sequence[Passage] | None = None) -> None:
        self.table = np.asarray(table, dtype=np.int32).reshape(-1, 4)
        if len(self.table) and (self.table[:, 0].min() < 0
                                or self.table[:, 0].max() >= len(reviews)):
            raise IndexError("a passage's review is not in the review table")
        if made is None and np.any(np.diff(self.table[:, 0]) < 0):
            raise ValueError("passages are not in review order")
        self.reviews = reviews
        self._made = made  # passages already in memory (format 1, tests): returned as they are
        self._review = lru_cache(maxsize=REVIEWS_KEPT)(reviews.review)

    @classmethod
    def of(cls, passages: Sequence[Passage]) -> PassageTable:
        """The table of passages already in memory (grouped by review, in review order)."""
        if isinstance(passages, PassageTable):
            return passages
        rows: dict[str, int] = {}
        reviews: list[Review] = []
        for p in passages:
            if p.review.id not in rows:
                rows[p.review.id] = len(reviews)
                reviews.append(p.review)
        table = np.array([(rows[p.review.id], p.n, p.start, p.end) for p in passages],
                         dtype=np.int64).reshape(-1, 4)
        return cls(table, ReviewList(reviews), tuple(passages))

    def __len__(self) -> int:
        return len(self.table)

    @overload
    def __getitem__(self, at: int) -> Passage: ...

    @overload
    def __getitem__(self, at: slice) -> Sequence[Passage]: ...

    def __getitem__(self, at: int | slice) -> Passage | Sequence[Passage]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        if self._made is not None:
            return self._made[at]
        row, n, start, end = self.table[at].tolist()
        review = self._review(row)
        return Passage(f"{review.id}#{n}", review, n, start, end)

    def __iter__(self) -> Iterator[Passage]:
        for i in range(len(self)):
            yield self[i]

    def id_of(self, position: int) -> str:
        """The id of the passage at `position`, without making it."""
        if self._made is not None:
            return self._made[position].id
        row, n = self.table[position, :2].tolist()
        return f"{self.reviews.ids[row]}#{n}"

    def ids_of(self, positions: Sequence[int]) -> list[str]:
        """The ids of the passages at `positions`, in order, without making them."""
        if self._made is not None:
            return [self._made[at].id for at in positions]
        ids = self.reviews.ids
        rows = self.table[np.asarray(positions, dtype=np.int64), :2].tolist()
        return [f"{ids[row]}#{n}" for row, n in rows]

    def review_id(self, position: int) -> str:
        """The id of the review of the passage at `position`."""
        return self.reviews.ids[int(self.table[position, 0])]

    @cached_property
    def _review_rows(self) -> dict[str, int]:
        return {review_id: row for row, review_id in enumerate(self.reviews.ids)}

    @cached_property
    def _firsts(self) -> np.ndarray:
        """For review row r, its passages are positions firsts[r]..firsts[r + 1] - 1."""
        return np.searchsorted(self.table[:, 0], np.arange(len(self.reviews) + 1), "left")

    @cached_property
    def _ids(self) -> dict[str, int]:  # only for passages made elsewhere (format 1, tests)
        return {p.id: i for i, p in enumerate(self._made or ())}

    @cached_property
    def _made_by_review(self) -> dict[str, list[int]]:  # passages made elsewhere, any order
        found: dict[str, list[int]] = {}
        for i, p in enumerate(self._made or ()):
            found.setdefault(p.review.id, []).append(i)
        return found

    def review_row(self, review_id: str) -> int | None:
        """The review's row in the review table, or None."""
        return self._review_rows.get(review_id)

    def position(self, passage_id: str) -> int | None:
        """The position of the passage with this id, or None."""
        if self._made is not None:
            return self._ids.get(passage_id)
        review_id, _, n = passage_id.rpartition("#")
        row = self._review_rows.get(review_id)
        if row is None or not n.isdigit():
            return None
        first, stop = int(self._firsts[row]), int(self._firsts[row + 1])
        at = first + int(n)
        return at if at < stop and int(self.table[at, 1]) == int(n) else None

    def of_review(self, review_id: str) -> Sequence[int]:
        """The positions of the review's passages, in order (empty for an unknown review)."""
        if self._made is not None:
            return self._made_by_review.get(review_id, [])
        row = self._review_rows.get(review_id)
        if row is None:
            return range(0)
        return range(int(self._firsts[row]), int(self._firsts[row + 1]))

    @cached_property
    def titles(self) -> tuple[list[str], np.ndarray]:
        """The distinct film titles of the passages in order of first passage, and each
        passage's index in that list."""
        held = self.table[:, 0]
        film_of_review = np.asarray(self.reviews.film, dtype=np.int64)
        films = self.reviews.films
        codes: dict[str, int] = {}
        order: list[int] = []
        firsts = np.unique(film_of_review[held], return_index=True) if len(held) else \
            (np.zeros(0, np.int64), np.zeros(0, np.int64))
        for film in firsts[0][np.argsort(firsts[1], kind="stable")].tolist():
            order.append(codes.setdefault(films[film][0], len(codes)))
        title_of_film = np.full(len(films), -1, dtype=np.int64)
        for film in firsts[0].tolist():
            title_of_film[film] = codes[films[film][0]]
        return list(codes), title_of_film[film_of_review[held]] if len(held) else \
            np.zeros(0, np.int64)

    def films(self) -> list[tuple[str, int | None]]:
        """The distinct (title, year) of the passages' reviews, in order of first passage."""
        held = self.table[:, 0]
        if not len(held):
            return []
        film = np.asarray(self.reviews.film, dtype=np.int64)[held]
        found, first = np.unique(film, return_index=True)
        return [self.reviews.films[f] for f in found[np.argsort(first, kind="stable")].tolist()]


class Grouped(Mapping[str, list[int]]):
    """The positions holding each label, in order, by the label's name: one sorted array and
    its bounds, a label's list made when it is asked for."""

    def __init__(self, labels: np.ndarray, names: list[str]) -> None:
        self._order = np.argsort(labels, kind="stable")
        self._bounds = np.searchsorted(labels[self._order], np.arange(len(names) + 1))
        self._code = {name: k for k, name in enumerate(names)
                      if self._bounds[k + 1] > self._bounds[k]}

    def __getitem__(self, name: str) -> list[int]:
        k = self._code[name]
        return self._order[self._bounds[k] : self._bounds[k + 1]].tolist()

    def __iter__(self) -> Iterator[str]:
        return iter(self._code)

    def __len__(self) -> int:
        return len(self._code)
