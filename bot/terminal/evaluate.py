"""Question-set evaluation: retrieval hit@k, short-answer EM/F1, abstention, latency."""

from __future__ import annotations

import json
import math
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reelqa.config.errors import ReelqaError
from reelqa.index.ingest.normalise import clean_review
from reelqa.index.records import Answer, Hit
from reelqa.index.text.tokens import normalise


class Asker(Protocol):
    """Anything that answers a question like `Engine.ask`."""

    threshold: float

    def ask(self, question: str, film: str | None = None, top_k: int | None = None) -> Answer: ...


@dataclass(frozen=True)
class EvalItem:
    """One line of a question file: expected short answer and evidence text, either may be null."""

    question: str
    film: str | None = None
    answer: str | None = None
    evidence: str | None = None
    unanswerable: bool = False
    type: str | None = None  # the question's kind, when the file says ("plays", "directed")


@dataclass(frozen=True)
class ItemResult:
    """What the engine did with one question."""

    item: EvalItem
    answer: Answer
    evidence_rank: int | None  # rank of the first passage holding the evidence
    exact: bool
    f1: float
    best_score: float = 0.0  # the best guess's confidence, before the not-found threshold
    error: str | None = None  # the engine refused the question (an unknown film, say)

    @property
    def abstained(self) -> bool:
        return self.answer.short is None


