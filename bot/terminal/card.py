"""A film card as terminal text (pure)."""

from __future__ import annotations

import textwrap

from reelqa.bot.terminal.render import WIDTH, quote_lines, render_hit
from reelqa.index.records import FilmCard


def render_card(card: FilmCard) -> str:
    """Title and year, the reviews' lean, cast, story and verdicts, then the cited passages."""
    name = f"{card.film} ({card.year})" if card.year else card.film
    lean = ""
    if card.lean is not None:
        counts = ", ".join(f"{n} {k}" for k, n in card.counts if n)
        lean = f": {card.lean} ({counts})"
    lines = [f"{name} \u2014 {card.reviews} review{'s' * (card.reviews != 1)}{lean}", ""]
    if card.genre is not None:
        cites = "".join(f"[{v.passage}]" for v in card.genre.quotes)
        lines += [f"{card.genre.text} {cites}".rstrip(), ""]
    if card.cast:
        people = ", ".join(f"{p.person} ({p.character})" if p.character else p.person
                           for p in card.cast)
        cites = "".join(f"[{n}]" for n in dict.fromkeys(n for p in card.cast for n in p.passages))
        lines += textwrap.wrap(f"Cast: {people} {cites}", width=WIDTH,
                               subsequent_indent="  ") + [""]
    if card.plot:
        lines += ["What it is about:", *quote_lines(card.plot, card.hits), ""]
    if card.quotes:
        lines += ["What the reviews conclude:",
                  *quote_lines(card.quotes, card.hits, sides=True), ""]
    for hit in card.hits:
        lines += [*render_hit(hit), ""]
    return "\n".join(lines).rstrip()
