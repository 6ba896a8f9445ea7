"""Discord Markdown: escape untrusted text and cut styled text cleanly to a length limit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

Style = Literal["plain", "bold", "raw"]
ELLIPSIS = "\u2026"
# Characters that start Markdown, masked links, code, spoilers or mentions anywhere, and those
# that do so only at the start of a line (quotes, headings, lists). Discord drops a backslash
# before any punctuation, so escaping them is always safe; fewer escapes read better in
# notifications, which show the raw text.
_SPECIAL = frozenset("\\*_~|`[]<@")
_LINE_START = re.compile(r"(?m)^\s*(?:[-#>+]|\d+\.)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_JOINERS = frozenset("\u200d\u2060")
# User, role and channel mentions as Discord sends them, and the two mass mentions.
_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|(?<!\w)@(?:everyone|here)\b")


@dataclass(frozen=True)
class Segment:
    """A run of text: `plain` and `bold` are escaped on output, `raw` is our own Markdown."""

    text: str
    style: Style = "plain"
    spoiler: bool = False  # shown inside Discord spoiler tags ||...||

    @property
    def marks(self) -> tuple[str, ...]:
        """The Markdown markers around this segment's text, outermost first."""
        if self.style == "raw":
            return ()
        return (("||",) if self.spoiler else ()) + (("**",) if self.style == "bold" else ())


def utf16_len(text: str) -> int:
    """Length as Discord's clients count it: UTF-16 code units (an emoji may count 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean(text: str, flatten: bool = False) -> str:
    """Repair lone surrogates, drop control characters; `flatten` folds all whitespace to spaces."""
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _CONTROL.sub(" ", text)
    return _SPACE.sub(" ", text).strip() if flatten else text


def strip_mentions(text: str) -> str:
    """A question without the mentions in it ("<@123> @everyone who voices Jay?" -> "who voices
    Jay?"): they address people, they are not part of what is asked."""
    return _SPACE.sub(" ", _MENTION.sub(" ", text)).strip()


def escape(text: str) -> str:
    """`text` with every Markdown and mention marker escaped, so it renders literally."""
    return "".join(_escaped_units(text))


def render(segments: Sequence[Segment]) -> str:
    """The Markdown for `segments`, uncut."""
    out = []
    for seg in segments:
        if seg.style == "raw":
            out.append(seg.text)
        elif seg.text:
            body = escape(clean(seg.text))
            out.append("".join(seg.marks) + body + "".join(reversed(seg.marks)))
    return "".join(out)


def fit(segments: Sequence[Segment], limit: int, ellipsis: str = ELLIPSIS) -> str:
    """The Markdown for `segments`, at most `limit` UTF-16 units, cut cleanly if too long.

    A cut falls at a space when one is near, else between grapheme-like clusters; never inside
    a word when avoidable, an escape, a surrogate pair, a raw segment or a bold or spoiler
    marker (bold and spoiler text are closed before the ellipsis).
    """
    whole = render(segments)
    if utf16_len(whole) <= limit:
        return whole
    units = _units(_head(segments, limit + 1))
    budget = limit - utf16_len(ellipsis)
    keep = _longest_prefix(units, budget)
    keep = _clean_cut(units, keep)
    while keep and units[keep - 1].space:
        keep -= 1
    text = _join(units[:keep]) + ellipsis
    return text if utf16_len(text) <= limit else ellipsis[: max(limit, 0)]


def _head(segments: Sequence[Segment], chars: int) -> list[Segment]:
    """The first `chars` characters of `segments`: every character renders to at least one."""
    out: list[Segment] = []
    for seg in segments:
        if chars <= 0:
            break
        out.append(seg if seg.style == "raw" else replace(seg, text=seg.text[:chars]))
        chars -= len(seg.text)
    return out


@dataclass(frozen=True)
class _Unit:
    out: str  # what it renders to
    char: str  # the source character, "" for a raw segment (which is atomic)
    seg: int
    marks: tuple[str, ...]

    @property
    def space(self) -> bool:
        return self.char.isspace() if self.char else False


def _escaped_units(text: str) -> list[str]:
    # A segment may follow a line break or our "> ", so its own start counts as a line start.
    marks = {m.end() - 1 for m in _LINE_START.finditer(text)}
    return ["\\" + c if c in _SPECIAL or i in marks else c for i, c in enumerate(text)]


def _units(segments: Sequence[Segment]) -> list[_Unit]:
    units: list[_Unit] = []
    for n, seg in enumerate(segments):
        if seg.style == "raw":
            units.append(_Unit(seg.text, "", n, ()))
            continue
        text = clean(seg.text)
        units.extend(
            _Unit(out, char, n, seg.marks)
            for out, char in zip(_escaped_units(text), text, strict=True)
        )
    return units


def _join(units: Sequence[_Unit]) -> str:
    out: list[str] = []
    open_seg: int | None = None
    marks: tuple[str, ...] = ()
    for u in units:
        if u.seg != open_seg:
            out.extend(reversed(marks))
            marks, open_seg = u.marks, u.seg
            out.extend(marks)
        out.append(u.out)
    out.extend(reversed(marks))
    return "".join(out)


def _longest_prefix(units: Sequence[_Unit], budget: int) -> int:
    """The most units whose rendering (each marked run costs its opening and closing
    markers) fits."""
    cost, open_seg = 0, None
    for k, u in enumerate(units):
        cost += utf16_len(u.out)
        if u.seg != open_seg:
            cost += 2 * sum(len(m) for m in u.marks)
        open_seg = u.seg
        if cost > budget:
            return k
    return len(units)


def _clean_cut(units: Sequence[_Unit], keep: int) -> int:
    if keep >= len(units):
        return keep
    # Prefer a word boundary unless it throws away more than a third of the text.
    for k in range(keep, max(keep * 2 // 3, 1) - 1, -1):
        if units[k].space or not units[k].char or not units[k - 1].char:
            return k
    k = keep
    while k > 0 and (_binds_left(units[k].char) or units[k - 1].char in _JOINERS):
        k -= 1
    return k


def _binds_left(char: str) -> bool:
    """True for characters that belong to the one before them (marks, joiners, selectors)."""
    if not char:
        return False
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in _JOINERS
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (flag sequences)
        or 0xDC00 <= code <= 0xDFFF  # a low surrogate that survived as a code point
    )
