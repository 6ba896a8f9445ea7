"""Extractive short answers: pick the span of a retrieved passage that answers the question."""

from __future__ import annotations

from collections.abc import Sequence

from index.models import Hit, ShortAnswer


def extract_answer(question: str, hits: Sequence[Hit]) -> ShortAnswer | None:
    """The short answer to `question` from `hits`, or None when the reviews do not say.

    Not implemented yet (issue 4): until then the engine returns passages only.
    """
    return None
