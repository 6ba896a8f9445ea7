"""The credits benchmark on the full IMDb dev set: build cost, `reelqa eval` figures, and the
not-found threshold's trade-off (answered vs wrong).

    .venv/bin/python benchmarks/credits_eval.py --corpus ../shared/eval/imdb/corpus.jsonl \
        --questions ../shared/eval/imdb/questions.jsonl --index /tmp/imdb [--reuse] \
        [--sweep] [--baseline] [--misses] [--orders]

Builds the index with the bundled model (timed), then, in the same process, times the credits
step alone on the same reviews (median of 3): the ratio is what credits add to a build without
them. Prints one JSON document; docs/answers.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reelqa.bot.terminal.evaluate import (
    EvalItem,
    ItemResult,
    evaluate,
    holds,
    load_questions,
    percentile,
)
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings
from reelqa.index.answer.credits import CreditsKind, telling
from reelqa.index.answer.kinds import kinds_for
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.answer.lookup import answer as credit_answer
from reelqa.index.credits.store import build_credits, load_credits
from reelqa.index.engine import Engine
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.records import Passage
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import load_embedder
from reelqa.index.store.folder import load_index

THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--reuse", action="store_true", help="use the index already at --index")
    ap.add_argument("--sweep", action="store_true", help="also sweep the credits threshold")
    ap.add_argument("--misses", action="store_true",
                    help="also list the questions whose evidence is not the first passage "
                    "shown, each with its kind of miss")
    ap.add_argument("--orders", action="store_true",
                    help="also compare quote orders: how often each puts the evidence's own "
                    "quote first, over questions whose credit two or more reviews quote")
    ap.add_argument("--baseline", action="store_true",
                    help="also answer with the span extractor alone (the answer stage before "
                    "credits), on the same index in the same run")
    args = ap.parse_args()
    embedder = load_embedder(BUNDLED_MODEL, 64)
    out: dict = {}
    if not args.reuse:
        started = time.perf_counter()
        build_index(IndexSettings(corpus_dirs=(args.corpus,), index_dir=args.index,
                                  embedding_model=BUNDLED_MODEL, batch_size=64),
                    embedder=embedder)
        out["build_seconds"] = round(time.perf_counter() - started, 2)
        reviews = load_corpus([args.corpus]).reviews
        runs = []
        for _ in range(3):
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                build_credits(Path(tmp), reviews)
                runs.append(time.perf_counter() - t)
        credits = statistics.median(runs)
        out["credits_seconds_median_of_3"] = round(credits, 2)
        out["credits_share_of_build_without_them"] = round(
            credits / (out["build_seconds"] - credits), 4)
    index = load_index(args.index, BUNDLED_MODEL)
    engine = Engine(embedder, index, RetrievalSettings(), top_k=5)
    if args.reuse:
        # an index built by an earlier version: this version's credits, built afresh (the
        # vectors and passages do not depend on them)
        fresh = Path(tempfile.mkdtemp(prefix="credits-"))
        t = time.perf_counter()
        build_credits(fresh, load_corpus([args.corpus]).reviews)
        out["credits_seconds_fresh"] = round(time.perf_counter() - t, 2)
        engine.credit_index = load_credits(fresh)
        engine.kinds = kinds_for(Knowledge(index.passages, engine.credit_index))
    items = load_questions(args.questions)
    report = evaluate(engine, items, k=5)
    metrics = report.to_dict()["metrics"]
    out["eval"] = metrics
    out["credit_lookup_ms"] = _lookup_ms(engine, items)
    if args.misses:
        out["misses"] = misses(report.results, index.passages)
    if args.orders:
        out["quote_orders"] = quote_orders(engine, items)
    if args.baseline:
        before = Engine(embedder, index, RetrievalSettings(), top_k=5,
                        kinds=[k for k in engine.kinds if k.name != "credits"])
        out["eval_span_extractor_alone"] = evaluate(before, items, k=5).to_dict()["metrics"]
    if args.sweep:
        out["sweep"] = _sweep(engine, index, items)
    print(json.dumps(out, indent=1))


def _lookup_ms(engine: Engine, items: list) -> dict[str, float]:
    """The credits lookup alone (question -> credit), warm, three passes over the questions."""
    credits = engine.credit_index
    times = []
    for _ in range(3):
        for item in items:
            query = engine.understand(item.question, item.film)
            film = query.film if item.film else None
            t = time.perf_counter()
            credit_answer(query, credits, film=film, threshold=0.0)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50": round(percentile(times, 50), 3), "p95": round(percentile(times, 95), 3),
            "max": round(times[-1], 3)}


def _sweep(engine: Engine, index, items: list) -> list[dict]:
    """The trade-off at each credits threshold, replayed from one run that gives every
    credits guess: a credits question is answered at threshold t when its credit's own
    confidence reaches t; any other question as the span extractor answered it."""
    knowledge = Knowledge(index.passages, engine.credit_index)
    kinds = [CreditsKind(knowledge, credit_threshold=1e-9) if k.name == "credits" else k
             for k in engine.kinds]
    everything = Engine(engine.retriever.embedder, index, RetrievalSettings(), top_k=5,
                        kinds=kinds)
    rows = [(r, r.answer.credit.confidence if r.answer.credit is not None else None)
            for r in evaluate(everything, items, k=5).results]
    expected = [(r, c) for r, c in rows if r.item.answer and not r.item.unanswerable]
    unanswerable = [(r, c) for r, c in rows if r.item.unanswerable]

    def given(r, c, t: float) -> bool:
        return r.answer.short is not None and (c is None or c >= t)

    out = []
    for t in THRESHOLDS:
        answered = [(r, c) for r, c in expected if given(r, c, t)]
        wrong = sum(1 for r, _ in answered if not r.exact)
        by_type: dict[str, list[bool]] = {}
        for r, c in expected:
            by_type.setdefault(r.item.type or "", []).append(given(r, c, t) and r.exact)
        out.append({
            "threshold": t, "answered": len(answered), "of": len(expected), "wrong": wrong,
            "wrong_answer_rate": round(wrong / len(expected), 4),
            "exact_match": {k: round(sum(v) / len(v), 4) for k, v in by_type.items()},
            "abstention_recall": round(
                sum(not given(r, c, t) for r, c in unanswerable) / len(unanswerable), 4),
        })
    return out


def misses(results: Sequence[ItemResult], passages: Sequence[Passage]) -> dict[str, Any]:
    """Every answerable question whose evidence is not the first passage shown, with why:

    - `no passage holds it`: the sentence crosses a passage boundary, no hit can contain it;
    - `abstained` / `wrong answer`: the answer itself failed;
    - `span answer`: answered by the span extractor, so retrieval's order stands;
    - `other review first`: a credits answer whose first passage quotes another review
      stating the same credit (the evidence's own review is a quote too, or is not);
    - `quote not cited`: the evidence's review states the credit but is not shown first
      and no other quote is either.
    Counts per kind, then each miss with the first passage's sentence beside the evidence.
    """
    rows, kinds = [], Counter()
    for r in results:
        if not r.item.evidence or r.item.unanswerable or r.evidence_rank == 1:
            continue
        holders = [p for p in passages if holds(p.text, r.item.evidence)]
        credit = r.answer.credit
        first = r.answer.hits[0].passage if r.answer.hits else None
        evidence_reviews = {p.review.id for p in holders}
        if not holders:
            kind = "no passage holds it"
        elif r.answer.short is None:
            kind = "abstained"
        elif not r.exact:
            kind = "wrong answer"
        elif credit is None or credit.person is None:
            kind = "span answer"
        elif 1 in credit.passages:
            quoted = any(r.answer.hits[n - 1].passage.review.id in evidence_reviews
                         for n in credit.passages)
            kind = "other review first" + (", evidence quoted lower" if quoted else
                                           ", evidence not among the quotes shown")
        else:
            kind = "quote not cited"
        kinds[kind] += 1
        rows.append({
            "question": r.item.question, "type": r.item.type, "kind": kind,
            "evidence_rank": r.evidence_rank, "answer": r.answer.short.text if r.answer.short
            else None, "expected": r.item.answer, "reviews": credit.reviews if credit else None,
            "evidence": r.item.evidence[:160],
            "first": first.text[:160] if first else None,
            "evidence_review_retrieved": any(h.passage.review.id in evidence_reviews
                                             for h in r.answer.hits),
        })
    return {"kinds": dict(kinds.most_common()), "questions": rows}


def quote_orders(engine: Engine, items: Sequence[EvalItem]) -> dict[str, Any]:
    """For each answerable question whose credit is quoted by two or more reviews, one of
    them the evidence: how often each way of ordering the quotes puts the evidence first."""
    answerer = next(k for k in engine.kinds if isinstance(k, CreditsKind))
    embedder = engine.retriever.embedder
    wins: Counter[str] = Counter()
    asked = 0
    for item in items:
        if item.unanswerable or not item.evidence:
            continue
        query = engine.understand(item.question, item.film)
        found = credit_answer(query, engine.credit_index, film=query.film, threshold=0.0)
        if found is None or len(found.evidence) < 2:
            continue
        held = [p is not None and holds(p.text, item.evidence)
                for p in (answerer._passage(e, {}) for e in found.evidence)]
        if not any(held):
            continue
        asked += 1
        hits = engine.search(query, top_k=50)
        rank = {h.passage.id: h.rank for h in hits}
        vectors = embedder.encode([item.question, *(e.text for e in found.evidence)])
        cosine = vectors[1:] @ vectors[0]
        n = len(found.evidence)
        orders = {
            "support (as the credit lists them)": list(range(n)),
            "retrieval rank of the quote's passage (top 50)": sorted(range(n), key=lambda i: (
                rank.get(getattr(answerer._passage(found.evidence[i], {}), "id", ""), 99), i)),
            "dense cosine of question and quote": sorted(range(n), key=lambda i: -cosine[i]),
            "telling (names what is asked, spells the name, concise)": sorted(
                range(n), key=lambda i: (*telling(query, found.evidence[i], found.person), i)),
        }
        for name, order in orders.items():
            wins[name] += held[order[0]]
        wins["a random quote (expected)"] += sum(held) / n
    return {"questions": asked, **{k: round(v, 1) for k, v in wins.items()}}


if __name__ == "__main__":
    main()
