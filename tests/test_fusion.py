"""Rank fusion and the per-review cap, on hand-written rankings."""

from __future__ import annotations

import pytest
from reelqa.index.retrieve.fusion import cap_per_group, reciprocal_rank, weighted


def test_reciprocal_rank_fusion_exact() -> None:
    fused = reciprocal_rank([[("a", 9.0), ("b", 5.0)], [("b", 0.9), ("c", 0.1)]], k=1)
    assert fused == [("b", pytest.approx(1 / 3 + 1 / 2)), ("a", 0.5), ("c", pytest.approx(1 / 3))]


def test_weighted_normalises_by_best_score_and_combines() -> None:
    dense = [("a", 0.8), ("b", 0.4), ("c", 0.2)]
    sparse = [("b", 10.0), ("d", 5.0)]
    fused = dict(weighted(dense, sparse, dense_weight=0.25))
    assert fused == {
        "a": pytest.approx(0.25),
        "b": pytest.approx(0.25 * 0.5 + 0.75),
        "c": pytest.approx(0.25 * 0.25),
        "d": pytest.approx(0.25 * 0.25 + 0.75 * 0.5),  # missing from dense: the dense floor
    }
    assert [i for i, _ in weighted(dense, sparse, 0.25)] == ["b", "d", "a", "c"]


def test_weighted_with_an_empty_side_and_ties_by_id() -> None:
    assert weighted([("b", 0.5), ("a", 0.5)], [], 0.3) == [("a", 0.3), ("b", 0.3)]
    assert weighted([], [], 0.5) == []
    assert weighted([("a", 1.0)], [("b", 2.0)], 0.0) == [("b", 1.0), ("a", 0.0)]


def test_cap_per_group_keeps_order_and_limits_each_group() -> None:
    ranking = [("r1#0", 5.0), ("r1#1", 4.0), ("r1#2", 3.0), ("r2#0", 2.0), ("r1#3", 1.0)]
    group = lambda pid: pid.split("#")[0]  # noqa: E731
    assert cap_per_group(ranking, group, 2) == [("r1#0", 5.0), ("r1#1", 4.0), ("r2#0", 2.0)]
    assert cap_per_group(ranking, group, 0) == ranking
