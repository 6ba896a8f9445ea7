"""Opinion questions: whether a question asks for an opinion, and the aspect it asks about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reelqa.index.text.lexicon import ASPECT_OF, ASPECT_TERMS, EVALUATIVE, VERDICT_CUES
from reelqa.index.text.tokens import STOPWORDS, TOKEN, fold, stem, wordset


@dataclass(frozen=True)
class OpinionQuery:
    """An opinion question: the aspect it asks about and the word stems reviews use for it."""

    aspect: str  # a name in ASPECTS, or the question's own noun when no aspect lists it
    terms: frozenset[str]


# Questions that ask for facts, however they are worded after their first words.
_FACTUAL = re.compile(
    r"^\s*(?:who|whom|whose|when|where|which|how\s+(?:long|many|much|old|far|often|big|tall|"
    r"early|late|soon)|what\s+(?:year|time|day|genre|kind|type|is\s+\S+'s\s+(?:job|name)))\b",
    re.I,
)
_ASKS = re.compile(
    r"\b(?:what\s+(?:do|does|did)\s+\w+\s+think|what\s+is\s+(?:your|their|the\s+critics?')\s+"
    r"(?:opinion|take|view|verdict)|opinion|how\s+would\s+(?:you|they)\s+(?:rate|describe)|"
    r"how\s+(?:do|did)\s+(?:you|they|people|critics|reviewers)\s+like|how\s+(?:you|to)\s+rate|"
    r"rate\s+the|quality|worth\s+(?:it|watching|seeing|a\s+watch|buying|the)|any\s+good|"
    r"should\s+i\s+(?:watch|see|buy)|do\s+(?:you|critics|reviewers|people)\s+(?:like|recommend)|"
    r"what\s+about|how\s+(?:good|bad|fun|funny|scary|well))\b",
    re.I,
)
_HOW_IS = re.compile(r"^\s*how\s+(?:is|are|was|were)\s+(?P<rest>.+)$", re.I)
_PREPOSITIONS = wordset("in of on for about from at to with by during than")


def opinion_query(question: str, title: str | None = None) -> OpinionQuery | None:
    """The opinion a question asks for ("is it worth watching?", "how is the acting?", "is
    it scary?"), or None for a question of fact ("who plays Jay?", "how long is it?", "how is
    Jay related to Na-young?"). The words of `title`, the film the question is about, are
    never its aspect ("is Scary Movie funny?" asks about humour)."""
    text = question.strip().rstrip("?!. ").strip()
    if not text or _FACTUAL.match(text):
        return None
    named = {fold(w) for w in TOKEN.findall(title)} if title else set()
    tokens = [fold(w) for w in TOKEN.findall(text)]
    tokens = [tokens[0], *(t for t in tokens[1:] if t not in named)] if tokens else tokens
    evaluative = any(t in EVALUATIVE or t.removesuffix("est") in EVALUATIVE for t in tokens[1:])
    how = _HOW_IS.match(text)
    if not (evaluative or _ASKS.search(text) or (how and _noun_phrase(how.group("rest")))):
        return None
    return _aspect(tokens)


def _noun_phrase(rest: str) -> bool:
    """`rest` of "how is ..." names a thing ("the special effects in Heat"), not a state
    ("Jay related to Na-young", "the film received")."""
    head: list[str] = []
    for word in rest.split():
        if fold(word) in _PREPOSITIONS:
            break
        head.append(fold(word))
    return bool(head) and not any(
        w.endswith(("ed", "en")) and stem(w) not in ASPECT_OF for w in head[1:]
    )


def _aspect(tokens: list[str]) -> OpinionQuery:
    asked = [t for t in tokens if t not in STOPWORDS and t not in VERDICT_CUES
             and t not in _QUESTION_WORDS]
    content = [t for t in asked if t not in EVALUATIVE]
    # a judging word may name the aspect itself: "is it scary?", "is it funny?"
    named = [ASPECT_OF[stem(t)] for t in asked if stem(t) in ASPECT_OF]
    specific = [a for a in named if a != "work"]
    if specific:
        return OpinionQuery(specific[0], ASPECT_TERMS[specific[0]])
    if named or not content:
        return OpinionQuery("work", ASPECT_TERMS["work"])
    noun = content[-1]
    return OpinionQuery(noun, frozenset({stem(noun)}))


_QUESTION_WORDS = wordset("review reviews reviewer reviewers critic critics audience audiences "
                          "think like opinion quality watch watching see seeing buy describe "
                          "would you your i me we they people critics reviewers rate")


