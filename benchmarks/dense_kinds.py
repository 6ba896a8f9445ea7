"""The dense kinds over one index's vectors, in one run: the exhaustive scan of 4-bit codes (sq4)
against the fast scan of product codes re-ranked by 4-bit codes (pq-sq4), each built from the
index's codes as a build makes it.

For each kind and each depth (10, and 200: what the retriever asks of the dense store), the
median and p95 time of one question's search on one thread, and recall against the exact top
rows of the 4-bit codes (by rows; by scores, where ties may swap rows). Rounds alternate between
the kinds so both see the same load. Prints one JSON document. Usage:
  python benchmarks/dense_kinds.py INDEX QUESTIONS.jsonl [--queries 150] [--rounds 3]
QUESTIONS.jsonl: one {"question": ...} a line (e.g. ../shared/eval/imdb/questions.jsonl).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from reelqa.config.settings import BUNDLED_MODEL
from reelqa.index.store.dense import DenseBuilder, DenseStore
from reelqa.index.store.embedding import load_embedder
from reelqa.index.store.versions import resolve

DEPTHS = (10, 200)  # 200: Retriever._dense asks for 4 x 50 candidates


def built(codes: np.ndarray, dimension: int, kind: str, work: Path) -> tuple[DenseStore, float]:
    """A store of `kind` over `codes`, made and saved as a build does; its build seconds."""
    started = time.perf_counter()
    (work / ".work").mkdir(parents=True)
    builder = DenseBuilder(work / ".work" / "codes.u8", dimension)
    builder.put_codes(np.arange(len(codes)), codes)
    builder.finish(kind).save(work)
    took = time.perf_counter() - started
    loaded = DenseStore.load(work)
    assert loaded.kind == kind, (loaded.kind, kind)
    return loaded, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", default="onnx-int8")
    args = parser.parse_args()
    load_before = os.getloadavg()
    source = DenseStore.load(resolve(args.index))
    codes = source.codes(np.arange(source.size))
    texts = [json.loads(line)["question"] for line in
             args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = load_embedder(BUNDLED_MODEL, 64, args.backend, None, 1).encode(
        texts[: args.queries])
    with tempfile.TemporaryDirectory() as tmp:
        stores = {kind: built(codes, source.dimension, kind, Path(tmp) / kind)
                  for kind in ("sq4", "pq-sq4")}
        exact = stores["sq4"][0].exhaustive(queries, max(DEPTHS))
        took: dict[tuple[str, int], list[float]] = {(k, d): [] for k in stores for d in DEPTHS}
        for round_ in range(args.rounds + 1):  # the first round warms caches, untimed
            for kind, (store, _) in stores.items():
                for depth in DEPTHS:
                    for q in queries:
                        started = time.perf_counter()
                        store.search_rows(q, depth)
                        if round_:
                            took[kind, depth].append((time.perf_counter() - started) * 1000)
        results = []
        for kind, (store, seconds) in stores.items():
            for depth in DEPTHS:
                rows = scores = 0
                for q, best in zip(queries, exact, strict=True):
                    found, values = store.search_rows(q, depth)
                    rows += len(set(found.tolist()) & {r for r, _ in best[:depth]})
                    scores += int((values >= best[depth - 1][1] - 1e-6).sum())
                times = sorted(took[kind, depth])
                results.append({
                    "kind": kind, "depth": depth, "build_s": round(seconds, 2),
                    "file_bytes": sum(p.stat().st_size for p in (Path(tmp) / kind).iterdir()
                                      if p.is_file()),
                    "recall_rows": round(rows / (depth * len(queries)), 4),
                    "recall_scores": round(scores / (depth * len(queries)), 4),
                    "search_ms_p50": round(statistics.median(times), 3),
                    "search_ms_p95": round(times[int(0.95 * (len(times) - 1))], 3)})
    base = {r["depth"]: r["search_ms_p50"] for r in results if r["kind"] == "sq4"}
    for r in results:
        r["p50_vs_sq4"] = round(r["search_ms_p50"] / base[r["depth"]], 3)
    print(json.dumps({"index": str(args.index), "vectors": source.size, "questions": len(queries),
                      "rounds": args.rounds, "load_before": load_before,
                      "load_after": os.getloadavg(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
