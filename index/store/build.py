"""Build an index: corpus -> passages -> vectors + BM25 -> a verified folder on disk."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from reelqa.config.errors import CorpusError
from reelqa.config.settings import IndexSettings
from reelqa.index.credits.store import build_credits
from reelqa.index.ingest.chunking import chunk_review, sentence_units
from reelqa.index.ingest.corpus import Problem, fingerprint, load_corpus
from reelqa.index.records import Passage, Review
from reelqa.index.store.dense import DenseStore
from reelqa.index.store.embedding import Embedder, encoder_identity, load_embedder
from reelqa.index.store.folder import Sentence, staged, write_manifest, write_records
from reelqa.index.store.sparse import SparseStore
from tqdm import tqdm


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

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.seconds if self.seconds > 0 else 0.0


def build_index(
    settings: IndexSettings,
    *,
    embedder: Embedder | None = None,
    strict: bool = False,
    progress: bool = False,
) -> BuildReport:
    """Read the corpus, embed and index its passages, and swap the new index in.

    Bad records are skipped and reported in the result, or raise CorpusError with `strict`.
    Nothing on disk changes unless the whole build succeeds.
    """
    started = time.perf_counter()
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
            f"no reviews found in {where}: add .md, .txt, .jsonl or .csv files "
            "with `film` and `text` (see corpus/README.md)"
        )
    passages, sentences = _split(corpus.reviews)
    embedder = embedder or load_embedder(settings.embedding_model, settings.batch_size,
                                         settings.backend, settings.cache_dir,
                                         settings.query_threads)
    texts = {r.id: r.text for r in corpus.reviews}
    vectors = _embed(embedder, [texts[s.review_id][s.start : s.end] for s in sentences],
                     settings.batch_size, progress)
    films = {(r.film, r.year) for r in corpus.reviews}
    with staged(settings.index_dir) as stage:
        dense = DenseStore.build(vectors)
        files = dense.save(stage)
        files += SparseStore.build([p.text for p in passages]).save(stage)
        files += write_records(stage, passages, sentences)
        credits = build_credits(stage, corpus.reviews)  # who the reviews credit, per film
        files += credits.files
        seconds = time.perf_counter() - started
        write_manifest(
            stage,
            files,
            model=encoder_identity(embedder),
            dense={"kind": dense.kind, "count": dense.size},
            counts={"reviews": len(corpus.reviews), "passages": len(passages), "films": len(films),
                    **credits.counts},
            corpus_fingerprint=fingerprint(corpus.reviews),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(seconds, 3),
        )
    return BuildReport(
        folder=settings.index_dir,
        reviews=len(corpus.reviews),
        passages=len(passages),
        films=len(films),
        seconds=time.perf_counter() - started,
        problems=corpus.problems,
        ignored=corpus.ignored,
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
        chunks = chunk_review(review)
        passages.extend(chunks)
        for start, end in sentence_units(review.text):
            owners = tuple(p.id for p in chunks if p.start <= start and end <= p.end)
            sentences.append(Sentence(review.id, start, end, owners))
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
