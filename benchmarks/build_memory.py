"""Peak memory of a build with the encoder left out: `build_index` with the `reelqa/hashing`
stand-in over a corpus, printing reviews, passages, seconds and the peak RSS. Usage:
  python benchmarks/build_memory.py CORPUS INDEX [--rebuild]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from reelqa.config.settings import IndexSettings
from reelqa.index.store.build import build_index
from reelqa.index.store.hashing import HASHING_MODEL


def main() -> None:
    corpus, index = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    report = build_index(IndexSettings((corpus,), index, HASHING_MODEL, 64),
                         rebuild="--rebuild" in sys.argv)
    print(json.dumps({"reviews": report.reviews, "passages": report.passages,
                      "encoded": report.encoded, "reused": report.reused,
                      "seconds": round(time.perf_counter() - started, 1),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
