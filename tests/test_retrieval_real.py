"""Retrieval with the real bundled model on the shipped corpus and a real index on disk."""

from __future__ import annotations

import json

import pytest
from reelqa.bot.terminal.evaluate import evidence_rank
from reelqa.config.errors import ReelqaError
from reelqa.index.ingest.corpus import load_corpus

from tests.conftest import EVAL_FILE, ROOT

pytestmark = [
    pytest.mark.integration,
]


def _answerable() -> list[dict]:
    """The shipped set's answerable questions with evidence."""
    rows = (json.loads(line) for line in EVAL_FILE.read_text().splitlines() if line.strip())
    return [q for q in rows if q.get("evidence") and not q.get("unanswerable")]


ANSWERABLE = _answerable()


@pytest.mark.parametrize("item", ANSWERABLE, ids=[q["question"] for q in ANSWERABLE])
def test_evidence_is_in_the_first_passage(starlight_engine, item) -> None:
    hits = starlight_engine.search(item["question"], item.get("film"))
    assert evidence_rank(item["evidence"], hits) == 1, [h.passage.id for h in hits]


def test_who_voices_jay_names_hong_kyung_first_with_its_citation(starlight_engine) -> None:
    answer = starlight_engine.ask("who voices Jay?")
    top = answer.hits[0].passage
    assert "voiced with quiet heartbreak by Hong Kyung" in top.text
    assert top.review.citation() == (
        "Lost in Starlight (2025) \u2014 \u201cA Tender, Celestial Symphony of Love and "
        "Distance\u201d \u2014 2025-05-22"
    )
    # the stored offsets cite the review as the corpus file reads now, not only as stored
    [fresh] = [r for r in load_corpus([ROOT / "corpus"]).reviews if r.id == top.review.id]
    assert fresh.text[top.start : top.end] == top.text


def test_ranks_are_ordered_and_capped_per_review(starlight_engine) -> None:
    hits = starlight_engine.search("who voices Jay?", top_k=8)
    assert 1 <= len(hits) <= 8
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    per_review = [h.passage.review.id for h in hits]
    assert max(per_review.count(r) for r in per_review) <= 2  # the default per-review cap


def test_film_filter_and_unknown_film(starlight_engine) -> None:
    hits = starlight_engine.search("who voices Jay?", film="lost in starlight (2025)")
    assert hits and {h.passage.review.film for h in hits} == {"Lost in Starlight"}
    with pytest.raises(ReelqaError, match="no film called 'Heat'"):
        starlight_engine.search("who voices Jay?", film="Heat")
