"""Benchmark: an incremental build after adding 1% of reviews, against a full build.

On the IMDb corpus (2,000 reviews) with the real bundled model, loaded once before any timing:
  1. a full build of the first 99% of the reviews (the index an operator already has),
  2. the remaining 1% added: an incremental build onto that index,
  3. a full build (`rebuild`) of the same 100% corpus into another folder, the baseline,
then the same questions are asked of indexes 2 and 3 and their top passages and answers are
compared. Prints JSON: seconds and texts embedded per build, the ratio, and the comparison.

Usage: python benchmarks/incremental_imdb.py [--corpus ../shared/eval/imdb/corpus.jsonl]
       [--questions ../shared/eval/imdb/questions.jsonl] [--share 0.01] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import SentenceTransformerEmbedder
from reelqa.index.store.folder import load_index

SHARED = next((p / "shared" for p in Path(__file__).resolve().parents if (p / "shared").is_dir()),
              Path("../shared"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "eval/imdb/corpus.jsonl")
    parser.add_argument("--questions", type=Path, default=SHARED / "eval/imdb/questions.jsonl")
    parser.add_argument("--share", type=float, default=0.01, help="share of reviews added")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reelqa-incremental-"))
    lines = [line for line in args.corpus.read_text(encoding="utf-8").split("\n") if line.strip()]
    added = max(1, round(len(lines) * args.share))
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    reviews = corpus / "reviews.jsonl"

    started = time.perf_counter()
    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL, batch_size=64)
    embedder.encode(["warm up the model"])
    load_seconds = time.perf_counter() - started

    def build(index: Path, rebuild: bool = False) -> dict[str, float | int]:
        report = build_index(IndexSettings((corpus,), index, BUNDLED_MODEL, 64),
                             embedder=embedder, rebuild=rebuild)
        return {"seconds": round(report.seconds, 2), "encoded": report.encoded,
                "reused": report.reused, "reviews": report.reviews}

    reviews.write_text("\n".join(lines[: len(lines) - added]) + "\n", encoding="utf-8")
    first = build(work / "index")
    reviews.write_text("\n".join(lines) + "\n", encoding="utf-8")
    incremental = build(work / "index")
    full = build(work / "full", rebuild=True)

    questions = [json.loads(q) for q in args.questions.read_text(encoding="utf-8").splitlines()
                 if q.strip()]
    engines = [Engine(embedder, load_index(work / name, BUNDLED_MODEL), RetrievalSettings())
               for name in ("index", "full")]
    same_passages = same_answers = 0
    for q in questions:
        a, b = (e.ask(q["question"], film=q.get("film")) for e in engines)
        same_passages += [h.passage.id for h in a.hits] == [h.passage.id for h in b.hits]
        same_answers += (a.short.text if a.short else None) == (b.short.text if b.short else None)
    print(json.dumps({
        "corpus": str(args.corpus), "reviews": len(lines), "added": added,
        "model_load_seconds": round(load_seconds, 2),
        "first_build_99pct": first, "incremental_plus_1pct": incremental, "full_build": full,
        "incremental_over_full_seconds": round(incremental["seconds"] / full["seconds"], 4),
        "incremental_over_full_encoded": round(incremental["encoded"] / full["encoded"], 4),
        "questions": len(questions), "same_top_passages": same_passages,
        "same_answers": same_answers, "load": os.getloadavg(), "work": str(work),
    }, indent=1))


if __name__ == "__main__":
    main()
