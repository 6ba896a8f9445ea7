"""Discord rendering without Discord: escaping, clean cuts and every message limit."""

from __future__ import annotations

import re

import pytest
from reelqa.bot.discord.render import (
    EmbedDraft,
    fit_reply,
    render_answer,
    render_films,
)
from reelqa.bot.discord.text import ELLIPSIS, Segment, clip, escape, fit, utf16_len
from reelqa.index.records import Answer, FilmInfo, Hit, Passage, Review, ShortAnswer

from tests.fakediscord.limits import message_errors

NASTY = [
    "plain words " * 400,
    "@everyone @here <@123> <@&456> <#789> " * 80,
    "**bold** __under__ ~~strike~~ ||spoiler|| `code` ```fence``` [masked](https://x.y) " * 40,
    "> quote\n# heading\n- item\n1. first\n-# small\n" * 100,
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 " * 300,  # ZWJ family emoji
    "\U0001f1f0\U0001f1f7\U0001f1ef\U0001f1f5" * 700,  # flags, no spaces
    "e\u0301a\u0300o\u0302" * 900,  # combining accents, no spaces
    "\u6620\u753b\u306f\u7d20\u6674\u3089\u3057\u3044\u3002" * 500,  # CJK, no spaces
    "\u05e1\u05e8\u05d8 \u0641\u064a\u0644\u0645 " * 500,  # RTL
    "\ud83d\ude00 lone \ud83d high and \ude00 low surrogates " * 200,
    "\\" * 3000,
    "a" * 5000,
    "word\u200b" * 1500,  # zero-width spaces
]
LIMITS = [1, 2, 5, 17, 100, 256, 1024, 2000, 4096]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.S)


