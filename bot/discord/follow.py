"""The bot follows the index: a newly published version is loaded between questions."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reelqa.config.errors import ReelqaError
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.engine import Engine
from reelqa.index.query import Query
from reelqa.index.records import Answer, FilmInfo, Passage
from reelqa.index.store.versions import pointer_state, resolve

log = logging.getLogger("reelqa.discord")
ATTEMPTS = 3  # loads raced by yet another publish before giving up until the next question


class FollowingEngine:
    """An engine that answers from the index version published last.

    Before each question one stat of the index's CURRENT pointer tells whether a build has
    published a new version; if so it is loaded (in the asking worker thread, never on the
    event loop) and used from then on. A question in flight keeps the engine it started with,
    so a switch never fails it. A version that cannot be loaded is logged, and the previous
    one keeps answering.
    """

    def __init__(self, load: Callable[[], Engine], folder: Path,
                 engine: Engine | None = None) -> None:
        self._load = load
        self._folder = folder
        self._state = pointer_state(folder)
        self._engine = engine or load()
        self._lock = threading.Lock()
        self.switches = 0
        self._films: tuple[Engine, list[FilmInfo]] | None = None

    @property
    def engine(self) -> Engine:
        """The engine answering now."""
        return self._engine

    @property
    def index(self) -> Any:
        return self._engine.index

    @property
    def threshold(self) -> float:
        return self._engine.threshold

    def refresh(self) -> bool:
        """Switch to a newly published version, if there is one; True when it switched."""
        state = pointer_state(self._folder)
        if state == self._state:
            return False
        with self._lock:  # one load at a time; the others keep answering meanwhile
            if state == self._state:
                return False
            for _ in range(ATTEMPTS):
                try:
                    engine = self._load()
                except ReelqaError as exc:
                    log.warning("index %s: the new version cannot be loaded (%s); still "
                                "answering from %s", self._folder, exc,
                                self._engine.index.folder.name)
                    self._state = state  # retried when the next version is published
                    return False
                # The old version is removed only after the pointer moves on: if it still
                # names what was loaded, every file was read whole.
                if _live(self._folder) == engine.index.folder:
                    self._engine, self._state = engine, state
                    self.switches += 1
                    log.info("index %s: switched to version %s (%d film(s))", self._folder,
                             engine.index.folder.name, len(engine.films()))
                    return True
                state = pointer_state(self._folder)
            return False

    def understand(self, question: str, film: str | None = None) -> Query:
        return self._engine.understand(question, film)

    def ask(self, question: str | Query, film: str | None = None,
            top_k: int | None = None) -> Answer:
        self.refresh()
        return self._engine.ask(question, film=film, top_k=top_k)

    def films(self) -> list[FilmInfo]:
        engine = self._engine  # counted once per version: autocomplete asks on every key
        if self._films is None or self._films[0] is not engine:
            self._films = (engine, engine.films())
        return self._films[1]

    def resolve_film(self, name: str) -> str | None:
        return self._engine.resolve_film(name)

    def passage(self, passage_id: str) -> Passage | None:
        return self._engine.passage(passage_id)

    def credits(self, film: str) -> FilmCredits:
        return self._engine.credits(film)

    def __getattr__(self, name: str) -> Any:  # anything else the Engine offers
        if name.startswith("_"):  # never recurse while __init__ is still setting _engine
            raise AttributeError(name)
        return getattr(self._engine, name)


def _live(folder: Path) -> Path | None:
    try:
        return resolve(folder)
    except ReelqaError:
        return None
