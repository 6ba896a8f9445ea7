"""The encoder works beside the build: BM25, the credits and the text judgements are written
while vectors are still being made; at most two slices wait for theirs; an encoder failure stops
the build as any other failure does."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import IndexSettings
from reelqa.index.store import build as build_module
from reelqa.index.store import writer as writer_module
from reelqa.index.store.build import LocalEncoder, build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder


def settings(corpus: Path, index: Path) -> IndexSettings:
    return IndexSettings((corpus,), index, HASHING_MODEL, 8)


class Gated(HashingEmbedder):
    """The stand-in embedder whose last call waits for `gate` (at most `patience` seconds) and
    notes whether it opened: the build must open it while the encoder still works."""

    def __init__(self, calls: int, gate: threading.Event, patience: float = 30.0) -> None:
        super().__init__()
        self.calls, self.gate, self.patience = calls, gate, patience
        self.opened: bool | None = None
        self.threads: set[str] = set()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.threads.add(threading.current_thread().name)
        self.calls -= 1
        if self.calls == 0:
            self.opened = self.gate.wait(self.patience)
        return super().encode(texts)


def test_credits_and_text_judgements_are_written_while_the_encoder_works(
        corpus, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "SLICE", 2)  # the 6 reviews in 3 slices
    gate = threading.Event()
    judge_texts = writer_module.judge_texts

    def judged(*args, **kwargs):
        found = judge_texts(*args, **kwargs)
        gate.set()  # the text judgements come after the credits
        return found

    monkeypatch.setattr(writer_module, "judge_texts", judged)
    embedder = Gated(calls=3, gate=gate)
    report = build_index(settings(corpus, tmp_path / "index"), embedder=embedder)
    assert embedder.opened is True  # with the encoder's wait first, it would wait in vain
    assert embedder.threads == {"reelqa-encode_0"}  # never on the build's own thread
    # and the index is the one the encoder's vectors make, whatever the order of the work
    plain = build_index(settings(corpus, tmp_path / "plain"), embedder=HashingEmbedder())
    ours, theirs = (load_index(r.folder, HASHING_MODEL) for r in (report, plain))
    assert report.passages == plain.passages and report.encoded == plain.encoded > 0
    assert np.array_equal(ours.dense.vectors(), theirs.dense.vectors())
    assert np.array_equal(ours.judgements.polarity, theirs.judgements.polarity)
    assert np.array_equal(ours.judgements.story, theirs.judgements.story)


def test_at_most_two_slices_wait_for_their_vectors(tmp_path) -> None:
    gate = threading.Event()
    stored: list[np.ndarray] = []

    class Blocked(HashingEmbedder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            gate.wait(30)
            return super().encode(texts)

    class Dense:
        def put(self, rows: np.ndarray, vectors: np.ndarray) -> None:
            stored.append(rows)

    class Writer:
        dense = Dense()

    class Bar:
        def update(self, n: int) -> None:
            pass

    encode = LocalEncoder(Blocked(), Writer(), Bar())  # type: ignore[arg-type]
    try:
        encode(np.array([0, 1]), ["one", "two"])
        encode(np.array([2]), ["three"])  # two waiting: both calls returned at once
        third = threading.Thread(target=encode, args=(np.array([3]), ["four"]))
        third.start()
        third.join(0.5)
        assert third.is_alive() and stored == []  # the third waits for the first's vectors
        gate.set()
        third.join(30)
        encode.flush()
        assert [r.tolist() for r in stored] == [[0, 1], [2], [3]]
    finally:
        gate.set()
        encode.close()


def test_an_encoder_failure_stops_the_build_and_leaves_nothing(corpus, tmp_path,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(build_module, "SLICE", 2)

    class Failing(HashingEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.calls = 0

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            self.calls += 1
            if self.calls == 2:
                raise ReelqaError("the encoder gave up")
            return super().encode(texts)

    target = tmp_path / "index"
    with pytest.raises(ReelqaError, match="the encoder gave up"):
        build_index(settings(corpus, target), embedder=Failing())
    assert not target.exists()
    assert not [t for t in threading.enumerate() if t.name.startswith("reelqa-encode")]
