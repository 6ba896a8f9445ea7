"""Credits in the index folder: built from the reviews, written as plain JSON lines, read back."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reelqa.config.errors import IndexMismatchError
from reelqa.index.credits.aggregate import FilmCredits, aggregate
from reelqa.index.credits.extract import extract
from reelqa.index.credits.learned import learn_patterns, learned_claims, usable
from reelqa.index.credits.models import Claim, Credit, Evidence, ReviewText
from reelqa.index.credits.names import learn
from reelqa.index.records import Review

CREDITS_FILE = "credits.jsonl"  # one film a line, its credits best supported first
CLAIMS_FILE = "claims.jsonl.gz"  # every review's own statement, for audits (gzip: zcat reads it)
OLD_CLAIMS_FILE = "claims.jsonl"  # indexes built before the claims were compressed
PATTERNS_FILE = "patterns.json"  # the contexts learned from the corpus (learned.py), for audits


class _Triples(Iterable[tuple[str, str, str]]):
    """(id, film, text) of each review, for `learn`; a new pass over `reviews` each time."""

    def __init__(self, reviews: Iterable[Review]) -> None:
        self._reviews = reviews

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        return ((r.id, r.film, r.text) for r in self._reviews)


class _Texts(Iterable[ReviewText]):
    """Each review as the credits read it; a new pass over `reviews` each time."""

    def __init__(self, reviews: Iterable[Review]) -> None:
        self._reviews = reviews

    def __iter__(self) -> Iterator[ReviewText]:
        return (ReviewText(r.id, r.film, r.year, r.text) for r in self._reviews)


@dataclass(frozen=True)
class CreditsBuilt:
    """What `build_credits` wrote: the files (for the manifest) and their record counts."""

    files: list[Path]
    counts: dict[str, int]


def build_credits(folder: Path, reviews: Iterable[Review],
                  texts: Mapping[str, str] | None = None) -> CreditsBuilt:
    """Learn the corpus's names, extract every review's claims, aggregate them per film and
    write both files into `folder` (an index being built), with the contexts learned from the
    corpus's agreed credits (learned.py).

    `reviews` is read five times, so it may be a list or a source that reads the reviews again
    on each pass without holding them; `texts` gives a review's text by id for the evidence
    (by default, a dict of them all)."""
    model = learn(_Triples(reviews))
    claims = [c for r in reviews for c in extract(model, ReviewText(r.id, r.film, r.year, r.text))]
    by_id = texts if texts is not None else {r.id: r.text for r in reviews}
    index = aggregate(model, claims, by_id)
    # what the agreed credits teach about this corpus's writing reads it once more
    patterns = learn_patterns(model, _Texts(reviews), index)
    extra = learned_claims(model, _Texts(reviews), index, usable(patterns), claims)
    if extra:
        claims += extra
        index = aggregate(model, claims, by_id)
    save(folder, index, claims)
    (folder / PATTERNS_FILE).write_text(
        json.dumps([p.to_dict() for p in patterns if p.agree >= 2], ensure_ascii=False, indent=1),
        encoding="utf-8")
    credits = sum(len(f.credits) for f in index.values())
    return CreditsBuilt(
        [folder / CREDITS_FILE, folder / CLAIMS_FILE, folder / PATTERNS_FILE],
        {"credits": credits, "claims": len(claims)},
    )


def save(folder: Path, index: Mapping[str, FilmCredits], claims: Iterable[Claim]) -> None:
    """Write credits.jsonl and claims.jsonl.gz (JSON lines, never pickle). The claims are read
    only for audits, so they are compressed (82 of an index's 2,082 bytes a passage, 15 so),
    with no time stamp inside: the same claims give the same file."""
    with (folder / CREDITS_FILE).open("w", encoding="utf-8") as out:
        for fc in index.values():
            out.write(json.dumps(film_json(fc), ensure_ascii=False) + "\n")
    with (folder / CLAIMS_FILE).open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed, \
            io.TextIOWrapper(packed, encoding="utf-8") as out:
        for c in claims:
            row = {
                "review_id": c.review_id,
                "film": c.film,
                "role": c.role,
                "person": [c.person.start, c.person.end, c.person.text],
                "character": (
                    [c.character.start, c.character.end, c.character.text] if c.character else None
                ),
                "sentence": list(c.sentence),
                "cue": c.cue,
                "strength": c.strength,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_claims(folder: Path) -> Iterator[dict[str, Any]]:
    """The claims an index's build recorded (claims.jsonl.gz, or claims.jsonl before it), one
    dict a claim: review_id, film, role, person and character spans, sentence, cue, strength."""
    path = folder / CLAIMS_FILE
    with (gzip.open(path, "rt", encoding="utf-8") if path.is_file()
          else (folder / OLD_CLAIMS_FILE).open(encoding="utf-8")) as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def film_json(fc: FilmCredits, full: bool = True, everything: bool = True) -> dict[str, Any]:
    """{"film", "credits": [{role, person, character, reviews, confidence, evidence}],
    "left_out"}; `full` adds the keys the lookup matches on and the citation of the full
    name; without `everything` only the listed credits, and "left_out" counts the others."""
    rows = []
    for c in fc.credits if everything else fc.listed():
        row: dict[str, Any] = {
            "role": c.role,
            "person": c.person,
            "character": c.character,
            "reviews": c.reviews,
            "confidence": c.confidence,
            "evidence": [_evidence(e, full) for e in c.evidence],
        }
        if full:
            row |= {
                "cues": list(c.cues),
                "score": c.score,
                "person_key": c.person_key,
                "character_key": c.character_key,
                "name_source": _evidence(c.name_source, full) if c.name_source else None,
            }
        rows.append(row)
    out: dict[str, Any] = {"film": fc.film, "credits": rows}
    if not everything:
        out["left_out"] = len(fc.left_out())
    return out


def _evidence(e: Evidence, full: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"review_id": e.review_id, "start": e.start, "end": e.end, "text": e.text}
    if full:
        row |= {"name_start": e.name_start, "name_end": e.name_end}
    return row


def load_credits(folder: Path) -> Mapping[str, FilmCredits]:
    """The credits of the index in `folder`, by film; empty for an index built without them.

    Each film's line is parsed when the film is asked for (`CreditFile`): at a million
    passages the whole file took tens of seconds to parse. The manifest's checksums are
    verified when the index is loaded (`store.folder`)."""
    path = folder / CREDITS_FILE
    if not path.is_file():
        return {}
    try:
        return CreditFile(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _unreadable(folder) from exc


def _unreadable(folder: Path) -> IndexMismatchError:
    return IndexMismatchError(
        f"index at {folder} has an unreadable {CREDITS_FILE}; run `reelqa index build`")


class CreditFile(Mapping[str, FilmCredits]):
    """credits.jsonl read on demand: loading finds where each film's line starts (reading
    only the title at its head), a film's credits are parsed when first asked for and kept.
    Reads use `os.pread`, so threads may share it."""

    HEAD = 4096  # bytes of a line read for its title: {"film": "<title>", "credits": ...

    def __init__(self, path: Path) -> None:
        self._folder = path.parent
        self._lines: dict[str, tuple[int, int]] = {}  # film -> (offset, length) of its line
        self._kept: dict[str, FilmCredits] = {}
        head = json.JSONDecoder()
        offset = 0
        with path.open("rb") as handle:
            for line in handle:  # one film a line: a few thousand lines, however long
                if line.strip():
                    text = line[: self.HEAD].decode("utf-8", "ignore")
                    try:
                        film, _ = head.raw_decode(text, len('{"film": '))
                    except ValueError:
                        film = None
                    if not (text.startswith('{"film": ') and isinstance(film, str)):
                        film = json.loads(line)["film"]  # an unusual line: parse it whole
                    self._lines[film] = (offset, len(line))
                offset += len(line)
        self._fd = os.open(path, os.O_RDONLY)

    def __getitem__(self, film: str) -> FilmCredits:
        found = self._kept.get(film)
        if found is None:
            offset, length = self._lines[film]
            try:
                row = json.loads(os.pread(self._fd, length, offset))
                found = FilmCredits(row["film"], _credits(row))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise _unreadable(self._folder) from exc
            self._kept[film] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __contains__(self, film: object) -> bool:
        return film in self._lines

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


def _credits(row: dict[str, Any]) -> tuple[Credit, ...]:
    return tuple(
        Credit(
            film=row["film"],
            role=c["role"],
            person=c["person"],
            person_key=c["person_key"],
            character=c["character"],
            character_key=c["character_key"],
            reviews=c["reviews"],
            score=c["score"],
            evidence=tuple(Evidence(**e) for e in c["evidence"]),
            name_source=Evidence(**c["name_source"]) if c["name_source"] else None,
            confidence=c.get("confidence"),
            cues=tuple(c.get("cues", ())),
        )
        for c in row["credits"]
    )
