"""Hybrid search over a loaded index: dense and BM25 rankings, fused, capped per review."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.config.settings import RetrievalSettings
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import FilmInfo, Hit, Passage, Review
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
        self._position = {p.id: i for i, p in enumerate(index.passages)}
        self._review_of = {p.id: p.review.id for p in index.passages}
        # Each film's passage positions and sentence rows, grouped with numpy: at a million
        # passages a loop over 4 million sentences took seconds of the start-up.
        codes: dict[str, int] = {}
        film_of = np.fromiter((codes.setdefault(p.review.film, len(codes))
                               for p in index.passages), dtype=np.int64,
                              count=len(index.passages))
        names = list(codes)
        self._by_film = _grouped(film_of, names)
        first = first_owners(index.sentence_owners)
        self._sentences_by_film = _grouped(film_of[first] if len(first) else first, names)

    def films(self) -> list[FilmInfo]:
        """The indexed films with their review and passage counts, by title."""
        return film_counts(self.index.passages)

    def position(self, passage: Passage) -> int:
        """The passage's position in the index (its BM25 row)."""
        return self._position[passage.id]

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
            capped = cap_per_group(fused, self._review_of.__getitem__,
                                   self.retrieval.per_review)[:k]
        return tuple(
            Hit(self.index.passages[self._position[pid]], score, rank)
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
        return self.index.passages[self._position[passage_id]]

    def _named(self, ranking: Sequence[tuple[int, float]]) -> list[tuple[str, float]]:
        return [(self.index.passages[i].id, score) for i, score in ranking]


def _grouped(labels: np.ndarray, names: list[str]) -> dict[str, list[int]]:
    """The positions holding each label, in order, by the label's name."""
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(len(names) + 1))
    return {name: order[bounds[k] : bounds[k + 1]].tolist() for k, name in enumerate(names)
            if bounds[k + 1] > bounds[k]}


def film_counts(passages: Sequence[Passage],
                lean_of: Callable[[Review], str | None] | None = None) -> list[FilmInfo]:
    """Each film's review and passage counts, sorted by title then year; with `lean_of`,
    how many of its reviews lean each way (positive, mixed, negative)."""
    reviews = Counter((p.review.film, p.review.year) for p in passages if p.n == 0)
    counts = Counter((p.review.film, p.review.year) for p in passages)
    leans: dict[tuple[str, int | None], Counter[str]] = {}
    if lean_of is not None:
        for p in passages:
            if p.n == 0 and (lean := lean_of(p.review)) is not None:
                leans.setdefault((p.review.film, p.review.year), Counter())[lean] += 1
    order = ("positive", "mixed", "negative")
    none: Counter[str] = Counter()
    return [
        FilmInfo(t, y, reviews[(t, y)], n, tuple(
            (k, leans.get((t, y), none)[k]) for k in order if leans.get((t, y), none)[k]))
        for (t, y), n in sorted(counts.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1] or 0))
    ]
