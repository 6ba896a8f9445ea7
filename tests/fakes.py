"""Deterministic stand-ins for unit tests: they implement the real contracts exactly."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from index.sparse import analyze


class HashingEmbedder:
    """Bag of hashed terms, L2-normalised: texts sharing terms are near, others orthogonal."""

    def __init__(self, dimension: int = 64, name: str = "test/hashing") -> None:
        self.dimension = dimension
        self.name = name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in analyze(text):
                slot = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "big")
                out[row, slot % self.dimension] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out
