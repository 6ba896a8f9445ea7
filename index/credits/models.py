"""Frozen records at the package's boundaries: reviews in, claims, credits and answers out."""

from __future__ import annotations

from dataclasses import dataclass

from reelqa.index.credits.names import Mention


@dataclass(frozen=True)
class ReviewText:
    """The input: one review's clean text (offsets index into it) and its film."""

    id: str
    film: str
    year: int | None
    text: str


@dataclass(frozen=True)
class Claim:
    """One review's statement that `person` holds `role` (for `character`, if named).

    Offsets index into the review text: the person's name, the character's, the sentence.
    `reversible` marks "A (B)", which usually reads Character (Actor) but is written both
    ways; the film's other claims decide (aggregate.py).
    """

    review_id: str
    film: str
    role: str
    person: Mention
    character: Mention | None
    sentence: tuple[int, int]
    cue: str
    strength: float
    reversible: bool = False


@dataclass(frozen=True)
class Evidence:
    """A quoted sentence: review id, offsets of the sentence in the review, its text."""

    review_id: str
    start: int
    end: int
    text: str
    name_start: int  # the person's name as written in this sentence
    name_end: int

    def excerpt(self, width: int) -> str:
        """The sentence on one line, cut to about `width` characters around the name."""
        text = self.text.replace("\n", " ")
        if len(text) <= width:
            return text
        at = self.name_start - self.start
        start = max(0, min(at - width // 3, len(text) - width))
        end = start + width
        after = self.name_end - self.start
        if start:  # cut between words, never inside the name
            start = text.find(" ", start, at) + 1 or start
        if end < len(text) and (space := text.rfind(" ", after, end)) > 0:
            end = space
        piece = text[start:end].strip()
        return ("\u2026 " if start else "") + piece + (" \u2026" if end < len(text) else "")


@dataclass(frozen=True)
class Credit:
    """One (person, role, character) of a film with the reviews that state it."""

    film: str
    role: str
    person: str  # the fullest spelling the film's reviews use
    person_key: str  # folded, for matching
    character: str | None
    character_key: str | None
    reviews: int  # distinct reviews that state it
    score: float  # summed strength over those reviews (one vote per review)
    evidence: tuple[Evidence, ...]
    # the review and offsets where `person` is spelled in full (may be another review)
    name_source: Evidence | None = None
    # how far a reader may trust it, 0 to 1 (credits/listing.py); None: an index built
    # before credits had one
    confidence: float | None = None
    cues: tuple[str, ...] = ()  # the sentence forms of the claims behind it (extract.py)
