"""Pure rendering of the answers that are not one span of one passage: a film's year, its cast
(and, as they come, its plot and verdicts). Each is a short content line and one embed that
lists its parts, each with the numbers of the passages that say it, then the sources."""

from __future__ import annotations

from collections.abc import Callable

from reelqa.bot.discord.render import EmbedDraft
from reelqa.bot.discord.text import Segment, clean
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


# The answer kinds rendered here, by `Answer.kind`.
FACTS: dict[str, Callable[[Answer, ShortAnswer, tuple[Segment, ...]], Rendered]] = {
    "year": _year,
    "cast": _cast,
}
