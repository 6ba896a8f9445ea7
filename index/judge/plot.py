"""Which sentences tell a film's story, decided at index time, and the few that answer "what
is it about?".

A sentence's story score is a logistic model over features that need no list of phrasings:
  agreement        the sentence's content words that other reviews of the same film also use
                   (the share of them, with AGREEMENT_PRIOR reviews' worth of doubt), each
                   weighted by how specific it is to this film (inverse film frequency):
                   every reviewer retells the premise in their own words, but its nouns recur
                   ("college", "rejected", "fake"), while praise and genre words recur in
                   every film's reviews; names of the title and of credited people do not count
  per_word         the same, per content word (a long sentence is not a story for its length)
  words            log of the sentence's length in words
  character        it names a character the film's credits know (stories are about them)
  first_person     "I", "my", "we": the writer's experience, not the story
  judging          |VADER compound|: how strongly it judges
  evaluative       the share of its words that judge ("breathtaking", "dull": the project's
                   verdict words, index/text/lexicon.py), which VADER's lexicon often lacks
  names            the share of its words that are the title or credited people (a cast list)
  question         it asks something
  vector           a logistic head over the sentence's own vector: does it read like a story
The weights come from benchmarks/judge_plot.py (docs/judge.md gives the measurements). A second
model over the same features, the premise head (benchmarks/judge_premise.py), is trained on
sentences read by hand: does it, alone, give the film's setup (who, and the situation that
drives the story)? Its log-odds are added to the story model's, PremiseHead.blend times, so
that of the sentences that tell the story the setup comes first, not a scene or the ending.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.judge.files import WEIGHTS, read_head
from reelqa.index.text.lexicon import EVALUATIVE, GENERIC
from reelqa.index.text.tokens import STOPWORDS, WORD, fold, stem

FEATURES = ("agreement", "per_word", "words", "character", "first_person", "judging",
            "evaluative", "names", "question", "vector")
HEAD = "plot_head"  # plot_head.json (feature weights, background) + plot_head.npy (vector head)
PREMISE = "premise_head"  # premise_head.json (feature weights, blend) + .npy (vector head)
_FIRST_PERSON = frozenset("i i'm i've i'd i'll me my myself we we've our us".split())
AGREEMENT_PRIOR = 2  # reviews: two reviews sharing a word is weak evidence, thirty strong
NOVELTY = 2.0  # plot_answer: 0 takes the best scores; measured 0 / 1 / 2 / 3 (docs/judge.md)


@dataclass(frozen=True)
class FilmSentences:
    """The sentences of one film's reviews: review id, text, vector and VADER compound each."""

    reviews: tuple[str, ...]
    texts: tuple[str, ...]
    vectors: np.ndarray | None  # None when the index's model is not the head's
    polarity: np.ndarray

    def __post_init__(self) -> None:
        n = len(self.texts)
        if len(self.reviews) != n or len(self.polarity) != n or (
                self.vectors is not None and len(self.vectors) != n):
            raise ValueError(f"FilmSentences needs one review id, polarity and vector per "
                             f"sentence ({n} texts, {len(self.reviews)} ids, "
                             f"{len(self.polarity)} polarities)")


@dataclass(frozen=True)
class WordFrequency:
    """In how many films' reviews each content word occurs, out of `films`."""

    films: int
    counts: Mapping[str, int]

    def plus(self, other: WordFrequency) -> WordFrequency:
        """Both counts together (a corpus's own films over the shipped background)."""
        merged = Counter(self.counts)
        merged.update(other.counts)
        return WordFrequency(self.films + other.films, dict(merged))

    def specificity(self, word: str) -> float:
        """log(films / films using the word): 0 for a word every film's reviews use."""
        return math.log((self.films + 1) / (self.counts.get(word, 0) + 1))


@dataclass(frozen=True)
class PremiseHead:
    """The premise model: weights per FEATURES entry (its own vector head's logit in place of
    `vector`), their bias, the vector head, and how much of its log-odds the score adds."""

    weights: Mapping[str, float]
    bias: float
    vector_weights: np.ndarray
    vector_bias: float
    vector_default: float
    blend: float


