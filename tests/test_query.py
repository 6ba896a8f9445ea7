"""Question understanding: one Query per question, read once; sentences read from the index."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from reelqa.config.errors import ReelqaError, UnknownFilmError
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index import query as query_module
from reelqa.index.engine import Engine
from reelqa.index.query import films, understand
from reelqa.index.query.films import FilmCatalog
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder
from reelqa.index.text import sentences

FILMS = Path(__file__).parent / "data" / "films"
CATALOG = FilmCatalog([("Heat", 1995), ("Alien", 1979), ("Up", 2009)])


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    folder = tmp_path_factory.mktemp("films") / "index"
    build_index(IndexSettings(corpus_dirs=(FILMS,), index_dir=folder,
                              embedding_model=HASHING_MODEL, batch_size=8),
                embedder=HashingEmbedder())
    return Engine(HashingEmbedder(), load_index(folder, HASHING_MODEL), RetrievalSettings())


def test_a_query_holds_the_film_and_how_it_was_found() -> None:
    named = understand("  Who plays Vincent Hanna in Heat?  ", catalog=CATALOG)
    assert (named.text, named.film, named.film_from, named.from_question) == (
        "Who plays Vincent Hanna in Heat?", "Heat", "question", True)
    asked = understand("who directed it?", "alien-1979", CATALOG)
    assert (asked.film, asked.film_from, asked.from_question) == ("Alien", "asked", False)
    followed = understand("who directed it?", catalog=CATALOG).following("Heat")
    assert (followed.film, followed.film_from) == ("Heat", "followed")
    assert understand("who voices her?", catalog=CATALOG).film is None  # "Up"/"Her" rules hold
    with pytest.raises(UnknownFilmError, match="no film called 'Jaws'"):
        understand("who directed it?", "Jaws", CATALOG)
    with pytest.raises(ReelqaError, match="the question is empty"):
        understand("   ", catalog=CATALOG)


def test_a_query_holds_the_kind_credit_opinion_and_focus() -> None:
    credit = understand("Who plays Vincent Hanna in Heat?", catalog=CATALOG)
    assert credit.kind == "person" and credit.opinion is None
    assert credit.credit is not None and credit.credit.role == "actor"
    assert credit.credit.character == ("vincent", "hanna")
    assert dict(credit.question.focus) == {"play": 1.0, "vincent": 1.5, "hanna": 1.5}
    opinion = understand("How is the music in Heat?", catalog=CATALOG)
    assert opinion.opinion is not None and opinion.opinion.aspect == "music"
    assert opinion.credit is None
    when = understand("When did Alien come out?", catalog=CATALOG)
    assert when.kind == "date" and when.phrased == "When did Alien released?"
    assert "releas" in dict(when.question.focus)
    assert understand("Who is Neil?", catalog=CATALOG).capitalised() == {"neil"}


def _count(monkeypatch: pytest.MonkeyPatch, module: object, name: str, calls: Counter) -> None:
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


@pytest.mark.parametrize(("question", "film", "detected"), [
    ("Who plays Vincent Hanna?", None, 1),  # credits, then spans
    ("Who is Neil McCauley?", "Heat", 0),  # credits asks the spans and adds to them
    ("How is the acting in Heat?", None, 1),  # opinion
    ("Where is Heat set?", None, 1),  # spans
])
def test_one_ask_reads_the_question_once_and_splits_no_sentence(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, question: str, film: str | None,
    detected: int,
) -> None:
    calls: Counter[str] = Counter()
    for name in ("parse", "opinion_query", "phrased"):
        _count(monkeypatch, query_module, name, calls)
    _count(monkeypatch, films.FilmCatalog, "_detect", calls)  # how the catalog reads it
    _count(monkeypatch, sentences, "_paragraph_spans", calls)  # every sentence split passes here
    answer = engine.ask(question, film)
    assert answer.hits
    assert calls == Counter({"parse": 1, "opinion_query": 1, "phrased": 1,
                             "_detect": detected}), calls
    # the bot's way: understand first, then ask with the query; nothing is read again
    calls.clear()
    again = engine.ask(engine.understand(question, film))
    assert (again.short, again.hits) == (answer.short, answer.hits)
    assert calls["parse"] == calls["opinion_query"] == 1 and calls["_paragraph_spans"] == 0
