"""Which aspect of a film a sentence speaks of (scary, funny, violent, suitable for kids, the
acting, the music, the ending), and which way, decided at index time.

A sentence speaks of an aspect when it holds one of the aspect's cue words outside the film's
title ("Scary Movie", "Funny Games" say nothing of either). Its lean on the aspect:
  scary, funny, violent  yes, or no when the cue is negated ("not scary", "isn't funny at all",
                         "never scary", "unfunny", "lacks humour") -- VADER's sentiment cannot
                         say this: it scores "terrifying" negative, though a horror fan means it
                         as praise
  kids                   no when it says "not for kids", "too violent for children", else yes
  acting, music, ending  positive / mixed / negative from VADER's compound of the sentence
When no sentence of a film speaks of an aspect, `summarise` returns None: the answer is "No
review says whether it is scary". docs/judge.md gives the measurements.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import NEGATE

ASPECTS = ("scary", "funny", "violent", "kids", "acting", "music", "ending")
AFFIRMED = frozenset({"scary", "funny", "violent", "kids"})  # lean: yes / no
_WORD_END = r"(?![\w'-])"
_CUES = {
    "scary": r"scar(?:y|ier|iest|es|ed|ing)|scare|frightening|frightened|frightful|fright|"
             r"terrif(?:ying|ied|ies|y)|creep(?:y|ier|iest|iness)|spook(?:y|ier|iest|ed)|eerie|"
             r"chill(?:ing|s|er|ers)|horrif(?:ying|ied|ic)|dread|nightmar(?:e|es|ish)|"
             r"jump[- ]scares?|suspense(?:ful)?|goosebumps|shiver(?:s|ing)?|unnerving|"
             r"unsettling|disturbing",
    "funny": r"funn(?:y|ier|iest)|unfunny|laugh(?:s|ed|ing|ter)?|hilari(?:ous|ously|ty)|"
             r"hysterical(?:ly)?|"
             r"humou?r(?:ous|less)?|comic(?:al)?(?!\s+(?:books?|strips?))|comedic|jokes?|gags?|"
             r"witty|wit|amus(?:ing|ed)|"
             r"chuckl(?:e|es|ed|ing)|giggl(?:e|es|ed|ing)|slapstick|wisecracks?|one-liners?",
    "violent": r"violen(?:t|ce)|gor(?:e|y|ier)|blood(?:y|ier|shed|bath)|brutal(?:ity|ly)?|"
               r"gruesome|grisly|carnage|tortur(?:e|ed|ing)|mutilat(?:ed|ion)|decapitat\w*|"
               r"splatter|graphic(?:ally)?\s+(?:violen\w*|scenes?|deaths?|killings?|sex)",
    "kids": r"(?:for|to)\s+(?:(?:the|your|young|little|small|younger)\s+)*(?:kids|children|"
            r"child|families|family|youngsters|viewers\s+under)|family\s+(?:film|movie|fare|"
            r"entertainment|viewing|audiences?)|kid-friendly|family-friendly|all\s+ages|"
            r"rated\s+(?:r|pg(?:-13)?|g)|pg-13|parents?\s+(?:should|might|may|need|beware)|"
            r"young\s+children|small\s+children|little\s+ones",
    "acting": r"acting|acted|actors?|actress(?:es)?|performances?|performed|portray(?:al|als|s|"
              r"ed|ing)?|cast|casting|miscast|overacting|over-acted|underplayed",
    "music": r"music(?:al\s+score)?|score|soundtrack|songs?|composer|tunes?|melod(?:y|ies)|"
             r"singing|theme\s+song|orchestra(?:l|tion)?",
    "ending": r"ending|endings|finale|conclusion(?!\s*:)|climax|denouement|final\s+(?:scene|act|"
              r"twist|shot|minutes|showdown)|last\s+(?:scene|act|few\s+minutes|minutes|shot)",
}
_PATTERNS = {a: re.compile(r"(?<![\w'-])(?:" + p + ")" + _WORD_END, re.I)
             for a, p in _CUES.items()}
# Besides VADER's negations ("not", "isn't", "never", "without", ...): words that deny what
# follows them, and cue words that deny themselves.
_DENY = frozenset(NEGATE) | frozenset("no lack lacks lacking lacked devoid hardly barely "
                                      "fails failed fail zero".split())
# Wanting or trying is not being: "tries too hard to be funny", "needed more humour".
_ATTEMPT = re.compile(r"\b(?:tr(?:y|ies|ied|ying)|attempts?|attempted|wants?|wanted|supposed|"
                      r"meant|intended|hoping|hoped|needs?|needed|could\s+have\s+used|would\s+"
                      r"(?:of|have)\s+liked)\b[^,;:.!?]{0,25}$", re.I)
_CLAUSE = re.compile(r"[,;:()\u2014]|\s-\s|\b(?:but|although|though|yet|while|whereas)\b",
                     re.I)
_SELF_DENYING = re.compile(r"unfunny|humou?rless", re.I)
_TOO_FOR = re.compile(r"\btoo\s+\w+(?:\s+\w+)?\s+for\s+(?:\w+\s+){0,2}(?:kids|children|child|"
                      r"families|family|youngsters)\b", re.I)
_TOKEN = re.compile(r"[\w'-]+")
_QUOTABLE = (8, 35)  # words


@dataclass(frozen=True)
class Mention:
    """A sentence's cue for one aspect: where it is and whether the sentence denies it."""

    aspect: str
    start: int
    end: int
    denied: bool


