"""Measure (and with --write, train and ship) the premise head: which story sentences give a
film's setup, learnt from sentences read by hand, and what it does to plot answers.

    .venv/bin/python benchmarks/judge_premise.py [--seeds 2] [--blend 0.5] [--floor 0.02]
                                                 [--novelty 2] [--show N] [--write]

The labels (benchmarks/data/story_labels.jsonl, how they were made: story_labels.md):
2,607 sentences of the IMDb dev corpus, for each of its 138 films the 12 that an earlier story
model scored best and 8 at random, read one by one: does the sentence tell the story (1,095),
and of those, does it alone give the film's setup (387)? Cross-validated by film (5 folds): the
story head is trained as benchmarks/judge_plot.py trains it (the fan scorer's proxy label), the
premise head on the hand labels of the training films; the answers of the held-out films are
scored by the fan scorer's plot check (alone, after the genre line the answer opens with, and
with the origin sentence it ends with as well)
and by the hand labels of the sentences they hold: the share that tell the story, that give
the setup, and how often the first does. Prints one JSON document; docs/judge.md quotes it.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import judge_data as jd
import judge_plot as jp
import numpy as np
from reelqa.index.answer.plot import POOL
from reelqa.index.judge.aspects import mask_title
from reelqa.index.judge.plot import (
    NOVELTY,
    PREMISE,
    WEIGHTS,
    PlotHead,
    PremiseHead,
    film_frequency,
    plot_answer,
    story_scores,
)
from reelqa.index.text.genres import agreed_genre, genre_name, genres_in
from reelqa.index.text.origins import film_origin, origin_in

LABELS = Path(__file__).resolve().parent / "data" / "story_labels.jsonl"
BLEND = 0.5  # measured: 0.25 / 0.5 / 0.75 (docs/judge.md)
FLOOR = 0.02


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2, help="cross-validation repeats (5 folds)")
    ap.add_argument("--blend", type=float, default=BLEND,
                    help="weight of the premise head's log-odds in the score")
    ap.add_argument("--floor", type=float, default=FLOOR, help="least score of a sentence taken")
    ap.add_argument("--novelty", type=float, default=NOVELTY,
                    help="plot_answer's power of the share of new words (0: the best scores)")
    ap.add_argument("--show", type=int, default=0, help="print N films' answers, before/after")
    ap.add_argument("--write", action="store_true", help=f"write {WEIGHTS}/{PREMISE}.json/.npy")
    args = ap.parse_args()
    fan, data, films, refs, proxy, words = jp.plot_data()
    story, premise, known = read_labels(data)
    genres = {t: film_genre(f) for t, f in films.items()}
    origins = {t: origin_sentence(f) for t, f in films.items()}
    tallies: dict[str, list[float]] = defaultdict(list)
    shown = 0
    for seed in range(17, 17 + args.seeds):
        for test in jp._film_folds(films, seed):
            train = [t for t in films if t not in test]
            head = jp._train(films, words, proxy, data, train, refs, jp.PENALTY)
            both = replace(head, premise=premise_head(films, words, premise, known, data, train,
                                                      args.blend))
            frequency = film_frequency(words.values()).plus(head.background)
            for title in sorted(test):
                film = films[title]
                labelled = film.rows[known[film.rows]]
                for name, model, floor in (("before", head, 0.05), ("after", both, args.floor)):
                    scores = story_scores(film.sentences, frequency, model, film.names,
                                          film.characters)
                    hand = np.where(known[film.rows], premise[film.rows], -1)
                    if len(labelled) and 0 < premise[labelled].mean() < 1:
                        tallies[f"{name}_premise_auc"].append(_auc(scores, hand))
                    if title not in refs:
                        continue
                    picked = answer(film, scores, floor, words[title] if name == "after"
                                    else None, args.novelty)
                    texts = [film.sentences.texts[i] for i in picked]
                    rows = film.rows[picked]
                    tallies[f"{name}_scorer"].append(jp._passes(fan, refs[title], texts))
                    tallies[f"{name}_scorer_genre"].append(jp._passes(
                        fan, refs[title], [*filter(None, [genres[title]]), *texts]))
                    origin = origins[title]
                    tallies[f"{name}_scorer_genre_origin"].append(jp._passes(
                        fan, refs[title], [*filter(None, [genres[title]]), *texts,
                                           *([film.sentences.texts[origin]]
                                             if origin is not None and origin not in picked
                                             else [])]))
                    tallies[f"{name}_story"].extend(story[rows[known[rows]]])
                    tallies[f"{name}_premise"].extend(premise[rows[known[rows]]])
                    tallies[f"{name}_first_premise"].extend(premise[rows[:1][known[rows[:1]]]])
                    tallies[f"{name}_unlabelled"].append(int((~known[rows]).sum()))
                    tallies[f"{name}_sentences"].append(len(picked))
                    tallies[f"{name}_words"].append(sum(len(t.split()) for t in texts))
                    tallies[f"{name}_repeated"].append(_repeated([words[title][i] for i in picked]))
                    if name == "after" and seed == 17 and shown < args.show:
                        shown += 1
                        _show(film, refs[title], genres[title], frequency, head, both, args,
                              words[title])
    out = {"labelled": int(known.sum()), "story": int(story[known].sum()),
           "premise": int(premise[known].sum()), "blend": args.blend, "floor": args.floor,
           "novelty": args.novelty,
           "seeds": args.seeds, "films_asked": len(refs), "genre_lines": sum(
               1 for t in refs if genres[t]), "origin_lines": sum(
               1 for t in refs if origins[t] is not None),
           **{k: round(float(np.mean(v)), 4) for k, v in sorted(tallies.items())},
           "answer_sentences_labelled": {n: len(tallies[f"{n}_story"]) for n in
                                         ("before", "after")}}
    if args.write:
        unseen = jd.slice_films()
        shipped = premise_head(films, words, premise, known, data,
                               [t for t in films if t not in unseen], args.blend)
        write(shipped)
        out["written"] = str(WEIGHTS)
        out["weights"] = {k: round(v, 3) for k, v in shipped.weights.items()}
    print(json.dumps(out, indent=1))


def answer(film: jp.Film, scores: np.ndarray, floor: float, words: list | None,
           novelty: float) -> list[int]:
    """The plot answer's sentences as the plot kind picks them: among the POOL best scored."""
    pool = np.argsort(-scores, kind="stable")[:POOL]
    vectors = film.sentences.vectors
    return [int(pool[i]) for i in plot_answer(
        scores[pool], [film.sentences.reviews[i] for i in pool],
        vectors[pool] if vectors is not None else None, 3, floor,
        words=[words[i] for i in pool] if words is not None else None, novelty=novelty)]


