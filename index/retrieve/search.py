"""Hybrid search over a loaded index: dense and BM25 rankings, fused, capped per review."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.config.settings import RetrievalSettings
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import FilmInfo, Hit, Passage
from reelqa.index.records.table import Grouped, PassageTable
from reelqa.index.retrieve import opinion
from reelqa.index.retrieve.fusion import cap_per_group, reciprocal_rank, weighted
from reelqa.index.store.embedding import Embedder, check_encoder
from reelqa.index.store.folder import LoadedIndex
from reelqa.index.store.meta import first_owners, held_by


class Retriever:
    """Ranks the passages of one loaded index for a question; safe to share across threads."""

    def __init__(
        self, embedder: Embedder, index: LoadedIndex, retrieval: RetrievalSettings, top_k: int = 5
    ) -> None:
        if embedder.dimension != index.dense.dimension:
            raise IndexMismatchError(
                f"index at {index.folder} holds {index.dense.dimension}-dimensional vectors but "
                f"model {embedder.name!r} makes {embedder.dimension}; run `reelqa index build`"
            )
        check_encoder(index.folder, index.manifest, embedder)
        self.embedder = embedder
        self.index = index
        self.retrieval = retrieval
        self.top_k = top_k
        # Each film's passage positions and sentence rows, grouped with numpy from the
        # passage table: no object a passage or a sentence is made at start-up.
        names, film_of = index.passages.titles
        self._by_film = Grouped(film_of, names)
        first = first_owners(index.sentence_owners)
        self._sentences_by_film = Grouped(film_of[first] if len(first) else first, names)

    def films(self) -> list[FilmInfo]:
        """The indexed films with their review and passage counts, by title."""
        return film_counts(self.index.passages)

    def position(self, passage: Passage) -> int:
        """The passage's position in the index (its BM25 row)."""
        at = self.index.passages.position(passage.id)
        if at is None:
            raise KeyError(passage.id)
        return at

    def search(self, query: Query, top_k: int | None = None,
               reading: Reading | None = None) -> tuple[Hit, ...]:
        """The best passages for `query`, fused from dense and BM25 rankings.

        The query's film limits the search to that film's reviews; at most
        `retrieval.per_review` passages come from one review. An opinion question ranks
        verdicts first, one review at a time (`retrieve.opinion`), reading sentences through
        `reading` (one is made when none is given).
        """
        k = top_k or self.top_k
        allowed = sentences = None
        if query.film is not None:
            allowed = self._by_film.get(query.film, [])
            sentences = self._sentences_by_film.get(query.film, [])
        depth = max(self.retrieval.candidates, k * 4)
        at: dict[str, int] = {}  # each candidate's position, by its id
        dense = self._named(self._dense(query.text, depth, sentences), at)
        sparse = self._named(self.index.sparse.search(query.text, depth, allowed), at)
        if self.retrieval.fusion == "rrf":
            fused = reciprocal_rank([dense, sparse], k=self.retrieval.rrf_k)
        else:
            fused = weighted(dense, sparse, self.retrieval.dense_weight)
        passages = self.index.passages

        def passage_of(pid: str) -> Passage:
            return passages[at[pid]]

        if query.opinion is not None:
            reading = reading or Reading(lambda p: self.index.sentences_of(self.position(p)))
            capped = opinion.rerank(fused, passage_of, query.opinion, reading)[:k]
        else:
            capped = cap_per_group(fused, lambda pid: passages.review_id(at[pid]),
                                   self.retrieval.per_review, limit=k)
        return tuple(
            Hit(passage_of(pid), score, rank)
            for rank, (pid, score) in enumerate(capped, start=1)
        )

    def _dense(
        self, question: str, depth: int, sentences: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        """Passages ranked by the cosine of their best-matching sentence to the question."""
        vector = self.embedder.encode([question])[0]
        # Several sentences per passage: look deeper so `depth` distinct passages come back.
        rows, scores = self.index.dense.search_rows(vector, depth * 4, sentences)
        return best_per_passage(rows, scores, self.index.sentence_owners, depth)

    def _named(self, ranking: Sequence[tuple[int, float]],
               at: dict[str, int]) -> list[tuple[str, float]]:
        """`ranking` by passage id; each id's position noted in `at`."""
        positions = [i for i, _ in ranking]
        ids = self.index.passages.ids_of(positions)
        at.update(zip(ids, positions, strict=True))
        return list(zip(ids, (score for _, score in ranking), strict=True))


def best_per_passage(rows: np.ndarray, scores: np.ndarray, owners: Sequence[Sequence[int]],
                     depth: int) -> list[tuple[int, float]]:
    """The `depth` best passages by the best score of the sentences (dense `rows`, with their
    `scores`) they hold, best first, ties by position."""
    positions, which = held_by(owners, np.asarray(rows, dtype=np.int64))
    held = np.asarray(scores, dtype=np.float64)[which]
    by_passage = np.lexsort((-held, positions))  # each passage's best sentence first
    positions, held = positions[by_passage], held[by_passage]
    first = np.ones(len(positions), dtype=bool)
    first[1:] = positions[1:] != positions[:-1]
    positions, held = positions[first], held[first]
    best = np.lexsort((positions, -held))[:depth]
    return list(zip(positions[best].tolist(), held[best].tolist(), strict=True))


def film_counts(passages: Sequence[Passage],
                lean_at: Callable[[int, str | None], str | None] | None = None) -> list[FilmInfo]:
    """Each film's review and passage counts, sorted by title then year; with `lean_at` (a
    review's row and rating -> its lean), how many of its reviews lean each way (positive,
    mixed, negative). Read from the passage table: no `Passage` or `Review` is made."""
    table = PassageTable.of(passages)
    held = table.table[:, 0].astype(np.int64)
    film_of = np.asarray(table.reviews.film, dtype=np.int64)
    film = film_of[held]
    firsts = held[table.table[:, 1] == 0]
    reviews = Counter(film_of[firsts].tolist())
    counts = Counter(film.tolist())
    leans: dict[int, Counter[str]] = {}
    if lean_at is not None:
        ratings = table.reviews.ratings
        for row in firsts.tolist():
            if (lean := lean_at(row, ratings[row])) is not None:
                leans.setdefault(int(film_of[row]), Counter())[lean] += 1
    order = ("positive", "mixed", "negative")
    none: Counter[str] = Counter()
    films = table.reviews.films
    return [
        FilmInfo(films[f][0], films[f][1], reviews[f], n, tuple(
            (k, leans.get(f, none)[k]) for k in order if leans.get(f, none)[k]))
        for f, n in sorted(counts.items(),
                           key=lambda kv: (films[kv[0]][0].lower(), films[kv[0]][1] or 0))
    ]
