"""Which of a credit's quotes is shown first: the one stating it best for the question."""

from __future__ import annotations

import pytest
from reelqa.index.answer.credits import telling
from reelqa.index.credits.models import Evidence
from reelqa.index.engine import Engine
from reelqa.index.query import understand

from tests.credits_support import engine_over


def quote(text: str, name: str) -> Evidence:
    at = text.index(name)
    return Evidence("r", 0, len(text), text, at, at + len(name))


def test_a_quote_naming_the_asked_character_spelling_the_name_and_concise_is_best() -> None:
    q = understand("Who plays Mara Kell?")
    concise = quote("Mara Kell (Ines Varga) runs the ferry.", "Ines Varga")
    wordy = quote("Years after the flood, the ferry that the town depends on is run by Mara Kell "
                  "(Ines Varga), who has no patience left.", "Ines Varga")
    first_name = quote("Mara (Ines Varga) runs the ferry.", "Ines Varga")
    surname = quote("Mara Kell (Varga) runs the ferry.", "Varga")
    assert telling(q, concise, "Ines Varga") == (False, False, 7)
    assert telling(q, wordy, "Ines Varga") == (False, False, 23)
    assert telling(q, first_name, "Ines Varga") == (True, False, 6)
    assert telling(q, surname, "Ines Varga") == (False, True, 6)
    ranked = sorted([surname, first_name, wordy, concise],
                    key=lambda e: telling(q, e, "Ines Varga"))
    assert ranked == [concise, wordy, surname, first_name]


def test_a_crew_quote_using_the_question_role_word_comes_first() -> None:
    by = quote("The film was directed by Olle Brandt with a light hand.", "Olle Brandt")
    title = quote("Director Olle Brandt keeps it short.", "Olle Brandt")
    assert telling(understand("Who directed Low Tide?"), by, "Olle Brandt") == (False, False, 11)
    assert telling(understand("Who directed Low Tide?"), title, "Olle Brandt") == (True, False, 6)
    assert telling(understand("Who was the director of Low Tide?"), title, "Olle Brandt")[0] is False
    assert telling(understand("Who was the director of Low Tide?"), by, "Olle Brandt")[0] is True


REVIEWS = [
    # retrieval ranks a1 first (it says "plays" and "Mara Kell" twice); a2 says it best
    ("a1", "Low Tide", "Mara Kell plays the town like a fiddle. Years after the flood, the ferry "
     "that the town depends on is run by Mara Kell (Ines Varga), who has no patience left."),
    ("a2", "Low Tide", "A quiet film about weather, boats and the long grey winters of the north "
     "coast. Mara Kell (Ines Varga) runs the ferry."),
    ("a3", "Low Tide", "Varga is superb as Mara Kell, and the sea is the other star."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_over(tmp_path_factory.mktemp("credit-quotes"), REVIEWS)


def test_the_concise_quote_is_the_first_passage_and_the_answer_comes_from_it(engine) -> None:
    assert [h.passage.review.id for h in engine.search("Who plays Mara Kell?", "Low Tide")][0] \
        == "a1"
    answer = engine.ask("Who plays Mara Kell?", film="Low Tide")
    assert answer.short is not None and answer.short.text == "Ines Varga"
    assert [h.passage.review.id for h in answer.hits] == ["a2", "a1", "a3"]
    assert [h.rank for h in answer.hits] == [1, 2, 3]
    assert answer.short.passage == 1
    assert answer.short.sentence == "Mara Kell (Ines Varga) runs the ferry."
    assert answer.credit.reviews == 3 and answer.credit.passages == (1, 2, 3)
