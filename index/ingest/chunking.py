"""Split a review's clean text into sentences and overlapping passages with exact offsets."""

from __future__ import annotations

import re

from reelqa.index.records import Passage, Review
from reelqa.index.text.sentences import sentence_spans

_WORD = re.compile(r"\S+")


def chunk_review(
    review: Review, min_words: int = 60, max_words: int = 120, overlap_words: int = 30
) -> list[Passage]:
    """Passages of about `min_words`..`max_words` words made of whole sentences.

    Consecutive passages share their boundary sentence(s) up to `overlap_words` words, so an
    answer that spans a chunk boundary is still found whole. A sentence longer than
    `max_words` is cut at word boundaries.
    """
    units = sentence_units(review.text, max_words)
    if not units:
        return []
    counts = [len(_WORD.findall(review.text, s, e)) for s, e in units]
    windows: list[tuple[int, int]] = []  # unit index ranges [i, j)
    i = 0
    while i < len(units):
        j, words = i, 0
        while j < len(units) and (words < min_words or words + counts[j] <= max_words):
            if words + counts[j] > max_words and words > 0:
                break
            words += counts[j]
            j += 1
        windows.append((i, j))
        if j >= len(units):
            break
        back, shared = j, 0  # step back over whole sentences worth <= overlap_words
        while back - 1 > i and shared + counts[back - 1] <= overlap_words:
            back -= 1
            shared += counts[back]
        i = back
    windows = _merge_small_tail(windows, counts, min_words, max_words)
    return [
        Passage(id=f"{review.id}#{n}", review=review, n=n, start=units[a][0], end=units[b - 1][1])
        for n, (a, b) in enumerate(windows)
    ]


def _merge_small_tail(
    windows: list[tuple[int, int]], counts: list[int], min_words: int, max_words: int
) -> list[tuple[int, int]]:
    """Make a last passage under min_words whole: fold it into the one before if that fits,
    else widen it backwards over earlier sentences, up to max_words."""
    if len(windows) < 2 or sum(counts[slice(*windows[-1])]) >= min_words:
        return windows
    (a, _), (_, d) = windows[-2], windows[-1]
    if sum(counts[a:d]) <= max_words:
        return [*windows[:-2], (a, d)]
    start, words = d, 0
    while start > 0 and words + counts[start - 1] <= max_words:
        start -= 1
        words += counts[start]
    return [*windows[:-1], (start, d)]


def sentence_units(text: str, max_words: int = 120) -> list[tuple[int, int]]:
    """Sentences, with any sentence over max_words cut into word windows: the units that
    passages are made of and that the dense index embeds one by one."""
    units = []
    for start, end in sentence_spans(text):
        words = list(_WORD.finditer(text, start, end))
        for k in range(0, len(words), max_words):
            piece = words[k : k + max_words]
            units.append((piece[0].start(), piece[-1].end()))
    return units
