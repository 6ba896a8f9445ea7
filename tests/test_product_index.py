"""The dense kinds of product codes re-ranked by 4-bit codes, ivfpq-sq4 (past PQ_FROM vectors)
and pq-sq4 (FAST_FROM to IVF_FROM): product codes propose, 4-bit codes decide; a film's search
stays exact; the files are a function of the vectors."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from reelqa.index.store import dense
from reelqa.index.store.codefile import CodeFile, write_codes
from reelqa.index.store.dense import DenseBuilder, DenseStore, codec, default_kind

from tests.test_stores import clustered, unit_rows


def test_past_pq_from_the_default_kind_is_the_product_index() -> None:
    assert (default_kind(dense.PQ_FROM - 1), default_kind(dense.PQ_FROM)) == (
        "ivf-sq4", "ivfpq-sq4")


def build(folder, vectors: np.ndarray, order: np.ndarray) -> DenseStore:
    work = folder / ".work"
    work.mkdir(parents=True)
    builder = DenseBuilder(work / "codes.u8", vectors.shape[1])
    for part in np.array_split(order, 3):  # rows given in slices, in any order
        builder.put(part, vectors[part])
    store = builder.finish()
    store.save(folder)
    return DenseStore.load(folder)


@pytest.fixture(params=["ivfpq-sq4", "pq-sq4"])
def small_kind(request, monkeypatch) -> str:
    """Either product kind from 1,000 vectors."""
    monkeypatch.setattr(dense, "PQ_FROM" if request.param == "ivfpq-sq4" else "FAST_FROM", 1000)
    return request.param


def test_open_search_reranks_by_the_coded_vectors_and_filters_exactly(tmp_path,
                                                                     small_kind) -> None:
    vectors = clustered(6000, 48, seed=3)
    store = build(tmp_path / "a", vectors, np.random.default_rng(0).permutation(6000))
    assert (store.kind, store.size, store.dimension) == (small_kind, 6000, 48)
    assert np.array_equal(store.codes(np.arange(6000)), codec(48).compute_codes(vectors))
    nudged = vectors[:40] + 0.1 * unit_rows(40, d=48, seed=4)
    queries = nudged / np.linalg.norm(nudged, axis=1, keepdims=True)
    everything = list(range(6000))
    stored = store.vectors()
    found = 0
    for q in queries:
        exact = store.search(q, 10, everything)
        assert [i for i, _ in exact] == sorted(range(6000), key=lambda i: (-float(stored[i] @ q),
                                                                           i))[:10]
        approximate = store.search(q, 10)
        scores = {i: float(stored[i] @ q) for i, _ in approximate}
        assert all(abs(s - scores[i]) < 1e-5 for i, s in approximate)  # re-ranked exactly
        found += len({i for i, _ in approximate} & {i for i, _ in exact})
    assert found / 400 >= 0.95
    allowed = list(range(7, 6000, 131))
    limited = store.search(queries[0], 5, allowed)
    assert [i for i, _ in limited] == sorted(allowed, key=lambda i: -float(stored[i] @ queries[0]))[:5]


def test_copies_of_a_sentence_are_proposed_once(tmp_path, small_kind, monkeypatch) -> None:
    # A corpus that repeats sentences (quotes, boilerplate, the grown benchmark corpus) stores
    # one vector many times; the candidates must still be many different vectors.
    monkeypatch.setattr(dense, "RERANK_LEAST", 40)
    distinct = clustered(300, 48, seed=8)
    vectors = distinct[np.arange(6000) % 300]  # each vector 20 times
    store = build(tmp_path / "a", vectors, np.arange(6000))
    assert store.kind == small_kind
    stored = store.vectors()
    nudged = distinct[:20] + 0.1 * unit_rows(20, d=48, seed=9)
    found = 0
    for q in nudged / np.linalg.norm(nudged, axis=1, keepdims=True):
        approximate = store.search(q, 10)
        assert len(approximate) == 10
        assert len({stored[i].tobytes() for i, _ in approximate}) == 10  # no two copies
        best = sorted({round(float(v @ q), 5) for v in stored}, reverse=True)[:10]
        found += sum(any(abs(s - b) <= 1e-5 for b in best) for _, s in approximate)
    assert found / 200 >= 0.9


def test_the_files_do_not_depend_on_the_order_rows_came_in(tmp_path, small_kind) -> None:
    vectors = clustered(3000, 32, seed=5)
    assert build(tmp_path / "a", vectors, np.arange(3000)).kind == small_kind
    build(tmp_path / "b", vectors, np.random.default_rng(1).permutation(3000))
    for name in (DenseStore.FILENAME, dense.CODES):
        digests = {hashlib.sha256((tmp_path / f / name).read_bytes()).hexdigest() for f in "ab"}
        assert len(digests) == 1, name


def test_a_code_file_reads_any_rows_in_the_order_asked(tmp_path) -> None:
    raw = tmp_path / "raw"
    codes = np.random.default_rng(2).integers(0, 256, (500, 24), dtype=np.uint8)
    raw.write_bytes(codes.tobytes())
    stored = CodeFile(write_codes(tmp_path / "codes.npy", raw, 500, 24))
    assert np.array_equal(np.load(tmp_path / "codes.npy"), codes)
    rows = np.array([499, 3, 4, 5, 3, 0, 250])
    assert np.array_equal(stored.rows(rows), codes[rows])
    assert np.array_equal(stored.range(10, 20), codes[10:20])
    whole = CodeFile(tmp_path / "codes.npy", in_memory=True)  # read at once: the same rows
    assert whole.in_memory and not stored.in_memory
    assert np.array_equal(whole.rows(rows), codes[rows])
    assert np.array_equal(whole.range(10, 20), codes[10:20])
    with pytest.raises(IndexError):
        whole.rows(np.array([-1]))
    with pytest.raises(IndexError):
        stored.rows(np.array([500]))
    (tmp_path / "short.npy").write_bytes((tmp_path / "codes.npy").read_bytes()[:-1])
    with pytest.raises(ValueError, match="cut short"):
        CodeFile(tmp_path / "short.npy")
