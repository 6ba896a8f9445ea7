"""The dense store: the one module that imports faiss (inner-product search over sentence vectors).

Every vector is kept as its 4-bit code over a fixed range (`codec`): 192 bytes for 384
dimensions instead of 1,536, and a pure function of the vector, so a vector reused by an
incremental build keeps its code exactly and the index equals a full rebuild's. From `FAST_FROM`
vectors the codes stay on disk (`codefile`) and 48-byte product codes of every vector, scanned
with SIMD (faiss's fast scan), propose candidates that the 4-bit codes re-rank (pq-sq4). Past
`IVF_FROM` the 4-bit codes sit in an inverted file searched approximately (ivf-sq4); past
`PQ_FROM` the product codes do (ivfpq-sq4), the 4-bit codes again on disk. A search limited to
some rows (one film's) stays exact in every kind. docs/performance.md has the figures.
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np
from reelqa.index.store.codefile import CodeFile, write_codes

KINDS = ("flat", "sq8", "sq4", "pq-sq4", "ivf-sq4", "ivfpq-sq4")
ON_DISK = ("pq-sq4", "ivfpq-sq4")  # kinds whose 4-bit codes stay on disk (CODES)
# From this many vectors a fast scan of every product code and a re-rank of its candidates
# (about 0.3 ms, RERANK) beats the exhaustive scan of the 4-bit codes (about 0.05 ms per 1,000
# vectors), with the same top 10 (recall@10 1.000 on the IMDb dev index): docs/performance.md.
FAST_FROM = 10_000
IVF_FROM = 60_000  # vectors; from here the 4-bit codes sit in an inverted file (ivf-sq4)
NPROBE_SHARE = 0.4  # share of lists an open search visits: recall@10 0.982 at 40k (questions)
# Past this many vectors (about 120,000 passages) a scan of 40% of the 4-bit codes would take
# over 8-30 ms a question; the product codes' fast scan is about ten times cheaper a vector.
PQ_FROM = 500_000
PQ_BYTES = 48  # product code: 96 sub-vectors of 4 dimensions, 4 bits each, by residual
PQ_NPROBE_SHARE = 0.2  # share of lists an ivfpq-sq4 search visits (docs/performance.md)
RERANK = 4  # a pq-sq4 or ivfpq-sq4 search re-ranks this many distinct candidates per result asked,
RERANK_LEAST = 400  # and at least this many: recall@10 0.40 with 40, 0.94 with 400 at 4.2M
# The fast scan may propose up to this many rows to find RERANK * k distinct vectors: copies of
# one sentence (identical vectors, so identical product codes and scores) count once.
POOL_MOST = 65_536
PER_SCORE = 4  # rows kept per product score before their 4-bit codes tell copies apart
CODES = "vectors.sq4.npy"  # the 4-bit codes of a pq-sq4 or ivfpq-sq4 index, beside vectors.faiss
TRAIN_PER_LIST = 64  # vectors the inverted file's lists are trained on, per list
# Vectors a pq-sq4 product quantiser is trained on, spread evenly: the 256 a centroid its k-means
PQ_TRAIN = 4_096  # would sample at most (16 centroids a sub-vector)
ADD_SLICE = 65_536  # vectors decoded and added at a time
_QTYPES = {"sq8": faiss.ScalarQuantizer.QT_8bit, "sq4": faiss.ScalarQuantizer.QT_4bit_uniform}
# The 4-bit codes span a fixed range, +-3 standard deviations of a unit vector's component
# (1 / sqrt(d)), rather than one learned from the corpus: coding is then the same in every
# build, so a vector reused by an incremental build keeps its code exactly, and the index equals
# a full rebuild's. Measured on the IMDb dev vectors (real questions, recall@10 of float32
# search): fixed +-3/sqrt(d) 0.924, learned per-dimension ranges 0.908, +-2/sqrt(d) 0.895.
SQ4_SPREAD = 3.0


def default_kind(size: int) -> str:
    """The storage for `size` vectors: exact 4-bit codes; from FAST_FROM, product codes
    re-ranked by 4-bit codes on disk; an inverted file of 4-bit codes from IVF_FROM; an
    inverted file of product codes re-ranked by 4-bit codes on disk from PQ_FROM."""
    if size >= PQ_FROM:
        return "ivfpq-sq4"
    if size >= IVF_FROM:
        return "ivf-sq4"
    return "pq-sq4" if size >= FAST_FROM else "sq4"


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

    def __init__(self, index: faiss.Index, codes: CodeFile | None = None) -> None:
        self._index = index
        self._ivf = faiss.try_extract_index_ivf(index) if _is_ivf(index) else None
        self._codes = codes  # pq-sq4, ivfpq-sq4: `index` proposes, the 4-bit codes on disk decide
        self._sq = codec(index.d) if codes is not None else None
        self.rerank = RERANK  # pq-sq4, ivfpq-sq4: candidates re-ranked per result asked

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str | None = None) -> DenseStore:
        """A store over `vectors` (rows are positions), as `kind` or the default for its size."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, d = vectors.shape
        kind = kind or default_kind(n)
        if kind in ("sq4", "ivf-sq4"):
            sq = codec(d)
            return cls(_coded_index(kind, d, n, lambda a, b: sq.compute_codes(vectors[a:b])))
        if kind in ON_DISK:
            raise ValueError(f"{kind} stores its codes on disk: build it with DenseBuilder")
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
    def over_codes(cls, codes: CodeFile, dimension: int, kind: str | None = None) -> DenseStore:
        """A pq-sq4 or ivfpq-sq4 store (by default the kind for its size) over 4-bit codes on
        disk: its product index made from them."""
        kind = kind or default_kind(codes.size)
        if kind not in ON_DISK:
            raise ValueError(f"{kind} does not keep its codes on disk; choose one of {ON_DISK}")
        return cls(_product_index(dimension, codes, inverted=kind == "ivfpq-sq4"), codes)

    @classmethod
    def load(cls, folder: Path) -> DenseStore:
        index = faiss.read_index(str(folder / cls.FILENAME))
        codes = CodeFile(folder / CODES, in_memory=not _is_ivf(index)) \
            if (folder / CODES).is_file() else None
        if codes is not None and (codes.size != index.ntotal or codes.width * 2 != index.d):
            raise ValueError(f"{CODES} does not match {cls.FILENAME}")
        if codes is None and isinstance(index, faiss.IndexPQFastScan | faiss.IndexIVFPQFastScan):
            raise ValueError(f"{cls.FILENAME} holds product codes but {CODES} is missing")
        return cls(index, codes)

    def save(self, folder: Path) -> list[Path]:
        path = folder / self.FILENAME
        faiss.write_index(self._index, str(path))
        if self._codes is None:
            return [path]
        target = folder / CODES
        if target != self._codes.path:
            target.unlink(missing_ok=True)
            try:  # the build's codes file is in the same folder tree: link it, no copy
                os.link(self._codes.path, target)
            except OSError:
                shutil.copyfile(self._codes.path, target)
        return [path, target]

    @property
    def size(self) -> int:
        return self._codes.size if self._codes is not None else int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    @property
    def kind(self) -> str:
        """How the vectors are stored and searched: one of KINDS."""
        if self._codes is not None:
            return "ivfpq-sq4" if self._ivf is not None else "pq-sq4"
        if self._ivf is not None:
            return "ivf-sq4"
        if isinstance(self._index, faiss.IndexScalarQuantizer):
            return "sq8" if self._index.sq.qtype == _QTYPES["sq8"] else "sq4"
        return "flat"

    def vectors(self, rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """The stored vectors (as decoded from their codes), all or the given rows, float32."""
        if self._codes is not None and self._sq is not None:
            picked = np.arange(self.size) if rows is None else np.asarray(rows, np.int64)
            return self._sq.decode(self._codes.rows(picked)) if len(picked) else \
                np.zeros((0, self.dimension), dtype=np.float32)
        if self._ivf is not None and not self._ivf.direct_map.type:
            self._ivf.make_direct_map()
        if rows is None:
            return self._index.reconstruct_n(0, self.size)
        return np.vstack([self._index.reconstruct(int(r)) for r in rows]) if len(rows) else \
            np.zeros((0, self.dimension), dtype=np.float32)

    def codes(self, rows: np.ndarray) -> np.ndarray:
        """The 4-bit codes (`codec`) of the given rows, as an incremental build reuses them."""
        if self._codes is not None:
            return self._codes.rows(np.asarray(rows, dtype=np.int64))
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
        rows, scores = self.search_rows(vector, k, allowed)
        return list(zip(rows.tolist(), scores.tolist(), strict=True))

    def search_rows(self, vector: np.ndarray, k: int,
                    allowed: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """`search` as two arrays: the rows (int64) and their float32 scores, best first."""
        if self.size == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if self._codes is not None:
            return self._search_codes(vector, k, allowed)
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
        found = ids[0] >= 0
        return ids[0][found].astype(np.int64), scores[0][found]

    @property
    def nprobe(self) -> int:
        """Lists an open search visits (an inverted file), else 0."""
        return int(self._ivf.nprobe) if self._ivf is not None else 0

    @nprobe.setter
    def nprobe(self, lists: int) -> None:
        if self._ivf is not None:
            self._ivf.nprobe = max(1, min(int(lists), int(self._ivf.nlist)))

    @property
    def lists(self) -> int:
        """The inverted file's lists, else 0."""
        return int(self._ivf.nlist) if self._ivf is not None else 0

    def exhaustive(self, queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """The exact k best rows of each query against every stored vector (as coded), best
        first, ties by row: one pass over the vectors for all queries (benchmarks measure
        recall against it)."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        rows = np.zeros((len(queries), 0), np.int64)
        scores = np.zeros((len(queries), 0), np.float32)
        if self._codes is None and self._ivf is not None and not self._ivf.direct_map.type:
            self._ivf.make_direct_map()
        for start in range(0, self.size, ADD_SLICE):
            stop = min(self.size, start + ADD_SLICE)
            block = (self.vectors(np.arange(start, stop)) if self._codes is not None
                     else self._index.reconstruct_n(start, stop - start)) @ queries.T
            best = np.argpartition(-block, min(k, len(block) - 1), axis=0)[:k].T  # (q, k)
            rows = np.hstack([rows, best + start])
            scores = np.hstack([scores, np.take_along_axis(block.T, best, 1)])
            keep = np.lexsort((rows, -scores), axis=1)[:, :k]
            rows = np.take_along_axis(rows, keep, 1)
            scores = np.take_along_axis(scores, keep, 1)
        return [[(int(r), float(s)) for r, s in zip(rs, ss, strict=True)]
                for rs, ss in zip(rows, scores, strict=True)]

    def _propose(self, query: np.ndarray, want: int) -> tuple[np.ndarray, np.ndarray]:
        """pq-sq4, ivfpq-sq4: the rows and 4-bit codes of the fast scan's best `want` distinct
        vectors, best first. A corpus that repeats a sentence stores its vector many times, and
        the copies would fill the candidates: their 4-bit codes are read and each code proposed
        once; when the codes are read from disk, only rows that share a product score (copies,
        or vectors too close for the product code to tell apart) up to PER_SCORE each are
        read. The scan is asked for a few more rows than `want` (a few copies then need no second
        scan), then for at least twice as many (more if the share of distinct rows found asks for
        it), up to POOL_MOST, until `want` distinct vectors are found."""
        assert self._codes is not None
        params = None if self._ivf is None else \
            faiss.SearchParametersIVF(nprobe=self._ivf.nprobe)  # type: ignore[call-arg]
        faiss.omp_set_num_threads(1)
        most = min(self.size, POOL_MOST)
        pool = min(most, want + want // 8)
        while True:
            scores, ids = self._index.search(query.reshape(1, -1), pool, params=params)
            found = ids[0] >= 0
            rows = ids[0][found]
            if not self._codes.in_memory:
                rows = rows[_first_of_each(scores[0][found], PER_SCORE)]
            codes = self._codes.rows(rows)
            first = np.sort(_distinct(codes))[:want]  # a copy once
            if len(first) >= want or pool >= most:
                return rows[first], codes[first]
            pool = min(most, max(2 * pool, math.ceil(1.2 * pool * want / max(1, len(first)))))

    def _search_codes(self, vector: np.ndarray, k: int,
                      allowed: Sequence[int] | None) -> tuple[np.ndarray, np.ndarray]:
        """pq-sq4, ivfpq-sq4: the candidates (`allowed`, or the fast scan's best RERANK * k
        distinct vectors, at least RERANK_LEAST), scored by their 4-bit codes; ties by row."""
        assert self._codes is not None
        query = np.ascontiguousarray(vector.reshape(-1), dtype=np.float32)
        if allowed is None:
            rows, codes = self._propose(query, min(self.size, max(self.rerank * k, RERANK_LEAST)))
            scores = _scores(codes, query)
        else:
            candidates = np.unique(np.asarray(allowed, dtype=np.int64))
            rows = np.zeros(0, np.int64)
            scores = np.zeros(0, np.float32)
            for start in range(0, len(candidates), ADD_SLICE):
                part = candidates[start : start + ADD_SLICE]
                rows = np.concatenate([rows, part])
                scores = np.concatenate([scores, _scores(self._codes.rows(part), query)])
                if len(rows) > k:  # keep the best k (and all that tie with the k-th)
                    cut = np.partition(scores, len(scores) - k)[len(scores) - k]
                    keep = scores >= cut
                    rows, scores = rows[keep], scores[keep]
        order = np.lexsort((rows, -scores))[:k]
        return rows[order], scores[order]


def _scores(codes: np.ndarray, query: np.ndarray) -> np.ndarray:
    """The inner products of `query` with the vectors whose 4-bit codes (`codec`) are `codes`,
    from the codes' nibbles (dimension 2i low, 2i+1 high): three times faster than decoding
    (0.15 against 0.47 ms for 800 rows), equal to within float32 rounding."""
    span = SQ4_SPREAD / math.sqrt(len(query))
    step = 2 * span / 15  # faiss's uniform 4-bit decoding: -span + (code + 0.5) * step
    query = query.astype(np.float32, copy=False)
    nibbles = (codes & 15).astype(np.float32) @ query[0::2] + \
        (codes >> 4).astype(np.float32) @ query[1::2]
    return (nibbles * step + (0.5 * step - span) * float(query.sum())).astype(np.float32)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """The position of the first of each distinct row of `codes` (as `np.unique(axis=0)`, forty
    times faster: each row compared as one byte string)."""
    rows = np.ascontiguousarray(codes).view(np.dtype((np.void, codes.shape[1]))).ravel()
    return np.unique(rows, return_index=True)[1]


def _first_of_each(values: np.ndarray, most: int) -> np.ndarray:
    """The positions of `values`, in order, keeping at most `most` of each distinct value."""
    _, group = np.unique(values, return_inverse=True)
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values)) - np.repeat(starts, np.diff(np.r_[starts, len(values)]))
    return np.flatnonzero(rank < most)


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

    def finish(self, kind: str | None = None) -> DenseStore:
        """The index over every row stored (each exactly once), as `kind` (sq4, pq-sq4, ivf-sq4
        or ivfpq-sq4) or the default kind for its size; the scratch file is removed."""
        os.close(self._fd)
        try:
            if self._filled != self.size:
                raise ValueError(f"{self._filled} vectors stored for {self.size} rows")
            kind = kind or default_kind(self.size)
            if kind not in ("sq4", "ivf-sq4", *ON_DISK):
                raise ValueError(f"a build of 4-bit codes cannot make the {kind!r} kind")
            if kind in ON_DISK:  # the codes stay on disk, beside the scratch file
                codes = CodeFile(write_codes(self._scratch.with_suffix(".npy"), self._scratch,
                                             self.size, self._width), in_memory=kind == "pq-sq4")
                return DenseStore.over_codes(codes, self.dimension, kind)
            every = np.memmap(self._scratch, dtype=np.uint8, mode="r",
                              shape=(self.size, self._width)) if self.size else \
                np.zeros((0, self._width), np.uint8)
            return DenseStore(_coded_index(kind, self.dimension, self.size,
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


def _product_index(d: int, codes: CodeFile, inverted: bool) -> faiss.Index:
    """The fast-scan index of product codes over the vectors of `codes` (decoded), trained on
    an evenly spread sample of them: the same in every build of the same vectors. `inverted`:
    an inverted file (ivfpq-sq4), each vector coded by its residual to its list's centre; else
    one flat array of codes (pq-sq4), rows numbered by position, no ids stored."""
    sq = codec(d)
    parts = next(m for m in range(min(2 * PQ_BYTES, d), 0, -1) if d % m == 0)  # 96 for 384
    if not inverted:
        flat = faiss.IndexPQFastScan(d, parts, 4, faiss.METRIC_INNER_PRODUCT)
        # On one thread: many tiny k-means steps, 1.2 s at 25k vectors against 11 s on two
        # threads of cores others use; and the codebooks cannot depend on the thread count.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            flat.train(sq.decode(codes.rows(_spread(codes.size, PQ_TRAIN))))
        finally:
            faiss.omp_set_num_threads(threads)
        for _, block in codes.blocks(ADD_SLICE):
            flat.add(sq.decode(block))
        return flat
    nlist = max(1, int(math.sqrt(codes.size)))
    index = faiss.IndexIVFPQFastScan(faiss.IndexFlatIP(d), d, nlist, parts, 4,
                                     faiss.METRIC_INNER_PRODUCT)
    index.by_residual = True  # 0.75 against 0.40 recall@10 at 4.2M vectors (performance.md)
    index.nprobe = max(1, math.ceil(nlist * PQ_NPROBE_SHARE))
    index.train(sq.decode(codes.rows(_spread(codes.size, TRAIN_PER_LIST * nlist))))
    for start, block in codes.blocks(ADD_SLICE):
        index.add_with_ids(sq.decode(block), np.arange(start, start + len(block), dtype=np.int64))
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
