"""Rendering credits and their support: terminal and Discord, pure functions."""

from __future__ import annotations

from reelqa.bot.discord.answers import render_answer
from reelqa.bot.discord.credits import render_credits
from reelqa.bot.terminal.render import support_line
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.models import Credit, Evidence
from reelqa.index.records import Answer, Hit, Passage, Review, ShortAnswer, Support


def credit(n: int, role: str = "actor", confidence: float | None = 0.9) -> Credit:
    text = f"Character {n} (Person Number{n}) is *great* <@{n}> here, " + "very " * 60 + "good."
    e = Evidence(f"r{n}", 0, len(text), text, 11, 24)
    character = f"Character {n}" if role == "actor" else None
    return Credit("F", role, f"Person Number{n}", f"person number{n}", character,
                  character.lower() if character else None, n, float(n), (e,),
                  confidence=confidence)


def test_discord_credits_page_within_limits_say_how_many_more_and_escape() -> None:
    found = FilmCredits("F", tuple(credit(n) for n in range(1, 60)))
    first = render_credits(found)
    assert first.content.startswith("Credits of **F** as its reviews state them (59 credits, "
                                    "page 1 of ")
    pages = int(first.content.split("page 1 of ")[1].split(")")[0])
    seen = []
    for page in range(1, pages + 1):
        reply = render_credits(found, page)
        assert len(reply.content) <= 2000
        seen += [n for n in range(1, 60) if f"**Person Number{n}**" in reply.content]
        later = sum(1 for n in range(1, 60) if n not in seen)
        if later:
            assert f"-# {later} more credit{'s' * (later != 1)} on the next page" in reply.content
        labels = [(b.label, b.disabled) for b in reply.buttons]
        assert labels == [("Previous", page == 1), ("Next", page == pages), ("Post", False)]
    assert sorted(seen) == list(range(1, 60))  # every credit on exactly one page
    # the best supported first, each line cited by its review, review text escaped
    assert "\u2022 **Person Number59** as Character 59 \u00b7 59 reviews\n> \u201cCharacter" \
        in first.content
    assert "\u2014 r59" in first.content
    assert "<@59>" not in first.content and "\\*great\\*" in first.content
    assert render_credits(found, 999).content == render_credits(found, pages).content
    assert render_credits(found, public=True).buttons == ()  # a posted page has no buttons


def test_discord_credits_are_grouped_by_role_and_weaker_claims_counted() -> None:
    found = FilmCredits("F", (credit(1), credit(2, "director"), credit(3, "actor", 0.2),
                              credit(4, "composer")))
    reply = render_credits(found)
    content = reply.content
    assert content.index("**Cast**") < content.index("**Person Number1**") \
        < content.index("**Direction**") < content.index("**Person Number2**") \
        < content.index("**Music**") < content.index("**Person Number4**")
    assert "Person Number3" not in content
    assert content.endswith("\n-# 1 weaker claim left out.")
    assert [b.label for b in reply.buttons] == ["Post"]  # one page: nothing to turn


def test_no_credits_says_so() -> None:
    assert render_credits(FilmCredits("F", ())).content == "The reviews of F credit nobody by name."
    weak = FilmCredits("F", (credit(1, confidence=0.1), credit(2, confidence=0.3)))
    assert render_credits(weak).content == (
        "The reviews of F credit nobody plainly enough to list (2 weaker claims left out).")


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
