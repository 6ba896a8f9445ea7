"""The pq-sq4 dense kind (FAST_FROM to IVF_FROM vectors): a fast scan of every vector's product
code proposes, the 4-bit codes decide (its searches are tested with ivfpq-sq4's in
test_product_index); the files are a function of the vectors, so an incremental build equals a
rebuild."""

from __future__ import annotations

import hashlib
import json

import faiss
import numpy as np
import pytest
from reelqa.config.settings import IndexSettings
from reelqa.index.store import dense
from reelqa.index.store.build import build_index
from reelqa.index.store.dense import DenseBuilder, DenseStore, _scores, codec, default_kind
from reelqa.index.store.versions import resolve

from tests.conftest import SLICE
from tests.test_product_index import build
from tests.test_stores import clustered, unit_rows


def test_from_fast_from_to_ivf_from_a_build_is_the_fast_scan_of_every_vector(tmp_path) -> None:
    assert (dense.FAST_FROM, dense.IVF_FROM) == (10_000, 60_000)
    assert [default_kind(n) for n in (dense.FAST_FROM - 1, dense.FAST_FROM,
                                      dense.IVF_FROM - 1)] == ["sq4", "pq-sq4", "pq-sq4"]
    vectors = clustered(dense.FAST_FROM, 48, seed=11)
    store = build(tmp_path / "a", vectors, np.arange(dense.FAST_FROM))
    assert (store.kind, store.size, store.lists, store.nprobe) == ("pq-sq4", dense.FAST_FROM, 0, 0)
    index = faiss.read_index(str(tmp_path / "a" / DenseStore.FILENAME))
    assert isinstance(index, faiss.IndexPQFastScan) and index.ntotal == dense.FAST_FROM
    # 24 bytes of product code a vector (48 sub-vectors of 4 bits), no ids, no inverted lists
    product = (tmp_path / "a" / DenseStore.FILENAME).stat().st_size
    assert 24 * dense.FAST_FROM <= product < 24 * dense.FAST_FROM + 16_384
    assert (tmp_path / "a" / dense.CODES).stat().st_size == 128 + 24 * dense.FAST_FROM


@pytest.fixture
def small_fast(monkeypatch):
    monkeypatch.setattr(dense, "FAST_FROM", 1000)


def test_a_build_reusing_codes_equals_a_rebuild(tmp_path, small_fast) -> None:
    # What an incremental build does: the kept rows' codes are read from the last index (here
    # renumbered, as deletions do), the new rows encoded; every file equals a full rebuild's.
    vectors = clustered(3000, 48, seed=5)
    first = build(tmp_path / "first", vectors[:2500], np.arange(2500))
    kept = np.r_[0:1000, 1200:2500]  # 200 deleted
    now = np.vstack([vectors[kept], vectors[2500:]])  # and 500 added
    (tmp_path / "inc" / ".work").mkdir(parents=True)
    builder = DenseBuilder(tmp_path / "inc" / ".work" / "codes.u8", 48)
    builder.put(np.arange(len(kept), len(now)), now[len(kept):])
    builder.put_codes(np.arange(len(kept)), first.codes(kept))
    builder.finish().save(tmp_path / "inc")
    build(tmp_path / "full", now, np.random.default_rng(2).permutation(len(now)))
    for name in (DenseStore.FILENAME, dense.CODES):
        digests = {hashlib.sha256((tmp_path / f / name).read_bytes()).hexdigest()
                   for f in ("inc", "full")}
        assert len(digests) == 1, name


def test_a_product_index_without_its_codes_is_refused(tmp_path, small_fast) -> None:
    build(tmp_path / "a", clustered(1200, 32, seed=12), np.arange(1200))
    (tmp_path / "a" / dense.CODES).unlink()
    with pytest.raises(ValueError, match=f"{dense.CODES} is missing"):
        DenseStore.load(tmp_path / "a")


def test_scores_from_the_codes_equal_the_decoded_vectors_dot_product() -> None:
    vectors = unit_rows(500, d=384, seed=6)
    codes = codec(384).compute_codes(vectors)
    query = unit_rows(1, d=384, seed=7)[0]
    assert np.allclose(_scores(codes, query), codec(384).decode(codes) @ query, atol=1e-6)


@pytest.mark.integration
def test_on_real_sentences_the_fast_scan_finds_the_exact_top_ten(int8_encoder, tmp_path,
                                                                 monkeypatch) -> None:
    """The IMDb slice's sentences and questions, the default encoder: the open search's top 10
    against the exact top 10 of the 4-bit codes. The candidates are scaled down with the corpus:
    40 of its ~2,000 vectors, as 400 of the IMDb dev index's 25,045."""
    monkeypatch.setattr(dense, "FAST_FROM", 1000)
    monkeypatch.setattr(dense, "RERANK_LEAST", 40)
    build_index(IndexSettings((SLICE,), tmp_path / "idx", int8_encoder.name, 32),
                embedder=int8_encoder)
    store = DenseStore.load(resolve(tmp_path / "idx"))
    assert store.kind == "pq-sq4" and store.size > 1500
    questions = [json.loads(line)["question"] for line in
                 (SLICE.parent / "questions.jsonl").read_text().splitlines() if line]
    queries = int8_encoder.encode(questions)
    exact = store.exhaustive(queries, 10)
    found = sum(len({i for i, _ in store.search(q, 10)} & {i for i, _ in best})
                for q, best in zip(queries, exact, strict=True))
    assert found / (10 * len(questions)) >= 0.95  # 0.977; 0.90 with 20 candidates, 0.72 with 10
