"""Load reviews from a corpus folder: Markdown/text with front matter, JSONL and CSV."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from reelqa.config.errors import CorpusError
from reelqa.index.ingest.markup import clean_markdown
from reelqa.index.opinions import parse_rating
from reelqa.index.records import Review

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
ROW_SUFFIXES = {".jsonl", ".csv"}
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*\n?", re.S | re.M)


@dataclass(frozen=True)
class Problem:
    """A record that could not be loaded, with where it is and why."""

    where: str  # "path:line"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


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
    seen: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            raise CorpusError(f"corpus path {root} does not exist")
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            rel = _display(path)
            if any(part.startswith(".") for part in path.relative_to(root).parts if part):
                continue
            if path.suffix.lower() not in TEXT_SUFFIXES | ROW_SUFFIXES:
                corpus.ignored.append(f"{rel} (not .md, .txt, .jsonl or .csv)")
                continue
            if path.name.lower() in {"readme.md", "readme.txt"} and not _has_front_matter(path):
                corpus.ignored.append(f"{rel} (documentation)")
                continue
            for where, record in _records(path, rel):
                if isinstance(record, Problem):
                    corpus.problems.append(record)
                    continue
                review = _to_review(record, path, rel, where)
                if isinstance(review, Problem):
                    corpus.problems.append(review)
                elif review.id in seen:
                    corpus.problems.append(
                        Problem(where, f"duplicate id {review.id!r} (first at {seen[review.id]})")
                    )
                else:
                    seen[review.id] = where
                    corpus.reviews.append(review)
    return corpus


def fingerprint(reviews: Iterable[Review]) -> str:
    """A hash of every review's content and metadata, independent of file order."""
    digest = hashlib.sha256()
    for review in sorted(reviews, key=lambda r: r.id):
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
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
    return digest.hexdigest()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _has_front_matter(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(8).lstrip(b"\xef\xbb\xbf").startswith(b"---")


def _read(path: Path, rel: str) -> str | Problem:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(f"{rel}:1", f"not UTF-8 text (byte {exc.start})")
    except OSError as exc:
        return Problem(f"{rel}:1", f"cannot read ({exc.strerror})")


def _records(path: Path, rel: str) -> Iterator[tuple[str, dict[str, Any] | Problem]]:
    """Yield (where, raw record or Problem) for each review in one file."""
    content = _read(path, rel)
    if isinstance(content, Problem):
        yield content.where, content
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_records(content, rel)
    elif suffix == ".csv":
        yield from _csv_records(content, rel)
    else:
        yield f"{rel}:1", _text_record(content, rel)


def _text_record(content: str, rel: str) -> dict[str, Any] | Problem:
    match = FRONT_MATTER.match(content)
    if not match:
        return {"text": content}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---, +1 one-based
        reason = getattr(exc, "problem", None) or "cannot be parsed"
        return Problem(f"{rel}:{line}", f"front matter is not valid YAML: {reason}")
    if not isinstance(meta, dict):
        return Problem(f"{rel}:2", "front matter must be a mapping of keys to values")
    return {**meta, "text": content[match.end() :]}


def _jsonl_records(content: str, rel: str) -> Iterator[tuple[str, dict[str, Any] | Problem]]:
    # JSON Lines end at "\n" only: splitlines() would also split at U+0085 or U+2028 inside a
    # review's text (NEL is common mojibake for an ellipsis) and drop that review
    for number, line in enumerate(content.split("\n"), start=1):
        where = f"{rel}:{number}"
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, Problem(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield where, Problem(where, "each line must be a JSON object")
            continue
        yield where, value


def _csv_records(content: str, rel: str) -> Iterator[tuple[str, dict[str, Any] | Problem]]:
    reader = csv.DictReader(content.splitlines(keepends=True))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in ("film", "text") if name not in header]
    if missing:
        where = f"{rel}:1"
        yield where, Problem(where, f"CSV header lacks column(s): {', '.join(missing)}")
        return
    reader.fieldnames = header
    start = 2
    try:
        for row in reader:
            where = f"{rel}:{start}"
            start = reader.line_num + 1
            if None in row:
                yield where, Problem(where, f"row has more fields than the header's {len(header)}")
                continue
            yield where, {k: v for k, v in row.items() if v is not None}
    except csv.Error as exc:
        where = f"{rel}:{reader.line_num}"
        yield where, Problem(where, f"malformed CSV ({exc})")


def _to_review(raw: dict[str, Any], path: Path, rel: str, where: str) -> Review | Problem:
    """Validate one raw record and turn it into a Review with clean text and a stable id."""
    try:
        record = ReviewRecord.model_validate(raw)
    except ValidationError as exc:
        return Problem(where, _describe(exc))
    text = clean_markdown(record.text)
    if not text:
        return Problem(where, "text is empty once markup is removed")
    if record.id:
        review_id = record.id
    elif path.suffix.lower() in ROW_SUFFIXES:
        review_id = f"{path.stem}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    else:
        review_id = Path(rel).with_suffix("").as_posix().replace("/", "--")
    return Review(
        id=review_id,
        film=record.film,
        text=text,
        year=record.year,
        title=record.title,
        author=record.author,
        source=record.source,
        url=record.url,
        date=record.date,
        rating=record.rating,
        origin=where,
    )


def _describe(exc: ValidationError) -> str:
    error = exc.errors()[0]
    name = ".".join(str(part) for part in error["loc"]) or "record"
    if error["type"] == "missing":
        return f"missing required field {name!r}"
    if name in ("film", "text") and error["type"] == "string_too_short":
        return f"required field {name!r} is empty"
    return f"field {name!r}: {error['msg'].removeprefix('Value error, ')}"
