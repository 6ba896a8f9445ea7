"""The sparse store: BM25 over passage terms (bm25s); the one module that imports bm25s.

The index is built in a stream (`SparseBuilder`): each passage's terms are appended to a
scratch file as they come, and the score matrix is filled from it once the document
frequencies are known, so a build never holds every passage's text or term list. The scores
are bm25s's own (Lucene variant, its defaults), saved in its format as float16 (half the
bytes; 3 significant digits are plenty to rank by) and read memory-mapped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from reelqa.index.store.terms import analyze

# Passages whose (term, passage) pairs are scored at a time while filling the matrix.
FILL_SLICE = 20_000
# Questions are scored here, never by bm25s's retrieve: its sums (float32, term by term, in the
# question's order) of the stored scores. Below OWN_FROM passages every passage is scored and the
# best are picked as bm25s's retrieve picks them (`_like_bm25s`: the same partition and sort, so
# the same order among equal scores), without its per-question set-up (0.45 ms a question on
# the IMDb dev index against 0.12 ms). From OWN_FROM passages one film's passages are looked up
# in each term's postings instead of scoring every passage, an open question selects among the
# passages it scored, and ties rank by position (`_scored`).
OWN_FROM = 200_000
TERMS = "terms.json"  # the vocabulary: term i of the list has id i


class SparseStore:
    """BM25 (Lucene variant) over the analysed text of each passage, positions 0..n-1."""

    FOLDER = "bm25"
    SCORES = "data.csc.index.npy"  # bm25s's file of per-(term, passage) scores

    def __init__(self, size: int, vocab: dict[str, int], matrix: dict[str, Any]) -> None:
        self.size = size
        self._vocab = vocab  # term -> its column
        self._matrix = matrix  # bm25s's CSC arrays: data, indices, indptr

    @classmethod
    def build(cls, texts: Sequence[str], folder: Path) -> SparseStore:
        """Build, save into `folder` and load the store of `texts` (tests and small corpora)."""
        builder = SparseBuilder(folder / ".sparse-terms")
        builder.add(texts)
        builder.finish(folder)
        return cls.load(folder, len(texts))

    @classmethod
    def load(cls, folder: Path, size: int) -> SparseStore:
        # Memory-mapped: the float16 scores stay on disk until a question's terms touch them,
        # and are widened as they are summed (into float32).
        target = folder / cls.FOLDER
        listed = target / TERMS
        if listed.is_file():  # bm25s (and scipy, 0.5 s to import) not loaded
            # plain arrays over the mapped files: a np.memmap slices through Python code
            matrix = {name: np.asarray(np.load(target / f"{name}.csc.index.npy", mmap_mode="r",
                                               allow_pickle=False))
                      for name in ("data", "indices", "indptr")}
            if len(matrix["indptr"]) < 1 or len(matrix["indices"]) != len(matrix["data"]):
                raise ValueError("the BM25 matrix does not hold together")
            terms = json.loads(listed.read_text(encoding="utf-8"))
            if len(matrix["indptr"]) != len(terms):  # the last term is bm25s's empty one
                raise ValueError("the BM25 terms and matrix disagree")
            return cls(size, {term: i for i, term in enumerate(terms)}, matrix)
        import bm25s  # an index of format 2 holds bm25s's own vocabulary file

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        retriever = bm25s.BM25.load(str(target), mmap=True, show_progress=False)
        return cls(size, retriever.vocab_dict, retriever.scores)

    def search(
        self, text: str, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """Positions of the k best-matching passages with BM25 scores > 0, best first."""
        terms = analyze(text)
        if self.size == 0 or not terms or k <= 0:
            return []
        if self.size >= OWN_FROM:
            return self._scored(terms, k, allowed)
        return self._like_bm25s(terms, k, allowed)

    def _like_bm25s(self, terms: list[str], k: int,
                    allowed: Sequence[int] | None) -> list[tuple[int, float]]:
        """The k best passages (of `allowed` if given) as bm25s's retrieve gives them, step by
        step (BM25.get_scores_from_ids, then selection.topk with numpy): every passage's score,
        the rest masked to 0, an argpartition and a flipped argsort of the k it keeps."""
        vocab = self._vocab
        ids = [vocab[t] for t in terms if t in vocab]
        if allowed is not None and len(allowed) == 0:
            return []
        matrix = self._matrix
        data, indices, indptr = matrix["data"], matrix["indices"], matrix["indptr"]
        scores = np.zeros(self.size, dtype=np.float32)
        for term in ids:  # a passage appears once in a term's postings: += is np.add.at
            start, end = int(indptr[term]), int(indptr[term + 1])
            scores[indices[start:end]] += data[start:end]
        if allowed is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[np.asarray(allowed, dtype=np.int64)] = 1.0
            scores *= mask
        k = min(k, self.size)
        kept = np.argpartition(scores, -k)[-k:]
        kept_scores = scores[kept]
        order = np.flip(np.argsort(kept_scores))
        return [(int(d), float(s)) for d, s in zip(kept[order], kept_scores[order], strict=True)
                if s > 0]

    def _scored(self, terms: list[str], k: int,
                allowed: Sequence[int] | None) -> list[tuple[int, float]]:
        """The k best passages (of `allowed` if given) by BM25, best first, ties by position:
        bm25s's own sums of its stored scores (see OWN_FROM)."""
        vocab = self._vocab
        ids = [vocab[t] for t in terms if t in vocab]
        matrix = self._matrix
        data, indices, indptr = matrix["data"], matrix["indices"], matrix["indptr"]
        if allowed is not None:
            docs = np.unique(np.asarray(allowed, dtype=np.int64))
            if not len(docs):
                return []
            scores = np.zeros(len(docs), dtype=np.float32)
            for term in ids:  # each term's postings are sorted by passage
                start, end = int(indptr[term]), int(indptr[term + 1])
                postings = indices[start:end]
                at = np.searchsorted(postings, docs)
                hit = at < len(postings)
                hit[hit] = postings[at[hit]] == docs[hit]
                scores[hit] += data[start + at[hit]]
        else:
            every = np.zeros(self.size, dtype=np.float32)
            for term in ids:  # a passage appears once in a term's postings: += is np.add.at
                start, end = int(indptr[term]), int(indptr[term + 1])
                every[indices[start:end]] += data[start:end]
            docs = np.flatnonzero(every > 0)
            scores = every[docs]
        keep = scores > 0
        docs, scores = docs[keep], scores[keep]
        if len(docs) > k:
            cut = np.partition(scores, len(scores) - k)[len(scores) - k]
            top = scores >= cut
            docs, scores = docs[top], scores[top]
        order = np.lexsort((docs, -scores))[:k]
        return [(int(d), float(s)) for d, s in zip(docs[order], scores[order], strict=True)]


