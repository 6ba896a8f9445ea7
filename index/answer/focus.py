"""How near a span sits to the question's focus words: the proximity part of answer scores."""

from __future__ import annotations

import math

from reelqa.index.answer.span import Span
from reelqa.index.query.question import SENTENCE, YESNO, Question
from reelqa.index.text.lexicon import RELATED
from reelqa.index.text.tokens import STOPWORDS, fold, stem, words


def echoes(q: Question, span: Span) -> bool:
    """Every content word of the span is a word of the question: it repeats, not answers."""
    content = [stem(w) for _, _, w in words(span.text) if fold(w) not in STOPWORDS]
    focus = {f for f, _ in q.focus}
    return bool(content) and q.kind != YESNO and all(c in focus for c in content)


def topical(q: Question, toks: list[tuple[int, int, str]]) -> bool:
    """The sentence holds a focus word besides names, role words and generic film words."""
    names = {stem(t) for t in q.targets} | set(q.role_stems)
    wanted = [f for f, w in q.focus if f not in names and w >= 1.0]
    return not wanted or any(same(t, f) for f in wanted for _, _, t in toks)


def _negated(toks: list[tuple[int, int, str]], i: int) -> bool:
    """A "not", "never" or "-n't" just before word i: "she never narrates" says the opposite."""
    return any(
        t in ("not", "never", "no", "nor") or t.endswith("n't")
        for _, _, t in toks[max(0, i - 2) : i]
    )


def same(a: str, b: str) -> float:
    """1 for the same stem, 0.8 for a related form sharing a 5+ letter prefix, else 0."""
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if len(short) >= 5 and long.startswith(short):
        return 0.8
    return 0.8 if b in RELATED.get(a, ()) else 0.0


def distance(toks: list[tuple[int, int, str]], i: int, a: int, b: int) -> int:
    """Words between token i and the character span [a, b); 0 inside it. A word after the span
    counts four more: the verb that governs an answer usually comes before it ("cost around
    $3 million and took in $10 million")."""
    start, end, _ = toks[i]
    if end <= a:
        return sum(1 for s, _, _ in toks if end <= s < a)
    if start >= b:
        return 4 + sum(1 for s, _, _ in toks if b <= s < start)
    return 0


def focus(
    q: Question,
    toks: list[tuple[int, int, str]],
    passage: set[str],
    a: int,
    b: int,
    credit: dict[str, float] | None = None,
) -> float:
    """How much of the question's focus sits near the span (0..1), by weight and distance.

    A focus word in the sentence counts 0.6..1.0 (nearer is more), one only elsewhere in the
    passage 0.25; a related form ("animated" for "animation") counts 0.8 of an exact one.
    """
    if not q.focus and q.kind == SENTENCE:
        return 0.0  # "what is it?" names nothing to look for
    if not any(w >= 1.0 for _, w in q.focus):
        return 0.5  # only "film"/"movie" to go on: the question is about the film as a whole
    total = sum(w for _, w in q.focus)
    got = 0.0
    for f, weight in q.focus:
        near = [
            (distance(toks, i, a, b), m)
            for i, (_, _, t) in enumerate(toks)
            if (m := same(t, f)) and not _negated(toks, i)
        ]
        if near:
            got += weight * max(m * (0.6 + 0.4 * math.exp(-d / 8)) for d, m in near)
        elif credit and f in credit:
            got += weight * credit[f]
        elif any(same(t, f) for t in passage):
            got += weight * 0.25
    return got / total
