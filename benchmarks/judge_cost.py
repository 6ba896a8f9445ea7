"""What the judges would add to a build: time (against the build itself, in the same run) and
size on disk (against the index folder).

    .venv/bin/python benchmarks/judge_cost.py [--corpus ../shared/eval/imdb/corpus.jsonl]

Builds the corpus's index with the default settings (bundled model, ONNX int8), then times,
on the same reviews and the index's own sentences and (4-bit) vectors, each judge as a build
would run it (median of 3): VADER polarity, review leans, story scores, aspect flags. Writes
what they would store (float16 polarity and story score, two uint8 aspect masks a sentence,
a float16 share a review) as .npy files and compares their size with the index's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import judge_data as jd
import numpy as np
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings
from reelqa.index.judge import aspects, lean, plot
from reelqa.index.judge.polarity import polarity
from reelqa.index.store.build import build_index
from reelqa.index.store.dense import DenseStore
from reelqa.index.store.folder import load_passages, sentence_spans
from reelqa.index.store.versions import resolve


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=jd.IMDB)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "index"
        started = time.perf_counter()
        build_index(IndexSettings(corpus_dirs=(args.corpus,), index_dir=folder,
                                  embedding_model=BUNDLED_MODEL, batch_size=64))
        build_s = time.perf_counter() - started
        version = resolve(folder)
        manifest, passages = load_passages(folder)
        spans = sentence_spans(version, manifest, passages)
        reviews = {p.review.id: p.review for p in passages}
        vectors = DenseStore.load(version).vectors()
        credits = [json.loads(x) for x in (version / "credits.jsonl").open(encoding="utf-8")]
        index_bytes = sum(p.stat().st_size for p in version.rglob("*") if p.is_file())
        texts = [reviews[r].text[s:e] for r, s, e in spans]
        owners = [r for r, _, _ in spans]
        timings: dict[str, list[float]] = defaultdict(list)
        for _ in range(3):
            stored = _judge(texts, owners, reviews, vectors, credits, timings)
        out_dir = Path(tmp) / "judged"
        out_dir.mkdir()
        sizes = {}
        for name, array in stored.items():
            np.save(out_dir / f"{name}.npy", array, allow_pickle=False)
            sizes[name] = (out_dir / f"{name}.npy").stat().st_size
    per_k = 1000 / len(texts)
    steps = {k: statistics.median(v) for k, v in timings.items()}
    total = sum(steps.values())
    print(json.dumps({
        "sentences": len(texts), "reviews": len(reviews),
        "build_seconds": round(build_s, 2),
        "build_ms_per_1000_sentences": round(build_s * 1000 * per_k, 1),
        "judge_ms_per_1000_sentences": {k: round(v * 1000 * per_k, 1) for k, v in steps.items()},
        "judge_seconds_total": round(total, 2),
        "judge_share_of_build_time": round(total / build_s, 4),
        "index_bytes": index_bytes, "judge_bytes": sizes,
        "judge_share_of_index_size": round(sum(sizes.values()) / index_bytes, 4),
    }, indent=1))


def _judge(texts: list[str], owners: list[str], reviews: dict, vectors: np.ndarray,
           credits: list[dict], timings: dict[str, list[float]]) -> dict[str, np.ndarray]:
    """Every judge over the index's sentences, timed step by step; what a build would store."""
    started = time.perf_counter()
    compounds = polarity(texts)
    timings["polarity"].append(time.perf_counter() - started)

    started = time.perf_counter()
    head = lean.load_head()
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, owner in enumerate(owners):
        rows_of[owner].append(i)
    shares = np.array([head.share(head.logit(vectors[rows_of[r]])) for r in reviews],
                      dtype=np.float16)
    timings["lean"].append(time.perf_counter() - started)

    started = time.perf_counter()
    story = np.zeros(len(texts), dtype=np.float16)
    story_head = plot.load_head()
    by_film: dict[str, list[int]] = defaultdict(list)
    for i, owner in enumerate(owners):
        by_film[reviews[owner].film].append(i)
    people = {c["film"]: [x["person"] for x in c["credits"]] for c in credits}
    chars = {c["film"]: [x["character"] for x in c["credits"] if x["character"]]
             for c in credits}
    words = {f: [plot.content_words(texts[i], plot.name_words([f, *people.get(f, [])]))
                 for i in rows] for f, rows in by_film.items()}
    frequency = plot.film_frequency(words.values()).plus(story_head.background)
    for film, rows in by_film.items():
        sentences = plot.FilmSentences(tuple(owners[i] for i in rows),
                                       tuple(texts[i] for i in rows), vectors[rows],
                                       compounds[rows])
        story[rows] = plot.story_scores(sentences, frequency, story_head,
                                        [film, *people.get(film, [])], chars.get(film, []))
    timings["plot"].append(time.perf_counter() - started)

    started = time.perf_counter()
    masks = np.array([aspects.flags(aspects.mentions(t, reviews[o].film))
                      for t, o in zip(texts, owners, strict=True)], dtype=np.uint8)
    timings["aspects"].append(time.perf_counter() - started)
    return {"polarity": compounds.astype(np.float16), "story": story, "aspects": masks,
            "shares": shares}


if __name__ == "__main__":
    main()
