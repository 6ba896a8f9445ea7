"""Pure rendering into Discord messages within its limits: notices, film lists, help, about.

Answers are rendered by `answers`; both go through `fit_reply`, the one place limits apply."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reelqa.bot.discord.text import Segment, clean, fit, utf16_len
from reelqa.index.records import FilmInfo

# Discord's documented limits for one message.
CONTENT_MAX = 2000
EMBEDS_MAX = 10
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
EMBED_TOTAL_MAX = 6000

FILMS_PER_PAGE = 15
FILM_NAME_CHARS = 90  # a name in the list: 15 of the longest still fit a 2,000 message
COLOUR = 0xE3B341
SAFE_URL = re.compile(r"https?://[^\s<>\"'`|\\()]{1,1000}")


@dataclass(frozen=True)
class EmbedDraft:
    """An embed before limits are applied: Markdown segments, cut by `fit_reply`."""

    title: tuple[Segment, ...]
    description: tuple[Segment, ...]  # cut to fit
    tail: tuple[Segment, ...] = ()  # kept whole after the description when it fits (citations)
    url: str | None = None
    fields: tuple[tuple[tuple[Segment, ...], tuple[Segment, ...]], ...] = ()


@dataclass(frozen=True)
class Button:
    """A button under a message; its custom id names an action and its argument (`custom_id`)."""

    label: str | None
    id: str
    emoji: str | None = None
    disabled: bool = False


@dataclass(frozen=True)
class Reply:
    """A message ready to send: content, embed dicts (as `discord.Embed.from_dict` takes) and
    buttons (one row, at most 5)."""

    content: str
    embeds: tuple[dict[str, Any], ...] = ()
    buttons: tuple[Button, ...] = ()


# what a button does; "credits" turns a /credits page, "post" posts it to the channel
ACTIONS = ("up", "down", "more", "closest", "thread", "films", "mean", "credits", "post")
ID_PATTERN = (rf"rq:(?P<action>{'|'.join(ACTIONS)}):(?P<arg>[A-Za-z0-9_-]{{1,64}})"
              r"(?::(?P<page>\d{1,4}))?")
_ID = re.compile(ID_PATTERN)


def custom_id(action: str, arg: str, page: int | None = None) -> str:
    """The persistent custom id of a button: `rq:<action>:<arg>` (an answer key or a page),
    and `:<page>` for the pages of an answer's passages."""
    made = f"rq:{action}:{arg}" + (f":{page}" if page is not None else "")
    if not _ID.fullmatch(made):
        raise ValueError(f"not a button id: {made!r}")
    return made


def parse_id(text: str) -> tuple[str, str, int | None] | None:
    """(action, argument, page or None) of one of our button ids, or None."""
    match = _ID.fullmatch(text)
    if not match:
        return None
    page = match.group("page")
    return match.group("action"), match.group("arg"), int(page) if page else None


