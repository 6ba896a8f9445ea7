"""The judgements an index keeps, written once a build's reviews, vectors and credits are, and
read back with the index: each review's lean share, each sentence's VADER polarity, story
score and aspect flags (plain .npy files, one row per review or per dense row), the genre
each film's reviews agree on (judge-genres.json) and what they say it is based on
(judge-origins.json).

A build goes through the corpus film by film, reading each film's reviews from reviews.jsonl
by row: first every sentence's polarity, aspect flags and each review's share (its rating's,
or the lean head's over its sentence vectors), with the film's content words for the word
frequency across films; then, with that frequency, each sentence's story score. The vectors
are the index's own (decoded from their codes), so an incremental build, which copies codes,
judges exactly as a full one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from reelqa.config.errors import IndexMismatchError
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.judge import aspects, lean, plot
from reelqa.index.judge.plot import FilmSentences, WordFrequency
from reelqa.index.judge.polarity import polarity
from reelqa.index.records import Review
from reelqa.index.text.genres import agreed_genre, broader, genre_name, genres_in
from reelqa.index.text.origins import Stated, film_origin, origin_in

SHARES = "judge-shares.npy"  # float16 per review row: its place on a 0..1 rating scale
POLARITY = "judge-polarity.npy"  # float16 per dense row: VADER's compound
STORY = "judge-story.npy"  # float16 per dense row: P(the sentence tells the story)
ASPECTS = "judge-aspects.npy"  # uint8 (n, 2) per dense row: aspects spoken of, denied
FILES = (SHARES, POLARITY, STORY, ASPECTS)
GENRES = "judge-genres.json"  # per film: the genre its reviews agree on, the rows naming it
ORIGINS = "judge-origins.json"  # per film: what its reviews say it is based on, the rows


@dataclass(frozen=True)
class FilmLine:
    """What a film's reviews agree it is: its genre ("war film") or what it is based on
    ("based on a novel", "remake"); and for each review saying so, the dense row of the
    first sentence that does (for an origin, those naming the work first)."""

    name: str
    rows: tuple[int, ...]


@dataclass(frozen=True)
class Judgements:
    """What the build judged, by review row and by dense row."""

    shares: np.ndarray
    polarity: np.ndarray
    story: np.ndarray
    flags: np.ndarray  # (n, 2): spoken, denied
    genres: Mapping[str, FilmLine] = field(default_factory=dict)  # by film title
    origins: Mapping[str, FilmLine] = field(default_factory=dict)  # by film title

    def __post_init__(self) -> None:
        rows = len(self.polarity)
        if len(self.story) != rows or self.flags.shape != (rows, 2):
            raise ValueError("the sentence judgements disagree in length")


@dataclass(frozen=True)
class Film:
    """One film's reviews (rows of reviews.jsonl) and the dense rows of each, in order."""

    title: str
    reviews: tuple[int, ...]
    rows: tuple[np.ndarray, ...]


def films_of(films: Sequence[str], review_rows: np.ndarray) -> list[Film]:
    """Group reviews by film. `films[r]` is review r's film; `review_rows[j]` the review of
    dense row j (-1 for none): a review's sentences are consecutive rows."""
    owned = np.flatnonzero(review_rows >= 0)
    bounds = np.searchsorted(review_rows[owned], np.arange(len(films) + 1), side="left")
    by_film: dict[str, list[int]] = {}
    for r, title in enumerate(films):
        by_film.setdefault(title, []).append(r)
    return [Film(title, tuple(rs), tuple(owned[bounds[r]:bounds[r + 1]] for r in rs))
            for title, rs in by_film.items()]


def build_judgements(stage: Path, films: Sequence[Film], text: Callable[[int], str],
                     spans: np.ndarray, ratings: Sequence[str | None],
                     vectors: Callable[[np.ndarray], np.ndarray], model: str, dimension: int,
                     credits: Mapping[str, FilmCredits]) -> list[Path]:
    """Judge every review and sentence and write the files into `stage`. `text(r)` is review
    r's text; `spans` the (start, end) of each dense row in its review; `vectors(rows)` the
    index's vectors of those rows."""
    return judge_texts(stage, films, text, spans, ratings, model, dimension,
                       credits).finish(vectors)


