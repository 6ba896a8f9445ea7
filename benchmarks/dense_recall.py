"""Recall@10 and time of the dense index's open search against an exhaustive scan, for a grid of
lists visited (and, for ivfpq-sq4, candidates re-ranked per result).

Questions are encoded with the index's encoder; the exhaustive scan compares each with every
stored vector as coded (one pass for all questions). Each search runs on one thread, as a
question does; k = 200, the depth the retriever asks for. Prints one JSON document. Usage:
  python benchmarks/dense_recall.py INDEX QUESTIONS.json [--shares 0.02,0.05,0.1]
                                    [--rerank 2,4,8] [--queries 100]
QUESTIONS.json: a list of {"question": ...} (benchmarks/scale.py writes one).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path

from reelqa.config.settings import BUNDLED_MODEL
from reelqa.index.store.dense import DenseStore
from reelqa.index.store.embedding import load_embedder
from reelqa.index.store.versions import resolve

DEPTH = 200  # what Retriever._dense asks for: 4 x 50 candidates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--shares", default="0.02,0.05,0.1,0.2")
    parser.add_argument("--rerank", default="4")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--backend", default="onnx-int8")
    args = parser.parse_args()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    store = DenseStore.load(resolve(args.index))
    embedder = load_embedder(BUNDLED_MODEL, 64, args.backend, None, 1)
    texts = [q["question"] for q in json.loads(args.questions.read_text())][: args.queries]
    queries = embedder.encode(texts)
    started = time.perf_counter()
    exact = store.exhaustive(queries, 10)
    scan_s = time.perf_counter() - started
    results = []
    for share in [float(s) for s in args.shares.split(",")]:
        for rerank in [int(r) for r in args.rerank.split(",")]:
            store.nprobe = max(1, round(store.lists * share))
            store.rerank = rerank
            rows = scores = 0
            took = []
            for _ in range(2):  # the second round is timed: warm caches
                took = []
                for q in queries:
                    t = time.perf_counter()
                    found = store.search(q, DEPTH)
                    took.append((time.perf_counter() - t) * 1000)
            for q, best in zip(queries, exact, strict=True):
                top = store.search(q, 10)
                rows += len({i for i, _ in top} & {i for i, _ in best})
                scores += min(10, sum(s >= best[-1][1] - 1e-6 for _, s in top))
            results.append({"lists_share": share, "nprobe": store.nprobe, "rerank": rerank,
                            "recall_at_10_rows": round(rows / (10 * len(queries)), 4),
                            "recall_at_10_scores": round(scores / (10 * len(queries)), 4),
                            "search_ms_p50": round(statistics.median(took), 2),
                            "search_ms_max": round(max(took), 2)})
            print(json.dumps(results[-1]), flush=True)
            del found
    print(json.dumps({"index": str(args.index), "kind": store.kind, "vectors": store.size,
                      "lists": store.lists, "questions": len(queries),
                      "exhaustive_scan_s": round(scan_s, 1), "load_before": load,
                      "load_after": subprocess.run(["uptime"], capture_output=True,
                                                   text=True).stdout.strip(),
                      "grid": results}, indent=2))


if __name__ == "__main__":
    main()
