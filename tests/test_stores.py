"""The dense and sparse stores and the sentence table, on small real data (no model)."""

from __future__ import annotations

import json
import sys

import bm25s
import numpy as np
import pytest
from reelqa.index.records import Passage, Review
from reelqa.index.store import meta, sparse
from reelqa.index.store.dense import DenseStore, codec, default_kind
from reelqa.index.store.sparse import SparseBuilder, SparseStore
from reelqa.index.store.terms import analyze

from tests.conftest import ROOT


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
    sizes = (10, 9_999, 10_000, 59_999, 60_000, 499_999, 500_000)
    assert [default_kind(n) for n in sizes] == [
        "sq4", "sq4", "pq-sq4", "pq-sq4", "ivf-sq4", "ivf-sq4", "ivfpq-sq4"]


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
    stored = ivf.vectors()  # the vectors as coded: what an exhaustive scan compares
    assert stored.shape == (4000, 32)
    best = sorted(allowed, key=lambda i: -float(stored[i] @ queries[0]))[:10]
    assert len(set(limited) & set(best)) >= 9 and set(limited) <= set(allowed)
    assert np.array_equal(ivf.codes(np.arange(4000)), codec(32).compute_codes(vectors))


def test_sentences_round_trip_through_their_table(tmp_path) -> None:
    rows = [(0, 10, 0, 1), (11, 30, 0, 2), (0, 5, -1, 0)]
    meta.save_table(tmp_path, np.array(rows, dtype=meta.SENTENCE_ROW))
    table = meta.read_table(tmp_path)
    assert table.tolist() == rows
    assert tuple(meta.owners(table)) == ((0,), (0, 1), ())
    assert meta.owners(table)[1:] == [(0, 1), ()] and len(meta.owners(table)) == 3
    assert meta.first_owners(meta.owners(table)).tolist() == [0, 0, -1]
    assert (tmp_path / meta.SENTENCES).stat().st_size == 192 + 3 * 13  # .npy header + rows


def test_bm25_scores_are_stored_in_half_precision_and_rank_the_same(tmp_path) -> None:
    texts = ["the pilot lands the plane in the storm", "a storm over the harbour",
             "the cook burns the soup", "pilots and planes and storms"]
    loaded = SparseStore.build(texts, tmp_path)
    saved = np.load(tmp_path / SparseStore.FOLDER / SparseStore.SCORES)
    assert saved.dtype == np.float16
    fresh = bm25s.BM25()
    fresh.index([analyze(t) for t in texts], show_progress=False)
    expected = fresh.get_scores(analyze("storm plane"))
    again = loaded.search("storm plane", 4)
    assert [i for i, _ in again] == [3, 0, 1]
    assert all(abs(s - expected[i]) < 0.01 for i, s in again)
    assert [i for i, _ in loaded.search("storm", 4, allowed=[1, 2])] == [1]


def test_the_streamed_bm25_index_holds_bm25s_own_scores(tmp_path) -> None:
    """Built in slices from real reviews, the matrix is bm25s's (term by term, passage by
    passage, to the bit once halved), with term ids in order of first use."""
    reviews = [json.loads(line) for line in
               (ROOT / "tests/data/imdb_slice/corpus.jsonl").read_text().split("\n") if line]
    texts = [r["text"][i : i + 700] for r in reviews for i in range(0, len(r["text"]), 500)]
    builder = SparseBuilder(tmp_path / "terms")
    for start in range(0, len(texts), 37):  # slices of any size
        builder.add(texts[start : start + 37])
    files = builder.finish(tmp_path)
    assert not (tmp_path / "terms").exists()
    folder = tmp_path / SparseStore.FOLDER
    assert sorted(p.name for p in files) == sorted(p.name for p in folder.iterdir())
    reference = bm25s.BM25()
    reference.index([analyze(t) for t in texts], show_progress=False)
    terms = json.loads((folder / "terms.json").read_text())
    first_use = list(dict.fromkeys(t for text in texts for t in analyze(text)))
    assert terms == [*first_use, ""]
    ours = {term: i for i, term in enumerate(terms)}
    data = np.load(folder / "data.csc.index.npy")
    rows = np.load(folder / "indices.csc.index.npy")
    indptr = np.load(folder / "indptr.csc.index.npy")
    theirs = reference.scores
    for term, column in ours.items():
        if not term:
            continue
        mine = slice(indptr[column], indptr[column + 1])
        at = reference.vocab_dict[term]
        them = slice(theirs["indptr"][at], theirs["indptr"][at + 1])
        assert rows[mine].tolist() == theirs["indices"][them].tolist(), term
        assert np.array_equal(data[mine], theirs["data"][them].astype(np.float16)), term
    params = json.loads((folder / "params.index.json").read_text())
    assert params["num_docs"] == len(texts) and params["method"] == reference.method
    assert indptr.dtype == np.int32 and indptr[-1] == theirs["indptr"][-1] == len(data)
    loaded = SparseStore.load(tmp_path, len(texts))
    question = "who plays the detective in the storm"
    expected = reference.get_scores(analyze(question))
    found = loaded.search(question, 5)
    assert [i for i, _ in found] == [int(i) for i in np.argsort(-expected, kind="stable")[:5]]
    assert all(abs(s - expected[i]) < 0.01 for i, s in found)


