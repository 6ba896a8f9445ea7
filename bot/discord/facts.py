"""Pure rendering of the answers that are not one span of one passage: a film's year, its cast
(and, as they come, its plot and verdicts). Each is a short content line and one embed that
lists its parts, each with the numbers of the passages that say it, then the sources."""

from __future__ import annotations

from collections.abc import Callable

from reelqa.bot.discord.quoting import QUOTE_CHARS, quoted
from reelqa.bot.discord.render import EmbedDraft
from reelqa.bot.discord.text import Segment, clean
from reelqa.bot.phrasing import aspect_name
from reelqa.index.records import Answer, ShortAnswer

Rendered = tuple[list[Segment], list[EmbedDraft]]


def _film(answer: Answer) -> str:
    film = answer.film or (answer.hits[0].passage.review.film if answer.hits else "")
    return clean(film, flatten=True)


def _cites(ranks: tuple[int, ...] | list[int]) -> Segment:
    return Segment("".join(f" [{n}]" for n in ranks), "raw")


def _year(answer: Answer, short: ShortAnswer, tail: tuple[Segment, ...]) -> Rendered:
    content = [Segment(short.text, "bold"), Segment(f" \u00b7 the year {_film(answer)}'s "
                                                    "reviews give"),
               _cites([h.rank for h in answer.hits])]
    return content, [EmbedDraft(title=(), description=(Segment("Sources", "bold"),),
                                tail=tail)]


def _cast(answer: Answer, short: ShortAnswer, tail: tuple[Segment, ...]) -> Rendered:
    lines: list[Segment] = []
    for n, p in enumerate(short.people):
        role = f"{p.character} (voice)" if p.role == "voice" and p.character else p.character
        lines += [Segment("\n" if n else "", "raw"), Segment("\u2022 ", "raw"),
                  Segment(p.person, "bold"), *([Segment(f" \u2014 {role}")] if role else []),
                  _cites(p.passages)]
    quoted = {answer.hits[n - 1].passage.review.id for p in short.people for n in p.passages
              if 0 < n <= len(answer.hits)}
    content = [Segment(f"Cast of {_film(answer)}", "bold"),
               Segment(f" \u00b7 as {len(quoted)} review{'s' * (len(quoted) != 1)} "
                       "credit it")]
    return content, [EmbedDraft(title=(), description=tuple(lines), tail=tail)]


def _quotes(answer: Answer, short: ShortAnswer, sides: bool = False) -> list[Segment]:
    """Each quoted sentence as a quote line with its passage number; past a review's spoiler
    warning inside spoiler tags."""
    out: list[Segment] = []
    for n, v in enumerate(short.parts):
        review = answer.hits[v.passage - 1].passage.review
        lead = f"({v.leaning}) " if sides and v.leaning else ""
        out += [Segment("\n> " if n else "> ", "raw"), *([Segment(lead)] if lead else []),
                *quoted(review, v.start, v.end, None, QUOTE_CHARS), _cites([v.passage])]
    return out


def _plot(answer: Answer, short: ShortAnswer, tail: tuple[Segment, ...]) -> Rendered:
    content = [Segment(f"What {_film(answer)} is about", "bold"),
               Segment(", as its reviews tell it")]
    genre: list[Segment] = []
    if short.genre is not None:
        genre = [Segment(short.genre.text, "bold"),
                 _cites([v.passage for v in short.genre.quotes]),
                 *([Segment("\n", "raw")] if short.parts else [])]
    return content, [EmbedDraft(title=(), description=(*genre, *_quotes(answer, short)),
                                tail=tail)]


def _verdict(answer: Answer, short: ShortAnswer, tail: tuple[Segment, ...]) -> Rendered:
    content = [Segment(short.text, "bold"), Segment(f" \u00b7 {short.lean}")]
    return content, [EmbedDraft(title=(), description=tuple(_quotes(answer, short, True)),
                                tail=tail)]


def _aspect(answer: Answer, short: ShortAnswer, tail: tuple[Segment, ...]) -> Rendered:
    counts = ", ".join(f"{n} {lean}" for lean, n in short.counts)
    content = [Segment(f"{aspect_name(answer)}? {short.lean}", "bold"),
               Segment(f" \u00b7 {counts}, counting each review once")]
    return content, [EmbedDraft(title=(), description=tuple(_quotes(answer, short, True)),
                                tail=tail)]


def not_said(answer: Answer) -> str | None:
    """ "No review of F speaks of whether it is scary." for an aspect no review speaks of."""
    if answer.kind != "aspect" or answer.opinion is None or answer.short is not None:
        return None
    said = aspect_name(answer).lower()
    film = clean(answer.opinion.film or "", flatten=True)
    if answer.opinion.aspect in ("scary", "humour", "violence", "kids"):
        return f"No review of {film} speaks of whether it is {said}."
    return f"No review of {film} speaks of {said}."


# The answer kinds rendered here, by `Answer.kind`.
FACTS: dict[str, Callable[[Answer, ShortAnswer, tuple[Segment, ...]], Rendered]] = {
    "year": _year,
    "cast": _cast,
    "plot": _plot,
    "verdict": _verdict,
    "aspect": _aspect,
}
