"""Shared fixtures: the real bundled model and a real index over the shipped corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import SentenceTransformerEmbedder
from reelqa.index.store.folder import load_index

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
EVAL_FILE = SHARED / "eval" / "starlight.jsonl"


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    return SentenceTransformerEmbedder(BUNDLED_MODEL)


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
