"""Measure the aspect judge on the IMDb dev corpus: how many sentences and films speak of each
aspect, what fan_score.py's aspect check says of the answer sentence, samples to read, and
(with --vectors) what a sentence-vector prototype finds that the cue words do not.

    .venv/bin/python benchmarks/judge_aspects.py [--sample 15] [--vectors]

The answer sentence is `summarise(...).sentences[0]`: a sentence of the majority's lean.
Prints samples first, then one JSON document; docs/judge.md quotes both.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import defaultdict

import judge_data as jd
import numpy as np
from reelqa.config.settings import BUNDLED_MODEL
from reelqa.index.judge.aspects import ASPECTS, flags, lean_on, mentions, summarise
from reelqa.index.judge.polarity import polarity

# What "is it scary / funny?" means, written as a reviewer would: the prototypes the vector
# comparison embeds (only with --vectors; the shipped method uses no vectors).
PROTOTYPES = {
    "scary": ["This movie is really scary.", "It frightened me and gave me nightmares.",
              "A creepy, terrifying horror film that made me jump."],
    "funny": ["This movie is really funny.", "I laughed out loud the whole time.",
              "A hilarious comedy with great jokes."],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=15, help="flagged sentences to print per "
                    "aspect (seeded), to read")
    ap.add_argument("--vectors", action="store_true", help="also compare with sentence-vector "
                    "prototypes (loads the model)")
    args = ap.parse_args()
    fan = jd.fan_scorer()
    data = jd.load(jd.IMDB)
    texts = [data.text(i) for i in range(len(data.sentences))]
    titles = [data.reviews[int(o)].film for o in data.owner]
    started = time.perf_counter()
    found = [mentions(t, title) for t, title in zip(texts, titles, strict=True)]
    cue_ms = (time.perf_counter() - started) / len(texts) * 1e6
    masks = [flags(f) for f in found]
    spoken = np.array([m[0] for m in masks])
    denied = np.array([m[1] for m in masks])
    compounds = polarity(texts)
    reviews = [data.reviews[int(o)].id for o in data.owner]
    by_film: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        by_film[title].append(i)
    out: dict = {"sentences": len(texts), "films": len(by_film),
                 "ms_per_1000_sentences_cues": round(cue_ms, 1)}
    per_aspect = {}
    for k, aspect in enumerate(ASPECTS):
        bit = 1 << k
        films_speaking = sum(any(spoken[i] & bit for i in rows) for rows in by_film.values())
        leans: dict[str, int] = defaultdict(int)
        for i in np.flatnonzero(spoken & bit):
            leans[lean_on(aspect, bool(denied[i] & bit), float(compounds[i]))] += 1
        per_aspect[aspect] = {"sentences": int(((spoken & bit) > 0).sum()),
                              "films_with_a_review_speaking": films_speaking,
                              "sentence_leans": dict(leans)}
    out["aspects"] = per_aspect
    questions = [q for q in map(json.loads, jd.FAN.open()) if q["type"] == "aspect"]
    verdict: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    answers = []
    for q in questions:
        rows = by_film[q["film_title"]]
        summary = summarise(q["aspect"], spoken[rows], denied[rows], compounds[rows],
                            [reviews[i] for i in rows], [len(texts[i].split()) for i in rows])
        if summary is None:
            verdict[q["aspect"]]["not_found"] += 1
            answers.append((q, None, None))
            continue
        sentence = texts[rows[summary.sentences[0]]]
        right = re.search(r"\b(?:" + fan.ASPECT[q["aspect"]] + ")", sentence.lower())
        verdict[q["aspect"]]["right" if right else "wrong"] += 1
        answers.append((q, summary, sentence))
    out["fan_aspect_check"] = {a: dict(v) | {"score": round(v["right"] / sum(v.values()), 3)}
                               for a, v in verdict.items()}
    print("== answers to the fan aspect questions (lean, reviews speaking, sentence)")
    for q, summary, sentence in answers:
        said = "no review says" if summary is None else \
            f"{summary.lean} {summary.leans} {summary.reviews}r: {sentence[:150]!r}"
        print(f"  {q['question']} -> {said}")
    rng = random.Random(17)
    for k, aspect in enumerate(ASPECTS):
        rows = list(np.flatnonzero(spoken & (1 << k)))
        print(f"== {aspect}: {args.sample} of {len(rows)} flagged sentences (lean: sentence)")
        for i in rng.sample(rows, min(args.sample, len(rows))):
            lean = lean_on(aspect, bool(denied[i] & (1 << k)), float(compounds[i]))
            print(f"  {lean:8} {texts[i][:170]!r}")
    if args.vectors:
        out["vector_prototypes"] = _vectors(data, texts, spoken)
    print(json.dumps(out, indent=1))


def _vectors(data: jd.Labelled, texts: list[str], spoken: np.ndarray) -> dict:
    """The sentences nearest each aspect's prototypes: how many the cues flag, and the top
    ones the cues miss (printed to read)."""
    from reelqa.index.store.embedding import load_embedder

    embedder = load_embedder(BUNDLED_MODEL, 64, "onnx-int8")
    out = {}
    for aspect, sentences in PROTOTYPES.items():
        bit = 1 << ASPECTS.index(aspect)
        proto = embedder.encode(sentences).mean(0)
        sims = data.vectors @ (proto / np.linalg.norm(proto))
        top = np.argsort(-sims)[:200]
        flagged = int(sum(bool(spoken[i] & bit) for i in top))
        missed = [i for i in top if not spoken[i] & bit][:15]
        print(f"== {aspect}: nearest to the prototypes that no cue flags")
        for i in missed:
            print(f"  {sims[i]:.2f} {texts[i][:170]!r}")
        out[aspect] = {"top_200_flagged_by_cues": flagged,
                       "similarity_at_rank_200": round(float(sims[top[-1]]), 3)}
    return out


if __name__ == "__main__":
    main()
