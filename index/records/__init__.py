"""Frozen records that cross module boundaries: Review -> Passage -> Hit -> Answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Review:
    """One review with its clean text (markup removed) and its citation metadata."""

    id: str
    film: str
    text: str
    year: int | None = None
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    rating: str | None = None  # "7/10": a number and its scale, as the corpus gives it
    origin: str = ""  # where it was read from, "path" or "path:line", for messages only

    def citation(self) -> str:
        """One line naming film, review title, author or source, date and link when present."""
        film = f"{self.film} ({self.year})" if self.year else self.film
        parts = [film]
        if self.title:
            parts.append(f"\u201c{self.title}\u201d")
        by = ", ".join(p for p in (self.author, self.source) if p)
        if by:
            parts.append(by)
        if self.date:
            parts.append(self.date)
        if self.url:
            parts.append(self.url)
        return " \u2014 ".join(parts)


@dataclass(frozen=True)
class Passage:
    """A chunk of a review: `review.text[start:end]` is its text; `id` is `<review_id>#<n>`."""

    id: str
    review: Review
    n: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.review.text[self.start : self.end]


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score and 1-based rank."""

    passage: Passage
    score: float
    rank: int


@dataclass(frozen=True)
class Verdict:
    """One review's verdict sentence on what an opinion question asks about."""

    passage: int  # the rank of the hit it is in
    start: int  # offsets into the review's clean text
    end: int
    sentence: str
    strength: float  # how plainly it judges the asked aspect, 0 to 1
    leaning: str | None = None  # the review's (or the sentence's) lean, where known

    def to_dict(self) -> dict[str, Any]:
        return {"passage": self.passage, "start": self.start, "end": self.end,
                "sentence": self.sentence, "strength": round(self.strength, 4),
                "leaning": self.leaning}


@dataclass(frozen=True)
class Genre:
    """What kind of film its reviews call it ("war film"): how many of its reviews do, out
    of how many, and one quoted sentence of each of the first few (passage = hit rank)."""

    name: str
    reviews: int
    of: int
    quotes: tuple[Verdict, ...] = ()

    @property
    def text(self) -> str:
        """ "8 of 12 reviews call it a war film." """
        article = "an" if self.name[:1] in "aeiou" else "a"
        return f"{self.reviews} of {self.of} reviews call it {article} {self.name}."

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "reviews": self.reviews, "of": self.of,
                "quotes": [v.to_dict() for v in self.quotes]}


@dataclass(frozen=True)
class Origin:
    """What a film is based on, as its reviews say it ("based on a novel", "remake",
    "sequel"): how many of its reviews say so, out of how many, and the quoted sentence that
    says it best (it is also the last of the plot answer's parts)."""

    name: str
    reviews: int
    of: int
    quote: Verdict

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "reviews": self.reviews, "of": self.of,
                "quote": self.quote.to_dict()}


@dataclass(frozen=True)
class Person:
    """One person of a cast answer: their credit and the ranks of the hits that quote it."""

    person: str
    role: str
    character: str | None
    reviews: int  # distinct reviews that name them in this credit
    passages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "role": self.role, "character": self.character,
                "reviews": self.reviews, "passages": list(self.passages)}


@dataclass(frozen=True)
class ShortAnswer:
    """The answer: a span of the hit ranked `passage` (`start`/`end` in its review's text,
    in `sentence`), or for an answer made of several reviews' words (a cast list, a plot,
    a verdict) its first part's span, with the parts in `people`, `lean` and `counts`."""

    text: str
    passage: int
    start: int  # offsets into the review's clean text
    end: int
    sentence: str
    confidence: float
    people: tuple[Person, ...] = ()  # a cast answer's people, best supported first
    lean: str | None = None  # a verdict: positive, negative or mixed
    counts: tuple[tuple[str, int], ...] = ()  # reviews per lean: ("positive", 7), ...
    parts: tuple[Verdict, ...] = ()  # the quoted sentences it is made of, each with its hit
    genre: Genre | None = None  # a plot answer: what kind of film the reviews call it
    origin: Origin | None = None  # a plot answer: what the reviews say it is based on

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "passage": self.passage,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "confidence": round(self.confidence, 4),
        }
        if self.people:
            out["people"] = [p.to_dict() for p in self.people]
        if self.lean is not None:
            out["lean"] = self.lean
            out["counts"] = dict(self.counts)
        if self.parts:
            out["parts"] = [v.to_dict() for v in self.parts]
        if self.genre is not None:
            out["genre"] = self.genre.to_dict()
        if self.origin is not None:
            out["origin"] = self.origin.to_dict()
        return out


@dataclass(frozen=True)
class Opinion:
    """What the reviews conclude about an aspect of a film ("work": the film as a whole)."""

    aspect: str
    verdicts: tuple[Verdict, ...]
    film: str | None = None  # the film the leanings count reviews of
    leanings: tuple[tuple[str, int], ...] = ()  # (leaning, reviews), from the reviews' ratings

    def to_dict(self) -> dict[str, Any]:
        return {"aspect": self.aspect, "verdicts": [v.to_dict() for v in self.verdicts],
                "film": self.film, "leanings": dict(self.leanings)}


