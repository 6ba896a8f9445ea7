"""Build credits from hand-written reviews in one call (for the credits unit tests)."""

from __future__ import annotations

from reelqa.index.credits.aggregate import FilmCredits, aggregate
from reelqa.index.credits.extract import extract
from reelqa.index.credits.models import Claim, ReviewText
from reelqa.index.credits.names import NameModel, learn


def reviews(film: str, *texts: str) -> list[ReviewText]:
    return [ReviewText(f"{film[:3].lower()}-{i}", film, None, t) for i, t in enumerate(texts)]


def claims_of(rs: list[ReviewText]) -> tuple[NameModel, list[Claim]]:
    model = learn([(r.id, r.film, r.text) for r in rs])
    return model, [c for r in rs for c in extract(model, r)]


def index_of(*rs: list[ReviewText]) -> dict[str, FilmCredits]:
    flat = [r for group in rs for r in group]
    model, claims = claims_of(flat)
    return aggregate(model, claims, {r.id: r.text for r in flat})


def pairs(claims: list[Claim]) -> set[tuple[str, str, str | None]]:
    return {(c.role, c.person.text, c.character.text if c.character else None) for c in claims}
