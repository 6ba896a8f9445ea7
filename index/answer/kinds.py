"""The registry of answer kinds, in the order they are tried (see `reelqa.index.answer`).

A film's facts first (its year, cast and story), which only questions about the film itself
ask. Opinions next: on the film as a whole (its reviews' lean), on a judged aspect (scary,
funny, the music, ...), then any other (the verdicts among the passages found): "how good is
the acting?" asks for a verdict even though it names a role. Credits next, then short spans
of the passages, which take every question.
"""

from __future__ import annotations

from collections.abc import Callable

from reelqa.index.answer import Kind
from reelqa.index.answer.aspect import AspectKind
from reelqa.index.answer.cast import CastKind
from reelqa.index.answer.credits import CreditsKind
from reelqa.index.answer.extract import SpanKind
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.answer.opinion import OpinionKind
from reelqa.index.answer.plot import PlotKind
from reelqa.index.answer.verdict import VerdictKind
from reelqa.index.answer.year import YearKind

KINDS: tuple[Callable[[Knowledge], Kind], ...] = (
    YearKind,
    CastKind,
    PlotKind,
    VerdictKind,
    AspectKind,
    OpinionKind,
    CreditsKind,
    SpanKind,
)


def kinds_for(knowledge: Knowledge) -> list[Kind]:
    """One of each registered kind over the index's `knowledge`."""
    return [make(knowledge) for make in KINDS]
