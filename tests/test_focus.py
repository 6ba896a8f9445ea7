"""Proximity scoring pieces: stem matching, word distance, echoes and topicality."""

from __future__ import annotations

from reelqa.index.answer.focus import distance, echoes, focus, same, topical
from reelqa.index.answer.people import Span
from reelqa.index.text.tokens import stem, words

from tests.query_support import analyse


def _toks(text: str) -> list[tuple[int, int, str]]:
    return [(a, b, stem(w)) for a, b, w in words(text)]


def test_same_exact_prefix_and_related():
    assert same("voic", "voic") == 1.0
    assert same("animation", "animat") == 0.8  # animated / animation
    assert same("set", "sets") == 0.0  # too short for a prefix match
    assert same("gross", "mak") == 0.8  # related money words
    assert same("jay", "kim") == 0.0


def test_distance_counts_words_and_penalises_words_after():
    toks = _toks("It cost three million and took in more")
    span = (8, 21)  # "three million"
    assert [distance(toks, i, *span) for i in range(len(toks))] == [1, 0, 0, 0, 4, 5, 6, 7]


def test_focus_share_by_weight_and_distance():
    q = analyse("who voices Jay?")  # focus voic 1.0, jay 1.5
    toks = _toks("Jay, voiced by Hong Kyung, is great.")
    near = focus(q, toks, set(), 15, 25)
    assert round(near, 4) == round(
        (1.0 * (0.6 + 0.4 * 0.8825) + 1.5 * (0.6 + 0.4 * 0.7788)) / 2.5, 4
    )
    assert focus(q, _toks("Nothing here."), {"jay"}, 0, 4) == 1.5 * 0.25 / 2.5
    assert focus(q, _toks("Nothing here."), set(), 0, 4, {"jay": 0.85}) == 1.5 * 0.85 / 2.5


def test_echoes_and_topical():
    q = analyse("Why does Ada refuse to sell?")
    assert echoes(q, Span(0, 7, "to sell", 0.8))
    assert not echoes(q, Span(0, 14, "to save money", 0.8))
    villain = analyse("Who plays the villain?")
    assert not topical(villain, _toks("Ada Kim plays Jay."))
    assert topical(villain, _toks("Ada Kim plays the villain."))
    assert topical(analyse("who voices Jay?"), _toks("Ada is here."))  # only role and name words


def test_focus_without_words_to_look_for():
    toks = _toks("The film is long.")
    assert focus(analyse("What is it?"), toks, set(), 0, 3) == 0.0
    assert focus(analyse("What is the film about?"), toks, set(), 0, 3) == 0.5
    assert focus(analyse("How long is Heat?", ["Heat"]), toks, set(), 0, 3) == 0.5
