"""Measure hit@1 / hit@3 of dense, BM25 and fused retrieval on question files with evidence.

Usage: python benchmarks/fusion_sweep.py [--index DIR] FILE.jsonl [FILE.jsonl ...]
Each line: {"question": ..., "evidence": ..., "film": optional}. Prints a JSON table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reelqa.bot.terminal.evaluate import evidence_rank
from reelqa.config.settings import BUNDLED_MODEL, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.embedding import SentenceTransformerEmbedder
from reelqa.index.store.folder import load_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=Path(".reelqa/index"))
    args = parser.parse_args()
    questions = [json.loads(line) for f in args.files for line in f.open() if line.strip()]
    questions = [q for q in questions if q.get("evidence")]
    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL)
    index = load_index(args.index, BUNDLED_MODEL)
    configs = {
        "dense only": RetrievalSettings(dense_weight=1.0),
        "bm25 only": RetrievalSettings(dense_weight=0.0),
        "rrf k=60": RetrievalSettings(fusion="rrf", rrf_k=60),
        "rrf k=10": RetrievalSettings(fusion="rrf", rrf_k=10),
    }
    for w in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8):
        configs[f"weighted dense={w}"] = RetrievalSettings(dense_weight=w)
    table = {}
    for name, retrieval in configs.items():
        engine = Engine(embedder, index, retrieval, top_k=3)
        ranks = []
        for q in questions:
            hits = engine.search(q["question"], q.get("film"), top_k=3)
            ranks.append(evidence_rank(q["evidence"], hits))
        table[name] = {
            "hit@1": round(sum(r == 1 for r in ranks) / len(ranks), 3),
            "hit@3": round(sum(r is not None for r in ranks) / len(ranks), 3),
            "missed@1": [q["question"] for q, r in zip(questions, ranks, strict=True) if r != 1][
                :5
            ],
        }
    print(json.dumps({"questions": len(questions), "results": table}, indent=1))


if __name__ == "__main__":
    main()
