"""Writing one index version in a stream: reviews come in slices, and each slice is chunked,
its passages' terms and its sentences' vectors stored, and dropped.

What stays in memory grows with the corpus only by small int32 tables (16 bytes a passage,
13 a sentence), the BM25 vocabulary and a 32-byte hash a review; review texts go to
reviews.jsonl, passage terms and sentence codes to scratch files. The credits, which need every
review of a film, read reviews.jsonl back (three passes) once the slices are written.
"""

from __future__ import annotations

import shutil
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from reelqa.index.credits.store import build_credits, load_credits
from reelqa.index.ingest.chunking import chunk_review, sentence_units
from reelqa.index.ingest.corpus import Fingerprint
from reelqa.index.judge.store import TextJudgements, films_of, judge_texts
from reelqa.index.records import Passage, Review
from reelqa.index.store import meta
from reelqa.index.store.dense import DenseBuilder
from reelqa.index.store.folder import write_manifest
from reelqa.index.store.reuse import Reusable, text_keys
from reelqa.index.store.reviewfile import ReviewFile, ReviewWriter
from reelqa.index.store.sparse import SparseBuilder

# How reviews are cut (see ingest/chunking.py); part of the reuse key and of the manifest.
CHUNKING = {"min_words": 60, "max_words": 120, "overlap_words": 30}
WORK = ".work"  # scratch files inside the stage, removed before it is published

class Encode(Protocol):
    """Encodes (dense rows, their texts) and stores the vectors in `IndexWriter.dense`, at the
    latest when `flush` returns (build.LocalEncoder, distributed.RayEncoder); `close` frees what
    it holds, whether or not everything was flushed."""

    def __call__(self, rows: np.ndarray, texts: list[str]) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class IndexWriter:
    """Writes the files of one index version into `stage`, a slice of reviews at a time."""

    def __init__(self, stage: Path, model: dict[str, Any], previous: Reusable | None) -> None:
        self.stage = stage
        self.model = model
        work = stage / WORK
        work.mkdir()
        self.dense = DenseBuilder(work / "codes.u8", model["dimension"])
        self._sparse = SparseBuilder(work / "terms.i32")
        self._previous = previous
        self._reviews = ReviewWriter(stage)
        self._fingerprint = Fingerprint()
        self._passages: list[np.ndarray] = []
        self._sentences: list[np.ndarray] = []
        self.reviews = self.passages = self.sentences = 0
        self.encoded = self.reused = 0

    def add(self, reviews: list[Review], encode: Encode) -> None:
        """Write a slice of reviews: their records, passages, sentences and terms; reuse the
        vectors the live index holds and give the rest to `encode`."""
        texts: list[str] = []
        units: list[str] = []
        passage_rows, sentence_rows = [], []
        for review in reviews:
            self._reviews.add(review)
            self._fingerprint.add(review)
            chunks, sentences = split_review(review)
            for p in chunks:
                passage_rows.append((self.reviews, p.n, p.start, p.end))
                texts.append(p.text)
            for start, end, first, count in sentences:
                sentence_rows.append((start, end, self.passages + first if count else -1, count))
                units.append(review.text[start:end])
            self.passages += len(chunks)
            self.reviews += 1
        self._sparse.add(texts)
        self._passages.append(np.array(passage_rows, dtype=np.int32).reshape(-1, 4))
        table = np.zeros(len(sentence_rows), dtype=meta.SENTENCE_ROW)
        if sentence_rows:
            table[:] = sentence_rows
        self._sentences.append(table)
        self._vectors(units, encode)
        self.sentences += len(table)

    def _vectors(self, texts: list[str], encode: Encode) -> None:
        rows = np.arange(self.sentences, self.sentences + len(texts), dtype=np.int64)
        missing = np.ones(len(texts), dtype=bool)
        if self._previous is not None and texts:
            found, old = self._previous.find(text_keys(texts))
            self.dense.put_codes(rows[found], self._previous.store.codes(old))
            missing = ~found
            self.reused += int(found.sum())
        picked = np.flatnonzero(missing)
        self.encoded += len(picked)
        if len(picked):
            encode(rows[picked], [texts[i] for i in picked])

    def finish(self, started: float, build_seconds: Callable[[], float],
               vectors_stored: Callable[[], None]) -> None:
        """Write BM25, the tables, the credits, the judgements, the vectors' index and the
        manifest; remove the scratch files. What needs no vector is done first, then
        `vectors_stored()` is called, which returns once every vector given to `encode` is in
        `dense`: the encoder may work on meanwhile."""
        files = self._reviews.close()
        self._previous = None  # the live index's vectors are no longer needed
        files += self._sparse.finish(self.stage)
        passages = np.concatenate(self._passages) if self._passages else \
            np.zeros((0, 4), np.int32)
        sentences = np.concatenate(self._sentences) if self._sentences else \
            np.zeros(0, meta.SENTENCE_ROW)
        self._passages, self._sentences = [], []
        files += [meta.save_passages(self.stage, passages), meta.save_table(self.stage, sentences)]
        records = StoredReviews(self.stage)
        credits = build_credits(self.stage, records, records.texts())
        judging = self._judge(sentences, passages)
        del sentences, passages
        vectors_stored()
        dense = self.dense.finish()
        files += dense.save(self.stage) + credits.files
        kind, count = dense.kind, dense.size
        shutil.rmtree(self.stage / WORK)
        files += judging.finish(lambda rows: dense.vectors(rows.tolist()))
        write_manifest(
            self.stage,
            files,
            model=self.model,
            dense={"kind": kind, "count": count},
            chunking=CHUNKING,
            counts={"reviews": self.reviews, "passages": self.passages,
                    "films": self._reviews.films, **credits.counts, "encoded": self.encoded,
                    "reused": self.reused},
            corpus_fingerprint=self._fingerprint.hexdigest(),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(build_seconds(), 3),
        )

    @property
    def films(self) -> int:
        return self._reviews.films

    def _judge(self, sentences: np.ndarray, passages: np.ndarray) -> TextJudgements:
        """Each sentence's polarity and aspects and each film's content words
        (`reelqa.index.judge`), from the reviews and credits just written; what needs the
        vectors (the reviews' leans, the story scores) is done by the result's `finish`."""
        source = ReviewFile(self.stage)
        review_rows = np.where(sentences["count"] > 0,
                               passages[np.maximum(sentences["first"], 0), 0], -1)
        films = films_of([source.films[f][0] for f in source.film.tolist()], review_rows)
        spans = np.stack([sentences["start"], sentences["end"]], axis=1)
        return judge_texts(self.stage, films, lambda r: str(source.record(r)["text"]), spans,
                           source.ratings, self.model["name"], self.model["dimension"],
                           load_credits(self.stage))


