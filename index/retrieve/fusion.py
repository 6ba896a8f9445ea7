"""Pure rank fusion over (id, score) lists, and the per-review cap."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Ranking = Sequence[tuple[str, float]]


def reciprocal_rank(rankings: Sequence[Ranking], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(id) = sum over rankings of 1 / (k + rank), rank from 1."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, (item, _) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return _sorted(fused)


def weighted(dense: Ranking, sparse: Ranking, dense_weight: float) -> list[tuple[str, float]]:
    """Convex combination of scores divided by each list's best score.

    An id missing from the dense list takes that list's lowest score: every passage has some
    cosine, and one that was not listed ranked below all that were. An id missing from the
    BM25 list scores 0: it shares no term with the question (or too few to be listed).
    Dividing by the best score (rather than min-max) keeps 0 meaning "no match".
    """
    dense_top = max((score for _, score in dense), default=0.0)
    sparse_top = max((score for _, score in sparse), default=0.0)
    dense_scores = {item: score / dense_top for item, score in dense} if dense_top > 0 else {}
    sparse_scores = {item: score / sparse_top for item, score in sparse} if sparse_top > 0 else {}
    dense_floor = min(dense_scores.values(), default=0.0)
    fused = {
        item: dense_weight * max(dense_scores.get(item, dense_floor), 0.0)
        + (1.0 - dense_weight) * sparse_scores.get(item, 0.0)
        for item, _ in [*dense, *sparse]
    }
    return _sorted(fused)


def cap_per_group(
    ranking: Ranking, group_of: Callable[[str], str], per_group: int, limit: int | None = None
) -> list[tuple[str, float]]:
    """Keep at most `per_group` items of each group, in order; 0 keeps everything. With
    `limit`, the first `limit` items kept (the rest of the ranking is not read)."""
    if per_group <= 0:
        return list(ranking)[:limit]
    taken: dict[str, int] = {}
    kept: list[tuple[str, float]] = []
    for item, score in ranking:
        if len(kept) == limit:
            break
        group = group_of(item)
        if taken.get(group, 0) < per_group:
            taken[group] = taken.get(group, 0) + 1
            kept.append((item, score))
    return kept


def _sorted(scores: dict[str, float]) -> list[tuple[str, float]]:
    # Ties break on the id so results are stable across runs.
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
