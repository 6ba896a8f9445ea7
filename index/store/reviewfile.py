"""Review records read on demand: reviews.jsonl, the byte offset of each of its lines, and the
fields a start-up needs (id, film, year, rating) in a small file of their own.

Loading an index then parses no review text: each review is a `StoredReview` whose text and
other fields are read from its line (one `pread`, one `json.loads`) the first time they are
asked for, so start-up time and memory grow with the number of reviews, not with their text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, overload

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.index.records import Review

OFFSETS = "reviews.offsets.npy"  # int64: where line i of reviews.jsonl starts; then its size
# {"ids": [...], "films": [[title, year], ...], "film": [index, ...], "ratings": [...]}
KEYS = "reviews.keys.json"
LAZY = ("text", "title", "author", "source", "url", "date", "origin")


class ReviewWriter:
    """Writes reviews.jsonl a review at a time, noting each line's offset and its keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._out = path.open("wb")
        self._offsets = [0]
        self._ids: list[str] = []
        self._films: dict[tuple[str, int | None], int] = {}
        self._film_of: list[int] = []
        self._ratings: list[str | None] = []

    def add(self, review: Review) -> None:
        row = {k: v for k, v in asdict(review).items() if v is not None}  # defaults left out
        line = (json.dumps(row, ensure_ascii=False) + "\n").encode()
        self._out.write(line)
        self._offsets.append(self._offsets[-1] + len(line))
        self._ids.append(review.id)
        self._film_of.append(self._films.setdefault((review.film, review.year), len(self._films)))
        self._ratings.append(review.rating)

    @property
    def films(self) -> int:
        return len(self._films)

    def close(self) -> list[Path]:
        """Finish reviews.jsonl and write the offsets and keys beside it; returns the files."""
        self._out.close()
        folder = self.path.parent
        np.save(folder / OFFSETS, np.asarray(self._offsets, dtype=np.int64), allow_pickle=False)
        keys = {"ids": self._ids, "films": [list(f) for f in self._films],
                "film": self._film_of, "ratings": self._ratings}
        (folder / KEYS).write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
        self._ids, self._film_of, self._ratings = [], [], []
        return [self.path, folder / OFFSETS, folder / KEYS]


class StoredReview(Review):
    """A review whose id, film, year and rating are known, and whose other fields are read
    from its line of reviews.jsonl when first asked for (then kept)."""

    def __init__(self, source: ReviewFile, row: int, review_id: str,
                 film: tuple[str, int | None], rating: str | None) -> None:
        object.__setattr__(self, "id", review_id)
        object.__setattr__(self, "film", film[0])
        object.__setattr__(self, "year", film[1])
        object.__setattr__(self, "rating", rating)
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_row", row)
        object.__setattr__(self, "_record", None)

    def record(self) -> dict[str, Any]:
        """Every field of the review as stored."""
        found = self.__dict__["_record"]
        if found is None:
            found = self.__dict__["_source"].record(self.__dict__["_row"])
            object.__setattr__(self, "_record", found)
        return found

    def __reduce__(self) -> tuple[Any, ...]:  # a copy or a pickle is a plain Review
        return Review, tuple(getattr(self, f) for f in Review.__dataclass_fields__)

    def __hash__(self) -> int:  # by id, so sets and dicts of reviews read no text
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Review):
            return NotImplemented
        names = Review.__dataclass_fields__
        return all(getattr(self, n) == getattr(other, n) for n in names)


def _field(name: str) -> property:
    default = Review.__dataclass_fields__[name].default
    return property(lambda self: self.record().get(name, default),
                    doc=f"The review's {name}, read on first use.")


for _name in LAZY:
    setattr(StoredReview, _name, _field(_name))


class ReviewFile:
    """reviews.jsonl of one index version, with its offsets and keys: each review's id, film
    and rating as lists, and the review as a `StoredReview` made on demand (`review`), read
    from its line when its text is asked for. Reads use `os.pread`, so threads may share it."""

    def __init__(self, folder: Path) -> None:
        self._offsets = np.load(folder / OFFSETS, allow_pickle=False)
        keys = json.loads((folder / KEYS).read_text(encoding="utf-8"))
        self.ids: list[str] = keys["ids"]
        self.films: list[tuple[str, int | None]] = [(title, year) for title, year in keys["films"]]
        self.film = np.asarray(keys["film"], dtype=np.int64)
        self.ratings: list[str | None] = keys["ratings"]
        if self._offsets.ndim != 1 or len(self._offsets) != len(self.ids) + 1 or \
                not len(self.film) == len(self.ratings) == len(self.ids) or \
                (len(self.film) and (self.film.min() < 0 or self.film.max() >= len(self.films))):
            raise ValueError("the review offsets and keys do not match")
        fd = os.open(folder / "reviews.jsonl", os.O_RDONLY)
        if os.fstat(fd).st_size != int(self._offsets[-1]):
            os.close(fd)
            raise ValueError("reviews.jsonl does not match its offsets")
        self._fd = fd
        self._folder = folder

    def __len__(self) -> int:
        return len(self.ids)

    def review(self, row: int) -> StoredReview:
        """The review of line `row`, its text read when first asked for."""
        return StoredReview(self, row, self.ids[row], self.films[int(self.film[row])],
                            self.ratings[row])

    @property
    def reviews(self) -> Sequence[StoredReview]:
        """Every review in file order, each made when asked for."""
        return _Reviews(self)

    def record(self, row: int) -> dict[str, Any]:
        """The stored fields of the review in line `row`."""
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        try:
            record = json.loads(os.pread(self._fd, end - start, start))
        except ValueError:
            record = None
        if not isinstance(record, dict) or "text" not in record:
            raise IndexMismatchError(f"index at {self._folder} is damaged (line {row + 1} of "
                                     "reviews.jsonl is no review); run `reelqa index build "
                                     "--rebuild`")
        return record

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


class _Reviews(Sequence[StoredReview]):
    def __init__(self, source: ReviewFile) -> None:
        self._source = source

    def __len__(self) -> int:
        return len(self._source)

    @overload
    def __getitem__(self, at: int) -> StoredReview: ...

    @overload
    def __getitem__(self, at: slice) -> list[StoredReview]: ...

    def __getitem__(self, at: int | slice) -> StoredReview | list[StoredReview]:
        if isinstance(at, slice):
            return [self._source.review(i) for i in range(*at.indices(len(self)))]
        if not -len(self) <= at < len(self):
            raise IndexError(at)
        return self._source.review(at % len(self))
