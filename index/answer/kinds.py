"""The registry of answer kinds, in the order they are tried (see `reelqa.index.answer`).

A film's facts first (its year, its cast), which only questions about the film itself
ask. Opinions next: "how good is the acting?" asks for a verdict even though it names a
role. Credits next, then short spans of the passages, which take every question.
"""

from __future__ import annotations

from collections.abc import Callable

from reelqa.index.answer import Kind, Knowledge
from reelqa.index.answer.cast import CastKind
from reelqa.index.answer.credits import CreditsKind
from reelqa.index.answer.extract import SpanKind
from reelqa.index.answer.opinion import OpinionKind
from reelqa.index.answer.year import YearKind

KINDS: tuple[Callable[[Knowledge], Kind], ...] = (
    YearKind,
    CastKind,
    OpinionKind,
    CreditsKind,
    SpanKind,
)


def kinds_for(knowledge: Knowledge) -> list[Kind]:
    """One of each registered kind over the index's `knowledge`."""
    return [make(knowledge) for make in KINDS]
