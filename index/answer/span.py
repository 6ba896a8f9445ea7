"""The candidate-answer span every answer-stage module produces and scores."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A candidate answer: offsets into its sentence, the text, and how strongly it fits (0..1)."""

    start: int
    end: int
    text: str
    strength: float
    role: str | None = None  # for person spans: the credited role
    target: str | None = None  # for person spans: the folded character or subject it is tied to

