"""The dense store: the one module that imports faiss (inner-product search over sentence vectors).

Vectors are stored 4-bit scalar-quantized (192 bytes for 384 dimensions instead of 1,536);
past `IVF_FROM` vectors they sit in an inverted-file index searched approximately, while a
search limited to some rows (one film's) stays exact. docs/performance.md has the figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

KINDS = ("flat", "sq8", "sq4", "ivf-sq4")
IVF_FROM = 60_000  # vectors; below it an exhaustive scan of 4-bit codes takes about 2-3 ms
NPROBE_SHARE = 0.4  # share of lists an open search visits: recall@10 0.982 at 40k (questions)
_QTYPES = {"sq8": faiss.ScalarQuantizer.QT_8bit, "sq4": faiss.ScalarQuantizer.QT_4bit_uniform}
# The 4-bit codes span a fixed range, +-3 standard deviations of a unit vector's component
# (1 / sqrt(d)), rather than one learned from the corpus: coding is then the same in every
# build, so a vector reused by an incremental build keeps its code exactly, and the index equals
# a full rebuild's. Measured on the IMDb dev vectors (real questions, recall@10 of float32
# search): fixed +-3/sqrt(d) 0.924, learned per-dimension ranges 0.908, +-2/sqrt(d) 0.895.
SQ4_SPREAD = 3.0


def default_kind(size: int) -> str:
    """The storage for `size` vectors: exact 4-bit codes, or an inverted file past IVF_FROM."""
    return "ivf-sq4" if size >= IVF_FROM else "sq4"


class DenseStore:
    """Inner-product FAISS search over normalised vectors (so scores are cosines)."""

    FILENAME = "vectors.faiss"

    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        self._ivf = faiss.try_extract_index_ivf(index) if _is_ivf(index) else None

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str | None = None) -> DenseStore:
        """A store over `vectors` (rows are positions), as `kind` or the default for its size."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, d = vectors.shape
        kind = kind or default_kind(n)
        if kind == "flat":
            index: faiss.Index = faiss.IndexFlatIP(d)
        elif kind == "sq4":
            index = faiss.IndexScalarQuantizer(d, _QTYPES[kind], faiss.METRIC_INNER_PRODUCT)
            span = SQ4_SPREAD / math.sqrt(d)
            faiss.copy_array_to_vector(np.array([-span, 2 * span], dtype=np.float32),
                                       index.sq.trained)  # uniform coding: [min, width]
            index.is_trained = True
        elif kind in _QTYPES:
            index = faiss.IndexScalarQuantizer(d, _QTYPES[kind], faiss.METRIC_INNER_PRODUCT)
        elif kind == "ivf-sq4":
            nlist = max(1, int(math.sqrt(n)))
            quantizer = faiss.IndexFlatIP(d)
            index = faiss.IndexIVFScalarQuantizer(quantizer, d, nlist,
                                                  faiss.ScalarQuantizer.QT_4bit,
                                                  faiss.METRIC_INNER_PRODUCT)
            index.nprobe = max(1, math.ceil(nlist * NPROBE_SHARE))
        else:
            raise ValueError(f"unknown dense index kind {kind!r}; choose one of {KINDS}")
        if not index.is_trained and n:
            index.train(_sample(vectors, 64 * getattr(index, "nlist", 1024)))
        index.add(vectors)
        return cls(index)

    @classmethod
    def load(cls, folder: Path) -> DenseStore:
        return cls(faiss.read_index(str(folder / cls.FILENAME)))

    def save(self, folder: Path) -> list[Path]:
        path = folder / self.FILENAME
        faiss.write_index(self._index, str(path))
        return [path]

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    @property
    def kind(self) -> str:
        """How the vectors are stored and searched: one of KINDS."""
        if self._ivf is not None:
            return "ivf-sq4"
        if isinstance(self._index, faiss.IndexScalarQuantizer):
            return "sq8" if self._index.sq.qtype == _QTYPES["sq8"] else "sq4"
        return "flat"

    def vectors(self, rows: Sequence[int] | None = None) -> np.ndarray:
        """The stored vectors (as decoded from their codes), all or the given rows, float32."""
        if self._ivf is not None and not self._ivf.direct_map.type:
            self._ivf.make_direct_map()
        if rows is None:
            return self._index.reconstruct_n(0, self.size)
        return np.vstack([self._index.reconstruct(int(r)) for r in rows]) if len(rows) else \
            np.zeros((0, self.dimension), dtype=np.float32)

    def search(
        self, vector: np.ndarray, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """The k nearest positions with their scores, best first, limited to `allowed` if given.

        A search limited to `allowed` is exact whatever the kind: every list is visited.
        """
        if self.size == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return []
        selector = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        # SWIG takes keyword arguments that the type stubs do not know of.
        params: faiss.SearchParameters | None
        if self._ivf is not None:
            nprobe = self._ivf.nlist if selector is not None else self._ivf.nprobe
            params = faiss.SearchParametersIVF(sel=selector, nprobe=nprobe)  # type: ignore[call-arg]
        else:
            params = faiss.SearchParameters(sel=selector) if selector else None  # type: ignore[call-arg]
        query = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
        # One query is faster on one thread (measured: 6.8 ms vs 12 ms over 70k vectors with
        # torch sharing the cores). OpenMP's thread count belongs to the calling thread, and
        # the bot asks from worker threads, so it is set here rather than once at load.
        faiss.omp_set_num_threads(1)
        scores, ids = self._index.search(query, min(k, self.size), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def _is_ivf(index: faiss.Index) -> bool:
    return isinstance(index, faiss.IndexIVF)


def _sample(vectors: np.ndarray, most: int) -> np.ndarray:
    """At most `most` rows, spread evenly: enough to train lists or quantizer ranges."""
    if len(vectors) <= most:
        return vectors
    step = len(vectors) / most
    return vectors[(np.arange(most) * step).astype(np.int64)]
