"""Rendering credits and their support: terminal and Discord, pure functions."""

from __future__ import annotations

from reelqa.bot.discord.answers import render_answer
from reelqa.bot.discord.credits import render_credits
from reelqa.bot.terminal.render import support_line
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.models import Credit, Evidence
from reelqa.index.records import Answer, Hit, Passage, Review, ShortAnswer, Support


def credit(n: int) -> Credit:
    text = f"Character {n} (Person Number{n}) is *great* <@{n}> here, " + "very " * 60 + "good."
    e = Evidence(f"r{n}", 0, len(text), text, 11, 24)
    return Credit("F", "actor", f"Person Number{n}", f"person number{n}", f"Character {n}",
                  f"character {n}", n, float(n), (e,))


def test_discord_credits_fit_one_message_and_escape_review_text() -> None:
    reply = render_credits(FilmCredits("F", tuple(credit(n) for n in range(1, 60))))
    assert len(reply.content) <= 2000
    assert reply.content.startswith("Credits of **F** as its reviews state them (59 credits)")
    assert "\u2022 **Person Number1** \u2014 plays Character 1 \u00b7 1 review\n> Character" \
        in reply.content
    assert "<@1>" not in reply.content and "\\*great\\*" in reply.content


def test_no_credits_says_so() -> None:
    assert render_credits(FilmCredits("F", ())).content == "The reviews of F credit nobody by name."


def answer_with(support: Support, short_text: str) -> Answer:
    review = Review("r1", "Lost in Starlight", f"{short_text} is here.")
    hit = Hit(Passage("r1#0", review, 0, 0, len(review.text)), 1.0, 1)
    short = ShortAnswer(short_text, 1, 0, len(short_text), review.text, 0.9)
    return Answer("who is Na-young?", None, (hit,), short, 12.0, credit=support)


def test_support_names_the_person_when_the_answer_is_a_description() -> None:
    support = Support("voice", "Kim Tae-ri", "Na-young", 2, (1,))
    assert support_line(support, "Kim Tae-ri") == "  2 reviews say so [1]"
    assert support_line(support, "Na-young, an ambitious astronaut") == (
        "  Kim Tae-ri, voice of Na-young: 2 reviews say so [1]")
    reply = render_answer(answer_with(support, "Na-young, an astronaut"))
    assert reply.content == (
        "**Na-young, an astronaut** [1] \u00b7 Kim Tae-ri, voice of Na-young: 2 reviews say so")


def test_disagreement_names_each_person_with_their_support() -> None:
    rivals = Support("actor", None, "Jay", 0, (), (("Ann Lee", 2), ("Bo Kim", 1)))
    answer = Answer("who plays Jay?", None, answer_with(rivals, "x").hits, None, 1.0,
                    credit=rivals)
    assert render_answer(answer).content == (
        "The reviews disagree: Ann Lee (2 reviews), Bo Kim (1 review).")
