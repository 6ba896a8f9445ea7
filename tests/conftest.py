"""Shared fixtures: real indexes over the shipped corpus, with the stand-in or the real model.

Only tests marked `integration` load the real bundled model (`real_embedder`); the rest build
and query real indexes on disk with the deterministic `reelqa/hashing` embedder, chosen the way
a user chooses a model: by its name in the settings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import SentenceTransformerEmbedder, load_embedder
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder
from reelqa.index.store.onnx import OnnxEncoder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EVAL_FILE = ROOT / "tests" / "data" / "eval" / "starlight.jsonl"  # the shipped film's questions
SLICE = ROOT / "tests" / "data" / "imdb_slice" / "corpus.jsonl"  # 150 IMDb reviews, 12 films


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The films of tests/data/films and the shipped film, copied so a test may change them."""
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "films", folder)
    shutil.copy(ROOT / "corpus" / "lost-in-starlight-distant-love.md", folder)
    return folder


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    return SentenceTransformerEmbedder(BUNDLED_MODEL)


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory) -> Path:
    """One ONNX export cache for the run: the bundled model is exported at most once."""
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="session")
def int8_encoder(onnx_cache) -> OnnxEncoder:
    """The default encoder (the bundled model on ONNX Runtime, int8), exported once."""
    encoder = load_embedder(BUNDLED_MODEL, backend="onnx-int8", cache_dir=onnx_cache)
    assert isinstance(encoder, OnnxEncoder)
    return encoder


@pytest.fixture(scope="session")
def starlight_index_dir(tmp_path_factory, real_embedder) -> Path:
    """A real index (FAISS + BM25 on disk) built from the shipped corpus with the real model."""
    folder = tmp_path_factory.mktemp("starlight") / "index"
    build_index(
        IndexSettings(corpus_dirs=(CORPUS,), index_dir=folder,
                      embedding_model=BUNDLED_MODEL, batch_size=32),
        embedder=real_embedder,
    )
    return folder


@pytest.fixture(scope="session")
def starlight_engine(real_embedder, starlight_index_dir) -> Engine:
    """The engine over the shipped corpus, with default retrieval settings."""
    return Engine(real_embedder, load_index(starlight_index_dir, BUNDLED_MODEL),
                  RetrievalSettings(), top_k=5)


@pytest.fixture(scope="session")
def hashing_index_dir(tmp_path_factory) -> Path:
    """A real index of the shipped corpus built with the `reelqa/hashing` stand-in embedder."""
    folder = tmp_path_factory.mktemp("starlight-hashing") / "index"
    build_index(
        IndexSettings(corpus_dirs=(CORPUS,), index_dir=folder,
                      embedding_model=HASHING_MODEL, batch_size=32),
    )
    return folder


@pytest.fixture(scope="session")
def hashing_engine(hashing_index_dir) -> Engine:
    """The engine over `hashing_index_dir`, with default retrieval settings."""
    return Engine(HashingEmbedder(), load_index(hashing_index_dir, HASHING_MODEL),
                  RetrievalSettings(), top_k=5)


@pytest.fixture(scope="session")
def slice_engine(tmp_path_factory) -> Engine:
    """An engine over the IMDb slice (150 real user reviews of 12 films), stand-in embedder."""
    folder = tmp_path_factory.mktemp("imdb-slice") / "index"
    build_index(IndexSettings(corpus_dirs=(SLICE,), index_dir=folder,
                              embedding_model=HASHING_MODEL, batch_size=32))
    return Engine(HashingEmbedder(), load_index(folder, HASHING_MODEL), RetrievalSettings())
