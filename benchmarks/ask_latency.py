"""Ask latency on a built index: every question of the files, timed after a warm-up pass.

    python benchmarks/ask_latency.py --index DIR QUESTIONS.jsonl [...] [--passes 3]

Loads the engine once with the default settings, asks each question once to warm up, then
`--passes` more times, and prints one JSON line: the median and p95 over every timed ask in
milliseconds, the number of asks, and the load average. To compare two versions of the code
(e.g. before and after a refactor), run this alternately with each version's package on the
path against the same index, several rounds, and compare the medians of the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, nargs="+", help="question files (JSON lines)")
    parser.add_argument("--index", type=Path, required=True, help="the built index folder")
    parser.add_argument("--passes", type=int, default=3, help="timed passes (default: 3)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from reelqa.config.settings import Settings
    from reelqa.index.engine import open_engine

    engine = open_engine(Settings(index_dir=args.index))
    items = [json.loads(line) for path in args.questions
             for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    for item in items:  # warm-up: caches, lazy imports, the ONNX session's first runs
        engine.ask(item["question"], item.get("film"))
    took = []
    for _ in range(args.passes):
        for item in items:
            started = time.perf_counter()
            engine.ask(item["question"], item.get("film"))
            took.append((time.perf_counter() - started) * 1000)
    took.sort()
    print(json.dumps({"asks": len(took), "p50_ms": round(statistics.median(took), 3),
                      "p95_ms": round(took[int(0.95 * (len(took) - 1))], 3),
                      "load": os.getloadavg()[0], "code": str(Path(
                          sys.modules["reelqa.index"].__file__ or "").parent.parent)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
