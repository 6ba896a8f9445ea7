"""Every answer to every question set, as JSON lines: the proof that a refactor changed nothing.

    python benchmarks/answers_snapshot.py OUT.jsonl [--cache DIR] [--rebuild]

Builds (or reuses, under --cache) an index of each corpus the question sets ask about (the IMDb
and SubjQA dev corpora in ../shared/eval, the shipped corpus, and the written sets in
tests/data), asks every question with the default settings, and writes one line per question:
the set, the question and its answer as `reelqa ask --json` gives it, without the time taken.
Two snapshots are compared with `diff` (or `--compare OLD.jsonl`, which prints the questions
whose answers differ). Ask latency is printed per index (median, p95) as a side figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
# (name, corpus, question files): the fan questions name their film only in the question
SETS = [
    ("imdb", SHARED / "imdb" / "corpus.jsonl",
     [SHARED / "imdb" / "questions.jsonl", SHARED / "imdb" / "fan.jsonl"]),
    ("subjqa", SHARED / "subjqa-dev" / "corpus.jsonl", [SHARED / "subjqa-dev" / "questions.jsonl"]),
    ("starlight", ROOT / "corpus",
     [SHARED / "starlight.jsonl", DATA / "eval" / "starlight-paraphrases.jsonl"]),
    ("films", DATA / "films", [DATA / "eval" / "films-questions.jsonl"]),
    ("salt-road", DATA / "salt_road", [DATA / "eval" / "salt-road-questions.jsonl"]),
    ("glass-orchard", DATA / "glass_orchard", [DATA / "eval" / "glass-orchard-questions.jsonl"]),
    ("neon-harbor", DATA / "neon_harbor", [DATA / "eval" / "neon-harbor-questions.jsonl"]),
    ("winter-ledger", DATA / "winter_ledger", [DATA / "eval" / "winter-ledger-questions.jsonl"]),
    ("quiet-year", DATA / "quiet_year", [DATA / "eval" / "quiet-year-questions.jsonl"]),
    ("imdb-slice", DATA / "imdb_slice" / "corpus.jsonl", [DATA / "imdb_slice" / "questions.jsonl"]),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the snapshot (JSON lines)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/reelqa-snapshot"),
                        help="where the indexes are built and kept (default: %(default)s)")
    parser.add_argument("--rebuild", action="store_true",
                        help="build every index again (needed when indexing code changed)")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument("--only", help="only the set with this name")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from reelqa.bot.cli import main as cli
    from reelqa.config.settings import Settings
    from reelqa.index.engine import open_engine

    rows = []
    for name, corpus, files in SETS:
        if args.only and name != args.only:
            continue
        if not all(f.is_file() for f in files) or not corpus.exists():
            print(f"{name}: skipped (no {corpus} or question file)", file=sys.stderr)
            continue
        folder = args.cache / name
        if args.rebuild or not (folder / "CURRENT").is_file():
            code = cli(["index", "build", "--corpus", str(corpus), "--index", str(folder),
                        "--rebuild"])
            if code:
                return code
        engine = open_engine(Settings(index_dir=folder))
        took = []
        for path in files:
            for line in path.read_text(encoding="utf-8").split("\n"):
                if not line.strip():
                    continue
                item = json.loads(line)
                started = time.perf_counter()
                try:
                    reply = engine.ask(item["question"], item.get("film")).to_dict()
                    reply.pop("took_ms")
                except Exception as exc:  # noqa: BLE001 - a refusal is part of the behaviour
                    reply = {"error": f"{type(exc).__name__}: {exc}"}
                took.append((time.perf_counter() - started) * 1000)
                rows.append({"set": f"{name}/{path.name}", "question": item["question"],
                             "film": item.get("film"), "reply": reply})
        took.sort()
        print(f"{name}: {len(took)} questions, ask p50 {statistics.median(took):.2f} ms, "
              f"p95 {took[int(0.95 * (len(took) - 1))]:.2f} ms", file=sys.stderr)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                                for r in rows), encoding="utf-8")
    if args.compare is not None:
        text = args.compare.read_text(encoding="utf-8")
        old = [json.loads(line) for line in text.split("\n") if line.strip()]
        changed = [(a, b) for a, b in zip(old, rows, strict=False) if a != b]
        for _, b in changed[:20]:
            print(f"changed: {b['set']}: {b['question']!r}", file=sys.stderr)
        print(f"{len(changed)} of {len(rows)} answers differ"
              + ("" if len(old) == len(rows) else f"; {len(old)} rows before, {len(rows)} now"),
              file=sys.stderr)
        return 1 if changed or len(old) != len(rows) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
