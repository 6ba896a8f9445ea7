"""What the fan answers cost: ask latency per answer kind, and what judging adds to a build.

    python benchmarks/fan_answers.py --index DIR [--corpus FILE] [--passes 3] [--out FILE]

With --corpus, builds DIR from it first (timed). Then, in one process: every question of
../shared/eval/imdb/fan.jsonl asked once to warm up and `--passes` more times, the median and
p95 per answer kind (the kind that replied: year, cast, plot, verdict, aspect); the judging
step alone run again on the built index (median of 3, into a scratch folder), against the
build's own time; and the judge files' bytes against the index's. Prints one JSON document
(and writes it to --out). Issue 17's limits: 20 ms p50 per answer, +20% build time, +10% size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAN = ROOT.parent / "shared" / "eval" / "imdb" / "fan.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="build --index from this corpus first")
    parser.add_argument("--questions", type=Path, default=FAN)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from reelqa.config.settings import Settings
    from reelqa.index.engine import open_engine
    from reelqa.index.judge.store import FILES
    from reelqa.index.store.build import build_index
    from reelqa.index.store.versions import resolve

    out: dict = {"load_before": os.getloadavg()[0]}
    settings = Settings(index_dir=args.index)
    if args.corpus is not None:
        started = time.perf_counter()
        build_index(settings.index_settings((args.corpus,)), rebuild=True)
        out["build_seconds"] = round(time.perf_counter() - started, 2)
    version = resolve(args.index)
    manifest = json.loads((version / "manifest.json").read_text())
    out["build_seconds_manifest"] = manifest.get("build_seconds")
    engine = open_engine(settings)
    items = [json.loads(line) for line in args.questions.read_text().split("\n") if line.strip()]
    for item in items:
        engine.ask(item["question"])
    took: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.passes):
        for item in items:
            started = time.perf_counter()
            answer = engine.ask(item["question"])
            took[answer.kind or "none"].append((time.perf_counter() - started) * 1000)
    out["ask_ms"] = {kind: {"asks": len(ms), "p50": round(statistics.median(ms), 2),
                            "p95": round(sorted(ms)[int(0.95 * (len(ms) - 1))], 2)}
                     for kind, ms in sorted(took.items())}
    out["judge_seconds_median_of_3"] = round(_judge_again(engine, version), 2)
    build = out.get("build_seconds") or out["build_seconds_manifest"]
    if build:
        judge = out["judge_seconds_median_of_3"]
        out["judge_share_of_build_without_it"] = round(judge / max(build - judge, 1e-9), 4)
    size = sum(p.stat().st_size for p in version.rglob("*") if p.is_file())
    judged = sum((version / name).stat().st_size for name in FILES)
    out["index_bytes"], out["judge_bytes"] = size, judged
    out["judge_share_of_index_without_it"] = round(judged / (size - judged), 4)
    out["load_after"] = os.getloadavg()[0]
    text = json.dumps(out, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


def _judge_again(engine, version: Path) -> float:
    """The judging step alone on the built index, as the build runs it (median of 3)."""
    import numpy as np
    from reelqa.index.credits.store import load_credits
    from reelqa.index.judge.store import build_judgements, films_of
    from reelqa.index.store import meta
    from reelqa.index.store.reviewfile import ReviewFile

    source = ReviewFile(version)
    sentences = meta.read_table(version)
    passages = np.load(version / meta.PASSAGES, allow_pickle=False)
    review_rows = np.where(sentences["count"] > 0,
                           passages[np.maximum(sentences["first"], 0), 0], -1)
    films = films_of([r.film for r in source.reviews], review_rows)
    spans = np.stack([sentences["start"], sentences["end"]], axis=1)
    model = engine.index.manifest["model"]
    dense = engine.index.dense
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            build_judgements(Path(scratch), films, lambda r: str(source.record(r)["text"]), spans,
                             [r.rating for r in source.reviews],
                             lambda rows: dense.vectors(rows.tolist()), model["name"],
                             model["dimension"], load_credits(version))
            runs.append(time.perf_counter() - started)
    return statistics.median(runs)


if __name__ == "__main__":
    sys.exit(main())
