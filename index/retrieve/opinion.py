"""Ranking for opinion questions: verdict sentences and a review's lede count, one review at a time.

An opinion ("how is the acting?") is answered by what reviewers concluded, so a passage gains
by holding a verdict on the asked aspect (see `reelqa.index.text.verdicts.verdict_strength`) and by
being a review's opening, where reviews state their verdict. The result is ordered review by
review: each review's best passage first, then each one's second best, so several reviewers
speak before one reviewer speaks twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reelqa.index.query.opinion import OpinionQuery
from reelqa.index.query.reading import Reading
from reelqa.index.records import Passage

# Measured on ../shared/eval/subjqa-dev (docs/retrieval.md, "Opinion questions").
VERDICT_WEIGHT = 0.5
LEDE_WEIGHT = 0.6


def passage_verdict(passage: Passage, query: OpinionQuery, reading: Reading) -> float:
    """The strength of the passage's best verdict sentence on the asked aspect, 0 to 1."""
    return max((s.verdict(query.aspect, query.terms) for _, _, s in
                reading.sentences(passage)), default=0.0)


def rerank(
    ranking: Sequence[tuple[str, float]],
    passage_of: Callable[[str], Passage],
    query: OpinionQuery,
    reading: Reading,
) -> list[tuple[str, float]]:
    """`ranking` (fused scores, best 1) rescored for an opinion question, then interleaved
    review by review."""
    scored = []
    for pid, score in ranking:
        passage = passage_of(pid)
        lede = LEDE_WEIGHT if passage.n == 0 else 0.0
        verdict = passage_verdict(passage, query, reading)
        scored.append((pid, score + VERDICT_WEIGHT * verdict + lede))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return by_review(scored, lambda pid: passage_of(pid).review.id)


def by_review(
    ranking: Sequence[tuple[str, float]], review_of: Callable[[str], str]
) -> list[tuple[str, float]]:
    """Each review's best item in order, then each review's second best, and so on."""
    taken: dict[str, int] = {}
    tiers = []
    for order, (item, score) in enumerate(ranking):
        group = review_of(item)
        tier = taken.get(group, 0)
        taken[group] = tier + 1
        tiers.append((tier, order, item, score))
    return [(item, score) for _, _, item, score in sorted(tiers)]
