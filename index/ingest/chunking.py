"""Split a review's clean text into sentences and overlapping passages with exact offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reelqa.index.records import Passage, Review

# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e cf vol ch fig approx dept est inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft gen col lt sgt rev hon".split()
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])"
)
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\S+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`; paragraph breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraph_spans(text):
        start = para_start
        for match in _BOUNDARY.finditer(text, para_start, para_end):
            if _is_abbreviation(text, start, match.start()):
                continue
            spans.append((start, match.end()))
            start = _skip_space(text, match.end(), para_end)
        if start < para_end:
            spans.append((start, para_end))
    return spans


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


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH.finditer(text):
        if text[start : match.start()].strip():
            yield _strip(text, start, match.start())
        start = match.end()
    if text[start:].strip():
        yield _strip(text, start, len(text))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    """True when the period at `dot` ends an abbreviation or an initial ("J. R. R. Tolkien")."""
    if text[dot] != ".":
        return False
    # Only the word before the dot matters: look back a bounded window, or a paragraph of
    # initials would be re-read from its start at every dot (quadratic in its length).
    window = text[max(sentence_start, dot - 32) : dot].rsplit(None, 1)
    if not window:
        return False
    word = window[-1].lstrip("(\"'\u201c\u2018").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
