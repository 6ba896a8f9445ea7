"""Build an index: corpus -> passages -> vectors + BM25 -> a verified folder on disk."""

from __future__ import annotations

import shutil
import time
from bisect import bisect_left
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from reelqa.config.errors import CorpusError
from reelqa.config.settings import IndexSettings
from reelqa.index.credits.store import build_credits
from reelqa.index.ingest.chunking import chunk_review, sentence_units
from reelqa.index.ingest.corpus import Problem, fingerprint, load_corpus
from reelqa.index.ingest.formats import named
from reelqa.index.records import Passage, Review
from reelqa.index.store.dense import DenseStore
from reelqa.index.store.embedding import Embedder, encoder_identity, load_embedder
from reelqa.index.store.folder import Sentence, write_manifest, write_records
from reelqa.index.store.lock import build_lock
from reelqa.index.store.reuse import Embedded, embed_reusing, reusable
from reelqa.index.store.sparse import SparseStore
from reelqa.index.store.versions import LOCK, check_target, clean_leftovers, new_stage, publish
from tqdm import tqdm

# How reviews are cut (see ingest/chunking.py); part of the reuse key and of the manifest.
CHUNKING = {"min_words": 60, "max_words": 120, "overlap_words": 30}


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
) -> BuildReport:
    """Read the corpus, embed and index its passages, and publish the new index version.

    Incremental unless `rebuild`: the vectors of unchanged sentences come from the live index.
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
        report = _build_locked(settings, embedder, strict, progress, rebuild, started)
    except BaseException:
        if created:  # leave no trace of a build that published nothing
            (folder / LOCK).unlink(missing_ok=True)
            with suppress(OSError):
                folder.rmdir()
        raise
    return report


def _build_locked(settings: IndexSettings, embedder: Embedder | None, strict: bool,
                  progress: bool, rebuild: bool, started: float) -> BuildReport:
    folder = settings.index_dir
    with build_lock(folder):
        cleaned = clean_leftovers(folder)
        corpus = load_corpus(settings.corpus_dirs)
        where = ", ".join(str(d) for d in settings.corpus_dirs)
        if corpus.problems and strict:
            listing = "\n".join(f"  {p}" for p in corpus.problems)
            raise CorpusError(
                f"{len(corpus.problems)} bad record(s) in {where} (--strict); nothing was built:\n"
                f"{listing}"
            )
        if not corpus.reviews:
            raise CorpusError(
                f"no reviews found in {where}: add {named()} files "
                "with `film` and `text` (see corpus/README.md)"
            )
        passages, sentences = _split(corpus.reviews)
        embedder = embedder or load_embedder(settings.embedding_model, settings.batch_size,
                                             settings.backend, settings.cache_dir,
                                             settings.query_threads)
        model = encoder_identity(embedder)  # vectors are reused only from the same encoder
        texts = {r.id: r.text for r in corpus.reviews}
        embedded = embed_reusing(
            [texts[s.review_id][s.start : s.end] for s in sentences], model, CHUNKING,
            None if rebuild else reusable(folder, model, CHUNKING),
            lambda batch: _embed(embedder, batch, settings.batch_size, progress))
        films = {(r.film, r.year) for r in corpus.reviews}
        stage = new_stage(folder)
        try:
            _write(stage, passages, sentences, corpus.reviews, embedded, model,
                   len(films), started)
            publish(folder, stage)
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # gone already once published
    return BuildReport(
        folder=settings.index_dir,
        reviews=len(corpus.reviews),
        passages=len(passages),
        films=len(films),
        seconds=time.perf_counter() - started,
        problems=corpus.problems,
        ignored=corpus.ignored,
        encoded=embedded.encoded,
        reused=embedded.reused,
        cleaned=cleaned,
    )


def _write(stage: Path, passages: list[Passage], sentences: list[Sentence],
           reviews: list[Review], embedded: Embedded, model: dict[str, object], films: int,
           started: float) -> None:
    """Write every file of the new version and its manifest into `stage`."""
    dense = DenseStore.build(embedded.vectors)
    files = dense.save(stage)
    files += SparseStore.build([p.text for p in passages]).save(stage)
    files += write_records(stage, passages, sentences)
    credits = build_credits(stage, reviews)  # who the reviews credit, per film
    files += credits.files
    write_manifest(
        stage,
        files,
        model=model,
        dense={"kind": dense.kind, "count": dense.size},
        chunking=CHUNKING,
        counts={"reviews": len(reviews), "passages": len(passages), "films": films,
                **credits.counts, "encoded": embedded.encoded, "reused": embedded.reused},
        corpus_fingerprint=fingerprint(reviews),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 3),
    )


def _split(reviews: list[Review]) -> tuple[list[Passage], list[Sentence]]:
    """Each review's passages, and its sentences with the passages that contain them.

    Sentences are what the dense index embeds: a passage is then scored by its best
    sentence, so a one-sentence answer is not diluted by the hundred words around it
    (see docs/retrieval.md for the measurements).
    """
    passages: list[Passage] = []
    sentences: list[Sentence] = []
    for review in reviews:
        chunks = chunk_review(review, **CHUNKING)
        passages.extend(chunks)
        units = sentence_units(review.text, CHUNKING["max_words"])
        starts = [start for start, _ in units]
        owners: list[list[str]] = [[] for _ in units]
        for p in chunks:  # each chunk's sentences are a run found by bisection: linear overall
            k = bisect_left(starts, p.start)
            while k < len(units) and units[k][1] <= p.end:
                owners[k].append(p.id)
                k += 1
        for (start, end), ids in zip(units, owners, strict=True):
            sentences.append(Sentence(review.id, start, end, tuple(ids)))
    return passages, sentences


def _embed(embedder: Embedder, texts: list[str], batch: int, progress: bool) -> np.ndarray:
    """Vectors for all texts, in order, with a progress bar on a terminal.

    Texts are encoded shortest first, so each batch pads little (measured: most of the time
    of a batch of mixed lengths goes to padding).
    """
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    order = np.argsort(np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)),
                       kind="stable")
    step = max(batch, 1) * 16
    with tqdm(total=len(texts), unit="sentence", desc="embedding", disable=not progress) as bar:
        for start in range(0, len(texts), step):
            rows = order[start : start + step]
            out[rows] = embedder.encode([texts[i] for i in rows])
            bar.update(len(rows))
    return out
