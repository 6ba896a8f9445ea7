"""Where a build's time goes: wall and CPU seconds of each phase of one real index build.

Wraps the build's stages in timers (nothing else changes: the index is the one `reelqa index
build --rebuild` writes) and prints one JSON document. CPU seconds are the whole process's
(every thread's), so a phase that overlaps the encoder's threads shows their CPU too. The
encoder runs beside the build (build.LocalEncoder): "encoder (beside the build)" is the wall
time of its calls, the "wait" phases the time the build stood waiting for it. Usage:
  python benchmarks/build_phases.py --corpus ../shared/eval/imdb/corpus.jsonl --work DIR
                                    [--backend onnx-int8] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TOTALS: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # wall, cpu, calls


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Add the wall and process CPU seconds of the block to `name`'s totals."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        entry = TOTALS[name]
        entry[0] += time.perf_counter() - wall
        entry[1] += time.process_time() - cpu
        entry[2] += 1


def timed(owner: Any, attribute: str, name: str) -> None:
    """Replace `owner.attribute` (a function or method) with one timed as phase `name`."""
    inner: Callable[..., Any] = getattr(owner, attribute)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with phase(name):
            return inner(*args, **kwargs)

    setattr(owner, attribute, wrapper)


def instrument() -> None:
    """Time the build's stages where they are called from."""
    from reelqa.index.judge import store as judge_store
    from reelqa.index.store import build, dense, reviewfile, sparse, writer

    stages = [
        (build.LocalEncoder, "__call__", "add: wait for the encoder (2 slices ahead)"),
        (build.LocalEncoder, "flush", "finish: wait for the last vectors"),
        (writer, "split_review", "add: chunk + sentences"),
        (sparse.SparseBuilder, "add", "add: BM25 terms"),
        (reviewfile.ReviewWriter, "add", "add: review records"),
        (writer.IndexWriter, "add", "add (all, encode included)"),
        (sparse.SparseBuilder, "finish", "finish: BM25 scores"),
        (dense.DenseBuilder, "finish", "finish: dense index"),
        (dense.DenseStore, "save", "finish: dense save"),
        (writer, "build_credits", "finish: credits"),
        (writer.IndexWriter, "_judge", "finish: judgements, texts"),
        (judge_store.TextJudgements, "finish", "finish: judgements, vectors"),
        (writer.IndexWriter, "finish", "finish (all)"),
    ]
    for owner, attribute, name in stages:
        timed(owner, attribute, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="corpus file or folder")
    parser.add_argument("--work", type=Path, required=True, help="where the index is built")
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--cache-dir", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from reelqa.config.settings import BUNDLED_MODEL, IndexSettings
    from reelqa.index.store.build import build_index
    from reelqa.index.store.embedding import load_embedder

    settings = IndexSettings(corpus_dirs=(args.corpus,), index_dir=args.work / "index",
                             embedding_model=BUNDLED_MODEL, batch_size=64, backend=args.backend,
                             cache_dir=args.cache_dir)
    embedder = load_embedder(BUNDLED_MODEL, 64, args.backend, args.cache_dir)
    instrument()
    timed(embedder, "encode", "encoder (beside the build)")
    load = os.getloadavg()
    with phase("build"):
        report = build_index(settings, embedder=embedder, rebuild=True)
    out: dict[str, Any] = {
        "corpus": str(args.corpus), "backend": args.backend, "passages": report.passages,
        "sentences_encoded": report.encoded, "load_before": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "phases": {name: {"wall_s": round(w, 2), "cpu_s": round(c, 2), "calls": int(n)}
                   for name, (w, c, n) in TOTALS.items()}}
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
