"""The registry of answer kinds, in the order they are tried (see `reelqa.index.answer`).

Opinions come first: "how good is the acting?" asks for a verdict even though it names a
role. Credits next, then short spans of the passages, which take every question.
"""

from __future__ import annotations

from collections.abc import Callable

from reelqa.index.answer import Kind, Knowledge
from reelqa.index.answer.credits import CreditsKind
from reelqa.index.answer.extract import SpanKind
from reelqa.index.answer.opinion import OpinionKind

KINDS: tuple[Callable[[Knowledge], Kind], ...] = (
    OpinionKind,
    CreditsKind,
    SpanKind,
)


def kinds_for(knowledge: Knowledge) -> list[Kind]:
    """One of each registered kind over the index's `knowledge`."""
    return [make(knowledge) for make in KINDS]
