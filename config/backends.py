"""The embedding backends, by the name REELQA_EMBEDDING_BACKEND gives them: the one list.

The settings accept exactly these names, and `reelqa.index.store.embedding.load_embedder`
imports a backend's module only when it is chosen (each wraps a heavy library: torch, ONNX
Runtime). To add a backend: write its module under index/store/ with a loader
`load(backend: str, model: str, options: EncoderOptions) -> Embedder` (see
`reelqa.index.store.embedding`), and add one line to BACKENDS naming the loader.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backend:
    """A way to run the embedding model: where its loader is, and one line on what it is."""

    loader: str  # "module:function", imported when the backend is chosen
    summary: str


BACKENDS: dict[str, Backend] = {
    "onnx-int8": Backend("reelqa.index.store.onnx:load_int8",
                         "ONNX Runtime, int8 weights, each text quantized on its own (default)"),
    "onnx": Backend("reelqa.index.store.onnx:load_float32", "ONNX Runtime, float32"),
    "torch": Backend("reelqa.index.store.embedding:load_torch",
                     "sentence-transformers on torch, float32"),
}
# int8 ONNX is the fastest within 1% of torch's figures (docs/performance.md).
DEFAULT_BACKEND = "onnx-int8"
