"""The Ray Data build against the local build, in one run, on the IMDb dev corpus.

Builds the corpus twice with the default encoder, each build in a fresh process (so the Ray
one pays Ray's start-up and its actors' model loading, as a user's would): locally, then with
`--ray` on a local Ray (one actor per core of this machine). Prints the wall times, their
ratio, the load average, and whether the two indexes hold the same files (the manifest's times
aside). Usage:
  python benchmarks/ray_build.py [--corpus FILE] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
CORPUS = next((up / "shared" / "eval" / "imdb" / "corpus.jsonl" for up in HERE.parents[1:4]
               if (up / "shared" / "eval" / "imdb" / "corpus.jsonl").is_file()), None)


def build(work: Path, corpus: Path, name: str, ray: bool) -> float:
    argv = [sys.executable, "-c", "from reelqa.bot.cli import run; run()", "index", "build",
            "--corpus", str(corpus), "--index", str(work / name), "--rebuild"]
    if ray:
        argv.append("--ray")  # no RAY_ADDRESS: a local Ray on this machine's cores
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} build failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def same(one: Path, other: Path) -> bool:
    def version(p: Path) -> Path:
        return p / (p / "CURRENT").read_text().strip()

    a, b = version(one), version(other)
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names
               if n.name != "manifest.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/reelqa-ray-build"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    load_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    local = build(args.work, args.corpus, "local", False)
    ray_s = build(args.work, args.corpus, "ray", True)
    print(json.dumps({"corpus": str(args.corpus), "load_before": load_before,
                      "local_seconds": round(local, 1), "ray_seconds": round(ray_s, 1),
                      "ray_over_local": round(ray_s / local, 2),
                      "same_files": same(args.work / "local", args.work / "ray"),
                      "load_after": subprocess.run(["uptime"], capture_output=True,
                                                   text=True).stdout.strip()}, indent=2))


if __name__ == "__main__":
    main()
