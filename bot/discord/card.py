"""Pure rendering of a film card (`/film`) as one Discord embed within its limits."""

from __future__ import annotations

from reelqa.bot.discord.answers import sources
from reelqa.bot.discord.quoting import quoted
from reelqa.bot.discord.render import EmbedDraft, Reply, fit_reply
from reelqa.bot.discord.text import Segment, clean
from reelqa.index.records import FilmCard, Verdict

QUOTE_CHARS = 220  # each quoted sentence, trimmed to this


def render_card(card: FilmCard) -> Reply:
    """The card: the film and its year as the title; the reviews' lean with counts, the
    top-billed cast, a plot sentence or two and the most telling verdict of each side in the
    description, every part with its passage numbers; the sources under it."""
    name = clean(f"{card.film} ({card.year})" if card.year else card.film, flatten=True)
    body: list[Segment] = [Segment(f"{card.reviews} review{'s' * (card.reviews != 1)}")]
    if card.lean is not None:
        counts = ", ".join(f"{n} {k}" for k, n in card.counts if n)
        body += [Segment(" \u00b7 "), Segment(card.lean, "bold"), Segment(f" ({counts})")]
    if card.genre is not None:
        body += [Segment("\n", "raw"), Segment(card.genre.text),
                 Segment("".join(f" [{v.passage}]" for v in card.genre.quotes), "raw")]
    if card.cast:
        body.append(Segment("\n\n**Cast** ", "raw"))
        for n, p in enumerate(card.cast):
            said = f"{p.person} ({p.character})" if p.character else p.person
            body += [Segment(", " if n else ""), Segment(clean(said, flatten=True)),
                     Segment("".join(f" [{r}]" for r in p.passages), "raw")]
    if card.plot:
        body += [Segment("\n\n**What it is about**", "raw"), *_quotes(card, card.plot)]
    if card.quotes:
        body += [Segment("\n\n**What the reviews conclude**", "raw"),
                 *_quotes(card, card.quotes, sides=True)]
    draft = EmbedDraft(title=(Segment(name),), description=tuple(body),
                       tail=sources(card.hits, len(card.hits)))
    return fit_reply([Segment("Film card: "), Segment(name, "bold")], [draft])


def _quotes(card: FilmCard, parts: tuple[Verdict, ...], sides: bool = False) -> list[Segment]:
    out: list[Segment] = []
    for v in parts:
        review = card.hits[v.passage - 1].passage.review
        lead = [Segment(f"({v.leaning}) ")] if sides and v.leaning else []
        out += [Segment("\n> ", "raw"), *lead, *quoted(review, v.start, v.end, None, QUOTE_CHARS),
                Segment(f" [{v.passage}]", "raw")]
    return out
