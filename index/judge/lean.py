"""A review's overall lean (positive, mixed, negative) from its rating, or else from its text.

Every review gets a *share*: where it sits on a 0..1 rating scale. A rated review's share is
its rating over its scale; an unrated one's is estimated from its text by a logistic head over
the mean of its sentence vectors (the vectors the index embeds anyway), or by VADER where the
index was built with another model than the head's. Leans and the film's lean read shares with
the thresholds ratings already use (corpus/README.md): 70% of the scale or more is positive,
40% or less negative, between is mixed; the film's lean counts its reviews' leans the same
way. docs/judge.md gives the measurements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from reelqa.index.ingest.ratings import parse_rating
from reelqa.index.judge.files import WEIGHTS, read_head

LEANS = ("positive", "mixed", "negative")
POSITIVE_FROM = 0.7  # share of the rating scale
NEGATIVE_UPTO = 0.4
HEAD = "lean_head"  # lean_head.json (metadata) + lean_head.npy (float32 weights)


@dataclass(frozen=True)
class LeanHead:
    """Logistic regression over the mean of a review's sentence vectors, and VADER's fallback
    (`vader`: weight and bias over the mean compound of the review's sentences).

    A review's share is `negative_share + sigmoid(sharpness * logit) * (positive_share -
    negative_share)`: the two shares are the mean rating shares of the positive and negative
    training reviews, and `sharpness` (> 1) keeps "mixed" for reviews the head cannot place,
    not for every review it is less than sure of (chosen by the film verdicts it gives).
    """

    model: str
    dimension: int
    weights: np.ndarray
    bias: float
    positive_share: float
    negative_share: float
    sharpness: float
    vader: tuple[float, float]

    def fits(self, model: str, dimension: int) -> bool:
        """True when vectors of `model` are the ones this head was trained on."""
        short = self.model.rsplit("/", 1)[-1]
        return dimension == self.dimension and model.rsplit("/", 1)[-1] == short

    def logit(self, vectors: np.ndarray) -> float:
        """The log-odds that the review is positive, from its sentence vectors (rows)."""
        if vectors.ndim != 2 or vectors.shape[1] != self.dimension or not len(vectors):
            raise ValueError(f"expected a non-empty (n, {self.dimension}) array of sentence "
                             f"vectors, got shape {vectors.shape}")
        return float(vectors.mean(axis=0, dtype=np.float64) @ self.weights) + self.bias

    def vader_logit(self, compounds: Sequence[float] | np.ndarray) -> float:
        """The log-odds that the review is positive, from its sentences' VADER compounds."""
        if not len(compounds):
            raise ValueError("a review needs at least one sentence")
        weight, bias = self.vader
        return weight * float(np.mean(compounds)) + bias

    def share(self, logit: float) -> float:
        """Where a review with this log-odds sits on a 0..1 rating scale."""
        sure = _sigmoid(self.sharpness * logit)
        return self.negative_share + sure * (self.positive_share - self.negative_share)


def load_head(folder: Path = WEIGHTS) -> LeanHead:
    """The shipped lean head (plain .json and .npy files, never pickle)."""
    return read_head(folder, HEAD, lambda meta, weights: LeanHead(
        model=meta["model"], dimension=int(meta["dimension"]), weights=weights,
        bias=float(meta["bias"]), positive_share=float(meta["positive_share"]),
        negative_share=float(meta["negative_share"]), sharpness=float(meta["sharpness"]),
        vader=(float(meta["vader"][0]), float(meta["vader"][1]))))


def rating_share(rating: str | None) -> float | None:
    """A rating ("7/10", "4.5/5") as a share of its scale, or None."""
    parsed = parse_rating(rating) if rating else None
    return parsed[0] / parsed[1] if parsed else None


def lean_of(share: float) -> str:
    """The lean of a share: >= 0.7 positive, <= 0.4 negative, else mixed."""
    return "positive" if share >= POSITIVE_FROM else "negative" if share <= NEGATIVE_UPTO \
        else "mixed"


def film_lean(leans: Sequence[str]) -> str | None:
    """The film's lean from its reviews' leans: a positive review counts 1, a mixed one 0.5;
    the mean, read like a rating share (>= 0.7 positive, <= 0.4 negative), is the lean.
    None without reviews."""
    if not leans:
        return None
    counted = lean_counts(leans)
    return lean_of((counted["positive"] + 0.5 * counted["mixed"]) / len(leans))


def lean_counts(leans: Sequence[str]) -> dict[str, int]:
    """How many reviews lean each way, every lean present (for "7 of 10 recommend it")."""
    unknown = set(leans) - set(LEANS)
    if unknown:
        raise ValueError(f"unknown lean {sorted(unknown)[0]!r}; expected one of {LEANS}")
    counted = Counter(leans)
    return {lean: counted.get(lean, 0) for lean in LEANS}


def _sigmoid(z: float) -> float:
    return float(1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0))))
