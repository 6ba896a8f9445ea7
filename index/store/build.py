"""Build an index: corpus -> passages -> vectors + BM25 -> a verified folder on disk.

The corpus is read, chunked, embedded and written in slices (`writer.IndexWriter`), so the
memory a build needs does not grow with the corpus beyond small tables (docs/performance.md).
"""

from __future__ import annotations

import shutil
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np
from reelqa.config.errors import CorpusError
from reelqa.config.settings import IndexSettings
from reelqa.index.ingest.corpus import Corpus, Problem, iter_corpus
from reelqa.index.ingest.formats import named
from reelqa.index.records import Review
from reelqa.index.store.embedding import Embedder, encoder_identity, load_embedder
from reelqa.index.store.lock import build_lock
from reelqa.index.store.reuse import reusable
from reelqa.index.store.versions import LOCK, check_target, clean_leftovers, new_stage, publish
from reelqa.index.store.writer import CHUNKING, Encode, IndexWriter
from tqdm import tqdm

SLICE = 1_000  # reviews read, chunked and embedded at a time (about 2,900 passages)
__all__ = ["CHUNKING", "BuildReport", "build_index"]


@dataclass(frozen=True)
class BuildReport:
    """What a build read and wrote."""

    folder: Path
    reviews: int
    passages: int
    films: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    encoded: int = 0  # texts embedded by this build
    reused: int = 0  # vectors taken from the previous index
    cleaned: list[str] = field(default_factory=list)  # leftovers of killed builds, removed

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.seconds if self.seconds > 0 else 0.0


def build_index(
    settings: IndexSettings,
    *,
    embedder: Embedder | None = None,
    strict: bool = False,
    progress: bool = False,
    rebuild: bool = False,
    ray_address: str | None = None,
) -> BuildReport:
    """Read the corpus, embed and index its passages, and publish the new index version.

    Incremental unless `rebuild`: the vectors of unchanged sentences come from the live index.
    With `ray_address` ("" for RAY_ADDRESS or a local cluster) the sentences are encoded on Ray
    Data (distributed.py); the index is the same.
    Refuses a target that is not an index folder and a second build of the same folder. Bad
    records are skipped and reported in the result, or raise CorpusError with `strict`. Readers
    see the old version until the new one is complete; a failed or killed build changes nothing.
    """
    started = time.perf_counter()
    folder = settings.index_dir
    check_target(folder, settings.corpus_dirs)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        report = _build_locked(settings, embedder, strict, progress, rebuild, started,
                               ray_address)
    except BaseException:
        if created:  # leave no trace of a build that published nothing
            (folder / LOCK).unlink(missing_ok=True)
            with suppress(OSError):
                folder.rmdir()
        raise
    return report


def _build_locked(settings: IndexSettings, embedder: Embedder | None, strict: bool,
                  progress: bool, rebuild: bool, started: float,
                  ray_address: str | None) -> BuildReport:
    folder = settings.index_dir
    with build_lock(folder):
        cleaned = clean_leftovers(folder)
        embedder = embedder or load_embedder(settings.embedding_model, settings.batch_size,
                                             settings.backend, settings.cache_dir,
                                             settings.query_threads)
        model = encoder_identity(embedder)  # vectors are reused only from the same encoder
        previous = None if rebuild else reusable(folder, model, CHUNKING)
        corpus = Corpus()
        stage = new_stage(folder)
        try:
            writer = IndexWriter(stage, model, previous)
            del previous
            with tqdm(unit="sentence", desc="embedding", disable=not progress) as bar:
                encode: Encode
                if ray_address is None:
                    encode = LocalEncoder(embedder, writer, bar)
                else:
                    from reelqa.index.store.distributed import RayEncoder

                    encode = RayEncoder(ray_address or None, embedder, settings.backend,
                                        settings.batch_size, settings.cache_dir, writer.dense,
                                        bar)
                try:
                    for reviews in _slices(iter_corpus(settings.corpus_dirs, corpus), SLICE):
                        if strict and corpus.problems:
                            continue  # read on, to list every bad record; build nothing more
                        writer.add(reviews, encode)
                    _check(corpus, writer.reviews, settings, strict)
                    # what needs no vector is written while the last ones are encoded
                    writer.finish(started, lambda: time.perf_counter() - started, encode.flush)
                finally:
                    encode.close()
            publish(folder, stage)
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # gone already once published
    return BuildReport(
        folder=settings.index_dir,
        reviews=writer.reviews,
        passages=writer.passages,
        films=writer.films,
        seconds=time.perf_counter() - started,
        problems=corpus.problems,
        ignored=corpus.ignored,
        encoded=writer.encoded,
        reused=writer.reused,
        cleaned=cleaned,
    )


class LocalEncoder:
    """Encode in this process, beside the build: each slice's texts go to one background
    thread (the encoder's own workers do the work) while this thread reads and chunks the next
    slice, and after the last, writes BM25 and the credits and judges the texts (writer.finish).
    Each text's vector is its own (see onnx.py), so the order and company texts are encoded in
    change nothing. At most `AHEAD` slices wait for their vectors, so memory stays bounded."""

    AHEAD = 2

    def __init__(self, embedder: Embedder, writer: IndexWriter, bar: tqdm) -> None:
        self._embedder, self._writer, self._bar = embedder, writer, bar
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="reelqa-encode")
        self._pending: deque[tuple[np.ndarray, Future[np.ndarray]]] = deque()

    def __call__(self, rows: np.ndarray, texts: list[str]) -> None:
        self._pending.append((rows, self._pool.submit(self._embedder.encode, texts)))
        while self._pending and (len(self._pending) > self.AHEAD or self._pending[0][1].done()):
            self._store()

    def flush(self) -> None:
        """Wait for every vector asked for and store it."""
        while self._pending:
            self._store()

    def close(self) -> None:
        """Stop the background thread (after the slice it is encoding, if any); texts not yet
        encoded are dropped."""
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)

    def _store(self) -> None:
        rows, future = self._pending.popleft()
        vectors = future.result()
        self._writer.dense.put(rows, vectors)
        self._bar.update(len(rows))


def _check(corpus: Corpus, reviews: int, settings: IndexSettings, strict: bool) -> None:
    where = ", ".join(str(d) for d in settings.corpus_dirs)
    if corpus.problems and strict:
        listing = "\n".join(f"  {p}" for p in corpus.problems)
        raise CorpusError(
            f"{len(corpus.problems)} bad record(s) in {where} (--strict); nothing was built:\n"
            f"{listing}"
        )
    if not reviews:
        raise CorpusError(
            f"no reviews found in {where}: add {named()} files "
            "with `film` and `text` (see corpus/README.md)"
        )


def _slices(reviews: Iterable[Review], size: int) -> Iterator[list[Review]]:
    it = iter(reviews)
    while chunk := list(islice(it, size)):
        yield chunk
