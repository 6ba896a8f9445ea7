"""Sentence offsets in review text: the one splitter that chunking, credits and answers share."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

# Words after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e cf vol ch fig approx dept est inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft gen col lt sgt rev hon".split()
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space and
# the next sentence's first letter (group 1 when it is a small one).
_BOUNDARY = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?(?:[A-Z0-9\u00C0-\u024F]|([a-z])))"
)
# Reviews written without capitals ("this movie was awful. most of the jokes fall flat"): a
# sentence may start with a small letter after a period that ends a word of two or more
# letters that is no abbreviation ("Kathy Baker. but the film is Ed Harris's"), or after "!"
# or "?" ending a word in small letters ("Oliver! is" is a title). Never after "..", "…" (a
# pause: "i thought... maybe"), an initial or a word with dots inside ("u.s.", "t.v.").
_SMALL_END = re.compile(r"(?:\.|[!?]+)[\"'\u201d\u2019)\]]*")
# Abbreviations that come before small words ("feat. snoop", "ed. by"), checked only there: at
# a capital they may be a name ("Ed. He left").
_SMALL_ABBREVIATIONS = _ABBREVIATIONS | frozenset("feat ed eds pp min dir prod aka ca".split())
_SMALL_WORD = re.compile(r"[a-z\u00df-\u00ff]{2,}")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# A paragraph break, or a bullet that opens a list item ("Thus, the film omits: · his birth
# ... · his years in Manila"): both end a sentence, and the bullet is no part of the next.
_PARAGRAPH = re.compile(r"\n\s*\n|(?:^|\s)[\u2022\u00b7\u25aa\u2023\u25cf](?=\s)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`; paragraph breaks and bullets always end a
    sentence."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraph_spans(text):
        start = para_start
        for match in _BOUNDARY.finditer(text, para_start, para_end):
            if _is_abbreviation(text, start, match.start()) or (
                    match.group(1) and not _ends_small_sentence(text, start, match)):
                continue
            spans.append((start, match.end()))
            start = _skip_space(text, match.end(), para_end)
        if start < para_end:
            spans.append((start, para_end))
    return spans


def sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span holding offset `pos` (spans sorted, as `sentence_spans` returns them)."""
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return spans[max(i, 0)]


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


def _ends_small_sentence(text: str, sentence_start: int, match: re.Match[str]) -> bool:
    """True when a boundary before a small letter ends a sentence (see _SMALL_END)."""
    if not _SMALL_END.fullmatch(match.group()):
        return False
    window = text[max(sentence_start, match.start() - 32) : match.start()].rsplit(None, 1)
    word = window[-1].lstrip("(\"'\u201c\u2018") if window else ""
    if text[match.start()] == ".":
        return bool(_LETTERS.fullmatch(word)) and word.lower() not in _SMALL_ABBREVIATIONS
    return bool(_SMALL_WORD.fullmatch(word))


def is_abbreviation(word: str) -> bool:
    """True for a word (without its period) after which a period ends no sentence."""
    return word.lower() in _SMALL_ABBREVIATIONS


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
