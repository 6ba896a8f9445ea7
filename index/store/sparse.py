"""The sparse store: BM25 over passage terms (bm25s); the one module that imports bm25s.

Scores are saved as float16 (half the bytes; 3 significant digits are plenty to rank by)
and widened to float32 on load.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
from reelqa.index.store.terms import analyze


class SparseStore:
    """BM25 (Lucene variant) over the analysed text of each passage, positions 0..n-1."""

    FOLDER = "bm25"
    SCORES = "data.csc.index.npy"  # bm25s's file of per-(term, passage) scores

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> SparseStore:
        retriever = bm25s.BM25()
        retriever.index([analyze(t) for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    @classmethod
    def load(cls, folder: Path, size: int) -> SparseStore:
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        retriever = bm25s.BM25.load(str(folder / cls.FOLDER), show_progress=False)
        retriever.scores["data"] = np.asarray(retriever.scores["data"], dtype=np.float32)
        return cls(retriever, size)

    def save(self, folder: Path) -> list[Path]:
        target = folder / self.FOLDER
        self._retriever.save(str(target), show_progress=False)
        scores = target / self.SCORES
        np.save(scores, np.load(scores).astype(np.float16))
        return sorted(p for p in target.iterdir() if p.is_file())

    def search(
        self, text: str, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """Positions of the k best-matching passages with BM25 scores > 0, best first."""
        terms = analyze(text)
        if self.size == 0 or not terms or k <= 0:
            return []
        mask = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            mask = np.zeros(self.size, dtype=np.float32)
            mask[np.asarray(allowed, dtype=np.int64)] = 1.0
        docs, scores = self._retriever.retrieve(
            [terms], k=min(k, self.size), show_progress=False, weight_mask=mask, n_threads=0
        )  # n_threads=0: in the calling thread (1 starts a thread pool for every question)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