def judge_texts(stage: Path, films: Sequence[Film], text: Callable[[int], str],
                spans: np.ndarray, ratings: Sequence[str | None], model: str, dimension: int,
                credits: Mapping[str, FilmCredits]) -> TextJudgements:
    """The first half of `build_judgements`, which needs no vector: every sentence's polarity
    and aspect flags, and in how many films each content word occurs. A build runs it while
    its encoder is still at work; `finish` does the rest once the vectors are stored."""
    rows = len(spans)
    compounds = np.zeros(rows, dtype=np.float32)
    flags = np.zeros((rows, 2), dtype=np.uint8)
    used: Counter[str] = Counter()  # in how many films' reviews each content word occurs
    genres: dict[str, FilmLine] = {}
    origins: dict[str, FilmLine] = {}
    for film in films:
        drop = plot.name_words(plot.film_names(film.title, credits.get(film.title)))
        words: set[str] = set()
        named: dict[str, dict[tuple[str, ...], int]] = {}  # review -> genre -> first row
        stated: dict[str, list[tuple[Stated, int]]] = {}  # review -> its origins, rows
        for r, held in zip(film.reviews, film.rows, strict=True):
            texts = _texts(text(r), spans[held])
            compounds[held] = polarity(texts)
            for j, sentence in zip(held, texts, strict=True):
                flags[j] = aspects.flags(aspects.mentions(sentence, film.title))
                words |= plot.content_words(sentence, drop)
                masked = aspects.mask_title(sentence, film.title)
                for genre in genres_in(masked):
                    for key in broader(genre):
                        named.setdefault(str(r), {}).setdefault(key, int(j))
                origin = origin_in(masked)
                if origin is not None:
                    stated.setdefault(str(r), []).append((origin, int(j)))
        used.update(words)
        based = film_origin(stated, lambda j: int(spans[j][1] - spans[j][0]))
        if based is not None:
            origins[film.title] = FilmLine(*based)
        agreed = agreed_genre(named, len(film.reviews))
        if agreed is not None:
            key, reviews = agreed
            genres[film.title] = FilmLine(genre_name(key),
                                           tuple(named[r][key] for r in reviews))
    return TextJudgements(stage, films, text, spans, ratings, model, dimension, credits,
                          compounds, flags, used, genres, origins)


@dataclass(frozen=True)
class TextJudgements:
    """What `judge_texts` found, and what `finish` needs to judge the rest."""

    stage: Path
    films: Sequence[Film]
    text: Callable[[int], str]
    spans: np.ndarray
    ratings: Sequence[str | None]
    model: str
    dimension: int
    credits: Mapping[str, FilmCredits]
    compounds: np.ndarray
    flags: np.ndarray
    used: Counter[str]
    genres: Mapping[str, FilmLine]
    origins: Mapping[str, FilmLine]

    def finish(self, vectors: Callable[[np.ndarray], np.ndarray]) -> list[Path]:
        """Each review's share (its rating's, or the lean head's over its vectors) and each
        sentence's story score; write every judgement into the stage and list the files."""
        films, compounds, credits = self.films, self.compounds, self.credits
        lean_head, story_head = lean.load_head(), plot.load_head()
        fits_lean = lean_head.fits(self.model, self.dimension)
        fits_story = story_head.fits(self.model, self.dimension)
        shares = np.full(len(self.ratings), np.nan, dtype=np.float32)
        story = np.zeros(len(self.spans), dtype=np.float32)
        for film in films:
            for r, held in zip(film.reviews, film.rows, strict=True):
                shares[r] = _share(self.ratings[r], held, compounds, vectors, lean_head,
                                   fits_lean)
        frequency = WordFrequency(len(films), dict(self.used)).plus(story_head.background)
        for film in films:
            every = np.concatenate(film.rows) if film.rows else np.zeros(0, dtype=np.int64)
            if not len(every):
                continue
            texts = [t for r, held in zip(film.reviews, film.rows, strict=True)
                     for t in _texts(self.text(r), self.spans[held])]
            owners = [str(r) for r, held in zip(film.reviews, film.rows, strict=True)
                      for _ in held]
            sentences = FilmSentences(tuple(owners), tuple(texts),
                                      vectors(every) if fits_story else None, compounds[every])
            found = credits.get(film.title)
            story[every] = plot.story_scores(
                sentences, frequency, story_head, plot.film_names(film.title, found),
                [c.character for c in found.credits if c.character] if found else [])
        return _save(self.stage, Judgements(shares, compounds, story, self.flags, self.genres,
                                            self.origins))


