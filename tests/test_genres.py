"""What kind of film the reviews call it: genre names in text and the one a film's reviews agree on."""

from __future__ import annotations

import pytest
from reelqa.index.judge.aspects import mask_title
from reelqa.index.text.genres import agreed_genre, genre_name, genres_in


@pytest.mark.parametrize(("text", "found"), [
    ("Apocalypse Now is the greatest war film ever made.", [("war",)]),
    ("A romantic comedy about two rival florists.", [("romantic", "comedy")]),
    ("a period horror comedy about grave robbers", [("period", "horror", "comedy")]),
    ("This gritty sci-fi thriller never lets up.", [("science-fiction", "thriller")]),
    ("one of the best science fiction movies of the decade", [("science-fiction",)]),
    ("The film is a comedy-drama.", [("comedy", "drama")]),
    ("This is a great musical.", [("musical",)]),
    ("It is a very funny comedy.", [("comedy",)]),
    ("the best western since Shane", [("western",)]),
    ("A film noir with Dana Andrews.", [("film-noir",)]),
    ("a dark comedy", [("black-comedy",)]),
    ("a coming of age story", []),  # "story" names no kind of film
    ("the musical numbers are great", []),  # an adjective, not the film's kind
    ("in the western world", []),
    ("a lot of comedy", []),
    ("This is not a comedy.", []),  # what it is not
    ("This isn't a horror film, whatever the poster says.", []),
    ("The acting was great.", []),
])
def test_genres_in(text, found):
    assert genres_in(text) == found


def test_agreed_genre_is_what_most_reviews_call_it():
    named = {"r1": [("war",)], "r2": [("war",), ("drama",)], "r3": [("drama",)],
             "r4": [("war",)], "r5": []}
    assert agreed_genre(named, 5) == (("war",), ["r1", "r2", "r4"])


def test_a_narrower_genre_wins_with_half_the_support():
    named = {"a": [("horror", "comedy")], "b": [("horror",)], "c": [("horror",)],
             "d": [("horror",)]}
    assert agreed_genre(named, 4) == (("horror",), ["a", "b", "c", "d"])  # one review: none
    named["e"] = [("horror", "comedy")]
    # 2 reviews of "horror comedy" against 5 of "horror": less than half, horror it is
    assert agreed_genre(named, 5) == (("horror",), ["a", "b", "c", "d", "e"])
    named["f"] = [("horror", "comedy")]
    assert agreed_genre(named, 6) == (("horror", "comedy"), ["a", "e", "f"])


def test_no_genre_without_agreement():
    assert agreed_genre({"a": [("war",)], "b": [("drama",)]}, 2) is None  # one review each
    named = {str(i): [] for i in range(30)} | {"x": [("western",)], "y": [("western",)]}
    assert agreed_genre(named, 32) is None  # 2 of 32 reviews is under a tenth
    assert agreed_genre(named, 32, share=0.05) == (("western",), ["x", "y"])


@pytest.mark.parametrize(("genre", "name"), [
    (("war",), "war film"), (("romantic", "comedy"), "romantic comedy"),
    (("science-fiction", "thriller"), "science fiction thriller"), (("film-noir",), "film noir"),
    (("animated",), "animated film"), (("coming-of-age", "drama"), "coming-of-age drama"),
])
def test_genre_name(genre, name):
    assert genre_name(genre) == name


def test_the_title_names_no_genre():
    said = "Zombie Movie is a dull comedy; Zombie Movie 2 is worse."
    assert genres_in(said) == [("zombie",), ("comedy",), ("zombie",)]
    assert genres_in(mask_title(said, "Zombie Movie")) == [("comedy",)]  # as the build reads
