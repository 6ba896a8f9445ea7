"""Question analysis: what kind of answer a question wants and which words it is about."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reelqa.index.text.lexicon import GENERIC, PAST_QUESTION, RELATED
from reelqa.index.text.tokens import STOPWORDS, fold, stem, words, wordset
from reelqa.index.text.vocabulary import ASKED_WORKS, ROLE_WORDS

# Answer kinds, from the most specific span to the whole sentence.
GENRE = "genre"
PERSON, DATE, PLACE, QUANTITY = "person", "date", "place", "quantity"
OCCUPATION, ACTIVITY, REASON, QUOTE, YESNO, SENTENCE = (
    "occupation",
    "activity",
    "reason",
    "quote",
    "yesno",
    "sentence",
)

_ROLE_OF = {w: role for role, ws in ROLE_WORDS.items() for w in ws}

_PLACE_NOUNS = wordset(
    "city town country place planet location setting state region continent village island nation"
)
_DATE_NOUNS = wordset("year decade date century era month day")
_PERSON_NOUNS = wordset(
    "actor actress director writer composer producer person "
    "cinematographer editor screenwriter filmmaker star"
)
_JOB_NOUNS = wordset("job profession occupation career trade work")
_MONEY = wordset("money box office gross grossed earn earned make made budget cost revenue dollars")
_DURATION = wordset("runtime running length long duration minutes hours")
_DISTANCE = wordset("far distance apart away distant")
_SAY_VERBS = wordset(
    "say said says call called calls describe described describes "
    "think thought thinks write wrote praise praised"
)
# Phrases whose words mean little apart, and the one word reviews use for them.
_PHRASES = (
    (r"\btak(?:e|es|ing)\s+place\b", "set"),
    (r"\bcom(?:e|es|ing)\s+out\b", "released"),
    (r"\bhit\s+(?:the\s+)?(?:theaters|theatres|cinemas)\b", "released"),
)
_APOSTROPHE = str.maketrans({"\u2019": "'"})
_WH = wordset("who whom whose what which when where why how")
_AUX = wordset(
    "is are was were do does did can could will would has have had should may might must"
)


@dataclass(frozen=True)
class Question:
    """An analysed question: answer kind, role and target for "who", unit, and focus stems."""

    text: str
    kind: str
    focus: tuple[tuple[str, float], ...]  # (stem, weight) of the words the answer sits near
    role: str | None = None  # crew/cast role for person questions ("perform", "direct")
    targets: tuple[str, ...] = ()  # folded names the question is about ("jay", "na-young")
    unit: str | None = None  # quantity class: distance, duration, money, age, percent, count
    type_noun: str | None = None  # "city" in "which city", "year" in "what year"
    past: bool = False  # the question asks about a former state ("before", "used to")
    role_stems: tuple[str, ...] = ()  # focus stems that only name the role ("voic", "direct")
    relation: str | None = None  # "mother" in "who plays Jay's mother?": the one asked about


def phrased(question: str) -> str:
    """The question with set phrases in the words reviews use: "where does it take place?"
    asks where it is set, "when did it come out?" when it was released."""
    for phrase, word in _PHRASES:
        question = re.sub(phrase, word, question, flags=re.I)
    return question


def analyse(
    question: str,
    toks: Sequence[str],
    film_titles: Iterable[str] = (),
    known_names: frozenset[str] = frozenset(),
) -> Question:
    """Classify a question from its words (`toks`, of the `phrased` text `question`) and pick
    its focus words; words of film titles are not focus words.

    Targets are the question's capitalised words, and words the passages spell as names
    (`known_names`, folded), so "who voices jay" still asks about Jay.
    """
    low = [fold(w) for w in toks]
    title_words = {fold(w) for t in film_titles for _, _, w in words(t)}
    title_spans = _title_positions(low, film_titles)
    targets = tuple(
        low[i]
        for i, w in enumerate(toks)
        if i not in title_spans
        and low[i] not in STOPWORDS
        and ((i > 0 and w[:1].isupper()) or low[i] in known_names)
    )
    # "In Lost in Starlight, who voices Jay?": the question proper starts at its wh-word
    start = 0
    if low and low[0] not in _WH and low[0] not in _AUX:
        start = next((i for i, w in enumerate(low) if w in _WH), 0)
    kind, role, unit, type_noun = _classify(low[start:], set(targets))
    # "how many months": the counted noun stays a focus word, met inside "twelve months"
    skip = {type_noun} if type_noun and kind != QUANTITY else set()
    if kind == ACTIVITY:
        skip |= {"living", "work", "job"}  # "do for a living" is the question's frame
    focus: dict[str, float] = {}
    for i, w in enumerate(low):
        if w in STOPWORDS or w in skip or i in title_spans or not w:
            continue
        if kind == QUANTITY and w in ("much", "many", "far", "long"):
            continue
        weight = 0.3 if w in GENERIC or w in title_words else 1.0
        if w in targets:
            weight = 1.5  # a named character is the strongest anchor
        st = stem(w)
        if any(st in RELATED.get(f, ()) for f in focus if f != st):
            continue  # "box office" after "money": one concept counts once
        focus[st] = max(weight, focus.get(st, 0.0))
    if kind == QUOTE and not targets:
        kind = SENTENCE  # "what do critics think of it?": nobody named to quote
    role_words = set(ROLE_WORDS[role]) if role else set()
    relation = next(
        (
            low[i + 1]
            for i, w in enumerate(toks[:-1])
            if low[i] in targets
            and w.translate(_APOSTROPHE).endswith("'s")
            and toks[i + 1][:1].islower()
            and low[i + 1] not in STOPWORDS | _JOB_NOUNS | set(_ROLE_OF)
        ),
        None,
    )
    return Question(
        relation=relation,
        role_stems=tuple(stem(w) for w in low if w in role_words or w in _ROLE_OF),
        text=question,
        kind=kind,
        focus=tuple(focus.items()),
        role=role,
        targets=targets,
        unit=unit,
        type_noun=type_noun,
        past=any(w in PAST_QUESTION for w in low) or "used to" in " ".join(low),
    )


def _title_positions(low: list[str], film_titles: Iterable[str]) -> set[int]:
    """Indexes of question words that spell a film title (they name the work, not the answer)."""
    found: set[int] = set()
    for title in film_titles:
        tw = [fold(w) for _, _, w in words(title)]
        if not tw:
            continue
        for i in range(len(low) - len(tw) + 1):
            if low[i : i + len(tw)] == tw:
                found.update(range(i, i + len(tw)))
    return found


def _classify(low: list[str], targets: set[str]) -> tuple[str, str | None, str | None, str | None]:
    """(kind, role, unit, type_noun) from the question's words, wh-word first."""
    if not low:
        return SENTENCE, None, None, None
    first, rest = low[0], low[1:]
    joined = " ".join(low)
    # the work named wins over the verb: "who wrote the music?" asks for the composer
    role = next((_ROLE_OF[w] for w in rest if w in ASKED_WORKS), None) or next(
        (_ROLE_OF[w] for w in rest if w in _ROLE_OF), None
    )
    if first in ("who", "whom", "whose"):
        described = [w for w in rest[1:] if w not in STOPWORDS and w not in targets]
        if rest and rest[0] in ("is", "was", "are") and role is None and not described:
            return SENTENCE, None, None, None  # "who is Jay?" asks for a description
        return PERSON, role, None, None
    if first in ("when",):
        return DATE, None, None, None
    if first == "where":
        return PLACE, None, None, None
    if first == "why":
        return REASON, None, None, None
    if first == "how" and rest:
        return _classify_how(rest, joined)
    if first in ("what", "which"):
        noun = rest[0] if rest else ""
        if noun == "genre" or (noun in ("kind", "type", "sort") and "of" in rest[1:2]):
            return GENRE, None, None, noun  # "what genre is it?", "what kind of film is it?"
        if noun in _PLACE_NOUNS:
            return PLACE, None, None, noun
        if noun in _DATE_NOUNS:
            return DATE, None, None, noun
        if "name" in rest and rest[0] in ("is", "was", "s", "name"):
            return PERSON, None, None, "name"  # "what is the name of Jay's dog?"
        if noun in _PERSON_NOUNS:
            return PERSON, _ROLE_OF.get(noun, role), None, noun
        if re.search(r"\b(?:used|use) to be$|\bwork as$", joined):
            return OCCUPATION, None, None, None  # "what did Jay use to be?"
        if any(w in _JOB_NOUNS for w in rest) and "do" not in rest:
            return OCCUPATION, None, None, next(w for w in rest if w in _JOB_NOUNS)
        if re.search(r"\bdoes|\bdid|\bdo\b", joined) and re.search(
            r"\bdo(?: for a living| for work)?$", joined
        ):
            return ACTIVITY, None, None, None
        if any(w in _SAY_VERBS for w in rest) and any(w in ("did", "does", "do") for w in rest):
            return QUOTE, None, None, None
        if any(w in _DURATION for w in rest):
            return QUANTITY, None, _duration(rest), None
        if any(w in ("budget", "gross", "cost", "revenue", "earnings") for w in rest) or (
            "box" in rest and "office" in rest
        ):
            return QUANTITY, None, "money", None
        if "percentage" in rest or "percent" in rest:
            return QUANTITY, None, "percent", None
        return SENTENCE, None, None, None
    if first in _AUX:
        return YESNO, None, None, None
    return SENTENCE, None, None, None


def _classify_how(rest: list[str], joined: str) -> tuple[str, str | None, str | None, str | None]:
    """ "how far/long/much/many/old" ask for quantities; "how did X describe" for a quote."""
    word = rest[0]
    if word == "far" or any(w in _DISTANCE for w in rest[:3]):
        return QUANTITY, None, "distance", None
    if word == "long":
        return QUANTITY, None, _duration(rest), None
    if word == "old":
        return QUANTITY, None, "age", None
    if word == "much":
        return QUANTITY, None, "money" if any(w in _MONEY for w in rest) else "count", None
    if word == "many":
        return QUANTITY, None, "count", rest[1] if len(rest) > 1 else None
    if any(w in _SAY_VERBS for w in rest) and re.search(r"\bdescribe|\bcall", joined):
        return QUOTE, None, None, None
    return SENTENCE, None, None, None


def _duration(rest: list[str]) -> str:
    """ "runtime" (minutes, hours) when the film's length is asked, else any "duration"."""
    about_film = {"film", "movie", "runtime", "running", "length", "it"} & set(rest)
    return "runtime" if about_film else "duration"
