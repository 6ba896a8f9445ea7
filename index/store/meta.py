"""Passage and sentence metadata as int32 arrays (.npy): read with one `np.load`, no JSON per row.

passages.npy row i is passage position i: its review's row in reviews.jsonl, its number n in
the review, start and end (its id is `<review_id>#<n>`). sentences.npy row j is dense row j:
start and end in the review's text, the position of the first passage that contains it and
how many do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import overload

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.index.records import Passage, Review

SENTENCES = "sentences.npy"
PASSAGES = "passages.npy"


def save_passages(folder: Path, table: np.ndarray) -> Path:
    """Write the passage table: one [review row, n, start, end] int32 row a passage."""
    path = folder / PASSAGES
    np.save(path, np.asarray(table, dtype=np.int32).reshape(-1, 4), allow_pickle=False)
    return path


def read_passage_rows(folder: Path) -> np.ndarray:
    """The passage table of the index in `folder`: [review row, n, start, end] int32 rows."""
    table = np.load(folder / PASSAGES, allow_pickle=False)
    if table.ndim != 2 or table.shape[1] != 4:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    return table


def read_passages(folder: Path, reviews: Sequence[Review]) -> tuple[Passage, ...]:
    """The passages of the index in `folder`, over its reviews in file order, as objects."""
    return tuple(Passage(f"{reviews[r].id}#{n}", reviews[r], n, start, end)
                 for r, n, start, end in read_passage_rows(folder).tolist())


# A sentence lies in one passage or in consecutive ones (passages overlap by a sentence or
# two), so its owners are `first, first + 1, ...`: 13 bytes a sentence.
SENTENCE_ROW = np.dtype([("start", "<i4"), ("end", "<i4"), ("first", "<i4"), ("count", "u1")])


def save_table(folder: Path, table: np.ndarray) -> Path:
    """Write the sentence table (SENTENCE_ROW: start, end, first owning passage, count)."""
    path = folder / SENTENCES
    np.save(path, np.asarray(table, dtype=SENTENCE_ROW), allow_pickle=False)
    return path


def read_table(folder: Path) -> np.ndarray:
    """The sentence array of the index in `folder`: start, end, first owner, owner count."""
    table = np.load(folder / SENTENCES, allow_pickle=False)
    if table.dtype != SENTENCE_ROW or table.ndim != 1:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    return table


def owners(table: np.ndarray) -> Owners:
    """For each sentence, the positions of the passages that contain it."""
    return Owners(table["first"], table["count"])


class Owners(Sequence[tuple[int, ...]]):
    """For each sentence (dense row), the positions of the passages that contain it, made from
    the table's two arrays when asked for: 5 bytes a sentence instead of a tuple of tuples
    (about 100 bytes a sentence, 400 MB at a million passages)."""

    def __init__(self, first: np.ndarray, count: np.ndarray) -> None:
        self.first = np.asarray(first)  # the first owner of each sentence (int32 on disk)
        self._count = np.asarray(count)

    def __len__(self) -> int:
        return len(self.first)

    @overload
    def __getitem__(self, row: int) -> tuple[int, ...]: ...

    @overload
    def __getitem__(self, row: slice) -> list[tuple[int, ...]]: ...

    def __getitem__(self, row: int | slice) -> tuple[int, ...] | list[tuple[int, ...]]:
        if isinstance(row, slice):
            return [self[j] for j in range(*row.indices(len(self)))]
        first = int(self.first[row])
        return tuple(range(first, first + int(self._count[row])))


def held_by(owners: Sequence[Sequence[int]], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the passages holding each of `rows` (sentences), row after row, and
    for each position the index in `rows` of its sentence; from `Owners`, no tuple is made."""
    if not isinstance(owners, Owners):  # an index of format 1: a tuple a sentence
        held = [owners[row] for row in rows.tolist()]
        count = np.fromiter(map(len, held), dtype=np.int64, count=len(held))
        positions = np.fromiter(chain.from_iterable(held), dtype=np.int64, count=int(count.sum()))
        return positions, np.repeat(np.arange(len(rows)), count)
    count = owners._count[rows].astype(np.int64)
    which = np.repeat(np.arange(len(rows)), count)
    before = np.repeat(np.cumsum(count) - count, count)  # the row's first entry in `which`
    return owners.first[rows].astype(np.int64)[which] + np.arange(len(which)) - before, which


def first_owners(owners: Sequence[Sequence[int]]) -> np.ndarray:
    """The first passage position of each sentence (-1 for none), as one array."""
    if isinstance(owners, Owners):
        return owners.first
    return np.fromiter((o[0] if o else -1 for o in owners), dtype=np.int64, count=len(owners))


@dataclass(frozen=True)
class SentenceOffsets:
    """Each dense row's (start, end) in its review's text, and for passage position i the
    rows `first[i]:stop[i]` of its sentences (a passage's sentences are consecutive rows)."""

    starts: np.ndarray
    ends: np.ndarray
    first: np.ndarray
    stop: np.ndarray

    @classmethod
    def of_rows(cls, spans: Sequence[tuple[int, int]], owners: Sequence[Sequence[int]],
                passages: int) -> SentenceOffsets:
        """From each row's span and the passage positions that contain it."""
        first = np.full(passages, len(spans), dtype=np.int64)
        stop = np.zeros(passages, dtype=np.int64)
        for row, held in enumerate(owners):
            for position in held:
                first[position] = min(first[position], row)
                stop[position] = row + 1
        table = np.array(spans, dtype=np.int64).reshape(len(spans), 2)
        return cls(table[:, 0], table[:, 1], first, np.maximum(stop, first))

    @classmethod
    def of_table(cls, table: np.ndarray, passages: int) -> SentenceOffsets:
        """From the sentence array of a format-2 index (`read_table`)."""
        first = np.full(passages, len(table), dtype=np.int64)
        stop = np.zeros(passages, dtype=np.int64)
        rows = np.arange(len(table), dtype=np.int64)
        owner, count = table["first"].astype(np.int64), table["count"].astype(np.int64)
        for c in range(int(count.max(initial=0))):
            held = count > c
            np.minimum.at(first, owner[held] + c, rows[held])
            np.maximum.at(stop, owner[held] + c, rows[held] + 1)
        return cls(table["start"], table["end"], first, np.maximum(stop, first))

    def of(self, position: int) -> list[tuple[int, int]]:
        """The (start, end) of each sentence of the passage at `position`, in order."""
        rows = slice(int(self.first[position]), int(self.stop[position]))
        return list(zip(self.starts[rows].tolist(), self.ends[rows].tolist(), strict=True))
