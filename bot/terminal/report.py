"""Plain-text rendering of a `reelqa eval` report: pure functions, no I/O."""

from __future__ import annotations

from reelqa.bot.terminal.evaluate import EvalReport, ItemResult, calibration, wrong

_TYPE_FIGURES = (("exact_match", "EM"), ("wrong_answer_rate", "wrong"), ("hit_at_1", "hit@1"),
                 ("abstention_recall", "abstained"))


def render_report(report: EvalReport) -> str:
    """The metrics, one per line, then each question that missed and why."""
    results = report.results
    evidence = sum(1 for r in results if r.item.evidence and not r.item.unanswerable)
    expected = sum(1 for r in results if r.item.answer and not r.item.unanswerable)
    unanswerable = sum(1 for r in results if r.item.unanswerable)
    abstained = sum(1 for r in results if r.abstained)
    low, high = calibration(results)
    lines = [
        f"questions        {len(results)}",
        f"hit@1            {_num(report.hit_at_1)}  ({evidence} with evidence)",
        f"hit@{report.k:<13}{_num(report.hit_at_k)}",
        f"exact match      {_num(report.exact_match)}  ({expected} with an expected answer)",
        f"token F1         {_num(report.f1)}",
        f"abstention       precision {_num(report.abstention_precision)}  "
        f"recall {_num(report.abstention_recall)}  "
        f"({unanswerable} unanswerable, {abstained} not found)",
        f"cited evidence   {_num(report.evidence_in_support)}  (of answers given: the evidence "
        "is in a passage the answer rests on)",
        f"wrong answers    {_num(report.wrong_rate)}  "
        f"({sum(1 for r in results if wrong(r))} of {expected} with an expected answer)",
        f"latency          p50 {report.latency_p50_ms:.1f} ms  p95 {report.latency_p95_ms:.1f} ms",
        f"not-found margin lowest answerable {_num(low)}  highest unanswerable {_num(high)}  "
        f"(threshold {report.threshold:.2f})",
    ]
    for kind, figures in report.by_type.items():
        shown = "  ".join(f"{name} {_num(figures[key])}" for key, name in _TYPE_FIGURES
                          if figures[key] is not None)
        lines.append(f"type {kind:<11} {shown}  ({figures['questions']} questions)")
    misses = [line for r in results if (line := _miss(r))]
    if misses:
        lines += ["", "misses:", *misses]
    return "\n".join(lines)


def _miss(r: ItemResult) -> str | None:
    """One line for a question that went wrong, or None."""
    got = r.answer.short.text if r.answer.short else None
    problems = [f"error: {r.error}"] if r.error else []
    if r.item.unanswerable and got is not None:
        problems.append(f"answered {got!r} but the reviews do not say")
    if not r.item.unanswerable and got is None:
        problems.append("said not found")
    if r.item.answer and got is not None and not r.exact:
        problems.append(f"answered {got!r}, expected {r.item.answer!r} (F1 {r.f1:.2f})")
    if r.item.evidence and not r.item.unanswerable and r.evidence_rank != 1:
        where = f"rank {r.evidence_rank}" if r.evidence_rank else "no passage"
        problems.append(f"evidence at {where}")
    return f"  {r.item.question}  -> " + "; ".join(problems) if problems else None


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
