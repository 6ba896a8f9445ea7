"""Rank fusion and the per-review cap, on hand-written rankings."""

from __future__ import annotations

import numpy as np
import pytest
from reelqa.index.retrieve.fusion import cap_per_group, reciprocal_rank, weighted
from reelqa.index.retrieve.search import best_per_passage
from reelqa.index.store.meta import Owners


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
    assert cap_per_group(ranking, group, 2, limit=2) == [("r1#0", 5.0), ("r1#1", 4.0)]
    assert cap_per_group(ranking, group, 0, limit=2) == ranking[:2]
    read = []
    cap_per_group(ranking, lambda pid: read.append(pid) or group(pid), 1, limit=2)
    assert read == ["r1#0", "r1#1", "r1#2", "r2#0"]  # stops once two are kept


def test_best_per_passage_takes_each_passages_best_sentence_ties_by_position() -> None:
    # sentence rows 0..4; passages overlap: row 1 is in passages 0 and 1, row 4 in none
    owners = Owners(np.array([0, 0, 1, 2, 0]), np.array([1, 2, 1, 1, 0]))
    rows, scores = np.array([2, 1, 0, 3, 4]), np.array([0.9, 0.7, 0.8, 0.7, 0.95])
    assert best_per_passage(rows, scores, owners, 5) == [(1, 0.9), (0, 0.8), (2, 0.7)]
    assert best_per_passage(rows, scores, owners, 2) == [(1, 0.9), (0, 0.8)]
    assert best_per_passage(np.array([1, 3]), np.array([0.5, 0.5]), owners, 5) == [
        (0, 0.5), (1, 0.5), (2, 0.5)]
    assert best_per_passage(np.zeros(0, np.int64), np.zeros(0), owners, 5) == []
    as_tuples = ((0,), (0, 1), (1,), (2,), ())  # an index of format 1
    assert best_per_passage(rows, scores, as_tuples, 5) == best_per_passage(
        rows, scores, owners, 5)


def test_best_per_passage_equals_the_plain_loop_over_owners() -> None:
    rng = np.random.default_rng(3)
    first = np.sort(rng.integers(0, 300, 2000))
    owners = Owners(first, rng.integers(0, 4, 2000))
    for _ in range(20):
        rows = rng.choice(2000, 200, replace=False)
        scores = np.sort(np.round(rng.random(200), 2).astype(np.float32))[::-1]  # many equal
        hits = list(zip(rows.tolist(), scores.tolist(), strict=True))  # as DenseStore.search
        best: dict[int, float] = {}
        for row, score in hits:
            for position in owners[row]:
                if score > best.get(position, -2.0):
                    best[position] = score
        plain = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:50]
        assert best_per_passage(rows, scores, owners, 50) == plain
        tuples = [owners[row] for row in range(2000)]
        assert best_per_passage(rows, scores, tuples, 50) == plain