def fit_reply(content: Sequence[Segment], embeds: Sequence[EmbedDraft] = ()) -> Reply:
    """The one place Discord's limits are enforced: content 2,000; at most 10 embeds; title
    256, description 4,096, 25 fields of 256/1,024; 6,000 across all embeds. Text is cut
    cleanly (see `discord_text.fit`); descriptions share what titles and fields leave."""
    drafts = list(embeds[:EMBEDS_MAX])
    heads = [
        (
            fit(d.title, TITLE_MAX),
            [(fit(n, FIELD_NAME_MAX), fit(v, FIELD_VALUE_MAX)) for n, v in d.fields[:FIELDS_MAX]],
        )
        for d in drafts
    ]
    sizes = [utf16_len(t) + sum(utf16_len(n) + utf16_len(v) for n, v in f) for t, f in heads]
    while sum(sizes) > EMBED_TOTAL_MAX:
        # Titles and fields alone overflow: drop whole embeds from the end.
        drafts.pop(), heads.pop(), sizes.pop()
    fixed = sum(sizes)
    left = EMBED_TOTAL_MAX - fixed
    descriptions: dict[int, str] = {}
    # Shortest first, so room a short description leaves goes to the longer ones.
    order = sorted(range(len(drafts)), key=lambda i: utf16_len(_plain(drafts[i].description)))
    for done, i in enumerate(order):
        budget = min(DESCRIPTION_MAX, left // (len(order) - done))
        tail = fit(drafts[i].tail, budget // 2)
        descriptions[i] = fit(drafts[i].description, budget - utf16_len(tail)) + tail
        left -= utf16_len(descriptions[i])
    out = []
    for i, d in enumerate(drafts):
        title, fields = heads[i]
        embed: dict[str, Any] = {"type": "rich", "color": COLOUR}
        if title:
            embed["title"] = title
        if descriptions[i]:
            embed["description"] = descriptions[i]
        if d.url and SAFE_URL.fullmatch(d.url):
            embed["url"] = d.url
        if fields:
            embed["fields"] = [{"name": n, "value": v, "inline": False} for n, v in fields]
        out.append(embed)
    return Reply(fit(content, CONTENT_MAX), tuple(out))


def render_films(films: Sequence[FilmInfo], page: int = 1, per_page: int = FILMS_PER_PAGE) -> Reply:
    """One page of the indexed films, with Previous / Next buttons when there are more."""
    if not films:
        return fit_reply([Segment("The index holds no films.")])
    pages = math.ceil(len(films) / per_page)
    asked, page = page, min(max(page, 1), pages)
    rows: list[Segment] = [Segment(f"**Indexed films** ({len(films)})", "raw")]
    if pages > 1:
        rows.append(Segment(f" \u00b7 page {page} of {pages}", "raw"))
    if asked != page:
        rows.append(Segment(f"\n-# There is no page {asked}; this is page {page} of {pages}."))
    for f in films[(page - 1) * per_page : page * per_page]:
        name = f"{f.film} ({f.year})" if f.year else f.film
        rows += [
            Segment("\n\u2022 ", "raw"),
            Segment(fit([Segment(clean(name, flatten=True))], FILM_NAME_CHARS), "raw"),
            Segment(f" \u2014 {f.reviews} review{'s' * (f.reviews != 1)}, "
                    f"{f.passages} passage{'s' * (f.passages != 1)}"),
        ]
    buttons: tuple[Button, ...] = ()
    if pages > 1:
        buttons = (
            Button("Previous", custom_id("films", str(page - 1)), disabled=page == 1),
            Button("Next", custom_id("films", str(page + 1)), disabled=page == pages),
        )
    return replace(fit_reply(rows), buttons=buttons)


def render_notice(text: str) -> Reply:
    """A short message of ours (busy, errors), escaped like any other text."""
    return fit_reply([Segment(text)])


def render_help(films: Sequence[FilmInfo]) -> Reply:
    """How to ask, with examples from the indexed films (shown only to the asker)."""
    names = [f.film for f in sorted(films, key=lambda f: (-f.reviews, f.film.lower()))[:2]]
    first = names[0] if names else "Heat"
    other = names[-1] if names else first
    rows = [
        Segment("**How to ask me**\n\u2022 `/ask` with a question; `film:` limits it to one "
                "film, `private:` shows the answer only to you.\n\u2022 Mention me with a "
                "question, or send me a direct message.\n\u2022 Reply to one of my answers to "
                "ask about the same film; \u201cAsk about this film\u201d opens a thread for "
                "that.\n\u2022 \U0001f44d / \U0001f44e under an answer tell the operator whether "
                "it helped; \u201cMore sources\u201d shows the other passages.\n\u2022 `/films` "
                "lists the films I know, `/about` the index.\n**Try**", "raw"),
        Segment(f"\n\u2022 who directed {first}?\n\u2022 is {other} worth watching?"
                f"\n\u2022 how is the acting in {first}?"),
        Segment("\n-# Every answer quotes the reviews it comes from; nothing is made up.", "raw"),
    ]
    return fit_reply(rows)


def render_about(films: Sequence[FilmInfo], manifest: dict[str, Any]) -> Reply:
    """What the index holds: films, reviews, passages, when it was built and with which model."""
    reviews = sum(f.reviews for f in films)
    passages = sum(f.passages for f in films)
    model = str((manifest.get("model") or {}).get("name") or "unknown")
    built = str(manifest.get("built_at") or "unknown").replace("T", " ").replace("+00:00", " UTC")
    rows = [
        Segment("**About reelqa**", "raw"),
        Segment(f"\nI answer from {reviews} review{'s' * (reviews != 1)} of {len(films)} "
                f"film{'s' * (len(films) != 1)}, in {passages} passages. Every answer is "
                "quoted from a cited review."),
        Segment(f"\nIndex built {built}; embedding model {model}."),
    ]
    return fit_reply(rows)


def _plain(segments: Sequence[Segment]) -> str:
    return "".join(s.text for s in segments)
