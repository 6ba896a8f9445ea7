"""Index building, loading and hybrid retrieval on a small multi-film corpus (fake embedder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.config.errors import CorpusError, IndexMismatchError, IndexMissingError, ReelqaError
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.ingest.chunking import chunk_review
from reelqa.index.records import FilmInfo
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder
from reelqa.index.store.versions import resolve

FILMS = Path(__file__).parent / "data" / "films"


def build(corpus: Path, folder: Path, embedder=None, **kwargs):
    settings = IndexSettings(corpus_dirs=(corpus,), index_dir=folder,
                             embedding_model=HASHING_MODEL, batch_size=8)
    return build_index(settings, embedder=embedder or HashingEmbedder(), **kwargs)


@pytest.fixture(scope="module")
def films_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("films") / "index"
    build(FILMS, folder)
    return folder


def engine_for(folder: Path, **retrieval) -> Engine:
    return Engine(HashingEmbedder(), load_index(folder, HASHING_MODEL),
                  RetrievalSettings(**retrieval), top_k=5)


def loaded_owners(folder):
    return load_index(folder, HASHING_MODEL).sentence_owners


def test_build_writes_plain_files_and_a_verified_manifest(tmp_path) -> None:
    report = build(FILMS, tmp_path / "idx")
    assert (report.reviews, report.films) == (4, 3)
    folder = resolve(tmp_path / "idx")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == 6
    assert manifest["model"] == {"name": HASHING_MODEL, "dimension": 64}
    assert manifest["dense"] == {"kind": "sq4", "count": len(loaded_owners(folder))}
    assert manifest["counts"] == {"reviews": 4, "passages": report.passages, "films": 3,
                                  "credits": 15, "claims": 15, "encoded": 29, "reused": 0}
    assert len(manifest["corpus_fingerprint"]) == 64
    assert set(manifest["files"]) == {
        "vectors.faiss", "reviews.records", "reviews.zdict", "reviews.offsets.npy",
        "reviews.keys.json",
        "passages.npy", "sentences.npy",
        "bm25/data.csc.index.npy",
        "bm25/indices.csc.index.npy", "bm25/indptr.csc.index.npy", "bm25/params.index.json",
        "bm25/terms.json", "credits.jsonl", "claims.jsonl.gz", "patterns.json", "judge-shares.npy",
        "judge-polarity.npy", "judge-story.npy", "judge-aspects.npy", "judge-genres.json",
        "judge-origins.json",
    }
    assert not list(folder.rglob("*.pkl")) and not list(folder.rglob("*.pickle"))
    loaded = load_index(folder, HASHING_MODEL)
    # the passages read back from passages.npy are the ones chunking made, offsets and all
    reviews = {p.review.id: p.review for p in loaded.passages}
    made = [(p.id, p.start, p.end, p.text) for r in reviews.values() for p in chunk_review(r)]
    assert [(p.id, p.start, p.end, p.text) for p in loaded.passages] == made
    assert len(made) == report.passages


def test_film_filter_by_title_any_case_or_film_id(films_index) -> None:
    engine = engine_for(films_index)
    for name in ("alien", "ALIEN", "Alien (1979)", "alien-1979"):
        hits = engine.search("who directs the film?", film=name)
        assert {h.passage.review.film for h in hits} == {"Alien"}, name
    with pytest.raises(ReelqaError, match="no film called 'Jaws'"):
        engine.search("who directs?", film="Jaws")


def test_per_review_cap_lets_several_critics_be_heard(films_index) -> None:
    question = "Pacino De Niro heist bank robbery Mann score"
    capped = engine_for(films_index).search(question, film="Heat")
    per_review = [h.passage.review.id for h in capped]
    assert max(per_review.count(r) for r in set(per_review)) <= 2
    assert set(per_review) == {"heat-ebert", "heat-blog"}
    uncapped = engine_for(films_index, per_review=0).search(question, film="Heat", top_k=5)
    assert [h.passage.review.id for h in uncapped].count("heat-ebert") >= 3


def test_ranks_scores_and_top_k(films_index) -> None:
    hits = engine_for(films_index).search("Amy Adams linguist", top_k=2)
    assert [h.rank for h in hits] == [1, 2]
    assert hits[0].passage.review.id == "arrival-post"
    assert hits[0].score >= hits[1].score


def test_films_counts(films_index) -> None:
    films = engine_for(films_index).films()
    heat_passages = sum(1 for p in load_index(films_index, HASHING_MODEL).passages
                        if p.review.film == "Heat")
    # how each review leans: judged from its text (no review of these films is rated)
    assert films == [FilmInfo("Alien", 1979, 1, 1, (("positive", 1),)),
                     FilmInfo("Arrival", 2016, 1, 1, (("mixed", 1),)),
                     FilmInfo("Heat", 1995, 2, heat_passages, (("positive", 2),))]


def test_failed_build_keeps_the_previous_index(tmp_path, films_index) -> None:
    folder = tmp_path / "idx"
    build(FILMS, folder)
    before = (resolve(folder) / "manifest.json").read_text()

    class Exploding(HashingEmbedder):
        def encode(self, texts):
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-build

    with pytest.raises(KeyboardInterrupt):
        build(FILMS, folder, embedder=Exploding(), rebuild=True)
    assert (resolve(folder) / "manifest.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["idx"]
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "CURRENT", resolve(folder).name]
    load_index(folder, HASHING_MODEL)


def test_empty_corpus_and_strict_mode(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no reviews found"):
        build(tmp_path / "empty", tmp_path / "idx")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "r.jsonl").write_text('{"film": "A", "text": "fine"}\n{"film": "B"}\n')
    with pytest.raises(CorpusError, match=r"1 bad record.*\n.*r.jsonl:2: missing required field 'text'"):
        build(bad, tmp_path / "idx", strict=True)
    with pytest.raises(IndexMissingError):  # nothing was published
        load_index(tmp_path / "idx", HASHING_MODEL)
    report = build(bad, tmp_path / "idx")
    assert report.reviews == 1 and [p.where.endswith("r.jsonl:2") for p in report.problems] == [True]


def test_loading_refuses_missing_mismatched_or_damaged_indexes(tmp_path) -> None:
    with pytest.raises(IndexMissingError, match=f"no index at {tmp_path}; run `reelqa index build`"):
        load_index(tmp_path, HASHING_MODEL)
    folder = tmp_path / "idx"
    build(FILMS, folder)
    with pytest.raises(IndexMismatchError, match="built with embedding model 'reelqa/hashing'"):
        load_index(folder, "sentence-transformers/all-MiniLM-L6-v2")
    with pytest.raises(IndexMismatchError, match="64-dimensional"):
        Engine(HashingEmbedder(dimension=32), load_index(folder, HASHING_MODEL), RetrievalSettings())
    with (resolve(folder) / "reviews.records").open("ab") as handle:
        handle.write(b"\n")
    with pytest.raises(IndexMismatchError, match="damaged"):
        load_index(folder, HASHING_MODEL)