def test_passages_round_trip_through_their_table(tmp_path) -> None:
    one = Review(id="r1", film="Heat", text="First sentence. Second one here.")
    two = Review(id="r2", film="Heat", text="Only one.")
    passages = [Passage("r1#0", one, 0, 0, 15), Passage("r1#1", one, 1, 16, 32),
                Passage("r2#0", two, 0, 0, 9)]
    meta.save_passages(tmp_path, np.array([(0, 0, 0, 15), (0, 1, 16, 32), (1, 0, 0, 9)]))
    assert meta.read_passages(tmp_path, [one, two]) == tuple(passages)


def imdb_slice_store(tmp_path) -> tuple[list[str], list[str], SparseStore, bm25s.BM25]:
    """The BM25 store of real review passages, the slice's questions, and bm25s's own
    retriever loaded from the same files."""
    rows = [json.loads(line) for line in (ROOT / "tests/data/imdb_slice/corpus.jsonl").open()]
    texts = [r["text"][i : i + 400] for r in rows for i in range(0, len(r["text"]), 300)]
    store = SparseStore.build(texts, tmp_path)
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "tests/data/imdb_slice/questions.jsonl").open()]
    reference = bm25s.BM25.load(str(tmp_path / SparseStore.FOLDER), mmap=True,
                                show_progress=False, load_vocab=False)
    terms = json.loads((tmp_path / SparseStore.FOLDER / "terms.json").read_text())
    reference.vocab_dict = {term: i for i, term in enumerate(terms)}
    return texts, questions, store, reference


def test_questions_rank_exactly_as_bm25s_retrieve_ranks_them(tmp_path) -> None:
    """Below OWN_FROM passages the store picks what bm25s's retrieve picks, in its order, equal
    scores included (fusion keeps the first `candidates`, so which of equal scores make the cut
    decides answers): the same positions and float32 scores on real reviews, open or limited."""
    texts, questions, store, reference = imdb_slice_store(tmp_path)
    allowed = list(range(3, len(texts), 7))
    cut_in_a_tie = 0
    for question in questions + ["film film film", "the movie", "zzzz unknown words"]:
        for limit in (None, allowed):
            mask = None
            if limit is not None:
                mask = np.zeros(len(texts), dtype=np.float32)
                mask[limit] = 1.0
            for k in (5, 50, len(texts)):
                docs, scores = reference.retrieve([analyze(question)], k=k, show_progress=False,
                                                  weight_mask=mask, n_threads=0)
                theirs = [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True)
                          if s > 0]
                assert store.search(question, k, limit) == theirs, (question, k)
                if k < len(texts) and len(theirs) == k:
                    every = reference.get_scores(analyze(question), weight_mask=mask)
                    cut_in_a_tie += int(np.sum(every == theirs[-1][1]) > 1)
    assert cut_in_a_tie >= 5  # equal scores straddle the cut: their order was checked


def test_large_indexes_score_questions_as_bm25s_does(tmp_path) -> None:
    """Past OWN_FROM passages the store scores only what it must: the same passages with the
    same float32 scores as bm25s's retrieve, open or limited to one film's rows, ties by
    position."""
    texts, questions, store, reference = imdb_slice_store(tmp_path)
    allowed = list(range(3, len(texts), 7))
    for question in questions + ["film film film", "zzzz unknown words"]:
        for limit in (None, allowed):
            theirs = store._like_bm25s(analyze(question), len(texts), limit)
            docs, scores = reference.retrieve([analyze(question)], k=len(texts), n_threads=0,
                                              show_progress=False)
            every = dict(zip(docs[0].tolist(), scores[0].tolist(), strict=True))
            assert all(every[d] == s for d, s in theirs if limit is None)
            ours = store._scored(analyze(question), len(texts), limit)
            assert sorted(ours, key=lambda r: (-r[1], r[0])) == ours
            assert sorted(theirs, key=lambda r: (-r[1], r[0])) == ours, question
            assert store._scored(analyze(question), 5, limit) == ours[:5]


@pytest.mark.parametrize("own_from", [3, sparse.OWN_FROM])
def test_an_index_with_its_term_list_loads_without_bm25s(tmp_path, monkeypatch, own_from) -> None:
    texts = ["the heist crew plans a bank job", "a detective hunts the crew", "the score is moody"]
    SparseStore.build(texts, tmp_path)
    monkeypatch.setattr(sparse, "OWN_FROM", own_from)  # 3: scored as a large index is
    monkeypatch.delitem(sys.modules, "bm25s")
    store = SparseStore.load(tmp_path, 3)
    assert "bm25s" not in sys.modules
    assert [d for d, _ in store.search("crew heist", 3)] == [0, 1]
    assert [d for d, _ in store.search("crew", 3, [1, 2])] == [1]