@dataclass(frozen=True)
class AspectSummary:
    """What a film's reviews say of one aspect: how many reviews speak of it, their leans
    (yes/no, or positive/mixed/negative) counted per review, and the sentences (positions in
    the input), the majority's first."""

    aspect: str
    reviews: int
    leans: dict[str, int]
    lean: str
    sentences: tuple[int, ...]


def mentions(text: str, title: str = "") -> list[Mention]:
    """Every aspect `text` speaks of, once each (its first cue), never inside `title`; a
    question ("Is it scary?") speaks of none."""
    if text.rstrip().rstrip("\"'\u201d)").endswith("?"):
        return []
    masked = mask_title(text, title)
    found = []
    for aspect, pattern in _PATTERNS.items():
        for match in pattern.finditer(masked):
            if match.start() > 0 and match.group().istitle() and " " not in match.group():
                continue  # a name mid-sentence: "Nightmare USA", "Scary Movie 2"
            found.append(Mention(aspect, match.start(), match.end(),
                                 _denied(masked, aspect, match)))
            break
    return found


def flags(found: Sequence[Mention]) -> tuple[int, int]:
    """The mentions as two bit masks over ASPECTS (spoken of, denied): 2 bytes a sentence."""
    spoken = denied = 0
    for m in found:
        bit = 1 << ASPECTS.index(m.aspect)
        spoken |= bit
        if m.denied:
            denied |= bit
    return spoken, denied


def lean_on(aspect: str, denied: bool, compound: float) -> str:
    """A sentence's lean on an aspect: yes/no for scary, funny, violent and kids; for the
    acting, music and ending, VADER's compound read positive (>= 0.05), negative (<= -0.05)
    or mixed."""
    if aspect in AFFIRMED:
        return "no" if denied else "yes"
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "mixed"


def summarise(aspect: str, spoken: Sequence[int], denied: Sequence[int],
              compounds: Sequence[float], reviews: Sequence[str],
              lengths: Sequence[int] = ()) -> AspectSummary | None:
    """What the sentences of one film (their flag masks, VADER compounds, review ids and,
    optionally, lengths in words) say of `aspect`; None when none speaks of it. A review
    counts once, with its most common lean on the aspect (its first on a tie). Sentences come
    majority's lean first, quotable ones (8-35 words) first, the strongest judgement first."""
    bit = 1 << ASPECTS.index(aspect)
    rows = [i for i, s in enumerate(spoken) if s & bit]
    if not rows:
        return None
    per_review: dict[str, list[str]] = {}
    for i in rows:
        per_review.setdefault(reviews[i], []).append(
            lean_on(aspect, bool(denied[i] & bit), float(compounds[i])))
    votes = Counter(Counter(ls).most_common(1)[0][0] for ls in per_review.values())
    lean = votes.most_common(1)[0][0]
    ordered = sorted(rows, key=lambda i: (
        lean_on(aspect, bool(denied[i] & bit), float(compounds[i])) != lean,
        not _QUOTABLE[0] <= (lengths[i] if lengths else _QUOTABLE[0]) <= _QUOTABLE[1],
        -abs(float(compounds[i]))))  # the majority's plainest judgement first
    return AspectSummary(aspect, len(per_review), dict(votes), lean, tuple(ordered))


def mask_title(text: str, title: str) -> str:
    """`text` with each occurrence of the title blanked out (same length, offsets kept)."""
    words = _TOKEN.findall(title)
    if not words:
        return text
    pattern = r"(?<![\w'-])" + r"[\W_]{0,3}".join(re.escape(w) for w in words) + _WORD_END
    return re.sub(pattern, lambda m: " " * len(m.group()), text, flags=re.I)


def _denied(text: str, aspect: str, cue: re.Match[str]) -> bool:
    """The sentence denies the cue: a negation among the five words before it in its clause
    ("not very scary", "doesn't seem to be anything funny"), an attempt or a wish rather than
    the thing ("tries too hard to be funny", "needed more humour"), a cue that denies itself
    ("unfunny"), or "too ... for kids"."""
    if aspect == "kids" and _TOO_FOR.search(text):
        return True
    if aspect in ("scary", "funny") and _SELF_DENYING.fullmatch(cue.group()):
        return True
    head = text[: cue.start()]
    clause = head[max((m.end() for m in _CLAUSE.finditer(head)), default=0):]
    if _ATTEMPT.search(clause):
        return True
    before = [w.lower().replace("\u2019", "'") for w in _TOKEN.findall(clause)][-5:]
    return any(w in _DENY or w.endswith("n't") for w in before)