class Shares:
    """Where each review sits on a 0..1 rating scale: its rating's, else what the build judged
    of its text (`judged`, by review row, NaN where nothing was); None when neither is known."""

    def __init__(self, judged: np.ndarray | None, rows: Mapping[str, int]) -> None:
        self._judged = judged
        self._rows = rows

    def of(self, review: Review) -> float | None:
        return self.at(self._rows.get(review.id), review.rating)

    def at(self, row: int | None, rating: str | None) -> float | None:
        """The share of the review at `row` of the review table with this rating."""
        rated = lean.rating_share(rating)
        if rated is not None or self._judged is None:
            return rated
        if row is None or row >= len(self._judged):
            return None
        share = float(self._judged[row])
        return None if np.isnan(share) else share

    def lean(self, review: Review) -> str | None:
        """The review's lean (positive, mixed, negative), when its share is known."""
        return self.lean_at(self._rows.get(review.id), review.rating)

    def lean_at(self, row: int | None, rating: str | None) -> str | None:
        """The lean of the review at `row` with this rating, when its share is known."""
        share = self.at(row, rating)
        return lean.lean_of(share) if share is not None else None


def load_shares(folder: Path) -> np.ndarray | None:
    """The judged shares of the index in `folder`, by review row (None before judgements)."""
    path = folder / SHARES
    return np.load(path, allow_pickle=False) if path.is_file() else None


def load_judgements(folder: Path, rows: int) -> Judgements | None:
    """The judgements of the index in `folder` (its `rows` sentences'; `reelqa index verify`
    checks the reviews'), or None for an index built before them."""
    if not all((folder / name).is_file() for name in FILES):
        return None
    try:
        shares, compounds, story, flags = (np.load(folder / name, allow_pickle=False)
                                           for name in FILES)
        found = Judgements(shares, compounds, story, flags, _load_lines(folder / GENRES, "genre"),
                           _load_lines(folder / ORIGINS, "origin"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexMismatchError(f"index at {folder} has unreadable judgements ({exc}); run "
                                 "`reelqa index build --rebuild`") from exc
    if len(found.polarity) != rows:
        raise IndexMismatchError(f"index at {folder} is inconsistent (its judgements do not "
                                 "match its reviews and sentences); run `reelqa index build`")
    return found


def _save(stage: Path, found: Judgements) -> list[Path]:
    arrays = {SHARES: found.shares.astype(np.float16),
              POLARITY: found.polarity.astype(np.float16),
              STORY: found.story.astype(np.float16), ASPECTS: found.flags}
    for name, array in arrays.items():
        np.save(stage / name, array, allow_pickle=False)
    for name, key, lines in ((GENRES, "genre", found.genres), (ORIGINS, "origin", found.origins)):
        films = {title: {key: g.name, "rows": list(g.rows)} for title, g in lines.items()}
        (stage / name).write_text(json.dumps({"films": films}, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    return [stage / name for name in (*FILES, GENRES, ORIGINS)]


def _load_lines(path: Path, key: str) -> dict[str, FilmLine]:
    """The films' genres or origins (`key`), none for an index built before they were
    judged."""
    if not path.is_file():
        return {}
    films = json.loads(path.read_text(encoding="utf-8"))["films"]
    return {title: FilmLine(str(g[key]), tuple(int(r) for r in g["rows"]))
            for title, g in films.items()}


def _texts(review: str, spans: np.ndarray) -> list[str]:
    return [review[int(a):int(b)] for a, b in spans]


def _share(rating: str | None, held: np.ndarray, compounds: np.ndarray,
           vectors: Callable[[np.ndarray], np.ndarray], head: lean.LeanHead,
           fits: bool) -> float:
    """The review's place on a 0..1 rating scale: its rating's, else the lean head's."""
    rated = lean.rating_share(rating)
    if rated is not None:
        return rated
    if not len(held):
        return float("nan")
    logit = head.logit(vectors(held)) if fits else head.vader_logit(compounds[held])
    return head.share(logit)