@dataclass(frozen=True)
class PlotHead:
    """The trained story model: weights per FEATURES entry, their bias, the vector head
    (weights, bias) for `model` vectors, and the background word frequency."""

    model: str
    dimension: int
    weights: Mapping[str, float]
    bias: float
    vector_weights: np.ndarray
    vector_bias: float
    vector_default: float  # the vector feature when there are no vectors of `model`
    background: WordFrequency
    premise: PremiseHead | None = None

    def fits(self, model: str, dimension: int) -> bool:
        """True when vectors of `model` are the ones the vector head was trained on."""
        return dimension == self.dimension and \
            model.rsplit("/", 1)[-1] == self.model.rsplit("/", 1)[-1]


def load_head(folder: Path = WEIGHTS) -> PlotHead:
    """The shipped story model with its premise head (plain .json and .npy files, never
    pickle)."""
    head = read_head(folder, HEAD, lambda meta, vector: PlotHead(
        model=meta["model"], dimension=int(meta["dimension"]),
        weights={k: float(meta["weights"][k]) for k in FEATURES}, bias=float(meta["bias"]),
        vector_weights=vector, vector_bias=float(meta["vector_bias"]),
        vector_default=float(meta["vector_default"]),
        background=WordFrequency(int(meta["background"]["films"]),
                                 dict(meta["background"]["counts"]))))
    premise = read_head(folder, PREMISE, lambda meta, vector: PremiseHead(
        weights={k: float(meta["weights"][k]) for k in FEATURES}, bias=float(meta["bias"]),
        vector_weights=vector, vector_bias=float(meta["vector_bias"]),
        vector_default=float(meta["vector_default"]), blend=float(meta["blend"])))
    return replace(head, premise=premise)


