"""Pure rendering of a film's credits (`/credits`): the credits a reader may trust, grouped by
role, each line citing the review that states it, paged within Discord's 2,000 characters,
with buttons to turn the page and to post it to the channel."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from reelqa.bot.discord.render import CONTENT_MAX, Button, Reply, custom_id, fit_reply
from reelqa.bot.discord.text import Segment, clean, fit, render, utf16_len
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.models import Credit
from reelqa.index.text.vocabulary import ROLES

QUOTE_CHARS = 150  # each credit's first quote, shortened to this
FILM_CHARS = 120  # the film's name in the heading: a huge name leaves room for the credits
PAGE_ROOM = CONTENT_MAX - 250  # what a page's credits may fill: the heading and footer fit
HEADINGS = {"actor": "Cast", "voice": "Voices", "director": "Direction", "writer": "Writing",
            "composer": "Music", "cinematographer": "Cinematography", "editor": "Editing",
            "producer": "Production"}


def film_key(film: str) -> str:
    """A short stable key for a film title, as button ids carry it (ids allow no spaces)."""
    return hashlib.sha1(film.encode("utf-8")).hexdigest()[:12]


def render_credits(found: FilmCredits, page: int = 1, public: bool = False) -> Reply:
    """One page of the film's listed credits, by role, best supported first within a role.

    The page says how many credits follow on later pages and how many weaker claims are
    left out. A private reply (`public` False) carries Previous / Next and Post buttons; a
    posted one carries none, so nobody else turns its pages.
    """
    film = clean(found.film, flatten=True)
    listed = _by_role(found.listed())
    weaker = len(found.left_out())
    if not listed:
        said = (f"The reviews of {film} credit nobody plainly enough to list "
                f"({weaker} weaker claim{'s' * (weaker != 1)} left out)." if weaker
                else f"The reviews of {film} credit nobody by name.")
        return fit_reply([Segment(said)])
    pages = _pages(listed)
    page = min(max(page, 1), len(pages))
    shown = pages[page - 1]
    rows: list[Segment] = [
        Segment("Credits of "), Segment(fit([Segment(film, "bold")], FILM_CHARS), "raw"),
        Segment(f" as its reviews state them ({len(listed)} credit{'s' * (len(listed) != 1)}"
                + (f", page {page} of {len(pages)})" if len(pages) > 1 else ")")),
    ]
    role = None
    for c in shown:
        if c.role != role:
            role = c.role
            rows += [Segment("\n", "raw"), Segment(HEADINGS.get(role, role), "bold")]
        rows += _lines(c)
    later = sum(len(p) for p in pages[page:])
    notes = []
    if later:
        notes.append(f"{later} more credit{'s' * (later != 1)} on the next "
                     f"page{'s' * (len(pages) - page != 1)}")
    if weaker:
        notes.append(f"{weaker} weaker claim{'s' * (weaker != 1)} left out")
    if notes:
        rows.append(Segment("\n-# " + "; ".join(notes) + ".", "raw"))
    reply = fit_reply(rows)
    if public:
        return reply
    key = film_key(found.film)
    buttons = [Button("Post", custom_id("post", key, page), emoji="\U0001f4e2")]
    if len(pages) > 1:
        buttons = [
            Button("Previous", custom_id("credits", key, max(page - 1, 1)), disabled=page == 1),
            Button("Next", custom_id("credits", key, min(page + 1, len(pages))),
                   disabled=page == len(pages)),
            *buttons,
        ]
    return replace(reply, buttons=tuple(buttons))


def _by_role(credits: tuple[Credit, ...]) -> list[Credit]:
    order = {r: i for i, r in enumerate(ROLES)}
    return sorted(credits, key=lambda c: (order.get(c.role, len(order)), -c.score, c.person))


def _lines(c: Credit) -> list[Segment]:
    """One credit: who, for what, how many reviews say so, and the quote that does, cited."""
    character = clean(c.character, flatten=True) if c.character else ""
    what = ("" if not character else f" as {character}" if c.role == "actor"
            else f" \u2014 voice of {character}")
    out = [
        Segment("\n\u2022 ", "raw"),
        Segment(clean(c.person, flatten=True), "bold"),
        Segment(f"{what} \u00b7 {c.reviews} review{'s' * (c.reviews != 1)}"),
    ]
    if c.evidence:
        e = c.evidence[0]
        quote = clean(e.excerpt(QUOTE_CHARS), flatten=True)
        out += [Segment("\n> ", "raw"), Segment(f"\u201c{quote}\u201d \u2014 {e.review_id}")]
    return out


def _pages(credits: list[Credit]) -> list[list[Credit]]:
    """The credits cut into pages whose text fits `PAGE_ROOM` (a role heading included)."""
    pages: list[list[Credit]] = [[]]
    used = 0
    for c in credits:
        size = utf16_len(render(_lines(c))) + len(HEADINGS.get(c.role, c.role)) + 6
        if pages[-1] and used + size > PAGE_ROOM:
            pages.append([])
            used = 0
        pages[-1].append(c)
        used += size
    return pages
