"""Reviews read on demand: loading an index and starting the engine read no review text; a
question reads the few reviews it cites; what is read equals what was written."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pytest
from reelqa.config.errors import IndexMismatchError
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.store import reuse
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder
from reelqa.index.store.reviewfile import (
    DICTIONARY,
    KEYS,
    OFFSETS,
    PLAIN,
    RECORDS,
    SHIPPED,
    ReviewFile,
    StoredReview,
    compress_record,
    record_line,
)
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
    for name in ("reviews.records", "reviews.zdict", "reviews.offsets.npy", "reviews.keys.json"):
        (copy / name).write_bytes((version / name).read_bytes())
    offsets = np.load(copy / "reviews.offsets.npy")
    data = bytearray((copy / "reviews.records").read_bytes())
    data[offsets[2] : offsets[3]] = b"\xff" * int(offsets[3] - offsets[2])  # same length, no review
    (copy / "reviews.records").write_bytes(bytes(data))
    stored = ReviewFile(copy).reviews
    assert stored[1].text and stored[2].film  # the keys are read, the record is not
    with pytest.raises(IndexMismatchError, match=r"record 3 of reviews.records is no review"):
        _ = stored[2].text


def test_records_are_compressed_against_the_dictionary_and_plain_lines_still_read(
        index, tmp_path) -> None:
    version = resolve(index)
    records = list(ReviewFile(version).records())
    plain = [record_line(r) for r in records]
    stored = (version / RECORDS).stat().st_size
    assert (version / DICTIONARY).read_bytes() == SHIPPED.read_bytes()
    assert stored < 0.5 * sum(map(len, plain))  # 150 IMDb reviews: 0.45 of their lines
    assert stored < sum(len(compress_record(line, None)) for line in plain)  # the dictionary helps
    # an index of format 4 keeps plain lines: read the same, and by the reuse of a rebuild
    old = tmp_path / "old"
    old.mkdir()
    (old / PLAIN).write_bytes(b"".join(plain))
    np.save(old / OFFSETS, np.cumsum([0, *map(len, plain)]).astype(np.int64))
    (old / KEYS).write_bytes((version / KEYS).read_bytes())
    assert list(ReviewFile(old).records()) == records
    assert [r["text"] for r in reuse._records(old)] == [r["text"] for r in records]