def content_words(text: str, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    """Stems of the words that carry content: no stop words, no generic film words, nothing
    shorter than three letters, none of `drop` (folded words, e.g. the title's), and no word
    capitalised inside the sentence (a name: who is in a film is not what it is about)."""
    out = set()
    for n, match in enumerate(WORD.finditer(text)):
        raw = match.group()
        word = fold(raw)
        if len(word) >= 3 and word.isalpha() and word not in STOPWORDS and word not in GENERIC \
                and word not in drop and (n == 0 or not raw[0].isupper()):
            out.add(stem(word))
    return frozenset(out)


def film_names(title: str, found: FilmCredits | None) -> list[str]:
    """The film's title and the people its reviews credit: not what the story is about."""
    return [title, *(c.person for c in found.credits)] if found else [title]


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The folded words of names (a title, credited people), as `content_words` drops them."""
    return frozenset(fold(m.group()) for n in names for m in WORD.finditer(n))


def film_frequency(films: Iterable[Iterable[frozenset[str]]]) -> WordFrequency:
    """Word frequency over films: each film given as its sentences' content words."""
    counts: Counter[str] = Counter()
    total = 0
    for sentences in films:
        total += 1
        counts.update(frozenset().union(*sentences))
    return WordFrequency(total, dict(counts))


def agreed_words(reviews: Sequence[str], words: Sequence[frozenset[str]],
                 frequency: WordFrequency) -> dict[str, float]:
    """The weight of each content word that two or more of the film's reviews use: the share
    of the other reviews using it (with AGREEMENT_PRIOR reviews' worth of doubt) times its
    specificity to the film (`reviews[i]` is sentence i's review, `words[i]` its words)."""
    by_review: dict[str, set[str]] = {}
    for review, ws in zip(reviews, words, strict=True):
        by_review.setdefault(review, set()).update(ws)
    others = len(by_review) - 1 + AGREEMENT_PRIOR
    used = Counter(w for ws in by_review.values() for w in ws)  # reviews using each word
    return {w: (n - 1) / others * frequency.specificity(w) for w, n in used.items() if n > 1}


def features(film: FilmSentences, words: Sequence[frozenset[str]], frequency: WordFrequency,
             names: frozenset[str], characters: frozenset[str], head: PlotHead) -> np.ndarray:
    """One row of FEATURES per sentence of `film` (`words`: its content words; `names`,
    `characters`: folded words of the title and credited people, and of credited characters)."""
    agreed = agreed_words(film.reviews, words, frequency)
    rows = np.zeros((len(words), len(FEATURES)), dtype=np.float64)
    vector = _vector_logits(film, head)
    for i, (ws, text) in enumerate(zip(words, film.texts, strict=True)):
        agreement = sum(agreed.get(w, 0.0) for w in ws)
        tokens = [fold(m.group()) for m in WORD.finditer(text)]
        rows[i] = (agreement, agreement / math.sqrt(len(ws)) if ws else 0.0,
                   math.log1p(len(tokens)), any(t in characters for t in tokens),
                   any(t in _FIRST_PERSON for t in tokens), abs(float(film.polarity[i])),
                   sum(t in EVALUATIVE for t in tokens) / max(1, len(tokens)),
                   sum(t in names for t in tokens) / max(1, len(tokens)), "?" in text,
                   vector[i])
    return rows


def story_scores(film: FilmSentences, frequency: WordFrequency, head: PlotHead,
                 names: Iterable[str] = (), characters: Iterable[str] = ()) -> np.ndarray:
    """How well each sentence of `film` answers "what is it about?": P(it tells the story),
    its log-odds raised by the premise head's (`PremiseHead.blend` times) when the head has
    one; given the corpus's word frequency (`film_frequency(...).plus(head.background)`), the
    film's title and credited people (`names`) and its credited characters."""
    drop = name_words(names)
    chars = name_words(characters) - STOPWORDS
    words = [content_words(t, drop) for t in film.texts]
    x = features(film, words, frequency, drop, chars, head)
    z = x @ np.array([head.weights[k] for k in FEATURES]) + head.bias
    premise = head.premise
    if premise is not None:
        x[:, FEATURES.index("vector")] = _vector_logits(film, head, premise)
        z += premise.blend * (x @ np.array([premise.weights[k] for k in FEATURES]) +
                              premise.bias)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def plot_answer(scores: np.ndarray, reviews: Sequence[str], vectors: np.ndarray | None = None,
                most: int = 3, floor: float = 0.02, same: float = 0.9,
                words: Sequence[frozenset[str]] | None = None,
                novelty: float = NOVELTY) -> list[int]:
    """Positions of the sentences that answer "what is it about?": the best-scored first,
    then each time the one whose score times the share of its content words (`words[i]`) no
    sentence taken holds, to the power `novelty`, is highest (a summary that says something
    new with each sentence, as maximal marginal relevance does); one per review, none at or
    above cosine `same` with one taken, none scored under `floor`; at most `most`."""
    chosen: list[int] = []
    taken: set[str] = set()
    said: set[str] = set()
    left = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] >= floor]
    while left and len(chosen) < most:
        best, value = -1, -1.0
        for i in left:
            if reviews[i] in taken or (vectors is not None and chosen and
                                       float(np.max(vectors[chosen] @ vectors[i])) >= same):
                continue
            new = 1.0 if words is None or not chosen or not words[i] else \
                len(words[i] - said) / len(words[i])
            if float(scores[i]) * new ** novelty > value:
                best, value = i, float(scores[i]) * new ** novelty
            if words is None or not chosen:
                break  # without words the best-scored eligible one is the one
        if best < 0:
            break
        chosen.append(best)
        left.remove(best)
        taken.add(reviews[best])
        if words is not None:
            said |= words[best]
    return chosen


def _vector_logits(film: FilmSentences, head: PlotHead,
                   model: PlotHead | PremiseHead | None = None) -> np.ndarray:
    """The vector head's logits of `model` (the story head's own by default), for vectors
    of the head's model."""
    model = model or head
    if film.vectors is None or film.vectors.shape[1:] != (head.dimension,):
        return np.full(len(film.texts), model.vector_default)
    return film.vectors @ model.vector_weights + model.vector_bias

