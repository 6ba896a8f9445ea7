"""The CLI text render leads with the short answer, marks its sentence, or says not found."""

from __future__ import annotations

from reelqa.bot.terminal.render import render_answer, sentence_span
from reelqa.index.records import Answer, Hit, Passage, Review, ShortAnswer

LEAD = "Intro words here. "
TEXT = LEAD + "Jay is quiet. Jay, voiced by Hong Kyung, repairs radios. Jay is kind."


def _hit(film: str, rank: int, text: str = TEXT, start: int = len(LEAD)) -> Hit:
    review = Review(id=f"{film[:3].lower()}-{rank}", film=film, text=text)
    return Hit(Passage(f"{review.id}#0", review, 0, start, len(text)), 1.0, rank)


def _short(rank: int = 1) -> ShortAnswer:
    start = TEXT.index("Hong Kyung")
    sentence = "Jay, voiced by Hong Kyung, repairs radios."
    return ShortAnswer("Hong Kyung", rank, start, start + 10, sentence, 0.9)


def test_short_answer_leads_and_its_sentence_is_marked():
    hits = (_hit("Paper Moons", 1), _hit("Paper Moons", 2))
    text = render_answer(Answer("who voices Jay?", None, hits, _short(), 12.0))
    lines = text.splitlines()
    assert lines[:3] == ["Question: who voices Jay?", "", "Hong Kyung [1]"]
    assert lines[4] == (
        "[1] Jay is quiet. **Jay, voiced by Hong Kyung, repairs radios.** Jay is kind."
    )
    assert lines[7] == "[2] Jay is quiet. Jay, voiced by Hong Kyung, repairs radios. Jay is kind."
    assert "The reviews do not say" not in text


def test_not_found_says_so_and_lists_closest_matches():
    hits = (_hit("Paper Moons", 1),)
    lines = render_answer(Answer("who scored it?", None, hits, None, 5.0)).splitlines()
    assert lines[2:5] == [
        "The reviews do not say. Closest matches:",
        "",
        "[1] Jay is quiet. Jay, voiced by Hong Kyung, repairs radios. Jay is kind.",
    ]


def test_several_films_label_the_answer_and_each_passage():
    hits = (_hit("Paper Moons", 1), _hit("Harbor Lights", 2))
    lines = render_answer(Answer("who voices Jay?", None, hits, _short(), 5.0)).splitlines()
    assert lines[2] == "Hong Kyung [1] (Paper Moons)"
    assert lines[4].startswith("[1] Paper Moons: Jay is quiet. **Jay, voiced")
    second = next(line for line in lines if line.startswith("[2] "))
    assert second.startswith("[2] Harbor Lights: Jay is quiet. Jay, voiced") and "**" not in second


def test_sentence_span_finds_the_occurrence_holding_the_answer():
    text = "Ann sings. Ann sings. Bo hums."
    review = Review(id="r", film="F", text=text)
    hit = Hit(Passage("r#0", review, 0, 0, len(text)), 1.0, 1)
    short = ShortAnswer("sings", 1, 15, 20, "Ann sings.", 0.9)
    assert sentence_span(hit, short) == (11, 21)
    assert sentence_span(hit, ShortAnswer("x", 1, 0, 1, "Not there.", 0.9)) is None
