"""A deterministic stand-in embedder, chosen with the model name `reelqa/hashing`.

It needs no weights and no torch, so tests (and a quick look at the CLI) can build and query
real indexes through the same settings a user sets. Its vectors are bags of hashed terms: texts
sharing terms are near, others orthogonal. It is no substitute for a sentence model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from reelqa.index.store.terms import analyze

HASHING_MODEL = "reelqa/hashing"


class HashingEmbedder:
    """Bag of hashed BM25 terms, L2-normalised, float32."""

    def __init__(self, dimension: int = 64, name: str = HASHING_MODEL) -> None:
        self.dimension = dimension
        self.name = name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per text."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in analyze(text):
                slot = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "big")
                out[row, slot % self.dimension] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out
