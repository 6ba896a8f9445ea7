"""Discord rendering without Discord: escaping, clean cuts and every message limit."""

from __future__ import annotations

import re

import pytest
from reelqa.bot.discord.answers import indirect, not_found, render_answer, render_passages
from reelqa.bot.discord.render import (
    EmbedDraft,
    custom_id,
    fit_reply,
    parse_id,
    render_about,
    render_films,
    render_help,
)
from reelqa.bot.discord.text import (
    ELLIPSIS,
    Segment,
    escape,
    fit,
    strip_mentions,
    utf16_len,
)
from reelqa.index.records import (
    Answer,
    FilmInfo,
    Hit,
    Opinion,
    Passage,
    Review,
    ShortAnswer,
    Verdict,
)

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
def test_fit_fits_and_cuts_cleanly(text: str, limit: int) -> None:
    out = fit([Segment(text)], limit)
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
def test_fit_examples(text: str, limit: int, expected: str) -> None:
    assert fit([Segment(text)], limit) == expected


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


@pytest.mark.parametrize("limit", [70, 85, 88, 89, 95, 120])
def test_a_raw_segment_is_never_split(limit: int) -> None:
    words, raw = "words " * 10, "[12] <https://example.org/a>"
    out = fit([Segment(words), Segment(raw, "raw")], limit)
    assert utf16_len(out) <= limit
    if len(words) + len(raw) <= limit:
        assert out == words + raw  # room for it: kept whole
    else:
        assert "[12]" not in out and "example.org" not in out  # no room: dropped whole
        assert out == words.rstrip() + ELLIPSIS


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
    at = nasty.index("plain words")
    short = ShortAnswer("x" * 3000, 1, at, at + 11, nasty[at:at + 400], 0.9)
    answer = answer_with(hits, question="q" * 5000, short=short)
    for reply in (render_answer(answer, "k"), render_answer(answer_with(hits), "k"),
                  render_passages(answer.hits, "Other passages")):
        assert message_errors({"content": reply.content, "embeds": list(reply.embeds)}) == {}
    for page in range(1, 7):  # 12 passages, 2 a page
        passages = render_passages(answer.hits, "Other passages", "k", "more", page)
        assert message_errors({"content": passages.content,
                               "embeds": list(passages.embeds)}) == {}
        assert passages.content == f"Other passages \u00b7 page {page} of 6"
        assert len(passages.embeds) == 2
        for n, embed in enumerate(passages.embeds, start=2 * page - 1):
            assert f"\n[{n}] " in embed["description"], "the citation survives the cut"
        previous, following = passages.buttons
        assert (previous.id, previous.disabled) == (f"rq:more:k:{page - 1}", page == 1)
        assert (following.id, following.disabled) == (f"rq:more:k:{page + 1}", page == 6)


def test_fit_reply_enforces_fields_and_totals() -> None:
    long = (Segment("x " * 3000),)
    drafts = [EmbedDraft(title=long, description=long, fields=((long, long),) * 30)] * 12
    reply = fit_reply([Segment("y " * 3000)], drafts)
    assert message_errors({"content": reply.content, "embeds": list(reply.embeds)}) == {}
    assert all(len(e.get("fields", [])) <= 25 for e in reply.embeds)


