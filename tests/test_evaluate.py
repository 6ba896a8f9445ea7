"""Evaluation metrics on hand-made answers: hit@k, EM/F1, abstention, latency, question files."""

from __future__ import annotations

import json

import pytest
from reelqa.bot.terminal.evaluate import (
    EvalItem,
    ItemResult,
    calibration,
    evaluate,
    evidence_rank,
    exact_match,
    load_questions,
    percentile,
    summarise,
    token_f1,
)
from reelqa.bot.terminal.report import render_report
from reelqa.config.errors import ReelqaError
from reelqa.index.records import Answer, Hit, Passage, Review, ShortAnswer


def _hit(text: str, rank: int) -> Hit:
    review = Review(id=f"r{rank}", film="Paper Moons", text=text)
    return Hit(Passage(f"r{rank}#0", review, 0, 0, len(text)), 1.0 / rank, rank)


class ScriptedEngine:
    """A fake engine: fixed passages and short answers per question, fixed latencies."""

    threshold = 0.5

    def __init__(self, script: dict[str, tuple[list[str], str | None, float]]) -> None:
        self.script = script
        self.calls: list[tuple[str, str | None, int | None]] = []

    def ask(self, question: str, film: str | None = None, top_k: int | None = None) -> Answer:
        self.calls.append((question, film, top_k))
        texts, short, took = self.script[question]
        hits = tuple(_hit(t, i) for i, t in enumerate(texts, start=1))
        answer = ShortAnswer(short, 1, 0, len(short), short, 0.9) if short else None
        return Answer(question, film, hits, answer, took, best_guess=0.9 if short else 0.2)


def test_token_f1_and_exact_match():
    assert token_f1("Hong Kyung", "Hong Kyung") == 1.0
    assert token_f1("actor Hong Kyung", "Hong Kyung") == 0.8
    assert token_f1("Kim Tae-ri", "Hong Kyung") == 0.0
    assert token_f1("", "Hong Kyung") == 0.0
    assert exact_match("the astronaut.", "astronaut")
    assert exact_match(
        "to fix her late mother\u2019s record player", "to fix her late mother's record player"
    )
    assert not exact_match("former guitarist", "guitarist")


def test_evidence_rank_ignores_markup_quotes_and_case():
    hits = [
        _hit("Nothing here.", 1),
        _hit("Written and directed by Han Ji-won, it\u2019s calm.", 2),
    ]
    assert evidence_rank("directed by **Han Ji-won**", hits) == 2
    assert evidence_rank("it's calm", hits) == 2
    assert evidence_rank("composer", hits) is None
    assert evidence_rank(None, hits) is None


def test_evidence_rank_reads_the_evidence_as_the_corpus_loader_reads_a_review():
    # a question file quotes the raw corpus line; the index holds the clean text, where a
    # leading list marker is gone
    hits = [_hit("Adelle (Debbie Reynolds) gets threatening calls.", 1)]
    assert evidence_rank("- Adelle (Debbie Reynolds) gets threatening calls.", hits) == 1
    assert evidence_rank("- Helen (Shelley Winters) gets threatening calls.", hits) is None


def test_evidence_rank_is_the_position_among_the_hits_shown():
    # an answerer that re-orders hits without renumbering them is scored by what is shown
    hits = [_hit("Nothing here.", 1), _hit("Directed by Han Ji-won.", 1), _hit("Han again.", 2)]
    assert evidence_rank("directed by han ji-won", hits) == 2
    assert evidence_rank("han again", hits[::-1]) == 1


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 50) == 10.0
    assert percentile(values, 95) == 19.0
    assert percentile([], 95) == 0.0


