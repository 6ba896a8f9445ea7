"""Questions as the engine understands them, for tests of the answer stage without an index."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reelqa.index.answer.extract import extract_answer as extract_query
from reelqa.index.query import refine, understand
from reelqa.index.query.question import Question
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, ShortAnswer


def analyse(question: str, titles: Iterable[str] = ()) -> Question:
    """The question's analysis when passages of films with these titles were retrieved."""
    return refine(understand(question), titles, frozenset())


def extract_answer(question: str, hits: Sequence[Hit],
                   threshold: float | None = None) -> ShortAnswer | None:
    """The span answer to `question` from hand-made hits (split into sentences here)."""
    return extract_query(understand(question), hits, Reading.splitting(), threshold)
