"""Film awareness: tolerant titles, films named in questions, and two films sharing a character."""

from __future__ import annotations

from pathlib import Path

import pytest
from reelqa.bot.terminal.render import render_answer
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.query.films import detect_film, match_film
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder

SHARED_NAMES = Path(__file__).parent / "data" / "shared_names"
FILMS = [("Harbor Lights", 2019), ("Paper Moons", 2022), ("The Long Night", 2020), ("Her", 2013), ("Joe", 2013)]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Harbor Lights", "Harbor Lights"),
        ("harbor lights", "Harbor Lights"),
        ("HARBOR LIGHTS!", "Harbor Lights"),
        ("Harbor Lights (2019)", "Harbor Lights"),
        ("harbor-lights-2019", "Harbor Lights"),
        ("long night", "The Long Night"),
        ("The Long Night [2020]", "The Long Night"),
        ("Paper Moon", None),
        ("Night", None),
    ],
)
def test_match_film_is_tolerant(name, title):
    assert match_film(name, FILMS) == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("In Harbor Lights, who plays Jay?", "Harbor Lights"),
        ("who voices Jay in paper moons?", "Paper Moons"),
        ("Who directed the long night (2020)?", "The Long Night"),
        ("Who directed 'The Long Night'?", "The Long Night"),
        ("who plays Jay?", None),
        ("Who voices her?", None),
        ("Who voices Samantha in Her?", "Her"),
        # a one-word title inside a longer capitalised name is a person's name
        ("Who played Joe Armstrong?", None),
        ("who plays Kane Joe?", None),
        ("Joe Armstrong is played by whom?", None),
        ("Who plays Joe in Joe?", "Joe"),
        ("who directed Joe?", "Joe"),
        ("Who directed The Joe?", "Joe"),
        ("WHO PLAYS JOE ARMSTRONG?", "Joe"),
        ("Who Directed Joe Armstrong?", "Joe"),
        ("Who plays Jay Harbor in Harbor Lights?", "Harbor Lights"),
    ],
)
def test_detect_film_in_questions(question, title):
    assert detect_film(question, FILMS) == title


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    folder = tmp_path_factory.mktemp("shared") / "index"
    settings = IndexSettings(
        corpus_dirs=(SHARED_NAMES,), index_dir=folder, embedding_model=HASHING_MODEL, batch_size=8
    )
    build_index(settings, embedder=HashingEmbedder())
    index = load_index(folder, HASHING_MODEL)
    return Engine(HashingEmbedder(), index, RetrievalSettings(), top_k=5)


def test_named_film_is_searched_alone(engine):
    answer = engine.ask("In Harbor Lights, who plays Jay?")
    assert (answer.film, answer.film_from_question) == ("Harbor Lights", True)
    assert {h.passage.review.film for h in answer.hits} == {"Harbor Lights"}
    assert answer.short is not None and answer.short.text == "Dana Wells"
    assert answer.to_dict()["answer"]["text"] == "Dana Wells"

    other = engine.ask("who voices Jay in paper moons?")
    assert other.film == "Paper Moons" and other.short.text == "Mika Sato"


def test_shared_character_without_a_film_answers_film_by_film(engine):
    answer = engine.ask("who plays Jay?")
    assert answer.film is None and not answer.film_from_question
    # Both films have a Jay, played by different people: each answers for its own film, not
    # a disagreement (that is kept for two people claimed for one character in one film).
    films = [h.passage.review.film for h in answer.hits]
    # each film's credit is quoted, the best supported first, then retrieval's passages
    assert films == ["Harbor Lights", "Paper Moons", "Harbor Lights", "The Long Night"]
    assert answer.short is not None and answer.short.text == "Dana Wells"
    assert answer.credit is not None and answer.credit.rivals == ()
    assert answer.credit.films == (("Harbor Lights", "Dana Wells", 2),
                                   ("Paper Moons", "Mika Sato", 1))
    text = render_answer(answer)
    assert ("Jay: Dana Wells in Harbor Lights (2 reviews); Mika Sato in Paper Moons (1 review)"
            in text)
    assert "] Harbor Lights: " in text and "] Paper Moons: " in text


def test_unshared_question_across_films_still_answers(engine):
    answer = engine.ask("Who directed The Long Night?")
    assert answer.film == "The Long Night" and answer.short.text == "Ruth Adler"
    answer = engine.ask("How long is the film?", film="the long night")
    assert answer.short.text == "98 minutes"