@dataclass(frozen=True)
class EvalReport:
    """Aggregate metrics over a question set; a metric with nothing to measure is None."""

    k: int
    threshold: float  # the not-found threshold the answers were given with
    results: tuple[ItemResult, ...]
    hit_at_1: float | None
    hit_at_k: float | None
    exact_match: float | None
    f1: float | None
    abstention_precision: float | None
    abstention_recall: float | None
    latency_p50_ms: float
    latency_p95_ms: float
    wrong_rate: float | None = None  # answered wrong / questions with an expected answer
    evidence_in_support: float | None = None  # of answers given: evidence in a passage cited
    by_type: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The `reelqa eval --json` document: metrics, then one record per question."""
        metrics = {
            "questions": len(self.results),
            "k": self.k,
            "hit_at_1": self.hit_at_1,
            f"hit_at_{self.k}": self.hit_at_k,
            "exact_match": self.exact_match,
            "f1": self.f1,
            "abstention_precision": self.abstention_precision,
            "abstention_recall": self.abstention_recall,
            "wrong_answer_rate": self.wrong_rate,
            "evidence_in_support": self.evidence_in_support,
            "latency_p50_ms": round(self.latency_p50_ms, 3),
            "latency_p95_ms": round(self.latency_p95_ms, 3),
            "threshold": self.threshold,
            "lowest_answerable_score": _round(calibration(self.results)[0]),
            "highest_unanswerable_score": _round(calibration(self.results)[1]),
            "by_type": self.by_type,
        }
        items = [
            {
                "question": r.item.question,
                "type": r.item.type,
                "expected": r.item.answer,
                "unanswerable": r.item.unanswerable,
                "answer": r.answer.short.text if r.answer.short else None,
                "confidence": round(r.answer.short.confidence, 4) if r.answer.short else None,
                "evidence_rank": r.evidence_rank,
                "exact": r.exact,
                "f1": round(r.f1, 4),
                "best_score": round(r.best_score, 4),
                "took_ms": round(r.answer.took_ms, 3),
                "error": r.error,
                "credit": r.answer.credit.to_dict() if r.answer.credit else None,
            }
            for r in self.results
        ]
        return {"metrics": metrics, "items": items}


def load_questions(path: Path) -> list[EvalItem]:
    """Read a JSONL question file (`question`, optional `film`, `answer`, `evidence`,
    `unanswerable`); a bad line raises ReelqaError naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReelqaError(f"cannot read {path}: {exc.strerror}") from exc
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReelqaError(f"{path}:{number}: malformed JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not str(row.get("question") or "").strip():
            raise ReelqaError(f'{path}:{number}: each line needs {{"question": "..."}}')
        items.append(
            EvalItem(
                question=str(row["question"]),
                film=row.get("film"),
                answer=row.get("answer"),
                evidence=row.get("evidence"),
                unanswerable=bool(row.get("unanswerable", False)),
                type=str(row["type"]) if row.get("type") is not None else None,
            )
        )
    if not items:
        raise ReelqaError(f"{path} holds no questions")
    return items


def evaluate(engine: Asker, items: Sequence[EvalItem], k: int = 5) -> EvalReport:
    """Ask every question with `top_k=k` and score the answers."""
    results = []
    for item in items:
        error = None
        try:
            answer = engine.ask(item.question, film=item.film, top_k=k)
        except ReelqaError as exc:  # one bad line must not sink the run
            answer, error = Answer(item.question, item.film, ()), str(exc)
        got = answer.short.text if answer.short else None
        results.append(
            ItemResult(
                item=item,
                answer=answer,
                evidence_rank=evidence_rank(item.evidence, answer.hits),
                exact=got is not None and item.answer is not None and exact_match(got, item.answer),
                f1=token_f1(got, item.answer) if got is not None and item.answer else 0.0,
                best_score=answer.best_guess,
                error=error,
            )
        )
    return summarise(results, k, engine.threshold)


def calibration(results: Sequence[ItemResult]) -> tuple[float | None, float | None]:
    """(lowest best score of an answerable question, highest of an unanswerable one): a
    threshold between the two separates them."""
    answerable = [r.best_score for r in results if not r.item.unanswerable]
    unanswerable = [r.best_score for r in results if r.item.unanswerable]
    return (min(answerable) if answerable else None, max(unanswerable) if unanswerable else None)


def summarise(results: Sequence[ItemResult], k: int, threshold: float) -> EvalReport:
    """Aggregate per-question results into the report's metrics."""
    with_evidence = [r for r in results if r.item.evidence and not r.item.unanswerable]
    with_answer = [r for r in results if r.item.answer and not r.item.unanswerable]
    abstained = [r for r in results if r.abstained]
    unanswerable = [r for r in results if r.item.unanswerable]
    correct_abstentions = sum(1 for r in abstained if r.item.unanswerable)
    latencies = sorted(r.answer.took_ms for r in results)
    types = sorted({r.item.type for r in results if r.item.type is not None})
    return EvalReport(
        k=k,
        threshold=threshold,
        results=tuple(results),
        hit_at_1=_mean([r.evidence_rank == 1 for r in with_evidence]),
        hit_at_k=_mean([r.evidence_rank is not None for r in with_evidence]),
        exact_match=_mean([r.exact for r in with_answer]),
        f1=_mean([r.f1 for r in with_answer]),
        abstention_precision=correct_abstentions / len(abstained) if abstained else None,
        abstention_recall=correct_abstentions / len(unanswerable) if unanswerable else None,
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        wrong_rate=_mean([wrong(r) for r in with_answer]),
        evidence_in_support=_mean([supported(r) for r in with_evidence if not r.abstained]),
        by_type={t: type_figures([r for r in results if r.item.type == t]) for t in types},
    )


def wrong(r: ItemResult) -> bool:
    """An answer was given and it is not the expected one (a wrong name, for "who")."""
    return r.answer.short is not None and r.item.answer is not None and not r.exact


def supported(r: ItemResult) -> bool:
    """The evidence is in a passage the answer rests on: the short answer's, or one quoting
    its credit (several reviews may say the same; any of them is the evidence)."""
    ranks = set(r.answer.credit.passages) if r.answer.credit else set()
    if r.answer.short is not None:
        ranks.add(r.answer.short.passage)
    hits = [h for h in r.answer.hits if h.rank in ranks]
    return evidence_rank(r.item.evidence, hits) is not None


def type_figures(results: Sequence[ItemResult]) -> dict[str, Any]:
    """The figures of one kind of question: how many, exact match, wrong answers, rank-1
    evidence, and how many of its unanswerable ones were said not found."""
    with_answer = [r for r in results if r.item.answer and not r.item.unanswerable]
    with_evidence = [r for r in results if r.item.evidence and not r.item.unanswerable]
    unanswerable = [r for r in results if r.item.unanswerable]
    return {
        "questions": len(results),
        "exact_match": _mean([r.exact for r in with_answer]),
        "wrong_answer_rate": _mean([wrong(r) for r in with_answer]),
        "hit_at_1": _mean([r.evidence_rank == 1 for r in with_evidence]),
        "abstention_recall": _mean([r.abstained for r in unanswerable]),
    }


def evidence_rank(evidence: str | None, hits: Sequence[Hit]) -> int | None:
    """The 1-based position, among `hits` as shown, of the first passage containing
    `evidence`; the evidence is read as the corpus loader reads a review (as plain text, or
    as Markdown with a leading list marker dropped), then compared ignoring quotes, case and
    spacing."""
    if not evidence:
        return None
    return next((n for n, h in enumerate(hits, start=1) if holds(h.passage.text, evidence)),
                None)


def holds(text: str, evidence: str) -> bool:
    """`text` holds `evidence` as the corpus loader reads either (see `evidence_rank`)."""
    found = normalise(text)
    return any(normalise(clean_review(evidence, markdown=md)) in found for md in (False, True))


def _squad(text: str) -> list[str]:
    """SQuAD answer normalisation: folded quotes and case, no punctuation or articles."""
    text = normalise(text)
    text = "".join(c for c in text if c not in string.punctuation or c in "-'")
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return text.split()


def exact_match(prediction: str, gold: str) -> bool:
    """Equal after SQuAD normalisation."""
    return _squad(prediction) == _squad(gold)


def token_f1(prediction: str, gold: str) -> float:
    """Harmonic mean of token precision and recall after SQuAD normalisation."""
    pred, ref = _squad(prediction), _squad(gold)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not pred or not ref or not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values; 0 for none."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return float(sorted_values[rank - 1])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _mean(values: Sequence[bool | float]) -> float | None:
    return sum(float(v) for v in values) / len(values) if values else None
