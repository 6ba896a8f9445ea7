"""Build credits from hand-written reviews in one call (for the credits unit tests)."""

from __future__ import annotations

import json
from pathlib import Path

from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.credits.aggregate import FilmCredits, aggregate
from reelqa.index.credits.extract import extract
from reelqa.index.credits.models import Claim, ReviewText
from reelqa.index.credits.names import NameModel, learn
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder


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


def engine_over(root: Path, rows: list[tuple[str, str, str]], top_k: int = 3) -> Engine:
    """An engine (hashing stand-in embedder) over reviews given as (id, film, text) rows."""
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "film": f, "text": t}) + "\n"
                              for i, f, t in rows), encoding="utf-8")
    build_index(IndexSettings(corpus_dirs=(corpus,), index_dir=root / "index",
                              embedding_model=HASHING_MODEL, batch_size=8))
    return Engine(HashingEmbedder(), load_index(root / "index", HASHING_MODEL),
                  RetrievalSettings(), top_k=top_k)
