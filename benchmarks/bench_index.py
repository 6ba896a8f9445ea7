"""Benchmark: index build throughput and warm `ask` latency, against a plain baseline.

Builds a reelqa index over a generated corpus (about --passages passages), then the plain
baseline over the same passages (SentenceTransformer.encode + faiss.IndexFlatIP, no BM25,
no sentences), and times --queries questions on each in one warm process. Prints JSON.
The model is loaded once, before any timing, and shared by both.

Usage: python benchmarks/bench_index.py [--passages 10000] [--queries 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faiss
import numpy as np
import synth
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import SentenceTransformerEmbedder
from reelqa.index.store.folder import load_index

PASSAGES_PER_FILM = 6  # synth writes 3 reviews of about 2 passages each per film


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return {"p50_ms": round(statistics.median(ordered), 3), "p95_ms": round(p95, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reelqa-bench-"))
    questions_file = synth.write(work / "corpus", max(1, args.passages // PASSAGES_PER_FILM))
    questions = [json.loads(line)["question"] for line in questions_file.open()]
    random.Random(1).shuffle(questions)
    questions = questions[: args.queries]

    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL, batch_size=64)
    embedder.encode(["warm up the model"])

    started = time.perf_counter()
    report = build_index(
        IndexSettings(
            corpus_dirs=(work / "corpus" / "reviews.jsonl",),
            index_dir=work / "index",
            embedding_model=BUNDLED_MODEL,
            batch_size=64,
        ),
        embedder=embedder,
    )
    reelqa_build = time.perf_counter() - started
    engine = Engine(embedder, load_index(work / "index", BUNDLED_MODEL), RetrievalSettings(), 5)
    texts = [p.text for p in engine.index.passages]

    started = time.perf_counter()
    vectors = embedder._model.encode(
        texts,
        batch_size=64,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    baseline_build = time.perf_counter() - started

    def reelqa_ask(question: str) -> None:
        engine.ask(question)

    def baseline_ask(question: str) -> None:
        query = embedder._model.encode([question], normalize_embeddings=True)
        flat.search(np.ascontiguousarray(query, dtype=np.float32), 5)

    # Alternate the two per question so load from elsewhere on the machine hits both alike.
    reelqa_ms: list[float] = []
    baseline_ms: list[float] = []
    reelqa_ask(questions[0])
    baseline_ask(questions[0])
    for question in questions:
        for run, samples in ((reelqa_ask, reelqa_ms), (baseline_ask, baseline_ms)):
            t = time.perf_counter()
            run(question)
            samples.append((time.perf_counter() - t) * 1000)
    reelqa_pps = len(texts) / reelqa_build
    baseline_pps = len(texts) / baseline_build
    r, b = percentiles(reelqa_ms), percentiles(baseline_ms)
    print(
        json.dumps(
            {
                "passages": len(texts),
                "reviews": report.reviews,
                "films": report.films,
                "sentences_embedded": engine.index.dense.size,
                "queries": len(questions),
                "reelqa": {"build_passages_per_s": round(reelqa_pps, 1), "ask": r},
                "baseline": {"build_passages_per_s": round(baseline_pps, 1), "ask": b},
                "ratios_reelqa_over_baseline": {
                    "build_throughput": round(reelqa_pps / baseline_pps, 3),
                    "ask_p50": round(r["p50_ms"] / b["p50_ms"], 3),
                    "ask_p95": round(r["p95_ms"] / b["p95_ms"], 3),
                },
                "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "index_dir": str(work / "index"),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
