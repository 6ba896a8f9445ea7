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
from reelqa.index.store.meta import first_owners


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
        dense = self._named(self._dense(query.text, depth, sentences))
        sparse = self._named(self.index.sparse.search(query.text, depth, allowed))
        if self.retrieval.fusion == "rrf":
            fused = reciprocal_rank([dense, sparse], k=self.retrieval.rrf_k)
        else:
            fused = weighted(dense, sparse, self.retrieval.dense_weight)
        if query.opinion is not None:
            reading = reading or Reading(lambda p: self.index.sentences_of(self.position(p)))
            capped = opinion.rerank(fused, self._passage, query.opinion, reading)[:k]
        else:
            capped = cap_per_group(fused, self._review_of, self.retrieval.per_review)[:k]
        return tuple(
            Hit(self._passage(pid), score, rank)
            for rank, (pid, score) in enumerate(capped, start=1)
        )

    def _dense(
        self, question: str, depth: int, sentences: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        """Passages ranked by the cosine of their best-matching sentence to the question."""
        vector = self.embedder.encode([question])[0]
        best: dict[int, float] = {}
        # Several sentences per passage: look deeper so `depth` distinct passages come back.
        for row, score in self.index.dense.search(vector, depth * 4, sentences):
            for position in self.index.sentence_owners[row]:
                if score > best.get(position, -2.0):
                    best[position] = score
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:depth]

    def _passage(self, passage_id: str) -> Passage:
        return self.index.passages[self.position_of(passage_id)]

    def position_of(self, passage_id: str) -> int:
        at = self.index.passages.position(passage_id)
        if at is None:
            raise KeyError(passage_id)
        return at

    def _review_of(self, passage_id: str) -> str:
        return self.index.passages.review_id(self.position_of(passage_id))

    def _named(self, ranking: Sequence[tuple[int, float]]) -> list[tuple[str, float]]:
        return [(self.index.passages.id_of(i), score) for i, score in ranking]


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
