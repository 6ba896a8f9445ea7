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
    """Convex combination of max-normalised scores; an id missing from a list scores 0 there.

    Dividing by the list's best score (rather than min-max) keeps a lone weak candidate weak
    and keeps 0 meaning "no match", which min-max would assign to a real, merely worst, hit.
    """
    fused: dict[str, float] = {}
    for ranking, weight in ((dense, dense_weight), (sparse, 1.0 - dense_weight)):
        top = max((score for _, score in ranking), default=0.0)
        if top <= 0 or weight == 0:
            continue
        for item, score in ranking:
            fused[item] = fused.get(item, 0.0) + weight * max(score, 0.0) / top
    for item, _ in [*dense, *sparse]:
        fused.setdefault(item, 0.0)
    return _sorted(fused)


def cap_per_group(
    ranking: Ranking, group_of: Callable[[str], str], per_group: int
) -> list[tuple[str, float]]:
    """Keep at most `per_group` items of each group, in order; 0 keeps everything."""
    if per_group <= 0:
        return list(ranking)
    taken: dict[str, int] = {}
    kept = []
    for item, score in ranking:
        group = group_of(item)
        if taken.get(group, 0) < per_group:
            taken[group] = taken.get(group, 0) + 1
            kept.append((item, score))
    return kept


def _sorted(scores: dict[str, float]) -> list[tuple[str, float]]:
    # Ties break on the id so results are stable across runs.
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
