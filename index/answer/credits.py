"""Credits answers: "who plays X?", "who directed F?" from the film's credits, citing their
quotes first; every other question goes to the kinds after it (the span extractor)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from reelqa.index.answer import THRESHOLD, Response
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.answer.lookup import THRESHOLD as CREDIT_THRESHOLD
from reelqa.index.answer.lookup import CreditAnswer, answer
from reelqa.index.credits.models import Evidence
from reelqa.index.query import Query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Passage, ShortAnswer, Support
from reelqa.index.text.tokens import TOKEN, stem
from reelqa.index.text.vocabulary import ASK_OF, CAST

QUOTES_CITED = 3  # a credit's quotes put first among the hits, at most


class CreditsKind:
    """Answers credits questions from the index's credits; declines the rest, and questions
    the credits do not hold, to the kinds after it."""

    name = "credits"

    def __init__(self, knowledge: Knowledge, credit_threshold: float = CREDIT_THRESHOLD) -> None:
        self.credits = knowledge.credits
        self.threshold = THRESHOLD
        self.credit_threshold = credit_threshold
        self._passages = knowledge.by_review

    def accepts(self, query: Query) -> bool:
        # an index built before credits were learned has none: spans answer instead
        return query.credit is not None and bool(self.credits)

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response | None:
        film = query.film
        if film is not None and _title_in_character(query, film):
            film = None  # "who played Joe Armstrong?" names a character, not the film "Joe"
        films = list(self.credits) if film is None else [film]
        if film is None and len(self.credits) > 1:
            # "who directed it?" with no film named: the films retrieval found, best first
            films = list(dict.fromkeys(h.passage.review.film for h in hits)) or films
        found = answer(query, self.credits, film=film, threshold=0.0,
                       films=None if film is not None else films)
        if found is None:
            return None
        confidence = self.scaled(found.confidence)
        given = found.best_guess is not None and found.confidence >= self.credit_threshold
        if found.who_is:
            # "who is Jay?" asks for a description first; the credit is shown beside it
            base = rest()
            if base.short is not None or not given:
                return replace(base, credit=self._support(found, base.hits, given))
        if not given:
            cited = self._cite(hits, [q for q in found.rival_quotes])
            return Response(cited, None, confidence, self.name,
                            self._support(found, cited, False))
        quotes = self._best_quotes(query, found)[:QUOTES_CITED]
        if len({p for _, p, _ in found.films}) > 1:  # film by film: each film's best quote
            quotes = [quotes[0], *found.rival_quotes[1:]]
        spelled = next((e for e in found.evidence if _spells(e, found.person)), None)
        source = None if any(_spells(e, found.person) for e in quotes) else (
            spelled or found.name_source)
        cited = self._cite(hits, quotes, source)
        short = self._short(found, cited, confidence)
        if short is None:  # no cited passage spells the name: answer as the kinds after would
            return None
        return Response(cited, short, confidence, self.name, self._support(found, cited, True))

    def scaled(self, confidence: float) -> float:
        """A credit's confidence on the stage's scale: the credits threshold falls on
        `THRESHOLD`, so one threshold decides (and `reelqa eval` margins compare)."""
        t, c = self.credit_threshold, self.threshold
        if confidence < t:
            return confidence * c / t
        return c + (confidence - t) * (1 - c) / (1 - t)

    def _cite(
        self, hits: Sequence[Hit], quotes: list[Evidence], source: Evidence | None = None
    ) -> tuple[Hit, ...]:
        """The passages holding `quotes` first, in their order, then the full name's source,
        then retrieval's own hits; as many hits as retrieval gave."""
        retrieved = {h.passage.id: h for h in hits}
        placed: list[Passage] = []
        found = [p for q in quotes if (p := self._passage(q, retrieved)) is not None]
        if source is not None and (p := self._passage(source, retrieved)) is not None:
            room = max(len(hits), 1) - 1
            found = [*found[:room], p]
        for p in [*found, *(h.passage for h in hits)]:
            if all(p.id != q.id for q in placed):
                placed.append(p)
        placed = placed[: max(len(hits), len(found))]
        return tuple(
            Hit(p, retrieved[p.id].score if p.id in retrieved else 0.0, i)
            for i, p in enumerate(placed, start=1)
        )

    def _best_quotes(self, query: Query, found: CreditAnswer) -> list[Evidence]:
        """The credit's quotes, the one stating it best for this question first (`telling`)."""
        ranked = sorted(enumerate(found.evidence),
                        key=lambda item: (*telling(query, item[1], found.person), item[0]))
        return [e for _, e in ranked]

    def _passage(self, e: Evidence, retrieved: Mapping[str, Hit]) -> Passage | None:
        return quoting(e, self._passages, retrieved)

    def _short(
        self, found: CreditAnswer, cited: Sequence[Hit], confidence: float
    ) -> ShortAnswer | None:
        """The person's name as a span of a cited passage: spelled as the credit spells it
        where a cited quote does, else as the best quote writes it."""
        quotes = [*found.evidence, *([found.name_source] if found.name_source else [])]
        best: tuple[int, Hit, Evidence] | None = None
        for hit in cited:
            p = hit.passage
            for e in quotes:
                if e.review_id != p.review.id or not p.start <= e.name_start < e.name_end <= p.end:
                    continue
                exact = p.review.text[e.name_start : e.name_end] == found.person
                if best is None or (exact and best[0] == 0):
                    best = (int(exact), hit, e)
        if best is None:
            return None
        _, hit, e = best
        p = hit.passage
        text = p.review.text
        start, end = max(e.start, p.start), min(e.end, p.end)
        return ShortAnswer(
            text[e.name_start : e.name_end],
            hit.rank,
            e.name_start,
            e.name_end,
            text[start:end].strip(),
            confidence,
        )

    def _support(self, found: CreditAnswer, cited: Sequence[Hit], given: bool) -> Support:
        quotes = found.evidence if given else ()
        ranks = tuple(h.rank for h in cited if any(_holds(h.passage, e) for e in quotes))
        return Support(
            found.role,
            found.person if given else None,
            found.character,
            found.reviews if given else 0,
            ranks,
            () if given else found.rivals,
            found.confidence,
            found.films if given else (),
        )