def split_review(review: Review) -> tuple[list[Passage], list[tuple[int, int, int, int]]]:
    """A review's passages, and its sentences (start, end, first passage number in the review,
    passages holding it).

    Sentences are what the dense index embeds: a passage is then scored by its best
    sentence, so a one-sentence answer is not diluted by the hundred words around it
    (see docs/retrieval.md for the measurements).
    """
    chunks = chunk_review(review, **CHUNKING)
    units = sentence_units(review.text, CHUNKING["max_words"])
    starts = [start for start, _ in units]
    owners: list[list[int]] = [[] for _ in units]
    for number, p in enumerate(chunks):  # each chunk's sentences are a run found by bisection
        k = bisect_left(starts, p.start)
        while k < len(units) and units[k][1] <= p.end:
            owners[k].append(number)
            k += 1
    out = []
    for j, ((start, end), held) in enumerate(zip(units, owners, strict=True)):
        first = held[0] if held else -1
        if held != list(range(first, first + len(held))):
            raise ValueError(f"sentence {j} of review {review.id!r} lies in passages that do "
                             "not follow each other")
        out.append((start, end, first, len(held)))
    return chunks, out


class StoredReviews(Iterable[Review]):
    """The reviews of a folder's review records, read again on each pass over them, one at
    a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __iter__(self) -> Iterator[Review]:
        for record in ReviewFile(self.folder).records():
            yield Review(**record)

    def texts(self) -> Mapping[str, str]:
        """Each review's text by id, read from the file when asked (reviewfile.ReviewFile)."""
        return _Texts(ReviewFile(self.folder))


class _Texts(Mapping[str, str]):
    """review id -> text, read on demand."""

    def __init__(self, source: ReviewFile) -> None:
        self._source = source
        self._rows = {review_id: row for row, review_id in enumerate(source.ids)}

    def __getitem__(self, review_id: str) -> str:
        text: str = self._source.record(self._rows[review_id])["text"]
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