def unescaped_markers(text: str, marker: str) -> int:
    """How many times `marker` occurs not preceded by an escaping backslash."""
    return len(re.findall(r"(?<!\\)(?:\\\\)*" + re.escape(marker), text))


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
@pytest.mark.parametrize("limit", LIMITS)
def test_clip_fits_and_cuts_cleanly(text: str, limit: int) -> None:
    out = clip(text, limit)
    assert utf16_len(out) <= limit
    out.encode("utf-8")  # no lone surrogate survives: it would make the JSON invalid
    body = out[: -len(ELLIPSIS)] if out.endswith(ELLIPSIS) else out
    assert not re.search(r"(?<!\\)(?:\\\\)*\\$", body), "cut inside an escape"
    source = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    assert source.startswith(unescape(body))
    if out != escape(source) and len(body) > 40 and " " in source[: len(body)]:
        after = source[len(unescape(body))]
        assert after.isspace() or not after.isalnum(), "cut inside a word"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("one two three four", 12, "one two\u2026"),
        ("caf\u00e9 e\u0301e\u0301e\u0301e\u0301", 8, "caf\u00e9\u2026"),
        ("\U0001f44d\U0001f3fd" * 4, 5, "\U0001f44d\U0001f3fd\u2026"),  # emoji + skin tone kept
        ("\U0001f468\u200d\U0001f469 x", 3, "\u2026"),  # never half a ZWJ sequence
        ("short", 5, "short"),
    ],
)
def test_clip_examples(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected


def test_escape_makes_markdown_and_mentions_literal() -> None:
    text = "@everyone <@&1> **b** [x](https://evil) ```py\ncode``` ||s|| ~~t~~ _i_\n> q\n# h"
    out = escape(text)
    assert unescape(out) == text
    for marker in ("@everyone", "<@&1>", "**", "[x]", "```", "||", "~~", "_i_", "\n>", "\n#"):
        assert unescaped_markers(out, marker) == 0, marker


def test_a_cut_in_bold_closes_it_before_the_ellipsis() -> None:
    segs = [Segment("before "), Segment("the answering sentence is here", "bold"), Segment(" x")]
    out = fit(segs, 30)
    assert out == "before **the answering**\u2026"
    assert unescaped_markers(out, "**") % 2 == 0


def test_a_raw_segment_is_never_split() -> None:
    out = fit([Segment("words " * 10), Segment("[12] <https://example.org/a>", "raw")], 70)
    assert "[12]" not in out or "<https://example.org/a>" in out


def review(n: int, text: str, **extra: object) -> Review:
    return Review(id=f"r{n}", film=str(extra.pop("film", "Lost in Starlight")), text=text,
                  year=2025, **extra)  # type: ignore[arg-type]


def answer_with(hits: list[tuple[Review, int, int]], question: str = "who voices Jay?",
                short: ShortAnswer | None = None) -> Answer:
    made = tuple(
        Hit(Passage(f"{r.id}#0", r, 0, start, end), 1.0 / rank, rank)
        for rank, (r, start, end) in enumerate(hits, start=1)
    )
    return Answer(question, None, made, short, 12.0)


def test_huge_answers_stay_within_every_limit() -> None:
    nasty = "".join(NASTY)
    hits = [
        (review(i, nasty, title="T" * 1000 + " @everyone", author="A" * 3000,
                url="https://example.org/" + "p" * 900), 0, len(nasty))
        for i in range(12)
    ]
    reply = render_answer(answer_with(hits, question="q" * 5000), shown=12)
    payload = {"content": reply.content, "embeds": list(reply.embeds)}
    assert message_errors(payload) == {}
    assert len(reply.embeds) == 10
    for n, embed in enumerate(reply.embeds, start=1):
        assert embed["title"].startswith(f"[{n}] ")
        assert f"\n[{n}] " in embed["description"], "the citation survives the cut"


def test_fit_reply_enforces_fields_and_totals() -> None:
    long = (Segment("x " * 3000),)
    drafts = [EmbedDraft(title=long, description=long, fields=((long, long),) * 30)] * 12
    reply = fit_reply([Segment("y " * 3000)], drafts)
    assert message_errors({"content": reply.content, "embeds": list(reply.embeds)}) == {}
    assert all(len(e.get("fields", [])) <= 25 for e in reply.embeds)


def test_short_answer_leads_and_its_sentence_is_bold() -> None:
    text = "The film is quiet. Jay is voiced by Hong Kyung with great warmth. It ends well."
    sentence = "Jay is voiced by Hong Kyung with great warmth."
    at = text.index("Hong Kyung")
    short = ShortAnswer("Hong Kyung", 1, at, at + 10, sentence, 0.9)
    r = review(1, text, title="A review", author="Critic", date="2025-05-22",
               url="https://example.org/r1")
    reply = render_answer(answer_with([(r, 0, len(text))], short=short))
    assert reply.content.startswith("**Hong Kyung** [1]\n")
    embed = reply.embeds[0]
    assert f"**{sentence}**" in embed["description"]
    assert embed["url"] == "https://example.org/r1"
    assert embed["description"].endswith(
        "\n[1] Lost in Starlight (2025) \u2014 \u201cA review\u201d \u2014 Critic \u2014 2025-05-22"
        " <https://example.org/r1>"
    )


def test_no_short_answer_says_so_and_lists_closest_matches() -> None:
    text = "Jay restores vintage audio equipment. Na-young flies to Mars."
    reply = render_answer(answer_with([(review(1, text), 0, len(text))]))
    assert reply.content.startswith("The reviews do not say")
    assert "**Jay restores vintage audio equipment.**" in reply.embeds[0]["description"]


def test_nothing_found() -> None:
    reply = render_answer(answer_with([]))
    assert reply.content.startswith("The reviews do not say.")
    assert reply.embeds == ()


def test_passages_from_several_films_are_labelled() -> None:
    a = review(1, "Jay is voiced by Hong Kyung.", title="One")
    b = review(2, "Jay is a dog.", title="Two", film="Other Film")
    reply = render_answer(answer_with([(a, 0, 28), (b, 0, 13)]))
    assert reply.embeds[0]["title"] == "[1] Lost in Starlight \u2014 One"
    assert reply.embeds[1]["title"] == "[2] Other Film \u2014 Two"


def test_long_passages_are_trimmed_around_the_best_sentence() -> None:
    filler = "Filler words about the score and the colours of Seoul. " * 40
    text = filler + "Hong Kyung voices Jay with quiet heartbreak. " + filler
    reply = render_answer(answer_with([(review(1, text), 0, len(text))]))
    description = reply.embeds[0]["description"]
    assert "**Hong Kyung voices Jay with quiet heartbreak.**" in description
    assert description.startswith("> \u2026 ") and utf16_len(description) < 1000


def test_unsafe_urls_are_not_linked() -> None:
    text = "Jay is voiced by Hong Kyung."
    r = review(1, text, url="javascript:alert(1)")
    reply = render_answer(answer_with([(r, 0, len(text))]))
    assert "url" not in reply.embeds[0]
    assert "javascript" not in reply.embeds[0]["description"]


def test_films_are_paged() -> None:
    films = [FilmInfo(f"Film {i:02d}", 2000 + i, 1, 3) for i in range(40)]
    first = render_films(films, 1).content
    assert "page 1 of 3" in first and "Film 00" in first and "Film 15" not in first
    assert "/films page:2" in first
    last = render_films(films, 3).content
    assert "Film 39" in last and "/films page:" not in last
    assert render_films(films, 99).content == last
    assert render_films([]).content == "The index holds no films."
