"""Per-film credits: support counts, surnames, spellings, orientation, disagreement."""

from __future__ import annotations

from tests.credits_support import index_of, reviews


def credit(index, film, role, person=None, character=None):
    return [
        c
        for c in index[film].credits
        if c.role == role
        and (person is None or c.person == person)
        and (character is None or c.character == character)
    ]


def test_reviews_agreeing_are_counted_once_each() -> None:
    idx = index_of(
        reviews(
            "Scarface",
            "Tony Montana (Al Pacino) rises. Then Tony Montana (Al Pacino) falls.",
            "Al Pacino plays Tony Montana.",
            "Tony Montana, played by Al Pacino, is a refugee.",
        )
    )
    (c,) = credit(idx, "Scarface", "actor", "Al Pacino", "Tony Montana")
    assert c.reviews == 3
    assert len(c.evidence) == 4  # every sentence, each review counted once


def test_surname_is_tied_to_the_full_name_and_cited() -> None:
    idx = index_of(
        reviews(
            "Scarface",
            "The film belongs to Al Pacino from start to end.",
            "Tony Montana (Pacino) is a refugee.",
        )
    )
    (c,) = credit(idx, "Scarface", "actor", character="Tony Montana")
    assert c.person == "Al Pacino"
    assert c.name_source is not None and c.name_source.review_id == "sca-0"
    assert c.name_source.text == "The film belongs to Al Pacino from start to end."


def test_misspelling_joins_the_common_spelling() -> None:
    idx = index_of(
        reviews(
            "Tigerland",
            "Roland Bozz (Colin Farrell) leads.",
            "Colin Farrell is Roland Bozz, a rebel.",
            "Bozz (Colin Farrel) is great.",
        )
    )
    people = {c.person for c in credit(idx, "Tigerland", "actor")}
    assert people == {"Colin Farrell"}


def test_actor_first_brackets_are_turned_round_by_other_claims() -> None:
    idx = index_of(
        reviews(
            "Mad Dog Time",
            "Writer-director Larry Bishop has fun.",
            "Larry Bishop (Nick) and Vic (Richard Dreyfuss) talk.",
        )
    )
    assert credit(idx, "Mad Dog Time", "actor", "Larry Bishop", "Nick")
    assert not credit(idx, "Mad Dog Time", "actor", "Nick")


def test_contradicting_claims_are_both_kept() -> None:
    idx = index_of(
        reviews(
            "Home Room",
            "Alicia (Busy Philipps) and Deanna (Erika Christensen) bond.",
            "Alicia (Erika Christensen) is dark.",
        )
    )
    assert {c.person for c in credit(idx, "Home Room", "actor", character="Alicia")} == {
        "Busy Philipps",
        "Erika Christensen",
    }


def test_one_edit_matches_the_edit_distance() -> None:
    from reelqa.index.credits.spelling import close, edits

    pairs = [("farrel", "farrell"), ("pfieffer", "pfeiffer"), ("marjorie", "marjorei"),
             ("montana", "montano"), ("montana", "mantonx"), ("bartleby", "bartelby"),
             ("jackson", "jakcsno"), ("wesley", "wesley")]
    assert [close(a, b) for a, b in pairs] == [edits(a, b) <= 1 for a, b in pairs] == [
        True, True, True, True, False, True, False, True]
