"""The engine: a question understood once, retrieval, then the answer kinds, over one index."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reelqa.config.errors import ReelqaError
from reelqa.config.settings import RetrievalSettings, Settings
from reelqa.index.answer import THRESHOLD, Kind, reply
from reelqa.index.answer.card import QUESTIONS, compose
from reelqa.index.answer.kinds import kinds_for
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.store import load_credits
from reelqa.index.judge.store import Shares, load_shares
from reelqa.index.query import Query, understand
from reelqa.index.query.films import FilmCatalog, match_film
from reelqa.index.query.reading import Reading
from reelqa.index.records import Answer, FilmCard, FilmInfo, Hit, Passage
from reelqa.index.retrieve.search import Retriever, film_counts
from reelqa.index.store.embedding import Embedder, check_backend, load_embedder
from reelqa.index.store.folder import (
    LoadedIndex,
    check_model,
    load_index,
    load_passages,
    read_manifest,
)
from reelqa.index.store.versions import resolve


class Engine:
    """Answers questions from one loaded index; safe to share across threads."""

    threshold = THRESHOLD  # the confidence below which a best guess is not an answer

    def __init__(
        self,
        embedder: Embedder,
        index: LoadedIndex,
        retrieval: RetrievalSettings,
        top_k: int = 5,
        kinds: Sequence[Kind] | None = None,
    ) -> None:
        self.retriever = Retriever(embedder, index, retrieval, top_k)
        self.credit_index = load_credits(index.folder)
        self.index = index
        self.knowledge = self._knowledge()
        self.kinds = list(kinds) if kinds is not None else kinds_for(self.knowledge)
        self.catalog = FilmCatalog(index.passages.films())

    def _knowledge(self) -> Knowledge:
        """What the answer kinds may read of the index besides the hits."""
        index, offsets = self.index, self.index.sentences

        def rows_of(passage: Passage) -> range:
            at = self.retriever.position(passage)
            return range(int(offsets.first[at]), int(offsets.stop[at]))

        return Knowledge(index.passages, self.credit_index, index.judgements, rows_of,
                         lambda row: (int(offsets.starts[row]), int(offsets.ends[row])),
                         lambda rows: index.dense.vectors(list(rows)))

    def films(self) -> list[FilmInfo]:
        """The indexed films with their review and passage counts and leans, by title."""
        return film_counts(self.index.passages, self.knowledge.shares.lean_at)

    def resolve_film(self, name: str) -> str | None:
        """The indexed title that `name` refers to, or None."""
        return self.catalog.resolve(name)

    def require_film(self, name: str) -> str:
        """The indexed title that `name` refers to; UnknownFilmError (with the closest
        titles as suggestions) when there is none."""
        return self.catalog.require(name)

    def passage(self, passage_id: str) -> Passage | None:
        """The indexed passage with this id, or None (the index may have been rebuilt)."""
        at = self.index.passages.position(passage_id)
        return None if at is None else self.index.passages[at]

    def understand(self, question: str, film: str | None = None) -> Query:
        """The question, understood once (`reelqa.index.query.understand`) against this index's
        films: `film` (a title or film id) must be indexed; without it, a film the question
        names is found."""
        return understand(question, film, self.catalog)

    def reading(self) -> Reading:
        """A fresh reading of passages for one question, from the index's sentence offsets."""
        return Reading(lambda p: self.index.sentences_of(self.retriever.position(p)))

    def search(
        self, question: str | Query, film: str | None = None, top_k: int | None = None
    ) -> tuple[Hit, ...]:
        """The best passages for a question (see `Retriever.search`)."""
        query = question if isinstance(question, Query) else self.understand(question, film)
        return self.retriever.search(query, top_k)

    def ask(self, question: str | Query, film: str | None = None,
            top_k: int | None = None) -> Answer:
        """Retrieve passages for a question and give a short answer when the reviews hold one.

        `question` is text (understood here, with `film`) or an understood `Query`; without a
        film, one the question names limits the search to its reviews.
        """
        started = time.perf_counter()
        query = question if isinstance(question, Query) else self.understand(question, film)
        reading = self.reading()
        hits = self.retriever.search(query, top_k, reading)
        found = reply(self.kinds, query, hits, reading)
        took = (time.perf_counter() - started) * 1000
        return Answer(query.text, query.film, found.hits, found.short, took, query.from_question,
                      best_guess=found.best_guess, opinion=found.opinion, credit=found.credit,
                      kind=found.kind, asked=query.kind)

    def card(self, film: str) -> FilmCard:
        """The film card of the indexed film `film` names (`answer.card`): UnknownFilmError,
        with suggestions, when there is none."""
        title = self.require_film(film)
        answers = {part: self.ask(self.understand(question, title))
                   for part, question in QUESTIONS.items()}
        reviews = sum(1 for p in self.knowledge.by_film.get(title, ()) if p.n == 0)
        return compose(title, reviews, answers)

    def credits(self, film: str) -> FilmCredits:
        """The credits of the indexed film `film` names; ReelqaError when there is none."""
        title = self.catalog.require(film)
        return self.credit_index.get(title, FilmCredits(title, ()))


def list_films(folder: Path) -> list[FilmInfo]:
    """The films of the index at `folder` with their counts and leans, without a model."""
    version = resolve(folder)
    _, passages = load_passages(version)
    return film_counts(passages, Shares(load_shares(version), {}).lean_at)  # by table row


def read_credits(folder: Path, film: str) -> FilmCredits:
    """The credits of `film` in the index at `folder`, without loading a model or a store."""
    version = resolve(folder)  # one version for passages and credits, even mid-publish
    manifest, passages = load_passages(version)
    title = match_film(film, set(passages.films()))
    if title is None:
        raise ReelqaError(f"no film called {film!r} in the index; `reelqa films` lists them")
    if "credits" not in manifest["counts"]:
        raise ReelqaError(f"the index at {folder} has no credits; rebuild it with "
                          "`reelqa index build`")
    return load_credits(version).get(title, FilmCredits(title, ()))


def open_engine(settings: Settings, embedder: Embedder | None = None) -> Engine:
    """Load the configured model and index once. Checks the manifest before loading the model."""
    folder = settings.index_dir
    model_name = embedder.name if embedder else settings.embedding_model
    manifest = read_manifest(folder)
    check_model(folder, manifest, model_name)
    if embedder is not None:
        return Engine(embedder, load_index(folder, model_name), settings.retrieval, settings.top_k)
    check_backend(folder, manifest, settings.embedding_backend)
    # The model loads while the index is read and verified: both wait mostly outside the GIL
    # (ONNX Runtime's session set-up, hashing the files): the cold start is the longer of the two.
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(load_embedder, model_name, settings.embedding_batch_size,
                              settings.embedding_backend, settings.embedding_cache_dir,
                              settings.query_threads)
        index = load_index(folder, model_name)
        return Engine(loading.result(), index, settings.retrieval, settings.top_k)