class SparseBuilder:
    """BM25 built from passages given in slices, with memory bounded by one slice, the
    vocabulary and the finished matrix (written straight into its files).

    Term ids follow first use, so the same passages in the same order give the same files.
    """

    def __init__(self, scratch: Path) -> None:
        self._scratch = scratch
        scratch.parent.mkdir(parents=True, exist_ok=True)
        self._terms = scratch.open("wb")
        self._vocab: dict[str, int] = {}
        self._lengths: list[np.ndarray] = []
        self._df = np.zeros(1024, dtype=np.int64)

    @property
    def size(self) -> int:
        return sum(len(a) for a in self._lengths)

    def add(self, texts: Iterable[str]) -> None:
        """Analyse the next passages and append their term ids to the scratch file."""
        lengths = []
        vocab = self._vocab
        ids: list[int] = []
        for text in texts:
            terms = analyze(text)
            lengths.append(len(terms))
            ids.extend(vocab.setdefault(t, len(vocab)) for t in terms)
        if len(vocab) > len(self._df):
            self._df = np.concatenate([self._df, np.zeros(max(len(vocab), 2 * len(self._df))
                                                          - len(self._df), dtype=np.int64)])
        flat = np.asarray(ids, dtype=np.int32)
        counts = np.asarray(lengths, dtype=np.int32)
        self._terms.write(flat.tobytes())
        self._lengths.append(counts)
        docs = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        pairs = np.unique((docs << 32) | flat.astype(np.int64))
        np.add.at(self._df, pairs & 0xFFFFFFFF, 1)

    def finish(self, folder: Path) -> list[Path]:
        """Score every (term, passage) pair, write bm25s's files into `folder`/bm25 and remove
        the scratch file; returns the files written."""
        self._terms.close()
        try:
            return self._write(folder / SparseStore.FOLDER)
        finally:
            self._scratch.unlink(missing_ok=True)

    def _write(self, target: Path) -> list[Path]:
        import bm25s

        params = bm25s.BM25()  # its defaults: Lucene, k1 1.5, b 0.75, float32 scores
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, np.int32)
        n_docs, n_vocab = len(lengths), len(self._vocab)
        df = self._df[:n_vocab]
        # bm25s's own arithmetic, step by step (see bm25s.scoring): idf per term in float32,
        # the average length a float64 mean, the term-frequency part in float64.
        idf = np.zeros(n_vocab, dtype=params.dtype)
        for term, count in enumerate(df.tolist()):
            if count:
                idf[term] = np.log(1 + (n_docs - count + 0.5) / (count + 0.5))
        avg = np.asarray(lengths, dtype=np.int64).mean() if n_docs else 0.0
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        target.mkdir(parents=True, exist_ok=True)
        nnz = int(indptr[-1])
        data = np.lib.format.open_memmap(target / "data.csc.index.npy", mode="w+",
                                         dtype=np.float16, shape=(nnz,))
        rows = np.lib.format.open_memmap(target / "indices.csc.index.npy", mode="w+",
                                         dtype=np.int32, shape=(nnz,))
        cursor = indptr[:-1].copy()
        offsets = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        terms = np.memmap(self._scratch, dtype=np.int32, mode="r") if offsets[-1] else \
            np.zeros(0, np.int32)
        for first in range(0, n_docs, FILL_SLICE):
            last = min(first + FILL_SLICE, n_docs)
            flat = np.asarray(terms[offsets[first] : offsets[last]], dtype=np.int64)
            docs = np.repeat(np.arange(first, last, dtype=np.int64), lengths[first:last])
            pairs, tf = np.unique((flat << 32) | docs, return_counts=True)  # by term, then doc
            term, doc = pairs >> 32, pairs & 0xFFFFFFFF
            l_d = lengths[doc].astype(np.int64)
            tfc = tf.astype(params.dtype) / (params.k1 * ((1 - params.b) + params.b * l_d / avg)
                                             + tf.astype(params.dtype))
            scores = (idf[term] * tfc).astype(params.dtype).astype(np.float16)
            # pairs are sorted by term: each term's run goes to its cursor, docs ascending
            starts = np.searchsorted(term, np.arange(n_vocab), side="left")
            count = np.diff(np.append(starts, len(term)))
            where = cursor[term] + (np.arange(len(term)) - starts[term])
            data[where] = scores
            rows[where] = doc
            cursor += count
        data.flush()
        rows.flush()
        del data, rows, terms
        # int32 offsets while they fit (bm25s writes int64): 4 bytes a term saved
        small = nnz < np.iinfo(np.int32).max
        np.save(target / "indptr.csc.index.npy", indptr.astype(np.int32) if small else indptr,
                allow_pickle=False)
        # The terms in id order (ids follow first use, 0, 1, ...; bm25s's empty token last):
        # a list, not bm25s's {"term": id} object, which spent ~8 bytes a term on the ids.
        (target / TERMS).write_text(json.dumps([*self._vocab, ""], ensure_ascii=False),
                                    encoding="utf-8")
        setup = {"k1": params.k1, "b": params.b, "delta": params.delta,
                 "method": params.method, "idf_method": params.idf_method,
                 "dtype": params.dtype, "int_dtype": params.int_dtype, "num_docs": n_docs,
                 "version": bm25s.__version__, "backend": params.backend}
        (target / "params.index.json").write_text(json.dumps(setup, indent=4),
                                                  encoding="utf-8")
        return sorted(p for p in target.iterdir() if p.is_file())
