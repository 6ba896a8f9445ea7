"""A review's words as a Discord quote: trimmed around what it stands for, the answering part
in bold, whatever lies past the review's spoiler warning inside spoiler tags."""

from __future__ import annotations

from reelqa.bot.discord.text import Segment, clean
from reelqa.index.ingest.spoilers import spoiler_ranges
from reelqa.index.records import Review

QUOTE_CHARS = 300  # the answering passage, trimmed around its answering sentence


def quoted(review: Review, start: int, end: int, focus: tuple[int, int] | None,
            limit: int) -> list[Segment]:
    """review.text[start:end] trimmed to about `limit` characters around `focus` (offsets in
    the review, shown in bold), with any part past a spoiler warning inside spoiler tags."""
    text = review.text
    f0, f1 = focus if focus is not None else (start, start)
    f0, f1 = max(f0, start), min(max(f1, f0), end)
    if f1 - f0 > limit:
        f1 = f0 + limit
    room = max(limit - (f1 - f0), 0)
    lo = max(start, f0 - room // 3) if end - start > limit else start
    hi = min(end, f1 + room - (f0 - lo))
    if lo > start:
        lo = _next_space(text, lo, f0)
    if hi < end:
        hi = _prev_space(text, hi, f1)
    pieces = [(lo, f0, "plain"), (f0, f1, "bold"), (f1, hi, "plain")]
    out: list[Segment] = [Segment("\u2026 ")] if lo > start else []
    for a, b, style in pieces:
        for s, e, spoiler in spoiler_ranges(text, a, b):
            flat = clean(text[s:e], flatten=True)
            if not flat:
                continue
            if out and out[-1].text != "\u2026 " and (text[s:s + 1].isspace()
                                                     or text[s - 1:s].isspace()):
                out.append(Segment(" "))
            out.append(Segment(flat, style, spoiler))  # type: ignore[arg-type]
    if hi < end:
        out.append(Segment(" \u2026"))
    return out


def _next_space(text: str, at: int, limit: int) -> int:
    found = text.find(" ", at, limit)
    return found + 1 if found >= 0 else at


def _prev_space(text: str, at: int, limit: int) -> int:
    found = text.rfind(" ", limit, at)
    return found if found >= 0 else at
