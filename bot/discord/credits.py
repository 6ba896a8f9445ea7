"""Pure rendering of a film's credits (`/credits`) into one Discord message within its limits."""

from __future__ import annotations

from reelqa.bot.discord.render import Reply, fit_reply
from reelqa.bot.discord.text import Segment, clean, fit
from reelqa.index.credits.aggregate import FilmCredits

QUOTE_CHARS = 160  # each credit's first quote, shortened to this
FILM_CHARS = 120  # the film's name in the heading: a huge name leaves room for the credits


def render_credits(found: FilmCredits) -> Reply:
    """The film's credits, best supported first: who, what, how many reviews say so, and the
    first sentence that does (with its review). Cut to Discord's 2,000 characters."""
    film = clean(found.film, flatten=True)
    if not found.credits:
        return fit_reply([Segment(f"The reviews of {film} credit nobody by name.")])
    count = len(found.credits)
    rows: list[Segment] = [
        Segment("Credits of "), Segment(fit([Segment(film, "bold")], FILM_CHARS), "raw"),
        Segment(f" as its reviews state them ({count} credit{'s' * (count != 1)})"),
    ]
    for c in found.credits:
        what = c.role if not c.character else (
            f"plays {c.character}" if c.role == "actor" else f"{c.role} of {c.character}")
        rows += [
            Segment("\n\u2022 ", "raw"),
            Segment(clean(c.person, flatten=True), "bold"),
            Segment(f" \u2014 {clean(what, flatten=True)} \u00b7 "
                    f"{c.reviews} review{'s' * (c.reviews != 1)}"),
        ]
        if c.evidence:
            e = c.evidence[0]
            quote = clean(e.excerpt(QUOTE_CHARS), flatten=True)
            rows += [Segment("\n> ", "raw"), Segment(f"{quote} ({e.review_id})")]
    return fit_reply(rows)
