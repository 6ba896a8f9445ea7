"""When a film came out: the year its reviews' metadata gives, cited by those reviews.

"When did F come out?", "what year is F?" (`Query.fact == "year"`). Every review of a film
carries its year in the corpus metadata; the answer is the year most of them give, and the
reviews that give it are the citations, first those whose own words name the year ("this
1995 thriller"), whose sentence is then the quote. Where two films share a title and each
has reviews, both years are given with their review counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from reelqa.index.answer import Response
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Passage, ShortAnswer


class YearKind:
    """Answers "when did it come out?" from the reviews' metadata."""

    name = "year"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def accepts(self, query: Query) -> bool:
        return query.fact == "year"

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        film = self.knowledge.film_of(query, hits)
        if film is None:
            return None  # no film to give the year of: a date in the passages may say
        firsts = [p for p in self.knowledge.by_film.get(film, ()) if p.n == 0]
        years = Counter(p.review.year for p in firsts if p.review.year)
        if not years:
            return None  # the corpus gives no year: the reviews' words may
        (year, given), *others = years.most_common()
        # two films of one title ("Bulletproof", 1988 and 1996) each have reviews: name both
        also = [(y, n) for y, n in others if n >= 2]
        text = str(year) if not also else ", or ".join(
            f"{y} ({n} review{'s' * (n != 1)})" for y, n in [(year, given), *also])
        said = re.compile(rf"(?<![\d$]){year}(?!\d)")
        carrying = [p for p in self.knowledge.by_film[film] if p.review.year == year]
        naming = [p for p in carrying if said.search(p.text)]
        shown: list[Passage] = []
        for p in [*naming, *(p for p in carrying if p.n == 0)]:
            if len(shown) < max(len(hits), 1) and all(q.review.id != p.review.id for q in shown):
                shown.append(p)
        cited = tuple(Hit(p, 0.0, rank) for rank, p in enumerate(shown, start=1))
        first = shown[0]
        found = said.search(first.text)
        if found is not None:
            start, end = first.start + found.start(), first.start + found.end()
            sentence = next((s.text for a, b, s in reading.sentences(first)
                             if a <= found.start() < b), first.text)
        else:
            start = end = first.start
            sentence = ""
        # most reviews agreeing is the confidence: a corpus that files one review under
        # another year does not make the answer unsure
        confidence = given / len(firsts)
        return Response(cited, ShortAnswer(text, 1, start, end, sentence, confidence),
                        confidence, self.name)
