"""Distributed embedding on Ray Data: the build's costly stage spread over a cluster; the one
module that imports ray (`pip install 'reelqa[ray]'`).

The build reads, chunks and writes as a local build does, on the machine that runs it; only the
sentences it would encode leave it: in blocks of `BLOCK` texts, as a dataset of (row, text)
mapped by `map_batches` over an actor pool whose actors each load the encoder once. The vectors
come back by row into the build's code file. Each text is encoded on its own (onnx.py), and each
actor checks that it runs the very export the build's own encoder runs, so the index is the
local build's, vector for vector; incremental reuse happens before anything is sent.
docs/ray.md tells how to run it on a cluster.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from reelqa.config.errors import ReelqaError
from reelqa.index.store.embedding import Embedder, encoder_identity, load_embedder

BLOCK = 50_000  # texts sent to the cluster at a time: a few MB, seconds to minutes of work
BATCH = 256  # texts an actor encodes per call


class EncodeActor:
    """Holds one encoder on a Ray worker and encodes the batches given to it."""

    def __init__(self, model: str, backend: str, batch_size: int, cache_dir: str | None,
                 identity: dict[str, Any]) -> None:
        # One thread an actor: Ray gives each actor one CPU and runs one actor per CPU.
        self.embedder = load_embedder(model, batch_size, backend,
                                      Path(cache_dir) if cache_dir else None, workers=1)
        have = encoder_identity(self.embedder)
        if have != identity:
            raise ReelqaError(f"a Ray worker's encoder is not the build's ({have} against "
                              f"{identity}): install the same reelqa, model and ONNX Runtime "
                              "on every node")

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.embedder.encode([str(t) for t in batch["text"]])
        return {"row": batch["row"], "vector": vectors}


class RayEncoder:
    """The build's `Encode` on a Ray cluster: texts are gathered into blocks and each block is
    encoded by the actor pool; `flush` sends what is left and waits for every vector."""

    def __init__(self, address: str | None, embedder: Embedder, backend: str, batch_size: int,
                 cache_dir: Path | None, store: Any, progress: Any = None) -> None:
        self._ray = connect(address)
        self._store = store  # a dense.DenseBuilder
        self._progress = progress
        self._spec = {"model": embedder.name, "backend": getattr(embedder, "backend", backend),
                      "batch_size": batch_size, "cache_dir": str(cache_dir) if cache_dir else None,
                      "identity": encoder_identity(embedder)}
        self._rows: list[np.ndarray] = []
        self._texts: list[str] = []
        cpus = int(self._ray.cluster_resources().get("CPU", 1))
        self.actors = max(1, cpus)

    def __call__(self, rows: np.ndarray, texts: list[str]) -> None:
        self._rows.append(np.asarray(rows, dtype=np.int64))
        self._texts.extend(texts)
        if len(self._texts) >= BLOCK:
            self.flush()

    def close(self) -> None:
        """Nothing to free: the cluster's connection is the process's (see `connect`)."""

    def flush(self) -> None:
        """Encode every text given so far on the cluster and store the vectors."""
        if not self._texts:
            return
        rows = np.concatenate(self._rows)
        texts, self._texts, self._rows = self._texts, [], []
        blocks = min(len(texts), max(self.actors, min(len(texts) // BATCH, 4 * self.actors)))
        dataset = self._ray.data.from_items(
            [{"row": int(r), "text": t} for r, t in zip(rows.tolist(), texts, strict=True)],
            override_num_blocks=blocks)
        encoded = dataset.map_batches(EncodeActor, batch_size=BATCH, batch_format="numpy",
                                      fn_constructor_kwargs=self._spec,
                                      concurrency=(1, min(self.actors, blocks)), num_cpus=1)
        for batch in encoded.iter_batches(batch_size=None, batch_format="numpy"):
            self._store.put(batch["row"], np.stack(batch["vector"]).astype(np.float32))
            if self._progress is not None:
                self._progress.update(len(batch["row"]))


def connect(address: str | None) -> Any:
    """The ray module, connected: to `address` (host:port, ray://host:port or "auto"), or with
    None to the cluster RAY_ADDRESS names, or else a new local one on this machine's CPUs. An
    already connected process (a test, a notebook) keeps its connection."""
    try:
        import ray
    except ImportError as exc:
        raise ReelqaError("--ray needs Ray Data: pip install 'reelqa[ray]'") from exc
    if not ray.is_initialized():
        try:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING,
                     include_dashboard=False, configure_logging=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ReelqaError(f"cannot reach the Ray cluster at {address or 'RAY_ADDRESS'}: "
                              f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                              ) from exc
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return ray