def test_a_short_answer_is_one_compact_message_with_its_sentence_bold() -> None:
    filler = "Filler words about the score and the colours of Seoul. " * 20
    sentence = "Jay is voiced by Hong Kyung with great warmth."
    text = filler + sentence + " " + filler
    at = text.index("Hong Kyung")
    short = ShortAnswer("Hong Kyung", 1, at, at + 10, sentence, 0.9)
    r = review(1, text, title='"Lost in Starlight" \u2013 A review', author="Critic",
               date="2025-05-22", url="https://example.org/r1")
    other = review(2, "Jay is a dog.", title="Two")
    reply = render_answer(answer_with([(r, 0, len(text)), (other, 0, 13), (r, 0, 40)],
                                      short=short), key="abc", thread=True)
    assert reply.content == "**Hong Kyung** [1]"
    assert len(reply.embeds) == 1 and "title" not in reply.embeds[0]
    description = reply.embeds[0]["description"]
    assert description.startswith("> \u2026 ") and f"**{sentence}**" in description
    quote = description.split("\n\n")[0]
    assert 250 <= utf16_len(quote) <= 330  # about 300 characters around the sentence
    assert description.endswith(
        "\n\n[1][3] Lost in Starlight (2025) \u2014 [\"Lost in Starlight\" \u2013 A review]"
        "(https://example.org/r1) \u2014 Critic \u2014 2025-05-22"
        "\n[2] Lost in Starlight (2025) \u2014 \u201cTwo\u201d")
    assert [b.id for b in reply.buttons] == ["rq:up:abc", "rq:down:abc", "rq:more:abc",
                                             "rq:thread:abc"]
    assert "ms" not in reply.content


def test_not_found_is_one_short_line() -> None:
    text = "Jay restores vintage audio equipment. Na-young flies to Mars."
    reply = render_answer(answer_with([(review(1, text), 0, len(text))],
                                      question="who composed the music?"), key="k")
    assert reply.content == "The reviews don't say who composed the music."
    assert reply.embeds == ()
    assert [b.id for b in reply.buttons] == ["rq:up:k", "rq:down:k", "rq:closest:k"]
    assert render_answer(answer_with([]), key="k").buttons[2:] == ()


@pytest.mark.parametrize(("question", "clause"), [
    ("who composed the music?", "who composed the music"),
    ("How is the acting?", "how the acting is"),
    ("what is Jay's job?", "what Jay's job is"),
    ("What is the film about?", "what the film is about"),
    ("how long is it?", "how long it is"),
    ("is it worth watching?", "whether it is worth watching"),
    ("where does Luc want to go?", None),
    ("Was the story complex?", None),
])
def test_indirect_questions(question: str, clause: str | None) -> None:
    assert indirect(question) == clause
    if clause is None:
        assert not_found(question) == f"The reviews don't answer \u201c{question}\u201d."


def test_opinion_answers_show_verdicts_and_leanings() -> None:
    a = review(1, "A luminous, generous film. It drags.", rating="8/10")
    b = review(2, "Overlong and dull.", rating="3/10")
    hits = [(a, 0, len(a.text)), (b, 0, len(b.text))]
    opinion = Opinion("work", (Verdict(1, 0, 26, "A luminous, generous film.", 1.0, "favourable"),
                               Verdict(2, 0, 18, "Overlong and dull.", 0.9, "unfavourable")),
                      "Lost in Starlight", (("favourable", 3), ("unfavourable", 1)))
    short = ShortAnswer("A luminous, generous film.", 1, 0, 26, "A luminous, generous film.", 1.0)
    made = answer_with(hits, question="is it worth watching?", short=short)
    reply = render_answer(Answer(made.question, None, made.hits, short, 1.0, opinion=opinion))
    assert reply.content == "**4 rated reviews of Lost in Starlight:** 3 favourable, 1 unfavourable"
    assert reply.embeds[0]["description"].startswith(
        "> **A luminous, generous film.** [1]\n> **Overlong and dull.** [2]\n\n[1] ")


def test_spoilers_are_tagged_from_the_warning_on() -> None:
    text = "A fine film. Spoiler alert: the pilot dies at the end, and nobody cries."
    reply = render_passages(answer_with([(review(1, text), 0, len(text))]).hits, "Passages")
    assert reply.embeds[0]["description"].startswith(
        "> A fine film. Spoiler alert: ||the pilot dies at the end, and nobody cries.||")


