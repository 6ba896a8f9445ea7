"""The answer stage: a short answer from ranked passages, or none when the reviews do not say.

It may import `reelqa.config`, `reelqa.index.records`, `reelqa.index.lexicon` and
`reelqa.index.ingest` (sentence splitting), never the stores or retrieval: it sees only hits.
The engine is given an `Answerer`; `extract.ExtractiveAnswerer` is the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reelqa.index.records import Hit, ShortAnswer


class Answerer(Protocol):
    """Finds the short answer to a question in its retrieved passages."""

    threshold: float  # a guess below this confidence is not given as an answer

    def guess(self, question: str, hits: Sequence[Hit]) -> ShortAnswer | None:
        """The best candidate answer with its confidence, or None when there is no candidate."""
        ...
