"""Names in a sentence and the cast or crew role each is credited with ("voiced by X")."""

from __future__ import annotations

import re

from reelqa.index.answer.span import Span
from reelqa.index.text.names import NAME
from reelqa.index.text.tokens import HYPHENATED, STOPWORDS, TOKEN, fold
from reelqa.index.text.vocabulary import (
    ACTIVE_ROLES,
    NAME_TITLES,
    PASSIVE_ROLES,
    POSSESSIVE_ROLES,
    TITLE_ROLES,
    WORK_CUES,
)

_DASH = "\u2014\u2013"
# "by newcomer X", "by the veteran actor X": a description between "by" and the name
DESCRIPTORS = "|".join(sorted(map(re.escape, NAME_TITLES)))
# A parenthetical credit inside a sentence: "(Hong Kyung)", ", voiced by X," or "— voiced by X —".
_CREDIT_ASIDE = re.compile(
    rf"\([^()]*\)|[,{_DASH}]\s*(?:voiced|played|portrayed)\b[^,{_DASH}().;]*[,{_DASH}]"
)


def names(sentence: str, common: frozenset[str] = frozenset()) -> list[Span]:
    """Capitalised name spans, without leading titles ("Director"), stopwords or possessive 's.

    `common` holds words seen in lower case nearby: a capitalised one of those at the start of
    a sentence is an ordinary word ("Visually"), not a name.
    """
    found: list[Span] = []
    for m in NAME.finditer(sentence):
        group: list[tuple[int, int]] = []
        for t in re.finditer(r"\S+", m.group()):
            group.append((t.start() + m.start(), t.end() + m.start()))
            if t.group()[-2:] in ("'s", "\u2019s"):  # "Priya Raman's The Salt Road": two names
                found.extend(_name(sentence, group, common))
                group = []
        found.extend(_name(sentence, group, common))
    return found


def _name(sentence: str, toks: list[tuple[int, int]], common: frozenset[str]) -> list[Span]:
    """The name in one run of capitalised tokens, if any is left after trimming its start."""
    while toks:
        w = fold(sentence[toks[0][0] : toks[0][1]])
        at_start = not sentence[: toks[0][0]].strip(" \"'\u201c\u2018*(")
        # "Visually, ..." opens a sentence; "Emily Blunt ..." does not stop at a comma
        adverb = w.endswith("ly") and sentence[toks[0][1] : toks[0][1] + 1] == ","
        ordinary = at_start and (adverb or (w in common and len(toks) == 1))
        if w in STOPWORDS or w in NAME_TITLES or ordinary:
            toks = toks[1:]
        else:
            break
    if not toks:
        return []
    start, end = toks[0][0], toks[-1][1]
    text = sentence[start:end]
    if text[-2:] in ("'s", "\u2019s"):
        end -= 2
        text = text[:-2]
    return [Span(start, end, text, 0.25)]


def mask_asides(sentence: str) -> str:
    """The sentence with parenthetical credits blanked out, offsets unchanged."""
    return _CREDIT_ASIDE.sub(lambda m: " " * len(m.group()), sentence)


def nearest_name_before(spans: list[Span], pos: int, text: str, gap: int) -> Span | None:
    """The name ending closest before `pos` with at most `gap` words between them."""
    before = [s for s in spans if s.end <= pos]
    if not before:
        return None
    best = before[-1]
    between = TOKEN.findall(text, best.end, pos)
    return best if len(between) <= gap else None


def person_spans(sentence: str, common: frozenset[str] = frozenset()) -> list[Span]:
    """Names with the role they are credited with and the character or work they are tied to."""
    spans = names(sentence, common)
    masked = mask_asides(sentence)
    out: list[Span] = []
    for x in spans:
        before = sentence[: x.start]
        # "Y, voiced with quiet heartbreak by X" / "Written and directed by X"
        passive = _passive(x, spans, sentence)
        if passive:
            out.extend(passive)
            continue
        # "X voices Y", "X lends her voice to Y", "X is superb as Y", "X brings warmth to Y"
        active = _active(x, spans, masked, sentence)
        if active:
            out.extend(active)
            continue
        # "director X", "composer X"
        prev = HYPHENATED.findall(before)[-1:]
        if prev and prev[0].lower() in TITLE_ROLES:
            out.append(_tie(x, 0.8, TITLE_ROLES[prev[0].lower()], None))
            continue
        # "X's direction", "X's performance as Y" is handled above
        m = re.match(r"['\u2019]s((?:\s+[\w-]+){1,3})", sentence[x.end :])
        nouns = [w.lower() for w in m.group(1).split()] if m else []
        role = next((POSSESSIVE_ROLES[w] for w in nouns if w in POSSESSIVE_ROLES), None)
        if role:
            out.append(_tie(x, 0.8, role, None))
            continue
        out.append(x)
    return out