def test_unsafe_urls_are_not_linked() -> None:
    text = "Jay is voiced by Hong Kyung."
    r = review(1, text, url="javascript:alert(1)", title="T")
    short = ShortAnswer("Hong Kyung", 1, 17, 27, text, 0.9)
    reply = render_answer(answer_with([(r, 0, len(text))], short=short))
    assert "url" not in reply.embeds[0]
    assert "javascript" not in reply.embeds[0]["description"]


def test_button_ids_round_trip_and_reject_others() -> None:
    assert parse_id(custom_id("more", "AbC-_9")) == ("more", "AbC-_9", None)
    assert parse_id(custom_id("closest", "AbC-_9", 12)) == ("closest", "AbC-_9", 12)
    assert parse_id("rq:drop:x") is None and parse_id("rq:up:" + "x" * 65) is None
    with pytest.raises(ValueError):
        custom_id("up", "has space")


def test_films_are_paged_with_buttons() -> None:
    films = [FilmInfo(f"Film {i:02d}", 2000 + i, 1, 3) for i in range(40)]
    first = render_films(films, 1)
    assert "page 1 of 3" in first.content and "Film 00" in first.content
    assert "Film 15" not in first.content
    assert [(b.label, b.id, b.disabled) for b in first.buttons] == [
        ("Previous", "rq:films:0", True), ("Next", "rq:films:2", False)]
    last = render_films(films, 3)
    assert "Film 39" in last.content and last.buttons[1].disabled
    assert render_films(films, 99).content.startswith(last.content.split("\n")[0])
    assert "There is no page 99; this is page 3 of 3." in render_films(films, 99).content
    assert render_films([]).content == "The index holds no films."
    assert render_films(films[:3]).buttons == ()


def test_help_and_about() -> None:
    films = [FilmInfo("Heat", 1995, 3, 9), FilmInfo("Alien", 1979, 1, 4)]
    help_text = render_help(films).content
    assert "who directed Heat?" in help_text and "is Alien worth watching?" in help_text
    about = render_about(films, {"model": {"name": "m"}, "built_at": "2025-01-02T03:04:05+00:00"})
    assert about.content == ("**About reelqa**\nI answer from 4 reviews of 2 films, in 13 "
                             "passages. Every answer is quoted from a cited review.\n"
                             "Index built 2025-01-02 03:04:05 UTC; embedding model m.")


@pytest.mark.parametrize(("text", "question"), [
    ("@everyone who voices Jay?", "who voices Jay?"),
    ("who voices Jay? @here", "who voices Jay?"),
    ("<@123> <@!456> <@&789> who directed <#42> it?", "who directed it?"),
    ("mail me at jay@everyone.org", "mail me at jay@everyone.org"),
    ("<@1>", ""),
])
def test_mentions_are_stripped_from_questions(text: str, question: str) -> None:
    assert strip_mentions(text) == question


def test_an_open_question_without_a_short_answer_shows_the_closest_passage() -> None:
    r = review(1, "The score swells in every scene. Jay restores radios in a small shop.")
    hits = (Hit(Passage("r1#0", r, 0, 0, len(r.text)), 1.0, 1),
            Hit(Passage("r1#1", r, 1, 33, len(r.text)), 0.5, 2))
    near = Answer("what do the reviews say of the score?", None, hits, None, 1.0,
                  best_guess=0.3, kind="span", asked="sentence")
    reply = render_answer(near, key="k")
    assert reply.content == "No review says it in so many words; this passage comes closest:"
    assert reply.embeds[0]["description"].startswith("> The score swells in every scene.")
    assert "more" in {b.id.split(":")[1] for b in reply.buttons}
    # far from any answer, or a question of fact: "the reviews don't say", passages on demand
    for asked, guess in (("sentence", 0.05), ("person", 0.3)):
        far = Answer("who scored it?", None, hits, None, 1.0, best_guess=guess, kind="span",
                     asked=asked)
        reply = render_answer(far, key="k")
        assert reply.content.startswith("The reviews don't") and reply.embeds == ()
        assert "closest" in {b.id.split(":")[1] for b in reply.buttons}
