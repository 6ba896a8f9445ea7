"""The engine: retrieval, then an answerer, over one loaded index and one embedder."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reelqa.config.errors import ReelqaError
from reelqa.config.settings import RetrievalSettings, Settings
from reelqa.index.answer import Answerer, Response, respond
from reelqa.index.answer.credits import CreditsAnswerer
from reelqa.index.answer.extract import ExtractiveAnswerer
from reelqa.index.answer.opinion import OpinionReader, short_answer
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.store import load_credits
from reelqa.index.records import Answer, FilmInfo, Hit, Passage
from reelqa.index.retrieve.films import match_film
from reelqa.index.retrieve.search import Retriever
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

    def __init__(
        self,
        embedder: Embedder,
        index: LoadedIndex,
        retrieval: RetrievalSettings,
        top_k: int = 5,
        answerer: Answerer | None = None,
    ) -> None:
        self.retriever = Retriever(embedder, index, retrieval, top_k)
        self.credit_index = load_credits(index.folder)
        self.answerer: Answerer = answerer or CreditsAnswerer(
            self.credit_index, index.passages, ExtractiveAnswerer())
        self.index = index
        # Opinion questions go to the reader, the rest to the answerer: the two compose.
        self.opinions = OpinionReader((p.review for p in index.passages if p.n == 0),
                                      self.answerer.threshold)
        self._passages = {p.id: p for p in index.passages}

    @property
    def threshold(self) -> float:
        """The confidence below which the answerer's best guess is not an answer."""
        return self.answerer.threshold

    def films(self) -> list[FilmInfo]:
        """The indexed films with their review and passage counts, by title."""
        return self.retriever.films()

    def resolve_film(self, name: str) -> str | None:
        """The indexed title that `name` refers to, or None."""
        return self.retriever.resolve_film(name)

    def film_in(self, question: str) -> str | None:
        """The indexed film a question names, if any."""
        return self.retriever.film_in(question)

    def passage(self, passage_id: str) -> Passage | None:
        """The indexed passage with this id, or None (the index may have been rebuilt)."""
        return self._passages.get(passage_id)

    def search(
        self, question: str, film: str | None = None, top_k: int | None = None
    ) -> tuple[Hit, ...]:
        """The best passages for `question` (see `Retriever.search`)."""
        return self.retriever.search(question, film, top_k)

    def ask(self, question: str, film: str | None = None, top_k: int | None = None) -> Answer:
        """Retrieve passages for `question` and give a short answer when the reviews hold one.

        Without `film`, a film named in the question limits the search to its reviews.
        """
        started = time.perf_counter()
        from_question = False
        if film is None:
            film = self.retriever.film_in(question)
            from_question = film is not None
        else:
            film = self.retriever.require_film(film)
        hits = self.retriever.search(question, film, top_k)
        opinion = self.opinions.read(question, film, hits)
        if opinion is not None:  # opinion questions go to the reader, the rest to the answerer
            guess = short_answer(opinion)
            short = guess if guess is not None and guess.confidence >= self.threshold else None
            reply = Response(hits, short, guess.confidence if guess is not None else 0.0)
        else:
            reply = respond(self.answerer, question, hits, film)
        took = (time.perf_counter() - started) * 1000
        return Answer(question.strip(), film, reply.hits, reply.short, took, from_question,
                      best_guess=reply.best_guess, opinion=opinion, credit=reply.credit)

    def credits(self, film: str) -> FilmCredits:
        """The credits of the indexed film `film` names; ReelqaError when there is none."""
        title = self.retriever.require_film(film)
        return self.credit_index.get(title, FilmCredits(title, ()))


def read_credits(folder: Path, film: str) -> FilmCredits:
    """The credits of `film` in the index at `folder`, without loading a model or a store."""
    version = resolve(folder)  # one version for passages and credits, even mid-publish
    manifest, passages = load_passages(version)
    title = match_film(film, {(p.review.film, p.review.year) for p in passages})
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