def test_evaluate_scores_every_metric():
    engine = ScriptedEngine(
        {
            "who voices Jay?": (["Jay, voiced by Hong Kyung."], "Hong Kyung", 10.0),
            "where is it set?": (["Mostly at sea.", "It is set in Seoul."], "Busan", 20.0),
            "who scored it?": (["No word on music."], None, 30.0),
            "what runtime?": (["It is long."], "long", 40.0),
        }
    )
    items = [
        EvalItem("who voices Jay?", answer="Hong Kyung", evidence="Hong Kyung"),
        EvalItem("where is it set?", film="Paper Moons", answer="Seoul", evidence="set in Seoul"),
        EvalItem("who scored it?", unanswerable=True),
        EvalItem("what runtime?", unanswerable=True),
    ]
    report = evaluate(engine, items, k=3)
    assert engine.calls[1] == ("where is it set?", "Paper Moons", 3)
    assert (report.hit_at_1, report.hit_at_k) == (0.5, 1.0)
    assert (report.exact_match, report.f1) == (0.5, 0.5)
    assert (report.abstention_precision, report.abstention_recall) == (1.0, 0.5)
    assert (report.latency_p50_ms, report.latency_p95_ms) == (20.0, 40.0)
    data = report.to_dict()
    assert data["metrics"]["hit_at_3"] == 1.0
    assert data["items"][1]["evidence_rank"] == 2
    # The margins come from the answerer's own best guesses, with the engine's threshold.
    assert [item["best_score"] for item in data["items"]] == [0.9, 0.9, 0.2, 0.9]
    assert data["metrics"]["threshold"] == 0.5
    assert (data["metrics"]["lowest_answerable_score"],
            data["metrics"]["highest_unanswerable_score"]) == (0.9, 0.9)
    text = render_report(report)
    assert "hit@1            0.500  (2 with evidence)" in text
    assert "abstention       precision 1.000  recall 0.500  (2 unanswerable, 1 not found)" in text
    assert (
        "  where is it set?  -> answered 'Busan', expected 'Seoul' (F1 0.00); evidence at rank 2"
        in text
    )
    assert "  what runtime?  -> answered 'long' but the reviews do not say" in text


def test_metrics_without_anything_to_measure_are_none():
    engine = ScriptedEngine({"how is it?": (["Lovely."], "Lovely.", 5.0)})
    report = evaluate(engine, [EvalItem("how is it?", evidence="Lovely")])
    assert report.exact_match is None and report.abstention_precision is None
    assert report.abstention_recall is None and report.hit_at_1 == 1.0
    assert "exact match      n/a" in render_report(report)


def test_load_questions(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {"question": "who voices Jay?", "answer": "Hong Kyung", "evidence": "Hong Kyung"},
        {"question": "runtime?", "answer": None, "evidence": None, "unanswerable": True},
        {"question": "who directed it?", "film": "Paper Moons"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    assert load_questions(path) == [
        EvalItem("who voices Jay?", None, "Hong Kyung", "Hong Kyung", False),
        EvalItem("runtime?", None, None, None, True),
        EvalItem("who directed it?", "Paper Moons", None, None, False),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"question": "ok"}\n{oops\n', "q.jsonl:2: malformed JSON"),
        ('{"answer": "x"}\n', 'q.jsonl:1: each line needs {"question": "..."}'),
        ("\n", "holds no questions"),
    ],
)
def test_load_questions_rejects_bad_files(tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReelqaError, match=message.replace("{", r"\{").replace("}", r"\}")):
        load_questions(path)
    with pytest.raises(ReelqaError, match="cannot read"):
        load_questions(tmp_path / "missing.jsonl")


def test_calibration_margin():
    answer = Answer("q", None, (), None, 1.0)
    results = [
        ItemResult(EvalItem("a"), answer, None, False, 0.0, best_score=0.61),
        ItemResult(EvalItem("b"), answer, None, False, 0.0, best_score=0.93),
        ItemResult(EvalItem("c", unanswerable=True), answer, None, False, 0.0, best_score=0.24),
        ItemResult(EvalItem("d", unanswerable=True), answer, None, False, 0.0, best_score=0.09),
    ]
    assert calibration(results) == (0.61, 0.24)
    assert calibration(results[:2]) == (0.61, None)
    assert "not-found margin lowest answerable 0.610  highest unanswerable 0.240  (threshold 0.35)" in (
        render_report(summarise(results, 5, threshold=0.35))
    )


def test_a_refused_question_is_reported_and_the_run_goes_on():
    class Refusing(ScriptedEngine):
        def ask(self, question, film=None, top_k=None):
            if film == "Nope":
                raise ReelqaError("no film called 'Nope' in the index")
            return super().ask(question, film, top_k)

    engine = Refusing({"who voices Jay?": (["Jay, voiced by Hong Kyung."], "Hong Kyung", 10.0)})
    items = [
        EvalItem("who voices Jay?", film="Nope", answer="Hong Kyung"),
        EvalItem("who voices Jay?", answer="Hong Kyung"),
    ]
    report = evaluate(engine, items)
    assert [r.error for r in report.results] == ["no film called 'Nope' in the index", None]
    assert report.exact_match == 0.5
    assert "  who voices Jay?  -> error: no film called 'Nope' in the index; said not found" in (
        render_report(report)
    )
