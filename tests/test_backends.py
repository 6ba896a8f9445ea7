"""The embedding backend registry: one line in config.backends makes a backend that the
settings accept, that `load_embedder` loads, and that an index built with it records."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from reelqa.config import backends
from reelqa.config.backends import BACKENDS, Backend
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import BUNDLED_MODEL, load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import EncoderOptions, load_embedder
from reelqa.index.store.folder import read_manifest
from reelqa.index.store.hashing import HashingEmbedder

from tests.conftest import CORPUS

LOADED: list[tuple[str, str, EncoderOptions]] = []


class Reversed(HashingEmbedder):
    """A backend of its own: hashed terms of the reversed text (so its vectors are its own)."""

    backend = "reversed"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return super().encode([t[::-1] for t in texts])


def load_reversed(backend: str, name: str, options: EncoderOptions) -> Reversed:
    """The loader the registry names: records what it was given."""
    LOADED.append((backend, name, options))
    embedder = Reversed(name=name)
    embedder.backend = backend
    return embedder


@pytest.fixture
def registered(monkeypatch):
    """The test backend, added the way a new one is: one line in BACKENDS."""
    monkeypatch.setitem(BACKENDS, "reversed", Backend("tests.test_backends:load_reversed",
                                                      "hashed terms of the reversed text"))
    LOADED.clear()


def test_the_settings_accept_exactly_the_registered_backends(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in BACKENDS:
        assert load_settings(embedding_backend=name).index_settings().backend == name
    with pytest.raises(ReelqaError) as caught:
        load_settings(embedding_backend="reversed")
    assert str(caught.value) == ("invalid setting REELQA_EMBEDDING_BACKEND: Value error, must be "
                                 "one of onnx-int8, onnx, torch")
    assert backends.DEFAULT_BACKEND in BACKENDS


def test_one_registration_line_makes_a_backend(registered, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(embedding_backend="reversed", index_dir=tmp_path / "index",
                             corpus_dir=CORPUS, query_threads=3)
    assert settings.embedding_backend == "reversed"
    report = build_index(settings.index_settings())
    assert LOADED[0][:2] == ("reversed", BUNDLED_MODEL)
    assert (LOADED[0][2].query_threads, LOADED[0][2].batch_size) == (3, 64)
    assert report.encoded > 0
    model = read_manifest(tmp_path / "index")["model"]
    assert (model["name"], model["backend"], model["dimension"]) == (BUNDLED_MODEL, "reversed", 64)
    engine = open_engine(settings)  # loads the backend again, and checks the index's
    assert isinstance(engine.retriever.embedder, Reversed) and len(LOADED) == 2
    assert engine.ask("who voices Jay?").hits


def test_an_unknown_backend_is_named(registered) -> None:
    with pytest.raises(ReelqaError) as caught:
        load_embedder(BUNDLED_MODEL, backend="gpu")
    assert str(caught.value) == ("unknown embedding backend 'gpu'; choose one of onnx-int8, "
                                 "onnx, torch, reversed")
