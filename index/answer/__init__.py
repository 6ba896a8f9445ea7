"""The answer stage: a short answer from ranked passages, or none when the reviews do not say.

It may import `reelqa.config`, `reelqa.index.records`, `reelqa.index.lexicon`,
`reelqa.index.vocabulary`, `reelqa.index.ingest` (sentence splitting) and
`reelqa.index.credits` (the credits learned at index time), never the stores or retrieval: it
sees only hits, and the passages the engine hands it. The engine is given an `Answerer`;
`credits.CreditsAnswerer` over `extract.ExtractiveAnswerer` is the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from reelqa.index.records import Hit, ShortAnswer, Support


class Answerer(Protocol):
    """Finds the short answer to a question in its retrieved passages."""

    threshold: float  # a guess below this confidence is not given as an answer

    def guess(self, question: str, hits: Sequence[Hit]) -> ShortAnswer | None:
        """The best candidate answer with its confidence, or None when there is no candidate."""
        ...


@dataclass(frozen=True)
class Response:
    """An answerer's whole reply: the hits to cite (re-ranked when the answer brings its own
    evidence), the short answer given (None: not found), the best guess's confidence and,
    for a credits answer, its support."""

    hits: tuple[Hit, ...]
    short: ShortAnswer | None
    best_guess: float
    credit: Support | None = None


@runtime_checkable
class CitingAnswerer(Answerer, Protocol):
    """An answerer that may cite passages retrieval did not rank first (a credit's quotes)."""

    def respond(self, question: str, hits: Sequence[Hit], film: str | None) -> Response:
        """The reply for `question` about `film` (None: any film), given retrieval's hits."""
        ...


def respond(answerer: Answerer, question: str, hits: Sequence[Hit],
            film: str | None = None) -> Response:
    """Ask any answerer: a citing one replies itself; for another the best guess is the
    answer when it reaches the answerer's threshold."""
    if isinstance(answerer, CitingAnswerer):
        return answerer.respond(question, hits, film)
    guess = answerer.guess(question, hits)
    short = guess if guess is not None and guess.confidence >= answerer.threshold else None
    return Response(tuple(hits), short, guess.confidence if guess is not None else 0.0)
