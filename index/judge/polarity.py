"""Sentence polarity from VADER (vaderSentiment): a lexicon and rule-based analyser."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def analyser() -> SentimentIntensityAnalyzer:
    """VADER's analyser, built once per process (it reads its lexicon from its package)."""
    return SentimentIntensityAnalyzer()


def polarity(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound score of each text, -1 (negative) to +1 (positive), float32."""
    score = analyser().polarity_scores
    return np.fromiter((score(t)["compound"] for t in texts), dtype=np.float32, count=len(texts))
