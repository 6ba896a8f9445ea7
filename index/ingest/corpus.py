"""Load reviews from a corpus folder, each file read by its format (formats.py)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from reelqa.config.errors import CorpusError
from reelqa.index.ingest.formats import format_of, named
from reelqa.index.ingest.normalise import clean_field, clean_review
from reelqa.index.ingest.ratings import parse_rating
from reelqa.index.ingest.reading import Problem, corpus_files, has_front_matter, read_records
from reelqa.index.records import Review


@dataclass
class Corpus:
    """The reviews read from the corpus, with the records skipped and the files ignored."""

    reviews: list[Review] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


class ReviewRecord(BaseModel):
    """One review as found in a corpus file: untrusted input, validated here."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str | None = None
    film: str = Field(min_length=1)
    text: str = Field(min_length=1)
    year: int | None = Field(None, ge=1870, le=2200)
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    rating: str | None = None  # a number and its scale, "7/10" or "4.5/5"

    @field_validator("id", "title", "author", "source", "url", "date", "year", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, (date, datetime)):
            return value.isoformat()[:10]
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("id", "film", "title", "author", "source", "url", mode="before")
    @classmethod
    def _scalar_to_str(cls, value: Any) -> Any:
        # YAML reads `id: 42` or `film: 1917` as numbers; they are names here.
        return (
            str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
        )


    @field_validator("rating", mode="before")
    @classmethod
    def _rating(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        parsed = parse_rating(str(value)) if isinstance(value, str) else None
        if parsed is None:
            raise ValueError("must be a number and its scale, like 7/10 or 4.5/5")
        return f"{parsed[0]:g}/{parsed[1]:g}"


def load_corpus(roots: Iterable[Path]) -> Corpus:
    """Read every review under `roots` (files or folders, walked recursively, in sorted order).

    Bad records are collected in `Corpus.problems` with file and line; nothing raises for them.
    Raises CorpusError when a root does not exist.
    """
    corpus = Corpus()
    corpus.reviews.extend(iter_corpus(roots, corpus))
    return corpus


def iter_corpus(roots: Iterable[Path], corpus: Corpus) -> Iterator[Review]:
    """The reviews under `roots` one at a time, in the order `load_corpus` lists them; skipped
    records and ignored files go to `corpus.problems` and `corpus.ignored` as they are met, and
    `corpus.reviews` is left alone, so a build never holds the whole corpus."""
    seen: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            raise CorpusError(f"corpus path {root} does not exist")
        for path in corpus_files(root, corpus.ignored, _display):
            rel = _display(path)
            kind = format_of(path)
            if kind is None:
                corpus.ignored.append(f"{rel} (not {named()})")
                continue
            if path.name.lower() in {"readme.md", "readme.txt"} and not has_front_matter(path):
                corpus.ignored.append(f"{rel} (documentation)")
                continue
            for where, record in read_records(path, rel, kind.read):
                if isinstance(record, Problem):
                    corpus.problems.append(record)
                    continue
                review = _to_review(record, path, rel, where, kind.many, kind.markdown)
                if isinstance(review, Problem):
                    corpus.problems.append(review)
                elif review.id in seen:
                    corpus.problems.append(
                        Problem(where, f"duplicate id {review.id!r} (first at {seen[review.id]})")
                    )
                else:
                    seen[review.id] = where
                    yield review


class Fingerprint:
    """A hash of every review's content and metadata, independent of file order, taken one
    review at a time: the sorted per-review hashes, hashed (32 bytes a review are kept)."""

    def __init__(self) -> None:
        self._digests: list[bytes] = []

    def add(self, review: Review) -> None:
        fields = [
            review.id,
            review.film,
            str(review.year),
            review.title,
            review.author,
            review.source,
            review.url,
            review.date,
            review.text,
            *([review.rating] if review.rating else []),  # unrated corpora keep their hash
        ]
        self._digests.append(hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode())
                             .digest())

    def hexdigest(self) -> str:
        return hashlib.sha256(b"".join(sorted(self._digests))).hexdigest()


def fingerprint(reviews: Iterable[Review]) -> str:
    """A hash of every review's content and metadata, independent of file order."""
    found = Fingerprint()
    for review in reviews:
        found.add(review)
    return found.hexdigest()


def _display(path: Path) -> str:
    # abspath, not resolve: a symlink is named as it sits in the corpus, and a loop cannot raise
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except ValueError:
        return str(path)


def _to_review(raw: dict[str, Any], path: Path, rel: str, where: str,
               many: bool, markdown: bool = False) -> Review | Problem:
    """Validate one raw record and turn it into a Review with clean text and a stable id
    (from its content in a file of `many` reviews, else from the file's path)."""
    try:
        record = ReviewRecord.model_validate(raw)
    except ValidationError as exc:
        return Problem(where, _describe(exc))
    text = clean_review(record.text, markdown=markdown)  # Markdown only in Markdown files
    if not text:
        return Problem(where, "text is empty once markup is removed")
    film = clean_field(record.film)
    if not film:
        return Problem(where, "required field 'film' holds only invisible characters")
    if record.id:
        review_id = record.id
    elif many:
        review_id = f"{path.stem}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    else:
        review_id = Path(rel).with_suffix("").as_posix().replace("/", "--")
    return Review(
        id=review_id,
        film=film,
        text=text,
        year=record.year,
        title=_field(record.title),
        author=_field(record.author),
        source=_field(record.source),
        url=record.url,
        date=record.date,
        rating=record.rating,
        origin=where,
    )


def _field(value: str | None) -> str | None:
    return clean_field(value) if value is not None else None


def _describe(exc: ValidationError) -> str:
    error = exc.errors()[0]
    name = ".".join(str(part) for part in error["loc"]) or "record"
    if error["type"] == "missing":
        return f"missing required field {name!r}"
    if name in ("film", "text") and error["type"] == "string_too_short":
        return f"required field {name!r} is empty"
    return f"field {name!r}: {error['msg'].removeprefix('Value error, ')}"
