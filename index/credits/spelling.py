"""Spelling closeness of names: one letter apart, swapped letters, spacing."""

from __future__ import annotations

Key = tuple[str, ...]


def close(a: str, b: str) -> bool:
    """Equal, or one letter apart in a word of five or more ("Farrel", "Farrell")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    return _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped: `edits(a, b) <= 1`
    in one pass (questions with no film compare a name against hundreds of credits)."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]


def same_words(a: Key, b: Key) -> bool:
    # callers compare keys of one length
    return all(close(x, y) for x, y in zip(a, b, strict=False))


def variant(a: Key, b: Key) -> bool:
    """Two spellings of one full name: same first and last words, give or take a letter,
    or the same letters spaced differently ("Robert DeNiro", "Robert De Niro")."""
    if len(a) < 2 or len(b) < 2:
        return False
    if close(a[0], b[0]) and close(a[-1], b[-1]):
        return True
    return a[0] == b[0] and "".join(a[1:]) == "".join(b[1:])


def edits(a: str, b: str) -> int:
    """Edit distance with swapped neighbours as one edit ("Pfieffer", "Pfeiffer")."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def match_character(asked: tuple[str, ...], credited: tuple[str, ...]) -> float:
    """How well a credited character's words fit the asked ones: 1 equal, 0.9 the question
    gives part of the name ("Creek" for "Little Creek"), 0.8 the credit gives part of the
    question's ("Marjorie" for "Attractive Marjorie"), 0.25 some words shared."""
    if "'s" in credited or "'s" in asked:  # "Tony Montana's sister" answers only that
        return 1.0 if asked == credited else 0.0
    if asked == credited:
        return 1.0
    hits = sum(1 for a in asked if any(close(a, c) for c in credited))
    if hits == 0:
        return 0.0
    if hits == len(asked):
        return 0.9
    if all(any(close(c, a) for a in asked) for c in credited):
        return 0.8
    return 0.25 * hits / len(asked)


def spelling_variant(a: str, b: str) -> bool:
    """Same surname, first names at most two letters apart with the same initial."""
    x, y = a.lower().split(), b.lower().split()
    if len(x) < 2 or len(y) < 2 or x[-1] != y[-1] or x[0][0] != y[0][0]:
        return False
    return edits(x[0], y[0]) <= 2
