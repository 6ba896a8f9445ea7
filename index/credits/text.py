"""Sentence offsets and word folding for review text, tolerant of user-review typing."""

from __future__ import annotations

import re
from bisect import bisect_right

# Periods that do not end a sentence: titles, initials, "Jr.", "vs."
_ABBREV = frozenset(
    "mr mrs ms dr st jr sr vs prof gen col lt sgt capt rev mt ft no vol etc e.g i.e".split()
)
# ". " / "?!" then anything, or a period glued to a capital ("films.It") in user reviews.
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?:\s+|(?=[A-Z][a-z]))|\n+")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'"})


def fold(word: str) -> str:
    """Lower case, straight apostrophes, no possessive 's."""
    w = word.translate(_FOLD).lower()
    return w[:-2] if w.endswith("'s") else w


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group()[0] == "." and _abbreviation(text, start, m.start()):
            continue
        end = m.start() + len(m.group().rstrip())
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span holding offset `pos` (spans sorted, as `sentences` returns them)."""
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return spans[max(i, 0)]


def _abbreviation(text: str, start: int, dot: int) -> bool:
    space = max(text.rfind(" ", start, dot), text.rfind("(", start, dot), start - 1)
    word = text[space + 1 : dot].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())
