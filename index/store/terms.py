"""The BM25 analyser: lower-cased, accent-folded, stop-word-free, lightly stemmed terms."""

from __future__ import annotations

import re
import unicodedata

from reelqa.index.text.lexicon import GENERIC
from reelqa.index.text.tokens import STOPWORDS, stem, wordset

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Question words and function words carry no topic: in "What does Jay do for a living?" they
# would otherwise outweigh the one name that matters. "film" and "movie" are in every review.
_STOPWORDS = STOPWORDS | GENERIC | wordset("s t ll re ve don doesn didn isn wasn let lets get got")
# Role nouns meet their verbs, so "who directed" finds "director Han Ji-won".
_ROLES = {"director": "direct", "directors": "direct", "writer": "write", "writers": "write",
          "composer": "compose", "composers": "compose", "singer": "sing", "actor": "act",
          "actors": "act", "actress": "act", "producer": "produce", "narrator": "narrate",
          "editor": "edit", "designer": "design", "animator": "animate"}


def analyze(text: str) -> list[str]:
    """Lower-cased, accent-folded, stop-word-free, lightly stemmed terms of `text`."""
    folded = text.lower()
    if not folded.isascii():  # ASCII has no accents to fold
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    tokens = _TOKEN.findall(folded)
    return [
        t if t.isdigit() else stem(_ROLES.get(t, t))
        for t in tokens
        if t not in _STOPWORDS and (len(t) > 1 or t.isdigit())
    ]
