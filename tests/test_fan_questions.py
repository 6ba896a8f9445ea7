"""The questions fans ask first: a film's year, its cast, films named as people type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.bot.discord.answers import render_answer as discord_answer
from reelqa.bot.terminal.render import render_answer
from reelqa.config.errors import UnknownFilmError
from reelqa.index.engine import Engine
from reelqa.index.query import understand
from reelqa.index.query.facts import film_fact
from reelqa.index.query.films import FilmCatalog

from tests.cli_support import isolate, run
from tests.conftest import SLICE
from tests.fakediscord.limits import message_errors

CATALOG = FilmCatalog([("Lost in Starlight", 2025), ("The Dark Knight", 2008), ("Heat", 1995),
                       ("Up", 2009), ("2012", 2009), ("Death Bed: The Bed That Eats", 1977),
                       ("Alien", 1979), ("The Story of Us", 1999), ("Who's That Girl", 1987)])


@pytest.mark.parametrize(("question", "fact"), [
    ("What is Heat about?", "plot"), ("What's the story of Heat?", "plot"),
    ("What happens in Heat?", "plot"), ("what is it about?", "plot"),
    ("What is the plot of The Story of Us?", "plot"), ("What is The Story of Us about?", "plot"),
    ("Who is in Heat?", "cast"), ("Who's in the cast of Heat?", "cast"),
    ("Who stars in Heat?", "cast"), ("Who are the actors in Heat?", "cast"),
    ("who is in it?", "cast"), ("Who's That Girl about?", None),
    ("What is Who's That Girl about?", "plot"),
    ("When did Heat come out?", "year"), ("When was Heat made?", "year"),
    ("What year was Heat released?", "year"), ("when did it come out", "year"),
    ("Who plays Vincent Hanna in Heat?", None), ("Who is Neil?", None),
    ("When is Heat set?", None), ("Is Heat worth watching?", None),
])
def test_questions_about_a_films_facts(question: str, fact: str | None) -> None:
    query = understand(question, catalog=CATALOG)
    assert query.fact == fact
    if fact is not None:  # a fact question asks for no credit and no opinion
        assert query.credit is None and query.opinion is None


def test_the_title_never_makes_the_question_look_like_another() -> None:
    assert film_fact("What is \x00 about?".replace("\x00", "The Story of Us"), None) is None
    query = understand("Is Heat scary?", catalog=CATALOG)
    assert query.opinion is not None and query.opinion.aspect == "scary"
    funny = understand("Is Death Bed funny?", catalog=CATALOG)
    assert funny.film == "Death Bed: The Bed That Eats" and funny.opinion.aspect == "humour"
    typo = understand("is Lost in Starlite good?", catalog=CATALOG)
    assert typo.film == "Lost in Starlight" and typo.opinion.aspect == "work"


@pytest.mark.parametrize(("question", "film"), [
    ("is Lost in Starlite good?", "Lost in Starlight"),  # a typo
    ("what is the dark night about?", "The Dark Knight"),  # a typo, no capitals
    ("who directed dark knight?", "The Dark Knight"),  # no article
    ("What is Death Bed about?", "Death Bed: The Bed That Eats"),  # no subtitle
    ("who directed Heat?", "Heat"), ("who directed Up?", "Up"), ("is 2012 any good?", "2012"),
    ("who plays the aliens?", None),  # a one-word title is never guessed from a near word
    ("who voices her?", None), ("who made it in the end?", None),
])
def test_films_named_as_people_type_them(question: str, film: str | None) -> None:
    assert CATALOG.named_in(question) == film


def test_resolving_a_film_name_tolerates_slips_and_suggests_when_unsure() -> None:
    assert CATALOG.resolve("lost in starlite") == "Lost in Starlight"
    assert CATALOG.resolve("LOST IN STARLIGHT (2025)") == "Lost in Starlight"
    assert CATALOG.resolve("Death Bed") == "Death Bed: The Bed That Eats"
    assert CATALOG.resolve("Alein") is None  # one letter out of five: only a suggestion
    with pytest.raises(UnknownFilmError, match=r"did you mean 'Alien'\?") as raised:
        CATALOG.require("Alein")
    assert raised.value.suggestions == ["Alien"]
    with pytest.raises(UnknownFilmError, match=r"no film called 'Jaws' in the index; `reelqa"):
        CATALOG.require("Jaws")


def test_the_year_and_the_cast_of_the_shipped_film(hashing_engine: Engine) -> None:
    year = hashing_engine.ask("when did it come out?")
    assert (year.kind, year.short.text) == ("year", "2025")
    assert {h.passage.review.year for h in year.hits} == {2025} and len(year.hits) == 2
    cast = hashing_engine.ask("Who is in Lost in Starlight?")
    people = [(p.person, p.role, p.character) for p in cast.short.people]
    assert people == [("Hong Kyung", "voice", "Jay"), ("Kim Tae-ri", "voice", "Na-young")]
    assert cast.short.text == "Hong Kyung (Jay) and Kim Tae-ri (Na-young); 1 review names them"
    for person in cast.short.people:  # each cited by a passage that names them
        assert person.passages and all(
            person.person in cast.hits[n - 1].passage.text for n in person.passages)
    data = cast.to_dict()["answer"]
    assert data["people"][0] == {"person": "Hong Kyung", "role": "voice", "character": "Jay",
                                 "reviews": 1, "passages": list(cast.short.people[0].passages)}
    shown = render_answer(cast)
    assert "Cast, as the reviews credit it:\n  Hong Kyung \u2014 Jay (voice)  1 review [1]" in shown
    assert "came out in 2025: the year its reviews give [1][2]" in render_answer(year)


def test_a_typo_in_the_film_name_is_the_film(hashing_engine: Engine) -> None:
    answer = hashing_engine.ask("When did Lost in Starlite come out?")
    assert (answer.film, answer.film_from_question, answer.short.text) == (
        "Lost in Starlight", True, "2025")
    assert hashing_engine.ask("who voices Jay?", film="lost in starlite").short.text == \
        "Hong Kyung"



def test_real_reviews_give_the_cast_best_supported_first(slice_engine: Engine) -> None:
    answer = slice_engine.ask("Who stars in Boogie Nights?")
    named = [p.person for p in answer.short.people]
    assert {"Burt Reynolds", "Mark Wahlberg", "Julianne Moore"} <= set(named)
    support = [p.reviews for p in answer.short.people]
    assert support == sorted(support, reverse=True)
    assert slice_engine.ask("When was Accepted made?").short.text == "2006"
    rows = [json.loads(line) for line in SLICE.read_text().split("\n") if line.strip()]
    years = {row["year"] for row in rows if row["film"] == "Accepted"}
    assert years == {2006}


def test_discord_states_year_and_cast_answers_as_such(hashing_engine: Engine) -> None:
    year = discord_answer(hashing_engine.ask("when did it come out?"), key="k")
    assert year.content == "**2025** \u00b7 the year Lost in Starlight's reviews give [1] [2]"
    cast = discord_answer(hashing_engine.ask("who is in it?"), key="k")
    assert cast.content == "**Cast of Lost in Starlight** \u00b7 as 1 review credit it"
    assert cast.embeds[0]["description"].startswith(
        "\u2022 **Hong Kyung** \u2014 Jay (voice) [1]\n\u2022 **Kim Tae-ri** \u2014 Na-young "
        "(voice) [1]")
    for reply in (year, cast):
        assert message_errors({"content": reply.content, "embeds": list(reply.embeds)}) == {}


def test_reelqa_film_prints_the_card_and_films_the_leans(
        hashing_index_dir: Path, monkeypatch, tmp_path, capsys) -> None:
    isolate(monkeypatch, tmp_path)
    index = str(hashing_index_dir)
    code, out, _ = run(capsys, "film", "lost in starlite", "--index", index)
    assert code == 0
    assert out.startswith("Lost in Starlight (2025) \u2014 2 reviews: positive (2 positive)\n")
    assert "Cast: Hong Kyung (Jay), Kim Tae-ri (Na-young) [" in out
    assert "What it is about:\n  \u201c" in out and "What the reviews conclude:\n" in out
    assert "\n\n2 of 2 reviews call it an animated film. [" in out
    code, out, _ = run(capsys, "film", "lost in starlite", "--json", "--index", index)
    card = json.loads(out)
    assert (card["film"], card["year"], card["reviews"], card["lean"]) == (
        "Lost in Starlight", 2025, 2, "positive")
    assert [p["person"] for p in card["cast"]] == ["Hong Kyung", "Kim Tae-ri"]
    cited = len(card["passages"])
    assert all(1 <= q["passage"] <= cited for q in card["plot"] + card["quotes"])
    assert (card["genre"]["name"], card["genre"]["reviews"], card["genre"]["of"]) == (
        "animated film", 2, 2)
    assert all(1 <= q["passage"] <= cited for q in card["genre"]["quotes"])
    code, _, err = run(capsys, "film", "Alein", "--index", index)
    assert code == 1 and err.startswith("reelqa: error: no film called 'Alein' in the index;")
    code, out, _ = run(capsys, "films", "--index", index)
    assert out == "Lost in Starlight (2025)  \u2014  2 reviews (2 positive), 8 passages\n"
    code, out, _ = run(capsys, "films", "--json", "--index", index)
    assert json.loads(out)[0]["leans"] == {"positive": 2}