def read_labels(data: jd.Labelled) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hand labels by corpus sentence: story, premise, and which sentences are labelled
    (a label whose sentence the splitter no longer cuts the same way is left out)."""
    at = {(data.reviews[int(o)].id, *data.sentences[i]): i for i, o in enumerate(data.owner)}
    story, premise = np.zeros(len(data.sentences)), np.zeros(len(data.sentences))
    known = np.zeros(len(data.sentences), dtype=bool)
    for line in LABELS.open(encoding="utf-8"):
        d = json.loads(line)
        i = at.get((d["review"], d["start"], d["end"]))
        if i is not None and data.text(i) == d["text"]:
            story[i], premise[i], known[i] = d["story"], d["premise"], True
    return story, premise, known


def premise_head(films: dict, words: dict, premise: np.ndarray, known: np.ndarray,
                 data: jd.Labelled, titles: list[str], blend: float) -> PremiseHead:
    """The premise model trained on the labelled sentences of `titles` (no judging penalty:
    the hand label already says an opinion is no setup)."""
    head = jp._train(films, words, premise, data, titles, {}, 0.0, known)
    return PremiseHead(head.weights, head.bias, head.vector_weights, head.vector_bias,
                       head.vector_default, blend)


def film_genre(film: jp.Film) -> str | None:
    """The genre line's name for a film, from its sentences as the build finds it."""
    named: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for review, text in zip(film.sentences.reviews, film.sentences.texts, strict=True):
        named[review].extend(genres_in(mask_title(text, film.title)))
    agreed = agreed_genre(named, len(named))
    return genre_name(agreed[0]) if agreed else None


def origin_sentence(film: jp.Film) -> int | None:
    """The sentence the plot answer quotes for what the film is based on, as the build
    finds it (None when no review says)."""
    stated: dict[str, list] = defaultdict(list)
    for n, (review, text) in enumerate(zip(film.sentences.reviews, film.sentences.texts,
                                           strict=True)):
        found = origin_in(mask_title(text, film.title))
        if found is not None:
            stated[review].append((found, n))
    based = film_origin(stated, lambda n: len(film.sentences.texts[n]))
    return based[1][0] if based else None


def write(head: PremiseHead) -> None:
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    np.save(WEIGHTS / f"{PREMISE}.npy", head.vector_weights, allow_pickle=False)
    meta = {"dimension": len(head.vector_weights), "weights": head.weights, "bias": head.bias,
            "vector_bias": head.vector_bias, "vector_default": head.vector_default,
            "blend": head.blend,
            "trained_on": "IMDb dev corpus sentences read by hand (benchmarks/data/"
                          "story_labels.jsonl, without the films of tests/data/imdb_slice): "
                          "does the sentence alone give the film's setup",
            "script": "benchmarks/judge_premise.py --write"}
    (WEIGHTS / f"{PREMISE}.json").write_text(json.dumps(meta, indent=0) + "\n",
                                             encoding="utf-8")


def _repeated(words: list[frozenset[str]]) -> float:
    """How much an answer repeats itself: the mean over its pairs of sentences of the share of
    the shorter one's content words the other holds too."""
    shares = [len(a & b) / max(1, min(len(a), len(b)))
              for n, a in enumerate(words) for b in words[:n]]
    return float(np.mean(shares)) if shares else 0.0


def _auc(scores: np.ndarray, hand: np.ndarray) -> float:
    pos, neg = scores[hand == 1], scores[hand == 0]
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def _show(film: jp.Film, q: dict, genre: str | None, frequency, head: PlotHead,
          both: PlotHead, args: argparse.Namespace, words: list) -> None:
    print(f"== {film.title} (genre line: {genre}) {q['plot'][:160]}")
    for name, model, floor in (("before", head, 0.05), ("after", both, args.floor)):
        scores = story_scores(film.sentences, frequency, model, film.names, film.characters)
        for i in answer(film, scores, floor, words if name == "after" else None, args.novelty):
            print(f"  {name:6s} {scores[i]:.2f} {film.sentences.texts[i][:200]}")


if __name__ == "__main__":
    main()
