"""Spoiler warnings in reviews: where the part a reader may not want to see begins."""

from __future__ import annotations

import re
from functools import lru_cache

# "*** SPOILER ***", "SPOILERS BELOW", "spoiler alert", "(spoilers)", "Warning: spoilers ahead"
# and the like; "no spoilers", "spoiler-free" and "without spoiling" are promises, not warnings.
_WARNING = re.compile(
    r"(?<![\w-])(?<!no )(?<!without )(?<!free of )(?<!not )"
    r"(?:minor |major |mild |some |possible |big |huge )?spoilers?(?![\w-])(?!\s*-?\s*free)"
    r"(?:[ \t]*(?:alert|warning|below|ahead|follow|included|inside|herein)\b)?"
    r"[ \t]*[*!:)\]=~\-.]*",
    re.IGNORECASE,
)
_NOT_A_WARNING = re.compile(r"(?:\b(?:no|without|free of|not|never)|n't)\b[\w ]{0,16}$",
                            re.IGNORECASE)


@lru_cache(maxsize=4096)  # every rendered passage asks about its review
def spoiler_start(text: str) -> int | None:
    """The offset in `text` where spoilers begin: just after the review's first spoiler
    warning, or None when it gives none."""
    for match in _WARNING.finditer(text):
        if _NOT_A_WARNING.search(text[max(0, match.start() - 24) : match.start()]):
            continue
        end = match.end()
        while end < len(text) and text[end].isspace():
            end += 1
        return end
    return None


def spoiler_ranges(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """`text[start:end]` cut into (start, end, is_spoiler) runs, in order."""
    at = spoiler_start(text)
    if at is None or at >= end:
        return [(start, end, False)]
    if at <= start:
        return [(start, end, True)]
    return [(start, at, False), (at, end, True)]
