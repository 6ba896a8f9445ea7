"""The shipped question set with the real model and the real shipped index (issue 4's bar)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.bot.cli import main
from reelqa.bot.terminal.evaluate import ItemResult, evaluate, load_questions
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.text.tokens import normalise

from tests.conftest import EVAL_FILE

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def report(starlight_engine):
    return evaluate(starlight_engine, load_questions(EVAL_FILE), k=5)


def test_every_answerable_question_has_rank_1_evidence_and_the_expected_answer(report):
    for r in report.results:
        if r.item.unanswerable:
            continue
        got = r.answer.short.text if r.answer.short else None
        assert got is not None, f"{r.item.question!r}: said not found"
        if r.item.evidence:
            assert r.evidence_rank == 1, f"{r.item.question!r}: evidence at {r.evidence_rank}"
        if r.item.answer:
            assert r.exact, f"{r.item.question!r}: {got!r} != {r.item.answer!r}"
            short = r.answer.short
            cited = r.answer.hits[short.passage - 1].passage.review.text
            assert cited[short.start : short.end] == got  # offsets into the clean review text
            assert got in short.sentence


def test_every_unanswerable_question_is_not_found(report):
    unanswerable = [r for r in report.results if r.item.unanswerable]
    assert len(unanswerable) == 3
    for r in unanswerable:
        assert r.answer.short is None, f"{r.item.question!r}: answered {r.answer.short.text!r}"
    assert (report.abstention_precision, report.abstention_recall) == (1.0, 1.0)


def test_reelqa_eval_json(starlight_index_dir, capsys, monkeypatch):
    monkeypatch.setenv("REELQA_EMBEDDING_BACKEND", "torch")  # the fixture's index: torch
    assert main(["eval", str(EVAL_FILE), "--index", str(starlight_index_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    metrics = data["metrics"]
    assert metrics["questions"] == 18 and len(data["items"]) == 18
    assert (metrics["hit_at_1"], metrics["hit_at_5"]) == (1.0, 1.0)
    assert (metrics["exact_match"], metrics["f1"]) == (1.0, 1.0)
    assert metrics["latency_p95_ms"] >= metrics["latency_p50_ms"] > 0


def test_reelqa_ask_leads_with_the_answer_or_says_not_found(starlight_index_dir, capsys,
                                                           monkeypatch):
    monkeypatch.setenv("REELQA_EMBEDDING_BACKEND", "torch")  # the fixture's index: torch
    assert main(["ask", "who voices Jay?", "--index", str(starlight_index_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:4] == ["Hong Kyung [1]", "  1 review says so [1]"]
    assert any("**" in line for line in lines[5:7])
    assert main(["ask", "who composed the score?", "--index", str(starlight_index_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "The reviews do not say. Closest matches:"
    assert lines[4].startswith("[1] ")
    assert main(["ask", "who voices Jay?", "--json", "--index", str(starlight_index_dir)]) == 0
    answer = json.loads(capsys.readouterr().out)["answer"]
    assert set(answer) == {"text", "passage", "start", "end", "sentence", "confidence"}
    assert (answer["text"], answer["passage"]) == ("Hong Kyung", 1)


PARAPHRASES = Path(__file__).parent / "data" / "eval" / "starlight-paraphrases.jsonl"


def test_paraphrases_and_more_unanswerable_questions(starlight_engine):
    """Questions written for the tests, not the shipped set: other wordings of the answerable
    ones and ten more the reviews do not answer (release date, producer, villain, ...)."""
    report = evaluate(starlight_engine, load_questions(PARAPHRASES), k=5)
    assert [wrong for r in report.results if (wrong := _wrong(r))] == []
    assert (report.abstention_precision, report.abstention_recall) == (1.0, 1.0)


def _wrong(r: ItemResult) -> tuple[str, str | None] | None:
    """(question, answer) when the answer is not the expected one, else None.

    Unanswerable: no answer. An expected answer: exactly it. A sentence answer (no expected
    span): the answering sentence holds the expected evidence.
    """
    short = r.answer.short
    if r.item.unanswerable:
        ok = short is None
    elif r.item.answer is not None:
        ok = r.exact
    else:
        assert r.item.evidence, f"{r.item.question!r}: a sentence answer needs its evidence"
        ok = short is not None and normalise(r.item.evidence) in normalise(short.sentence)
    return None if ok else (r.item.question, short.text if short else None)


DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("corpus", "questions"),
    [
        # Heat, Alien and Arrival: credits in several phrasings, initials, places, jobs, runtimes
        (DATA / "films", DATA / "eval" / "films-questions.jsonl"),
        # a review pair written to check wordings not seen while building: "Director X's Title",
        # "Newcomer X stars as Y", month-year dates, compound jobs, a festival as the place
        (DATA / "salt_road", DATA / "eval" / "salt-road-questions.jsonl"),
        # a second such pair: "by newcomer X", "Y (a superb X)", "X, who also wrote", "an
        # auditor, Frans", money that was spent and money that was made, Q-and-A in a review
        (DATA / "glass_orchard", DATA / "eval" / "glass-orchard-questions.jsonl"),
        # a lower-case user review beside a critic's: "score from X", "1h 52m", "Echo, who is
        # played by X", "Kang's partner, the wisecracking Min (X)", "set in a flooded busan"
        (DATA / "neon_harbor", DATA / "eval" / "neon-harbor-questions.jsonl"),
        # distractor credits: an earlier film, a TV role, a character named in an aside
        (DATA / "winter_ledger", DATA / "eval" / "winter-ledger-questions.jsonl"),
        # a documentary: "a documentary by X", crew credits, "thirty-one years", "never narrates"
        (DATA / "quiet_year", DATA / "eval" / "quiet-year-questions.jsonl"),
        # other writing (issue 19): a critic's ways of naming the director, scraped text,
        # customer reviews, "(as Y)" casts, aliases, ranks, reversed orders, a sequel
        (DATA / "cross_writing", DATA / "eval" / "cross-writing-questions.jsonl"),
    ],
    ids=["films", "salt-road", "glass-orchard", "neon-harbor", "winter-ledger", "quiet-year",
         "cross-writing"],
)
def test_question_sets_on_test_corpora(real_embedder, tmp_path, corpus, questions):
    """Every answerable question gets its expected answer, every other one "not found"."""
    folder = tmp_path / "index"
    settings = IndexSettings(
        corpus_dirs=(corpus,), index_dir=folder, embedding_model=BUNDLED_MODEL, batch_size=32
    )
    build_index(settings, embedder=real_embedder)
    engine = Engine(real_embedder, load_index(folder, BUNDLED_MODEL), RetrievalSettings(), top_k=5)
    report = evaluate(engine, load_questions(questions), k=5)
    misses = [wrong[0] for r in report.results if (wrong := _wrong(r))]
    assert misses == KNOWN_MISSES.get(corpus.name, [])


# Wrong answers the tests know of, so that any change to them shows: the award question of
# Salt Road answers with the sentence about Dev trying to "win" his herd back, not the one
# where the film "won the Silver Lion" (a sentence question with no span type to look for).
KNOWN_MISSES = {"salt_road": ["What award did it win?"]}
