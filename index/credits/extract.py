"""Credit claims in review text: who plays whom, who directed, wrote, scored, shot or cut it."""

from __future__ import annotations

import re

from reelqa.index.credits import brackets, cast, crew, inverted
from reelqa.index.credits.context import Ctx
from reelqa.index.credits.models import Claim, ReviewText
from reelqa.index.credits.names import Mention, NameModel, mentions
from reelqa.index.text.sentences import sentence_at, sentence_spans
from reelqa.index.text.tokens import SLASHED, TOKEN
from reelqa.index.text.vocabulary import ACTIVE_OF, PASSIVE_OF, TITLE_OF, WORK_OF

_CUES = frozenset(
    {"as", "by", "from", "of"}
    | set(ACTIVE_OF)
    | set(TITLE_OF)
    | set(WORK_OF)
    | set(PASSIVE_OF)
    | {"starring", "featuring", "co-starring", "lends", "lent", "gives", "gave", "provides"}
)
_P_NAME_IS = re.compile(r"[a-z] is [A-Z]")
_QUOTES_OPEN = "\"\u201c'\u2018"
_QUOTES_CLOSE = "\"\u201d'\u2019"


def extract(model: NameModel, review: ReviewText) -> list[Claim]:
    """All credit claims in one review."""
    text = review.text
    spans = sentence_spans(text)
    # no name spans a sentence end ("It stars Tom J. Then ..."): such a run is cut there
    found = [m for m in _within(spans, mentions(model, review.film, text)) if not _quoted(text, m)]
    title = _title_key(review.film)
    out: list[Claim] = []
    si = 0
    live: dict[int, bool] = {}
    for i, m in enumerate(found):
        while si + 1 < len(spans) and spans[si][1] <= m.start:
            si += 1
        sent = spans[si]
        if si not in live:  # most sentences hold no cue at all: skip their names quickly
            piece = text[sent[0] : sent[1]]
            live[si] = (
                "(" in piece
                or not _CUES.isdisjoint(SLASHED.findall(piece.lower()))
                or _P_NAME_IS.search(piece) is not None
            )
        if not live[si]:
            continue
        prev = found[i - 1] if i > 0 and found[i - 1].end > sent[0] else None
        nxt = found[i + 1] if i + 1 < len(found) and found[i + 1].start < sent[1] else None
        left = text[prev.end if prev else sent[0] : m.start]
        right = text[m.end : nxt.start if nxt else sent[1]]
        ctx = Ctx(review, m, prev, nxt, left, right, sent, found, i, title)
        out.extend(_claims(ctx))
    return out


def _claims(c: Ctx) -> list[Claim]:
    out = [
        x
        for x in (
            *crew.passive(c),
            *cast.active(c),
            *cast.as_credit(c),
            *brackets.paren(c),
            *crew.title_before(c),
            *crew.title_after(c),
            *crew.possessive(c),
            *cast.starring(c),
            *inverted.inverted(c),
        )
        if x is not None
    ]
    return out + [x for x in inverted.aliases(c, out) if x is not None]


def names_by_sentence(model: NameModel, review: ReviewText
                      ) -> list[tuple[tuple[int, int], list[Mention]]]:
    """Each sentence of the review with the names in it, as `extract` reads them."""
    text = review.text
    spans = sentence_spans(text)
    found = [m for m in _within(spans, mentions(model, review.film, text)) if not _quoted(text, m)]
    by: dict[tuple[int, int], list[Mention]] = {}
    for m in found:
        by.setdefault(sentence_at(spans, m.start), []).append(m)
    return sorted(by.items())


def _within(spans: list[tuple[int, int]], found: list[Mention]) -> list[Mention]:
    """The mentions, each cut at the end of the sentence it starts in (offsets and words)."""
    out = []
    for m in found:
        end = sentence_at(spans, m.start)[1]
        if m.end <= end:
            out.append(m)
            continue
        words = m.text[: end - m.start].rstrip(" .").split()
        keep = len(words)
        if keep and keep < len(m.key):
            text = " ".join(words)
            out.append(Mention(m.start, m.start + len(text), text, m.key[:keep]))
    return out


def _quoted(text: str, m: Mention) -> bool:
    """A name in quotes is a title ("American Ninja"), not a person."""
    before = text[m.start - 1 : m.start] if m.start else ""
    after = text[m.end : m.end + 1]
    return before in _QUOTES_OPEN and before != "" and after in _QUOTES_CLOSE and after != ""


def _title_key(film: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in TOKEN.findall(film) if w.lower() not in ("the", "a", "an"))
