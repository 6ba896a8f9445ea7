"""Questions to credits: parsing, answers with support, film search, abstention."""

from __future__ import annotations

from reelqa.index.answer.lookup import answer as lookup
from reelqa.index.query import understand
from reelqa.index.query.credit import parse

from tests.credits_support import index_of, reviews

INDEX = index_of(
    reviews(
        "Scarface",
        "Tony Montana (Al Pacino) rises. Elvira (Michelle Pfeiffer) is bored.",
        "Al Pacino plays Tony Montana. Directed by Brian De Palma, it is loud.",
        "Brian De Palma's direction is operatic.",
    ),
    reviews("Deathtrap", "Sidney Bruhl (Michael Caine) is a very unhappy man."),
    reviews("Glen or Glenda", "Glen is engaged to Barbara (Dolores Fuller)."),
    reviews(
        "Bulletproof",
        "Veteran action director Steve Carver keeps it moving.",
        "Veteran B director Fred Olen Ray keeps it cheap.",
        # the title describes the story's author: no credit for the film
        "It was based on a story by veteran B director Jim Wynorski.",
    ),
)


def answer(question: str, *args, **kwargs):
    """The credit that answers `question`, understood as the engine would."""
    return lookup(understand(question), *args, **kwargs)


def test_parse_question_kinds() -> None:
    assert parse("Who plays Tony Montana in Scarface?").character == ("tony", "montana")
    assert parse("Who plays Tony Montana in Scarface?").film_text == "Scarface"
    assert parse("Who was the director of Kramer vs. Kramer?").role == "director"
    assert parse("Who wrote the score of Death Machine?").role == "composer"
    assert parse("Who composed the music for Jacknife?").film_text == "Jacknife"
    assert parse("who voices jay").role == "voice"
    assert parse("Who plays Blade's Alfred?").character == ("blade", "'s", "alfred")
    assert parse("Why does she stay?") is None


def test_answer_with_support_and_quotes() -> None:
    a = answer("Who plays Tony Montana?", INDEX, film="Scarface")
    assert a is not None and a.person == "Al Pacino" and a.reviews == 2
    assert [e.text for e in a.evidence] == [
        "Tony Montana (Al Pacino) rises.",
        "Al Pacino plays Tony Montana.",
    ]
    d = answer("Who directed Scarface?", INDEX, film="Scarface")
    assert d is not None and d.person == "Brian De Palma" and d.reviews == 2


def test_character_searched_across_films_without_a_film() -> None:
    a = answer("Who played Sidney Bruhl?", INDEX)
    assert a is not None and (a.person, a.film) == ("Michael Caine", "Deathtrap")
    assert answer("Who plays Barbara?", INDEX).person == "Dolores Fuller"


def test_not_said_and_disagreement() -> None:
    none = answer("Who composed the music for Scarface?", INDEX, film="Scarface")
    assert none is not None and none.person is None
    assert none.rivals == ()
    tie = answer("Who directed Bulletproof?", INDEX, film="Bulletproof")
    assert tie is not None and tie.person is None and tie.best_guess is not None
    assert {p for p, _ in tie.rivals} == {"Steve Carver", "Fred Olen Ray"}


def test_descriptive_characters_are_left_to_the_span_extractor() -> None:
    assert answer("Who plays the android?", INDEX, film="Scarface") is None
    assert answer("Who is Elvira?", INDEX, film="Scarface").person == "Michelle Pfeiffer"


def test_a_credit_giving_only_part_of_the_asked_name_is_no_rival() -> None:
    index = index_of(
        reviews("Harbour Lights", "The hero, Joe Armstrong (Mick Dale), fights back."),
        reviews("Joe", "At first Joe (Pat Rook) shouts.", "Then Joe (Pat Rook) shouts again."),
    )
    full = answer("Who played Joe Armstrong?", index)
    assert full is not None and (full.person, full.film) == ("Mick Dale", "Harbour Lights")
    assert full.confidence == 0.6171
    # in the same film a partial credit stays a rival: a family shares a surname
    brother = [f"Her brother Lund (Ola Kask) waits, day {n}." for n in range(3)]
    family = index_of(reviews("Harbour Lights", "Ada Lund (Kim Berg) waves.", *brother))
    assert answer("Who plays Ada Lund?", family).person is None
    elsewhere = index_of(reviews("Harbour Lights", "Ada Lund (Kim Berg) waves."),
                         reviews("Cold Bay", *brother))
    assert answer("Who plays Ada Lund?", elsewhere).person == "Kim Berg"
