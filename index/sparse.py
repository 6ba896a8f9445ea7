"""The sparse store: BM25 over passage terms (bm25s), with a small English analyser."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# A standard English stop list (NLTK's, plus question words): these carry no topic, and in
# questions ("what does ... do") they would otherwise outweigh the one name that matters.
_STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each few for from further had hadn has hasn have haven having he her here hers herself
    him himself his how i if in into is isn it its itself just ll me more most mustn my myself no
    nor not now of off on once only or other our ours ourselves out over own re s same shan she
    should shouldn so some such t than that the their theirs them themselves then there these
    they this those through to too under until up very was wasn we were weren what when where
    which while who whom why will with won would wouldn y you your yours yourself yourselves
    whose also yet ever let lets get got one film movie""".split()
)
# Irregular forms that a suffix stemmer cannot join to their verb.
_IRREGULAR = {
    "wrote": "write", "written": "write", "writer": "write", "writers": "write",
    "shot": "shoot", "sang": "sing", "sung": "sing", "singer": "sing", "led": "lead",
    "took": "take", "taken": "take", "made": "make", "gave": "give", "given": "give",
    "saw": "see", "seen": "see", "told": "tell", "thought": "think", "found": "find",
    "began": "begin", "begun": "begin", "came": "come", "went": "go", "gone": "go",
    "knew": "know", "known": "know", "drew": "draw", "drawn": "draw", "fell": "fall",
    "fallen": "fall", "won": "win", "lost": "lose", "left": "leave", "met": "meet",
    "spoke": "speak", "spoken": "speak", "chose": "choose", "chosen": "choose",
    "composer": "compose", "composers": "compose", "director": "direct",
    "directors": "direct", "actor": "act", "actors": "act", "actress": "act",
}
# Suffixes stripped so "voices", "voiced" and "voicing" meet; the stem keeps >= 3 letters.
_SUFFIXES = ("ings", "ing", "ies", "ed", "es", "s", "e")


def analyze(text: str) -> list[str]:
    """Lower-cased, accent-folded, stop-word-free, lightly stemmed terms of `text`."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    tokens = _TOKEN.findall(folded)
    return [_stem(t) for t in tokens if t not in _STOPWORDS and (len(t) > 1 or t.isdigit())]


def _stem(token: str) -> str:
    if token.isdigit():
        return token
    if token in _IRREGULAR:
        token = _IRREGULAR[token]
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return token


class SparseStore:
    """BM25 (Lucene variant) over the analysed text of each passage, positions 0..n-1."""

    FOLDER = "bm25"

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> SparseStore:
        retriever = bm25s.BM25()
        retriever.index([analyze(t) for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    @classmethod
    def load(cls, folder: Path, size: int) -> SparseStore:
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        retriever = bm25s.BM25.load(str(folder / cls.FOLDER), show_progress=False)
        return cls(retriever, size)

    def save(self, folder: Path) -> list[Path]:
        target = folder / self.FOLDER
        self._retriever.save(str(target), show_progress=False)
        return sorted(p for p in target.iterdir() if p.is_file())

    def search(
        self, text: str, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """Positions of the k best-matching passages with BM25 scores > 0, best first."""
        terms = analyze(text)
        if self.size == 0 or not terms or k <= 0:
            return []
        mask = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            mask = np.zeros(self.size, dtype=np.float32)
            mask[np.asarray(allowed, dtype=np.int64)] = 1.0
        docs, scores = self._retriever.retrieve(
            [terms], k=min(k, self.size), show_progress=False, weight_mask=mask, n_threads=1
        )
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
