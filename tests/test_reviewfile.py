"""Reviews read on demand: loading an index and starting the engine read no review text; a
question reads the few reviews it cites; what is read equals what was written."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from reelqa.config.errors import IndexMismatchError
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder
from reelqa.index.store.reviewfile import ReviewFile, StoredReview
from reelqa.index.store.versions import resolve

from tests.conftest import ROOT

SLICE = ROOT / "tests/data/imdb_slice/corpus.jsonl"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lazy") / "index"
    build_index(IndexSettings((SLICE,), folder, HASHING_MODEL, 32))
    return folder


def read(reviews) -> int:
    return sum(r.__dict__["_record"] is not None for r in reviews)


def test_start_up_reads_no_review_text_and_a_question_reads_few(index) -> None:
    loaded = load_index(index, HASHING_MODEL)
    reviews = list({p.review.id: p.review for p in loaded.passages}.values())
    assert len(reviews) == 150 and all(isinstance(r, StoredReview) for r in reviews)
    engine = Engine(HashingEmbedder(), loaded, RetrievalSettings())
    assert engine.films() and read(reviews) == 0  # films, catalog, groupings: no text
    answer = engine.ask("Who played Andy Hanson?")
    assert answer.hits and 0 < read(reviews) <= 40


def test_what_is_read_is_what_was_written(index) -> None:
    written = {r.id: r for r in load_corpus([SLICE]).reviews}
    stored = ReviewFile(resolve(index)).reviews
    assert [r.id for r in stored] == list(written)
    for review in stored[::7]:
        original = written[review.id]
        assert asdict(review) == asdict(original) and review == original
        assert hash(review) == hash(review.id)


def test_a_damaged_line_is_named_when_it_is_read(index, tmp_path) -> None:
    version = resolve(index)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("reviews.jsonl", "reviews.offsets.npy", "reviews.keys.json"):
        (copy / name).write_bytes((version / name).read_bytes())
    lines = (copy / "reviews.jsonl").read_bytes().split(b"\n")
    lines[2] = json.dumps(["x" * (len(lines[2]) - 4)]).encode()  # same length, no review
    (copy / "reviews.jsonl").write_bytes(b"\n".join(lines))
    stored = ReviewFile(copy).reviews
    assert stored[1].text and stored[2].film  # the keys are read, the line is not
    with pytest.raises(IndexMismatchError, match=r"line 3 of reviews.jsonl is no review"):
        _ = stored[2].text
