"""ONNX Runtime encoder: the model folder's weights exported once, quantized, cached and run."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from reelqa.config.errors import ReelqaError
from reelqa.index.store.folder import sha256

if TYPE_CHECKING:
    from reelqa.index.store.embedding import EncoderOptions

# Part of the cache key: change it whenever the exported graph or the quantization changes.
RECIPE = "mean-pool-normalize/opset17/qint8-per-channel/1"
# The files whose bytes decide the exported graph.
_KEY_FILES = ("config.json", "model.safetensors", "pytorch_model.bin", "tokenizer.json",
              "sentence_bert_config.json", "modules.json", "1_Pooling/config.json")
# Each text runs through the graph on its own. Dynamic int8 quantization computes one activation
# scale per call over everything in it, so a text batched with others got a vector that moved
# with its company (cosine down to 0.945 on IMDb sentences); alone, its scales are its own and its
# vector is the same bit for bit in every build. Measured on 2,000 IMDb sentences, one thread:
# 12.3 CPU s one text a call against 13.0 s in length-sorted batches of 8,192 padded tokens (no
# padding makes up for the smaller calls). Static quantization (scales calibrated once) was also
# batch-invariant but far from float32: mean cosine 0.940, min 0.775 (dynamic: 0.991, 0.944).
ACTIVATION_SCALES = "per-text"
TASK = 32  # texts a build worker encodes per task


def default_cache_dir() -> Path:
    """Where exports are cached unless REELQA_EMBEDDING_CACHE_DIR says otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reelqa"


def cache_key(model_dir: Path, backend: str) -> str:
    """A content key for one export: the model files' bytes, the backend and the recipe."""
    digest = hashlib.sha256(f"{backend}\0{RECIPE}\0".encode())
    for name in _KEY_FILES:
        path = model_dir / name
        if path.is_file():
            digest.update(name.encode() + b"\0")
            digest.update(sha256(path).encode())
    return digest.hexdigest()[:32]


Exporter = Callable[[Path, Path], None]  # (model folder, target .onnx): one graph, fp32


def load_int8(backend: str, name: str, options: EncoderOptions) -> OnnxEncoder:
    """The onnx-int8 backend's loader: int8 weights, activations quantized text by text."""
    return _load(backend, name, options, quantize=True)


def load_float32(backend: str, name: str, options: EncoderOptions) -> OnnxEncoder:
    """The onnx backend's loader: the exported graph as it is, float32."""
    return _load(backend, name, options, quantize=False)


def _load(backend: str, name: str, options: EncoderOptions, quantize: bool) -> OnnxEncoder:
    from reelqa.index.store.embedding import export_onnx, model_folder

    return OnnxEncoder(name, model_folder(name), backend, options.cache_dir or default_cache_dir(),
                       export_onnx, options.query_threads, options.workers, quantize=quantize)


def exported_model(model_dir: Path, backend: str, cache_dir: Path, export: Exporter,
                   quantize: bool = False) -> Path:
    """The cached ONNX file for `backend`, made with `export` (and quantized to int8 if
    `quantize`) on first use."""
    folder = cache_dir / cache_key(model_dir, backend)
    target = folder / "model.onnx"
    if target.is_file():
        return target
    _check_pooling(model_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".export-") as work:
            fp32 = Path(work) / "model-fp32.onnx"
            export(model_dir, fp32)
            made = fp32
            if quantize:
                made = Path(work) / "model-int8.onnx"
                _quantize(fp32, made)
            os.replace(made, target)  # atomic: a concurrent reader sees no half-written file
    except OSError as exc:
        raise ReelqaError(
            f"cannot write the ONNX export of the embedding model to {cache_dir} "
            f"({exc.strerror or type(exc).__name__}); set REELQA_EMBEDDING_CACHE_DIR to a "
            "writable folder or REELQA_EMBEDDING_BACKEND=torch"
        ) from exc
    return target


class OnnxEncoder:
    """Sentence embeddings from an exported model on ONNX Runtime, L2-normalised float32.

    Every text is run on its own (see ACTIVATION_SCALES), so its vector does not depend on the
    other texts encoded with it. Single questions run on a session with `query_threads`
    intra-op threads, so a question's latency holds when another process keeps a core busy;
    many texts (index builds) run one per call on `workers` threads sharing a one-thread
    session, created on first use. Both sessions give the same vector for the same text.
    """

    def __init__(self, name: str, model_dir: Path, backend: str, cache_dir: Path,
                 export: Exporter, query_threads: int = 1, workers: int | None = None,
                 quantize: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = name
        self.backend = backend
        self.path = exported_model(model_dir, backend, cache_dir, export, quantize)
        self.onnx_sha256 = sha256(self.path)
        self.activation_scales = ACTIVATION_SCALES if quantize else None
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._ort = ort
        self._query = self._session(query_threads)
        self._local = threading.local()  # each build worker thread's own one-thread session
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(_max_length(model_dir))
        self.dimension = int(self._run(self._query, "dimension").shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per text, in order; longer inputs are cut at the model's limit."""
        if len(texts) <= 2:
            found = [self._run(self._query, t) for t in texts]
            return np.vstack(found) if found else np.zeros((0, self.dimension), np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        # Each worker thread runs its own one-thread session (made once, kept), on runs of
        # TASK texts: one session shared by the threads, a task a text, cost ~10% more CPU.
        with ThreadPoolExecutor(self.workers) as pool:  # ONNX Runtime runs outside the GIL
            runs = pool.map(self._encode_run, [ids[i : i + TASK] for i in range(0, len(ids),
                                                                                TASK)])
            return np.vstack([row for run in runs for row in run])

    def _encode_run(self, run: list[list[int]]) -> list[np.ndarray]:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._session(1)
        return [self._call(session, ids) for ids in run]

    def _run(self, session: Any, text: str) -> np.ndarray:
        return self._call(session, self._tokenizer.encode(text).ids)

    @staticmethod
    def _call(session: Any, ids: list[int]) -> np.ndarray:
        """The vector of one tokenized text: a batch of one, so no padding and no company."""
        input_ids = np.asarray([ids], dtype=np.int64)
        (vectors,) = session.run(None, {"input_ids": input_ids,
                                        "attention_mask": np.ones_like(input_ids)})
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _session(self, threads: int) -> Any:
        options = self._ort.SessionOptions()
        options.intra_op_num_threads = threads  # 0: ONNX Runtime picks (one per core)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        return self._ort.InferenceSession(str(self.path), options,
                                          providers=["CPUExecutionProvider"])


def _max_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text()).get("max_seq_length") or 256)
    return 256


def _check_pooling(model_dir: Path) -> None:
    """The exported graph mean-pools and normalises; refuse models that do otherwise."""
    pooling = model_dir / "1_Pooling" / "config.json"
    modules = model_dir / "modules.json"
    ok = pooling.is_file() and modules.is_file()
    if ok:
        config = json.loads(pooling.read_text())
        kinds = [m.get("type", "") for m in json.loads(modules.read_text())]
        ok = bool(config.get("pooling_mode_mean_tokens")) and not any(
            config.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                    "pooling_mode_mean_sqrt_len_tokens"))
        ok = ok and kinds[-1].endswith("Normalize") and len(kinds) == 3
    if not ok:
        raise ReelqaError(
            f"the ONNX backend handles mean-pooled, normalised sentence models; {model_dir} is "
            "not one: set REELQA_EMBEDDING_BACKEND=torch"
        )


def _quantize(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the weights, one scale per output channel."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its "consider pre-processing" hint is noise
    try:
        quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
