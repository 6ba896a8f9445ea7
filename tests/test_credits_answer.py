"""Credits answers through the real engine: hand-written reviews, a real index on disk (the
weightless stand-in embedder), exact spans, citations, support and disagreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.bot.terminal.render import render_answer, render_credits
from reelqa.index.engine import Engine, read_credits

from tests.credits_support import engine_over

REVIEWS = [
    ("s1", "Scarface", "Tony Montana (Pacino) rises from the docks of Miami to the top of the "
     "cocaine trade. Elvira (Michelle Pfeiffer) watches him fall."),
    ("s2", "Scarface", "The film belongs to Al Pacino from start to end. Brian De Palma's "
     "direction is operatic and loud."),
    ("s3", "Scarface", "Directed by Brian De Palma, it runs close to three hours."),
    ("h1", "Home Room", "Alicia (Busy Philipps) and Deanna (Erika Christensen) bond slowly."),
    ("h2", "Home Room", "Alicia (Erika Christensen) is dark, and Deanna is bright."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_over(tmp_path_factory.mktemp("credits-answers"), REVIEWS)


def test_a_surname_answers_with_the_full_name_and_cites_where_it_is_written(engine) -> None:
    answer = engine.ask("Who plays Tony Montana?", film="Scarface")
    short = answer.short
    assert short is not None and short.text == "Al Pacino"
    cited = answer.hits[short.passage - 1].passage
    assert cited.review.id == "s2"
    assert cited.review.text[short.start : short.end] == "Al Pacino"
    assert short.sentence == "The film belongs to Al Pacino from start to end."
    # the quote that credits him comes first, the review spelling his name is cited too
    assert [h.passage.review.id for h in answer.hits][:2] == ["s1", "s2"]
    credit = answer.credit
    assert (credit.role, credit.person, credit.character, credit.reviews, credit.passages) == (
        "actor", "Al Pacino", "Tony Montana", 1, (1,))
    lines = render_answer(answer).splitlines()
    assert lines[3:5] == [f"Al Pacino [{short.passage}]", "  1 review says so [1]"]


def test_agreeing_reviews_are_counted_and_quoted_first(engine) -> None:
    answer = engine.ask("who directed Scarface?")
    assert answer.film == "Scarface" and answer.short.text == "Brian De Palma"
    assert answer.credit.reviews == 2
    assert {answer.hits[r - 1].passage.review.id for r in answer.credit.passages} == {"s2", "s3"}
    assert answer.to_dict()["credit"] == {
        "role": "director", "person": "Brian De Palma", "character": None, "reviews": 2,
        "passages": list(answer.credit.passages), "disagreement": []}


def test_contradicting_reviews_are_shown_as_disagreement(engine) -> None:
    answer = engine.ask("Who plays Alicia?", film="Home Room")
    assert answer.short is None
    assert answer.credit.summary() == (
        "The reviews disagree: Busy Philipps (1 review), Erika Christensen (1 review)")
    assert "The reviews disagree: Busy Philipps (1 review), Erika Christensen (1 review). " \
        "Closest matches:" in render_answer(answer)
    assert {h.passage.review.id for h in answer.hits[:2]} == {"h1", "h2"}


def test_a_credit_the_reviews_never_state_is_not_found(engine) -> None:
    answer = engine.ask("Who composed the score?", film="Scarface")
    assert answer.short is None and answer.credit.person is None
    assert "The reviews do not say." in render_answer(answer)


def test_other_questions_go_to_the_span_extractor(engine) -> None:
    answer = engine.ask("How long does it run?", film="Scarface")
    assert answer.credit is None


def test_read_credits_and_its_text(engine) -> None:
    found = read_credits(engine.index.folder, "scarface")
    assert [(c.role, c.person, c.character, c.reviews) for c in found.credits] == [
        ("director", "Brian De Palma", None, 2), ("actor", "Al Pacino", "Tony Montana", 1),
        ("actor", "Michelle Pfeiffer", "Elvira", 1)]
    text = render_credits(found).splitlines()
    assert text[0] == "Credits of Scarface, as its reviews state them:"
    assert text[1] == "director        Brian De Palma  \u2014  2 reviews, confidence 0.95"


def test_read_credits_of_an_unknown_film(engine) -> None:
    from reelqa.config.errors import ReelqaError

    with pytest.raises(ReelqaError, match="no film called 'Heat' in the index"):
        read_credits(engine.index.folder, "Heat")


def test_an_index_built_before_credits_is_told_to_rebuild(engine, tmp_path) -> None:
    import shutil

    from reelqa.config.errors import ReelqaError

    old = tmp_path / "old"
    shutil.copytree(engine.index.folder, old)
    manifest = json.loads((old / "manifest.json").read_text())
    del manifest["counts"]["credits"], manifest["files"]["credits.jsonl"]
    (old / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ReelqaError, match="has no credits; rebuild it"):
        read_credits(old, "Scarface")
    assert Path(old / "credits.jsonl").exists()
