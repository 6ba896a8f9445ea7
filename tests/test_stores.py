"""The dense and sparse stores and the sentence table, on small real data (no model)."""

from __future__ import annotations

import numpy as np
import pytest
from reelqa.index.records import Passage, Review
from reelqa.index.store import meta
from reelqa.index.store.dense import DenseStore, default_kind
from reelqa.index.store.folder import Sentence
from reelqa.index.store.sparse import SparseStore


def unit_rows(n: int, d: int = 32, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize(("kind", "size"), [("flat", 384), ("sq8", 96), ("sq4", 48)])
def test_each_kind_saves_loads_and_finds_the_vector_itself(tmp_path, kind, size) -> None:
    vectors = unit_rows(300, d=96)
    store = DenseStore.build(vectors, kind)
    store.save(tmp_path)
    loaded = DenseStore.load(tmp_path)
    assert (loaded.kind, loaded.size, loaded.dimension) == (kind, 300, 96)
    assert abs((tmp_path / DenseStore.FILENAME).stat().st_size / 300 - size) < 8  # bytes/vector
    assert [loaded.search(vectors[i], 1)[0][0] for i in (0, 150, 299)] == [0, 150, 299]
    decoded = loaded.vectors([7, 8])
    assert decoded.shape == (2, 96) and float((decoded * vectors[7:9]).sum(1).min()) > 0.97


def test_the_default_kind_follows_the_size() -> None:
    assert (default_kind(10), default_kind(59_999), default_kind(60_000)) == (
        "sq4", "sq4", "ivf-sq4")


def clustered(n: int, d: int, seed: int) -> np.ndarray:
    """Unit vectors around 40 centres: embeddings cluster by topic, random vectors do not."""
    rng = np.random.default_rng(seed)
    centres = unit_rows(40, d, seed)
    rows = centres[rng.integers(0, 40, n)] + 0.15 * rng.standard_normal((n, d))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_an_inverted_file_finds_the_exact_neighbours_and_filters_exactly(tmp_path) -> None:
    vectors = clustered(4000, 32, seed=1)
    store = DenseStore.build(vectors, "ivf-sq4")
    store.save(tmp_path)
    ivf = DenseStore.load(tmp_path)
    nudged = vectors[:50] + 0.1 * unit_rows(50, d=32, seed=2)  # questions near the corpus
    queries = nudged / np.linalg.norm(nudged, axis=1, keepdims=True)
    everything = list(range(4000))  # a search limited to rows visits every list: exhaustive
    found = [len({i for i, _ in ivf.search(q, 10)} & {i for i, _ in ivf.search(q, 10, everything)})
             for q in queries]
    assert ivf.kind == "ivf-sq4" and sum(found) / 500 >= 0.98
    allowed = list(range(5, 4000, 97))  # one film's rows: every list is searched
    limited = [i for i, _ in ivf.search(queries[0], 10, allowed)]
    best = sorted(allowed, key=lambda i: -float(vectors[i] @ queries[0]))[:10]
    assert len(set(limited) & set(best)) >= 9 and set(limited) <= set(allowed)
    assert ivf.vectors().shape == (4000, 32)


def test_sentences_round_trip_through_their_table(tmp_path) -> None:
    sentences = [Sentence("r1", 0, 10, ("r1#0",)), Sentence("r1", 11, 30, ("r1#0", "r1#1")),
                 Sentence("r2", 0, 5, ())]
    meta.write_sentences(tmp_path, sentences, {"r1#0": 0, "r1#1": 1, "r2#0": 2})
    table = meta.read_table(tmp_path)
    assert table.tolist() == [(0, 10, 0, 1), (11, 30, 0, 2), (0, 5, -1, 0)]
    assert meta.owners(table) == ((0,), (0, 1), ())
    assert (tmp_path / meta.SENTENCES).stat().st_size == 192 + 3 * 13  # .npy header + rows
    apart = [Sentence("r1", 0, 10, ("r1#0", "r2#0"))]
    with pytest.raises(ValueError, match="do not follow each other"):
        meta.write_sentences(tmp_path, apart, {"r1#0": 0, "r1#1": 1, "r2#0": 2})


def test_bm25_scores_are_stored_in_half_precision_and_rank_the_same(tmp_path) -> None:
    texts = ["the pilot lands the plane in the storm", "a storm over the harbour",
             "the cook burns the soup", "pilots and planes and storms"]
    built = SparseStore.build(texts)
    built.save(tmp_path)
    saved = np.load(tmp_path / SparseStore.FOLDER / SparseStore.SCORES)
    assert saved.dtype == np.float16
    loaded = SparseStore.load(tmp_path, len(texts))
    fresh = built.search("storm plane", 4)
    again = loaded.search("storm plane", 4)
    assert [i for i, _ in again] == [i for i, _ in fresh] == [3, 0, 1]
    assert all(abs(a - b) < 0.01 for (_, a), (_, b) in zip(again, fresh, strict=True))
    assert [i for i, _ in loaded.search("storm", 4, allowed=[1, 2])] == [1]


def test_passages_round_trip_through_their_table(tmp_path) -> None:
    one = Review(id="r1", film="Heat", text="First sentence. Second one here.")
    two = Review(id="r2", film="Heat", text="Only one.")
    passages = [Passage("r1#0", one, 0, 0, 15), Passage("r1#1", one, 1, 16, 32),
                Passage("r2#0", two, 0, 0, 9)]
    meta.write_passages(tmp_path, passages, {"r1": 0, "r2": 1})
    assert meta.read_passages(tmp_path, [one, two]) == tuple(passages)
