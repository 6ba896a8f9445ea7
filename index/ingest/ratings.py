"""Review ratings as the corpus writes them ("7/10", "4.5 / 5") and which way they lean."""

from __future__ import annotations

import re
from typing import Literal

Leaning = Literal["favourable", "mixed", "unfavourable"]
LEANINGS: tuple[Leaning, ...] = ("favourable", "mixed", "unfavourable")
_RATING = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*")


def parse_rating(text: str) -> tuple[float, float] | None:
    """(value, scale) of a rating written as a number and its scale ("7/10", "4.5 / 5"), or
    None when it is not one, or the value is outside 0..scale."""
    match = _RATING.fullmatch(text)
    if match is None:
        return None
    value, scale = float(match.group(1)), float(match.group(2))
    return (value, scale) if scale > 0 and 0 <= value <= scale else None


def leaning(rating: str | None) -> Leaning | None:
    """Which way a rating leans: 70% of its scale or more is favourable, 40% or less
    unfavourable, between is mixed."""
    parsed = parse_rating(rating) if rating else None
    if parsed is None:
        return None
    share = parsed[0] / parsed[1]
    return "favourable" if share >= 0.7 else "unfavourable" if share <= 0.4 else "mixed"
