"""Review records read on demand: each review's JSON line compressed on its own
(reviews.records), the byte offset of each record, and the fields a start-up needs (id, film,
year, rating) in a small file of their own.

Loading an index then parses no review text: each review is a `StoredReview` whose text and
other fields are read from its record (one `pread`, one inflate, one `json.loads`) the first
time they are asked for, so start-up time and memory grow with the number of reviews, not with
their text. A record is raw DEFLATE against a preset dictionary kept beside it
(reviews.zdict, the one shipped with reelqa: the word n-grams reviews share, made by
benchmarks/make_zdict.py): a 1.6 KB record alone compresses to 0.56 of its size, against the
dictionary to about 0.45. Indexes of format 3 and 4 keep plain lines (reviews.jsonl).
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, overload

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.index.records import Review

RECORDS = "reviews.records"  # format 5: review i's compressed JSON line at OFFSETS[i]
PLAIN = "reviews.jsonl"  # formats 1-4: the lines as they are
DICTIONARY = "reviews.zdict"  # the preset dictionary the records were compressed against
DICTIONARY_SIZE = 32 * 1024  # DEFLATE refers back 32 KB at most
SHIPPED = Path(__file__).with_name(DICTIONARY)
OFFSETS = "reviews.offsets.npy"  # int64: where record i starts; then the file's size
# {"ids": [...], "films": [[title, year], ...], "film": [index, ...], "ratings": [...]}
KEYS = "reviews.keys.json"
LAZY = ("text", "title", "author", "source", "url", "date", "origin")


def record_line(row: dict[str, Any]) -> bytes:
    """A review's fields as the JSON line that is stored."""
    return (json.dumps(row, ensure_ascii=False) + "\n").encode()


def compress_record(line: bytes, dictionary: bytes | None) -> bytes:
    """`line` as raw DEFLATE (no header, no checksum: the manifest checks the file), against
    `dictionary` when given."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, dictionary) \
        if dictionary else zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(line) + packer.flush()


def _inflate(data: bytes, dictionary: bytes) -> bytes:
    unpacker = zlib.decompressobj(-15, dictionary)
    return unpacker.decompress(data) + unpacker.flush()


class ReviewWriter:
    """Writes a folder's reviews.records a review at a time, noting each record's offset and
    its keys, and the dictionary they were compressed against."""

    def __init__(self, folder: Path, dictionary: bytes | None = None) -> None:
        self.path = folder / RECORDS
        self._dictionary = SHIPPED.read_bytes() if dictionary is None else dictionary
        if len(self._dictionary) > DICTIONARY_SIZE:
            raise ValueError(f"a preset dictionary holds at most {DICTIONARY_SIZE} bytes")
        self._out = self.path.open("wb")
        self._offsets = [0]
        self._ids: list[str] = []
        self._films: dict[tuple[str, int | None], int] = {}
        self._film_of: list[int] = []
        self._ratings: list[str | None] = []

    def add(self, review: Review) -> None:
        row = {k: v for k, v in asdict(review).items() if v is not None}  # defaults left out
        line = compress_record(record_line(row), self._dictionary)
        self._out.write(line)
        self._offsets.append(self._offsets[-1] + len(line))
        self._ids.append(review.id)
        self._film_of.append(self._films.setdefault((review.film, review.year), len(self._films)))
        self._ratings.append(review.rating)

    @property
    def films(self) -> int:
        return len(self._films)

    def close(self) -> list[Path]:
        """Finish reviews.records and write the dictionary, offsets and keys beside it;
        returns the files."""
        self._out.close()
        folder = self.path.parent
        (folder / DICTIONARY).write_bytes(self._dictionary)
        np.save(folder / OFFSETS, np.asarray(self._offsets, dtype=np.int64), allow_pickle=False)
        keys = {"ids": self._ids, "films": [list(f) for f in self._films],
                "film": self._film_of, "ratings": self._ratings}
        (folder / KEYS).write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
        self._ids, self._film_of, self._ratings = [], [], []
        return [self.path, folder / DICTIONARY, folder / OFFSETS, folder / KEYS]


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
    """The review records of one index version (reviews.records, or reviews.jsonl before
    format 5), with their offsets and keys: each review's id, film and rating as lists, and
    the review as a `StoredReview` made on demand (`review`), read from its record when its
    text is asked for. Reads use `os.pread`, so threads may share it."""

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
        self.name = RECORDS if (folder / RECORDS).is_file() else PLAIN
        self._dictionary = (folder / DICTIONARY).read_bytes() if self.name == RECORDS else None
        fd = os.open(folder / self.name, os.O_RDONLY)
        if os.fstat(fd).st_size != int(self._offsets[-1]):
            os.close(fd)
            raise ValueError(f"{self.name} does not match its offsets")
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
        """The stored fields of the review in record `row`."""
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        try:
            data = os.pread(self._fd, end - start, start)
            record = json.loads(data if self._dictionary is None else
                                _inflate(data, self._dictionary))
        except (ValueError, zlib.error):
            record = None
        if not isinstance(record, dict) or "text" not in record:
            raise IndexMismatchError(f"index at {self._folder} is damaged (record {row + 1} of "
                                     f"{self.name} is no review); run `reelqa index build "
                                     "--rebuild`")
        return record

    def records(self) -> Iterator[dict[str, Any]]:
        """Every review's stored fields, in file order."""
        for row in range(len(self)):
            yield self.record(row)

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
