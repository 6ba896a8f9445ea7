"""Cast credits in brackets: "Y (X)", "Y (a superb X)", "X (as Y)", "her mother (X)"."""

from __future__ import annotations

import re

from reelqa.index.credits.context import RANK, Ctx
from reelqa.index.credits.models import Claim
from reelqa.index.text.tokens import FUNCTION_WORDS
from reelqa.index.text.vocabulary import ACTOR, VOICE

_PAREN_OPEN = re.compile(r"^\s*\(\s*$")
_PAREN_DESCRIBED = re.compile(r"^\s*\(\s*(?:a|an|the)\s+((?:[a-z-]+\s+){0,3})$")
# a cast roll-call: "Ann Lee (as Captain Mara Vance), Tom Hill (as old Tobias)"
_PAREN_AS = re.compile(r"^\s*\(\s*(?:plays\s+|playing\s+)?as\s+(the\s+voice\s+of\s+)?"
                       r"(?:(?:the|a|an|his|her|their)\s+)?(?P<described>(?:[a-z][\w-]*\s+){0,2})"
                       rf"{RANK}$")
_PAREN_CLOSE = re.compile(r"^\s*(?:\)|,|/|;|&|and\b|in\b|who\b|-|\u2014|\u2013)")
# "Ira Levin (Sliver, The Stepford Wives)", "EON (Harry Saltzman and Albert Broccoli)": a
# list in the brackets (works, people), not one actor
_PAREN_LIST = re.compile(r"^\s*(?:,|and\b|&)\s*[\"'\u201c]?[A-Z]")
_RELATIVE_CLOSE = re.compile(r"^['\u2019]s\s+[a-z-]+\s*\)")  # "(as Hoffman's wife)"
_P8 = re.compile(r"[a-z]\s*\(\s*$")


def paren(c: Ctx) -> list[Claim | None]:
    """ "Y (X)", "Y(X)", "Hélène (a superb Marthe Keller)", "her mother (Anne Bancroft)",
    "X (as Y)"."""
    text = c.review.text
    out: list[Claim | None] = []
    after_next = text[c.nxt.end : c.nxt.end + 30] if c.nxt is not None else ""
    m = _PAREN_AS.match(c.right) if c.nxt is not None else None
    if m and _plain_descriptor(m.group("described")) and (
            _PAREN_CLOSE.match(after_next) or _RELATIVE_CLOSE.match(after_next)):
        out.append(c.claim(VOICE if m.group(1) else ACTOR, c.m, c.nxt, "paren-as", 0.95))
    elif c.nxt is not None and _PAREN_CLOSE.match(after_next) and not _PAREN_LIST.match(
            after_next):
        if _PAREN_OPEN.match(c.right):
            out.append(c.claim(ACTOR, c.nxt, c.m, "paren", 0.8, reversible=True))
        elif (d := _PAREN_DESCRIBED.match(c.right)) and _plain_descriptor(
                d.group(1).removesuffix("by ")):  # "(a neat turn by X)", not "(the kid who"
            out.append(c.claim(ACTOR, c.nxt, c.m, "paren-described", 0.9))
    # "her brash mother (Anne Bancroft)": a cast credit with no named character
    if (
        _P8.search(c.left)
        and _PAREN_CLOSE.match(text[c.m.end : c.m.end + 12])
        and (c.prev is None or text[c.prev.end : c.m.start].count("(") == 1)
    ):
        out.append(c.claim(ACTOR, c.m, None, "paren-np", 0.4))
    return out


def _plain_descriptor(words: str) -> bool:
    """Words before a character's name that describe it ("old Tobias"), not a phrase about
    someone else ("the father of Hoffman")."""
    return not FUNCTION_WORDS.intersection(words.split())