@dataclass(frozen=True)
class Support:
    """What a credits answer stands on: the film's credit, how many reviews state it, the
    ranks of the hits that quote it (best first), and every person the reviews name for it
    when they disagree."""

    role: str  # actor, voice, director, writer, composer, cinematographer, editor, producer
    person: str | None  # None: the reviews do not say, or they disagree
    character: str | None
    reviews: int
    passages: tuple[int, ...] = ()
    rivals: tuple[tuple[str, int], ...] = ()  # (person, reviews) when the reviews disagree
    confidence: float = 0.0  # the credit's own confidence, before the credits threshold
    # a character credited in several films: (film, person, reviews) for each
    films: tuple[tuple[str, str, int], ...] = ()

    def per_film(self) -> bool:
        """Different films credit different people with the asked character."""
        return len({p for _, p, _ in self.films}) > 1

    def summary(self) -> str:
        """ "4 reviews say so", "3 reviews say so, in Copper Sky and Copper Sky II", "Nell:
        A in Film 1 (2 reviews); B in Film 2 (1 review)", or "The reviews disagree: A (2
        reviews), B (1 review)"."""
        if self.person is not None and self.per_film():
            said = "; ".join(f"{p} in {f} ({n} review{'s' * (n != 1)})" for f, p, n in self.films)
            return f"{self.character}: {said}" if self.character else said
        if self.person is not None:
            films = [f for f, _, _ in self.films]
            where = f", in {', '.join(films[:-1])} and {films[-1]}" if len(films) > 1 else ""
            return f"{self.reviews} review{'s say' if self.reviews != 1 else ' says'} so{where}"
        if len(self.rivals) > 1:
            said = ", ".join(f"{p} ({n} review{'s' * (n != 1)})" for p, n in self.rivals)
            return f"The reviews disagree: {said}"
        return ""

    def describe(self) -> str:
        """The credit in words: "plays Jay", "voice of Jay", "director"."""
        if self.character is None:
            return self.role
        return f"plays {self.character}" if self.role == "actor" else f"voice of {self.character}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "role": self.role,
            "person": self.person,
            "character": self.character,
            "reviews": self.reviews,
            "passages": list(self.passages),
            "disagreement": [{"person": p, "reviews": n} for p, n in self.rivals],
        }
        if self.films:  # a character of several films: who plays it in each
            out["films"] = [{"film": f, "person": p, "reviews": n} for f, p, n in self.films]
        return out


@dataclass(frozen=True)
class Answer:
    """What the engine returns for one question: the short answer (or None) and cited hits."""

    question: str
    film: str | None
    hits: tuple[Hit, ...]
    short: ShortAnswer | None = None
    took_ms: float = 0.0
    film_from_question: bool = False  # the film was recognised in the question
    best_guess: float = 0.0  # the answerer's best confidence, also when it is below threshold
    opinion: Opinion | None = None  # for an opinion question: the reviews' verdicts
    credit: Support | None = None  # set when the film's credits answered (or could not)
    kind: str = ""  # the answer kind that replied: "credits", "opinion", "span", "cast", ...
    asked: str = ""  # what the question asks for: "person", "date", "sentence", ...

    # Open questions (the answer is a sentence) whose passages come close to an answer even
    # when none says it in so many words: the passages are then the reply, not "not found".
    OPEN = frozenset({"sentence", "reason", "yesno", "quote", "activity", "genre"})
    NEAR = 0.2  # a best guess this close to an answer means the passages speak of it

    def closest_is_answer(self) -> bool:
        """No short answer, but the question is open and the passages speak of it."""
        return (self.short is None and self.kind == "span" and self.asked in self.OPEN
                and bool(self.hits) and self.best_guess >= self.NEAR)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `reelqa ask --json` (see README)."""
        return {
            "question": self.question,
            "film": self.film,
            "answer": self.short.to_dict() if self.short else None,
            "passages": [hit_to_dict(h) for h in self.hits],
            "opinion": self.opinion.to_dict() if self.opinion else None,
            "credit": self.credit.to_dict() if self.credit else None,
            "took_ms": round(self.took_ms, 3),
        }


@dataclass(frozen=True)
class FilmInfo:
    """A film in the index with its review and passage counts, and how its reviews lean
    (positive, mixed, negative: from their ratings, or judged from their text)."""

    film: str
    year: int | None
    reviews: int
    passages: int
    leans: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"film": self.film, "year": self.year, "reviews": self.reviews,
                "passages": self.passages, "leans": dict(self.leans)}


@dataclass(frozen=True)
class FilmCard:
    """One film at a glance: its year, reviews and their lean, its top-billed cast, what it
    is about, and the most telling verdict of each side, every part cited in `hits`."""

    film: str
    year: int | None
    reviews: int
    hits: tuple[Hit, ...]
    lean: str | None = None
    counts: tuple[tuple[str, int], ...] = ()
    cast: tuple[Person, ...] = ()
    plot: tuple[Verdict, ...] = ()
    quotes: tuple[Verdict, ...] = ()
    genre: Genre | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `reelqa film --json`."""
        return {"film": self.film, "year": self.year, "reviews": self.reviews,
                "genre": self.genre.to_dict() if self.genre is not None else None,
                "lean": self.lean, "counts": dict(self.counts),
                "cast": [p.to_dict() for p in self.cast],
                "plot": [v.to_dict() for v in self.plot],
                "quotes": [v.to_dict() for v in self.quotes],
                "passages": [hit_to_dict(h) for h in self.hits]}


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    """One passage in the JSON contract."""
    p, r = hit.passage, hit.passage.review
    return {
        "rank": hit.rank,
        "score": round(float(hit.score), 6),
        "id": p.id,
        "review_id": r.id,
        "film": r.film,
        "title": r.title,
        "author": r.author,
        "source": r.source,
        "url": r.url,
        "date": r.date,
        "rating": r.rating,
        "start": p.start,
        "end": p.end,
        "text": p.text,
    }
