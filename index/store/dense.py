"""The dense store: the one module that imports faiss (inner-product search over sentence vectors).

Every vector is kept as its 4-bit code over a fixed range (`codec`): 192 bytes for 384
dimensions instead of 1,536, and a pure function of the vector, so a vector reused by an
incremental build keeps its code exactly and the index equals a full rebuild's. Past `IVF_FROM`
vectors the codes sit in an inverted file searched approximately, while a search limited to
some rows (one film's) stays exact. docs/performance.md has the figures.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

KINDS = ("flat", "sq8", "sq4", "ivf-sq4")
IVF_FROM = 60_000  # vectors; below it an exhaustive scan of 4-bit codes takes about 2-3 ms
NPROBE_SHARE = 0.4  # share of lists an open search visits: recall@10 0.982 at 40k (questions)
TRAIN_PER_LIST = 64  # vectors the inverted file's lists are trained on, per list
ADD_SLICE = 65_536  # vectors decoded and added at a time
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


def codec(dimension: int) -> faiss.ScalarQuantizer:
    """The 4-bit coder of every sq4 and ivf-sq4 index: uniform over the fixed range."""
    sq = faiss.ScalarQuantizer(dimension, faiss.ScalarQuantizer.QT_4bit_uniform)
    _fix_range(sq)
    return sq


def _fix_range(sq: faiss.ScalarQuantizer) -> None:
    span = SQ4_SPREAD / math.sqrt(sq.d)
    faiss.copy_array_to_vector(np.array([-span, 2 * span], dtype=np.float32),
                               sq.trained)  # uniform coding: [min, width]


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
        if kind in ("sq4", "ivf-sq4"):
            sq = codec(d)
            return cls(_coded_index(kind, d, n, lambda a, b: sq.compute_codes(vectors[a:b])))
        if kind == "flat":
            index: faiss.Index = faiss.IndexFlatIP(d)
        elif kind in _QTYPES:
            index = faiss.IndexScalarQuantizer(d, _QTYPES[kind], faiss.METRIC_INNER_PRODUCT)
            index.train(_sample(vectors, 64 * 1024))
        else:
            raise ValueError(f"unknown dense index kind {kind!r}; choose one of {KINDS}")
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

    def codes(self, rows: np.ndarray) -> np.ndarray:
        """The 4-bit codes (`codec`) of the given rows, as an incremental build reuses them."""
        if isinstance(self._index, faiss.IndexScalarQuantizer) and self.kind == "sq4":
            width = self._index.code_size
            every = faiss.rev_swig_ptr(self._index.codes.data(), self.size * width)
            return every.reshape(self.size, width)[np.asarray(rows, dtype=np.int64)]
        return codec(self.dimension).compute_codes(self.vectors(np.asarray(rows).tolist()))

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


class DenseBuilder:
    """The vectors of a build, given in slices (in any row order), kept as their 4-bit codes in
    a scratch file; `finish` writes the index. Memory: one slice, then the index itself."""

    def __init__(self, scratch: Path, dimension: int) -> None:
        self.dimension = dimension
        self._sq = codec(dimension)
        self._width = int(self._sq.code_size)
        self._scratch = scratch
        self._fd = os.open(scratch, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        self._filled = 0
        self.size = 0  # one past the highest row written

    def put(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        """Store the vectors of `rows` (float32, one a row)."""
        self.put_codes(rows, self._sq.compute_codes(np.ascontiguousarray(vectors, np.float32)))

    def put_codes(self, rows: np.ndarray, codes: np.ndarray) -> None:
        """Store the codes of `rows` as they are (reused from another index)."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        order = np.argsort(rows, kind="stable")
        rows, codes = rows[order], np.ascontiguousarray(codes[order], dtype=np.uint8)
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1  # runs of consecutive rows: one write
        for run_rows, run in zip(np.split(rows, breaks), np.split(codes, breaks), strict=True):
            os.pwrite(self._fd, run.tobytes(), int(run_rows[0]) * self._width)
        self._filled += len(rows)
        self.size = max(self.size, int(rows[-1]) + 1)

    def finish(self) -> DenseStore:
        """The index over every row stored (each exactly once), as the default kind for its size;
        the scratch file is removed."""
        os.close(self._fd)
        try:
            if self._filled != self.size:
                raise ValueError(f"{self._filled} vectors stored for {self.size} rows")
            every = np.memmap(self._scratch, dtype=np.uint8, mode="r",
                              shape=(self.size, self._width)) if self.size else \
                np.zeros((0, self._width), np.uint8)
            return DenseStore(_coded_index(default_kind(self.size), self.dimension, self.size,
                                           lambda a, b: np.asarray(every[a:b])))
        finally:
            self._scratch.unlink(missing_ok=True)


def _coded_index(kind: str, d: int, n: int, codes) -> faiss.Index:
    """An sq4 or ivf-sq4 index over n vectors whose 4-bit codes `codes(start, end)` gives."""
    sq = codec(d)
    index: faiss.Index
    if kind == "sq4":
        flat = faiss.IndexScalarQuantizer(d, faiss.ScalarQuantizer.QT_4bit_uniform,
                                          faiss.METRIC_INNER_PRODUCT)
        _fix_range(flat.sq)
        flat.is_trained = True
        index = flat
    else:
        nlist = max(1, int(math.sqrt(n)))
        # Not by residual: a vector's code is then its codec code, whatever the lists are.
        ivf = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist,
                                            faiss.ScalarQuantizer.QT_4bit_uniform,
                                            faiss.METRIC_INNER_PRODUCT, False)
        ivf.nprobe = max(1, math.ceil(nlist * NPROBE_SHARE))
        if n:
            picks = _spread(n, TRAIN_PER_LIST * nlist)
            sample = np.vstack([sq.decode(codes(int(r), int(r) + 1)) for r in picks]) \
                if len(picks) < n else sq.decode(codes(0, n))
            ivf.train(sample)  # the lists, from decoded codes: the same in every build
        _fix_range(ivf.sq)  # training also fitted the coder; the fixed range stays
        index = ivf
    for start in range(0, n, ADD_SLICE):
        end = min(start + ADD_SLICE, n)
        index.add(sq.decode(codes(start, end)))  # decoded codes encode back to themselves
    return index


def _is_ivf(index: faiss.Index) -> bool:
    return isinstance(index, faiss.IndexIVF)


def _spread(n: int, most: int) -> np.ndarray:
    """At most `most` row numbers of n, spread evenly."""
    if n <= most:
        return np.arange(n, dtype=np.int64)
    return (np.arange(most) * (n / most)).astype(np.int64)


def _sample(vectors: np.ndarray, most: int) -> np.ndarray:
    """At most `most` rows, spread evenly: enough to train a quantizer's ranges."""
    return vectors[_spread(len(vectors), most)]
