"""Passage and sentence metadata as int32 arrays (.npy): read with one `np.load`, no JSON per row.

passages.npy row i is passage position i: its review's row in reviews.jsonl, its number n in
the review, start and end (its id is `<review_id>#<n>`). sentences.npy row j is dense row j:
start and end in the review's text, the position of the first passage that contains it and
how many do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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


def read_passages(folder: Path, reviews: Sequence[Review]) -> tuple[Passage, ...]:
    """The passages of the index in `folder`, over its reviews in file order."""
    table = np.load(folder / PASSAGES, allow_pickle=False)
    if table.ndim != 2 or table.shape[1] != 4:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    return tuple(Passage(f"{reviews[r].id}#{n}", reviews[r], n, start, end)
                 for r, n, start, end in table.tolist())


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


def owners(table: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """For each sentence, the positions of the passages that contain it."""
    firsts, counts = table["first"].tolist(), table["count"].tolist()
    return tuple(tuple(range(f, f + c)) for f, c in zip(firsts, counts, strict=True))
