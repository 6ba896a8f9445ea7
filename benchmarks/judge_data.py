"""Labelled data for the judge measurements: a corpus's reviews, split into the index's sentences
and embedded with the encoder a build uses, with the reviewer's score where a benchmark may know it.

The vectors are cached by content (texts, model, backend) under REELQA_JUDGE_CACHE (default
$TMPDIR/reelqa-judge), so each measurement script embeds a corpus once. Only measurement code
reads a review's score out of its id (the IMDb dev corpus keeps it there); reelqa never does.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from reelqa.config.settings import BUNDLED_MODEL, DEFAULT_BACKEND
from reelqa.index.ingest.chunking import sentence_units
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.records import Review
from reelqa.index.store.embedding import Embedder, load_embedder

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IMDB = SHARED / "eval" / "imdb" / "corpus.jsonl"
FAN = SHARED / "eval" / "imdb" / "fan.jsonl"
SUBJQA = SHARED / "eval" / "subjqa-dev" / "corpus.jsonl"
CHUNK_WORDS = 120  # the index's sentence units (store/build.py CHUNKING["max_words"])
_SCORE = re.compile(r"_(10|[1-9])$")  # the Large Movie Review Dataset scores 1-10


@dataclass(frozen=True)
class Labelled:
    """A corpus split into sentences: row i of `vectors` is `sentences[i]` of review `owner[i]`."""

    reviews: list[Review]
    sentences: list[tuple[int, int]]  # offsets in the owner's text
    owner: np.ndarray  # int, review position per sentence
    vectors: np.ndarray  # float32, L2-normalised

    def text(self, row: int) -> str:
        start, end = self.sentences[row]
        return self.reviews[int(self.owner[row])].text[start:end]

    def rows_of(self, review: int) -> np.ndarray:
        return np.flatnonzero(self.owner == review)

    def films(self) -> list[str]:
        return [r.film for r in self.reviews]


def imdb_score(review: Review) -> int | None:
    """The reviewer's 1-10 score kept in an IMDb dev corpus id (measurement code only)."""
    found = _SCORE.search(review.id)
    return int(found.group(1)) if found else None


def load(path: Path, embedder: Embedder | None = None, backend: str = DEFAULT_BACKEND
         ) -> Labelled:
    """The reviews under `path` as the index reads them, split and embedded (cached)."""
    corpus = load_corpus([path])
    reviews = corpus.reviews
    sentences: list[tuple[int, int]] = []
    owner: list[int] = []
    for i, review in enumerate(reviews):
        for span in sentence_units(review.text, CHUNK_WORDS):
            sentences.append(span)
            owner.append(i)
    texts = [reviews[o].text[s:e] for o, (s, e) in zip(owner, sentences, strict=True)]
    vectors = _cached_vectors(texts, embedder, backend)
    return Labelled(reviews, sentences, np.array(owner, dtype=np.int64), vectors)


def _cached_vectors(texts: Sequence[str], embedder: Embedder | None, backend: str) -> np.ndarray:
    digest = hashlib.sha256(f"{BUNDLED_MODEL}\0{backend}".encode())
    for text in texts:
        digest.update(text.encode() + b"\0")
    base = Path(os.environ.get("REELQA_JUDGE_CACHE") or Path(tempfile.gettempdir()) /
                "reelqa-judge")
    path = base / f"vectors-{digest.hexdigest()[:16]}.npy"
    if path.is_file():
        return np.load(path)
    embedder = embedder or load_embedder(BUNDLED_MODEL, 64, backend)
    order = np.argsort([len(t) for t in texts], kind="stable")  # little padding per batch
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for start in range(0, len(texts), 1024):
        rows = order[start : start + 1024]
        out[rows] = embedder.encode([texts[i] for i in rows])
    base.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def folds_by_film(films: Sequence[str], k: int = 5, seed: int = 17) -> list[np.ndarray]:
    """Review positions split into `k` folds so that no film is in two folds."""
    names = sorted(set(films))
    rng = np.random.default_rng(seed)
    rng.shuffle(names)
    fold_of = {name: i % k for i, name in enumerate(names)}
    which = np.array([fold_of[f] for f in films])
    return [np.flatnonzero(which == i) for i in range(k)]


def fit_logistic(x: np.ndarray, y: np.ndarray, lam: float, steps: int = 25) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method: weights, then the bias last."""
    xb = np.hstack([x.astype(np.float64), np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    ridge = lam * np.diag(np.r_[np.ones(xb.shape[1] - 1), 0.0])  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -40, 40)))
        grad = xb.T @ (p - y) / len(y) + ridge @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb / len(y) + ridge
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def logit(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The log-odds of `fit_logistic`'s weights on rows `x`."""
    return x @ w[:-1] + w[-1]


def slice_films() -> set[str]:
    """The films of tests/data/imdb_slice: shipped weights are trained without them, so the
    integration tests judge those films unseen."""
    path = ROOT / "tests" / "data" / "imdb_slice" / "corpus.jsonl"
    return {r.film for r in load_corpus([path]).reviews}


def fan_scorer():  # -> the fan_score module: its fold, content, STOP and ASPECT
    """../shared/eval/fan_score.py as a module, so the measurements check what it checks."""
    spec = importlib.util.spec_from_file_location("fan_score", SHARED / "eval" / "fan_score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module