def quoting(e: Evidence, by_review: Mapping[str, Sequence[Passage]],
            retrieved: Mapping[str, Hit] | None = None) -> Passage | None:
    """The passage that holds the quote's name (and most of its sentence), a retrieved one
    if any."""
    holding = [p for p in by_review.get(e.review_id, ())
               if p.start <= e.name_start and e.name_end <= p.end]
    if not holding:
        return None
    chosen = retrieved or {}
    return max(holding, key=lambda p: (min(p.end, e.end) - max(p.start, e.start),
                                       p.id in chosen, -p.start))


def telling(query: Query, quote: Evidence, person: str | None) -> tuple[bool, bool, int]:
    """How well a quote states its credit for `question`, best lowest: it names what the
    question asks by (the character as the question words it, or for a crew question the
    question's role word: "directed" for "who directed F?"), it spells the name as the answer
    gives it, and it is concise (the fewest words in its sentence). Closeness to the
    question's wording beyond that does not pick the quote a reader needs (docs/answers.md)."""
    asked = query.credit
    said = [w.lower().replace("\u2019", "'") for w in TOKEN.findall(quote.text)]
    if asked is not None and asked.role in CAST:
        phrase = " ".join(w for w in asked.character if w != "'s")
        names = bool(phrase) and f" {phrase} " in f" {' '.join(said)} "
    else:
        role = {stem(w) for w in query.tokens if w.lower() in ASK_OF}
        names = bool(role & {stem(w) for w in said})
    return (not names, not _spells(quote, person), len(said))


def _holds(p: Passage, e: Evidence) -> bool:
    """The passage holds the quote's name (and so cites the quote)."""
    return p.review.id == e.review_id and p.start <= e.name_start and e.name_end <= p.end


def _spells(e: Evidence, person: str | None) -> bool:
    """The quote writes the person's name as the credit spells it."""
    return person is not None and e.text[e.name_start - e.start : e.name_end - e.start] == person


def _title_in_character(query: Query, film: str) -> bool:
    """The film was found in the question only inside the character's name."""
    asked = query.credit
    if asked is None or not asked.character or asked.film_text:
        return False
    words = {w for w in TOKEN.findall(film.lower()) if w not in ("the", "a", "an")}
    return bool(words) and words <= set(asked.character)