def _passive(x: Span, spans: list[Span], sentence: str) -> list[Span]:
    """Role spans for "<role>ed ... by X" within one clause, tied to the name just before."""
    before = sentence[: x.start]
    described = r"(?:(?:the\s+|a\s+)?(?:[a-z-]+\s+)?(?:" + DESCRIPTORS + r")\s+)?"
    link = re.search(r"\b(by|from)\s+" + described + r"[\"'*]*$", before)
    if not link:
        return []
    cut = max(before.rfind(c) for c in ",;:(.\u2014\u2013")
    clause_start = cut + 1 if cut >= 0 and not before[cut + 1 :].strip().startswith("by") else 0
    cues = [
        m
        for m in HYPHENATED.finditer(before, clause_start)
        if m.group().lower() in PASSIVE_ROLES
    ]
    if link.group(1) == "from":  # "the score from X", not "a warmth from X"
        cues = [c for c in cues if c.group().lower() in WORK_CUES]
    if not cues or len(HYPHENATED.findall(before, clause_start)) > 10:
        return []
    cue_pos = cues[0].start()
    y = _subject_before(spans, cue_pos, sentence)
    roles = dict.fromkeys(PASSIVE_ROLES[c.group().lower()] for c in cues)
    return [_tie(x, 1.0, role, y, sentence) for role in roles]


def _subject_before(spans: list[Span], pos: int, sentence: str) -> Span | None:
    """The name a passive credit at `pos` describes: "Jay, voiced by", "Jay is voiced by",
    "Jay, a lighthouse keeper played by"."""
    before = [s for s in spans if s.end <= pos]
    if not before:
        return None
    between = sentence[before[-1].end : pos]
    linking = r"\s*(?:,|\(|[\u2014\u2013])?\s*(?:(?:who\s+)?(?:is|was|are|were|being)\s*)?"
    apposition = r"\s*,\s*(?:a|an|the)\s+[\w' -]{0,40}?\s*"
    ok = re.fullmatch(linking, between) or re.fullmatch(apposition, between)
    return before[-1] if ok else None


def _active(x: Span, spans: list[Span], masked: str, sentence: str) -> list[Span]:
    """Role spans where X is the subject: "X voices Y", "X as Y", "X lends his voice to Y",
    or X is the actor named in brackets after the character: "Jay (Hong Kyung)"."""
    if masked[x.start : x.end].strip() == "":
        opening = sentence.rfind("(", 0, x.start)
        earlier = [s for s in spans if s.end <= opening]
        if opening >= 0 and earlier and not sentence[earlier[-1].end : opening].strip():
            return [_tie(x, 0.9, "perform", earlier[-1], sentence)]  # "Jay (Hong Kyung)"
        return []  # X sits inside some other aside and is no subject here
    rest = masked[x.end :]
    later = [s for s in spans if s.start >= x.end]
    clause = re.split(r"[.;:!?]", rest, maxsplit=1)[0]
    m = re.match(
        r"(?:['\u2019]s)?\s*,?\s*(?:who\s+)?(?:(?:\w+ly|also|later|then|once|now|first|still)\s+)?"
        r"(\w+(?:\s+as)?)\b",
        clause,
    )
    verb = m.group(1).lower() if m else ""
    if verb in ACTIVE_ROLES or verb.endswith(" as") and verb[:-3] in ("stars", "starred"):
        role = ACTIVE_ROLES.get(verb, "perform")
        y = _first_name_within(later, x.end + m.end() if m else x.end, masked, gap=4)
        return [_tie(x, 1.0, role, y, masked)]
    m = re.match(r"\s+(?:lends|gives|lent|gave)\s+(?:his|her|their|its)\s+voices?\s+to\s+", clause)
    if m:
        y = _first_name_within(later, x.end + m.end(), masked, 0)
        return [_tie(x, 1.0, "perform", y, masked)]
    nxt = [s for s in later if s.start < x.end + len(clause)]
    if (
        nxt
        and re.fullmatch(r"\s+is\s+", clause[: nxt[0].start - x.end])
        and " " in x.text
        and " " in nxt[0].text
    ):
        return [_tie(x, 0.7, "perform", nxt[0], masked)]  # "Val Kilmer is Chris Shiherlis"
    m = re.search(
        r"\bas\s+(?:the\s+voice\s+of\s+)?$", clause[: nxt[0].start - x.end] if nxt else ""
    )
    if m and len(TOKEN.findall(clause, 0, m.start())) <= 10:
        return [_tie(x, 1.0, "perform", nxt[0], masked)]
    m = re.match(r"\s+(?:brings|brought|lends|lent|gives|gave)\s+(?:[\w-]+\s+){1,5}?to\s+", clause)
    if m and nxt and nxt[0].start == x.end + m.end():
        return [_tie(x, 0.7, "perform", nxt[0], masked)]
    return []


def _first_name_within(later: list[Span], pos: int, text: str, gap: int) -> Span | None:
    """The first name starting after `pos` with at most `gap` words before it ("the role of")."""
    if not later:
        return None
    first = min(later, key=lambda s: s.start)
    between = TOKEN.findall(text, pos, first.start)
    return first if first.start >= pos and len(between) <= gap else None


def _tie(x: Span, strength: float, role: str, target: Span | None, text: str = "") -> Span:
    """X credited in `role`, tied to `target`: "jay", or "jay|mother" for "plays Jay's mother"."""
    if target is None:
        return Span(x.start, x.end, x.text, strength, role, None)
    m = re.match(r"['\u2019]s\s+([a-z][\w-]*)", text[target.end :]) if text else None
    relative = f"|{m.group(1)}" if m and m.group(1) not in STOPWORDS else ""
    tied = fold(target.text) + relative
    # "Kang's partner, the wisecracking Min (X)": X also plays Kang's partner
    a = re.search(
        r"([\w-]+)['\u2019]s\s+([a-z][\w-]*),\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+)?$",
        text[: target.start],
    )
    if a and a.group(2) not in STOPWORDS:
        tied += f"&{fold(a.group(1))}|{a.group(2)}"
    return Span(x.start, x.end, x.text, strength, role, tied)
