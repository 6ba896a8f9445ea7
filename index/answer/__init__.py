"""The answer stage: a reply to a `Query` from its retrieved passages, by the first answer kind
that takes it.

An answer kind (`Kind`) says whether it answers a query and replies; `kinds.KINDS` lists
them in the order they are tried: opinions, credits, then short spans of the passages. A kind
may decline (return None) or ask the kinds after it (`rest`) and add to their reply, as the
credits kind does for "who is Jay?". To add a kind: write a module with a class that takes
the index's `Knowledge` and implements `Kind`, and add it to `KINDS` (one line).

The stage may import `reelqa.config`, the text toolkit, the records, `reelqa.index.query`,
`reelqa.index.ingest` and `reelqa.index.credits`, never the stores or retrieval: it sees
only hits, read through the question's `Reading`, and what the engine hands it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Opinion, ShortAnswer, Support

# Below this confidence the reviews are taken not to say (docs/answers.md explains it). On
# ../shared/eval/starlight.jsonl the lowest answerable best guess scores 0.57 and the highest
# unanswerable one 0.07. Over all eight question sets the tests run (167 questions, 41 of them
# unanswerable) the two sides are 0.46 and 0.36: the threshold sits in the middle of that gap.
# `reelqa eval` prints both margins for any question file. Every kind's confidence is on
# this scale.
THRESHOLD = 0.42


@dataclass(frozen=True)
class Response:
    """A kind's whole reply: the hits to cite (re-ranked when the answer brings its own
    evidence), the short answer given (None: not found), the best guess's confidence, the kind
    that replied, and what a credits or opinion answer stands on."""

    hits: tuple[Hit, ...]
    short: ShortAnswer | None
    best_guess: float
    kind: str = ""
    credit: Support | None = None
    opinion: Opinion | None = None


class Kind(Protocol):
    """One kind of answer."""

    name: str

    def accepts(self, query: Query) -> bool:
        """Whether this kind answers questions like `query` (from the query alone)."""
        ...

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        """The reply to `query`, or None to leave it to the kinds after this one (`rest()`
        asks them)."""
        ...


def reply(kinds: Sequence[Kind], query: Query, hits: Sequence[Hit],
          reading: Reading) -> Response:
    """The reply of the first kind that accepts `query` and answers it."""

    def after(start: int) -> Response:
        for i in range(start, len(kinds)):
            if kinds[i].accepts(query):
                found = kinds[i].respond(query, hits, reading, partial(after, i + 1))
                if found is not None:
                    return found
        return Response(tuple(hits), None, 0.0)

    return after(0)


def given(guess: ShortAnswer | None, threshold: float = THRESHOLD) -> ShortAnswer | None:
    """The guess as an answer when its confidence reaches `threshold`, else None."""
    return guess if guess is not None and guess.confidence >= threshold else None
