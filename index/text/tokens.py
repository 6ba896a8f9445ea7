"""Words of review and question text: the token patterns, folding, a light stemmer, stop words.

Every stage reads words through this module: ingest (BM25 terms), credits (names and cues),
question understanding and answers. It imports nothing else of reelqa.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def wordset(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text` (word lists read best as prose)."""
    return frozenset(text.split())


WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'\u2019][A-Za-z0-9\u00C0-\u024F]+)*")

# A word with its apostrophes and hyphens ("Jay's", "Na-young"), as the credits and question
# readers cut text; `WORD` above is stricter about letters, for the answer stage's spans.
TOKEN = re.compile(r"[\w'\u2019-]+")
# A hyphenated word without apostrophes ("co-star"), and one that may hold a slash
# ("writer/director") as crew roles are written.
HYPHENATED = re.compile(r"[\w-]+")
SLASHED = re.compile(r"[\w/-]+")


def tokens(text: str) -> list[str]:
    """The words of `text` as `TOKEN` cuts them."""
    return TOKEN.findall(text)


# Function words: never a question's focus, never part of a name whatever their case.
FUNCTION_WORDS = wordset(
    """a an the and or but if of in on at to for from by with about as into onto over under is
    are was were be been being am do does did has have had will would shall should can could
    may might must it its this that these those there here i me my we our you your he him
    his she her they them their what which who whom whose when where why how not no so than
    then too very just also any some all each both such one up down out off again once own
    same other while via per"""
)
# Stop words of questions and passages: function words, and the prepositions and quantifiers
# that are no focus of a question either.
STOPWORDS = FUNCTION_WORDS | wordset(
    """done doing having it's ones others during whether behind above below between through
    across against among around without within toward towards upon near beyond inside
    outside along amid"""
)

# Words that are never a name, however capitalised ("But", "Oh", "Okay"): function words
# and the conjunctions and interjections that open sentences in user reviews.
NOT_NAMES = FUNCTION_WORDS | wordset(
    """nor only after before though although because since until unless however still yet now
    even well oh yes ok okay lol plus like unlike i'm i've i'd i'll it's that's there's"""
)

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word of `text`; hyphens and apostrophes stay inside words."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


@lru_cache(maxsize=1 << 18)  # a pure function of the word, called for every word of a build
def fold(word: str) -> str:
    """Lower-case, straight apostrophes, no possessive `'s`."""
    w = word.translate(_QUOTES).lower()
    return w[:-2] if w.endswith("'s") else w


_IRREGULAR = {
    form: base
    for base, forms in (
        ("write", "wrote written"),
        ("make", "made"),
        ("shoot", "shot"),
        ("take", "took taken"),
        ("give", "gave given"),
        ("speak", "spoke spoken"),
        ("tell", "told"),
        ("say", "said"),
        ("think", "thought"),
        ("bring", "brought"),
        ("go", "went gone goes"),
        ("see", "saw seen"),
        ("begin", "began begun"),
        ("draw", "drew drawn"),
        ("sing", "sang sung"),
        ("lead", "led"),
        ("leave", "left"),
        ("meet", "met"),
        ("run", "ran"),
        ("win", "won"),
        ("fall", "fell fallen"),
        ("find", "found"),
        ("hold", "held"),
        ("keep", "kept"),
        ("know", "knew known"),
        ("lose", "lost"),
        ("feel", "felt"),
        ("become", "became"),
        ("choose", "chose chosen"),
        ("fly", "flew flown"),
        ("grow", "grew grown"),
        ("hide", "hid hidden"),
        ("steal", "stole stolen"),
        ("sell", "sold"),
        ("send", "sent"),
        ("spend", "spent"),
        ("stand", "stood"),
        ("teach", "taught"),
        ("wear", "wore worn"),
        ("die", "died dies dying"),
        ("live", "lived lives living"),
        ("buy", "bought"),
        ("fight", "fought"),
    )
    for form in forms.split()
}


@lru_cache(maxsize=1 << 18)  # a pure function of the word: words repeat, so a build asks
def stem(word: str) -> str:  # for a few thousand stems a million times
    """A light suffix-stripping stem, enough to match voices/voiced/voicing or sets/set."""
    w = fold(word)
    w = _IRREGULAR.get(w, w)
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix in ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if suffix == "s" and w.endswith(("ss", "us", "is")):
            continue  # gross, bonus, analysis: not plurals
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # stopp(ed) -> stop
    return w


def normalise(text: str) -> str:
    """Compare form of answers and evidence: no markup, straight quotes, folded case and space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.lower().split())


