"""Passage and sentence metadata as int32 arrays (.npy): read with one `np.load`, no JSON per row.

passages.npy row i is passage position i: its review's row in reviews.jsonl, its number n in
the review, start and end (its id is `<review_id>#<n>`). sentences.npy row j is dense row j:
start and end in the review's text, then the positions of the passages that contain it,
padded with -1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.index.records import Passage, Review

SENTENCES = "sentences.npy"
PASSAGES = "passages.npy"


def write_passages(folder: Path, passages: Sequence[Passage], reviews: dict[str, int]) -> Path:
    """Write each passage as [review row, n, start, end]; `reviews` maps id to row."""
    table = np.array([(reviews[p.review.id], p.n, p.start, p.end) for p in passages],
                     dtype=np.int32).reshape(len(passages), 4)
    path = folder / PASSAGES
    np.save(path, table, allow_pickle=False)
    return path


def read_passages(folder: Path, reviews: Sequence[Review]) -> tuple[Passage, ...]:
    """The passages of the index in `folder`, over its reviews in file order."""
    table = np.load(folder / PASSAGES, allow_pickle=False)
    if table.ndim != 2 or table.shape[1] != 4:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    return tuple(Passage(f"{reviews[r].id}#{n}", reviews[r], n, start, end)
                 for r, n, start, end in table.tolist())


def write_sentences(folder: Path, sentences: Sequence, position: dict[str, int]) -> Path:
    """Write the sentences (folder.Sentence: review_id, start, end, passages) as one array."""
    width = max((len(s.passages) for s in sentences), default=1)
    table = np.full((len(sentences), 2 + width), -1, dtype=np.int32)
    for j, sentence in enumerate(sentences):
        table[j, 0], table[j, 1] = sentence.start, sentence.end
        table[j, 2 : 2 + len(sentence.passages)] = [position[p] for p in sentence.passages]
    path = folder / SENTENCES
    np.save(path, table, allow_pickle=False)
    return path


def read_table(folder: Path) -> np.ndarray:
    """The sentence array of the index in `folder`: [start, end, owner positions..., -1...]."""
    table = np.load(folder / SENTENCES, allow_pickle=False)
    if table.ndim != 2 or table.shape[1] < 3 or table.dtype != np.int32:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    return table


def owners(table: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """For each sentence, the positions of the passages that contain it."""
    return tuple(tuple(p for p in row if p >= 0) for row in table[:, 2:].tolist())

