"""What a film is based on, as its reviews say it: "based on the novel by Jim Thompson", "a
2001 remake of the 1997 movie Abre Los Ojos", "a sequel to Angels With Dirty Faces", "adapted
from Metcalfe's play".

Like genres, the relations a film has to an earlier work are a closed class (based on, adapted
from, an adaptation of, inspired by, a remake of, a sequel to, a film version of). A sentence
states one for the film it reviews when three things hold:
  - the relation's subject is the film: the sentence opens with it ("Based on a true story,
    ..."), or the film, "it", "this", the story or the script stands before it with at most a
    copula, an article and adjectives between ("The movie is loosely based on", "X is a 2001
    remake of", "in this wonderful adaptation of"), so "I prefer the sequel to this film" and
    "he was offered a part in the remake of Samson and Delilah" do not count;
  - its object names a work: a kind of work ("novel", "play", "true story") or a name, written
    with a capital or in quotes, within a few words, and not the film itself ("a sequel to
    this film", the film's own title, which the caller masks);
  - it is asserted: no question, no "would", "could", "might" or "may" ("How would they make
    a remake of this one?"), no "if", "hope" or comparison ("like", "than") before it in its
    clause, and no relation denied anywhere in the sentence ("wasn't based on", "it is not a
    sequel").
Which relation a film has is what most of its reviews that state one say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reelqa.index.text.tokens import wordset

# The relation phrases, each with what it makes the film.
_RELATIONS = {
    "based on": "based", "based upon": "based", "adapted from": "based",
    "adaptation of": "based", "inspired by": "based", "taken from": "based",
    "remake of": "remake", "re-make of": "remake", "remade from": "remake",
    "sequel to": "sequel", "sequel of": "sequel", "prequel to": "sequel",
    "follow-up to": "sequel", "follow up to": "sequel",
    "film version of": "based", "screen version of": "based", "movie version of": "based",
    "musical version of": "based", "film adaptation of": "based",
    "adapted": "adapted", "adapts": "adapted",
}
_NOUN_RELATIONS = wordset("adaptation remake re-make sequel prequel follow-up version")
# Kinds of work a film is made from, each with the name its relation is grouped by.
WORKS = {
    **dict.fromkeys(("novel", "novella", "novels", "bestseller", "best-seller"), "novel"),
    **dict.fromkeys(("book", "books"), "book"),
    **dict.fromkeys(("play", "plays", "stage"), "play"),
    **dict.fromkeys(("musical", "opera", "operetta"), "musical"),
    **dict.fromkeys(("comic", "comics", "manga", "cartoon", "strip"), "comic"),
    "short": "short story",
    **dict.fromkeys(("series", "show", "sitcom", "serial"), "TV series"),
    **dict.fromkeys(("poem", "ballad", "legend", "myth", "fable", "fairy", "tale", "folk"),
                    "legend"),
    **dict.fromkeys(("memoir", "memoirs", "autobiography", "biography", "diary"), "memoir"),
    **dict.fromkeys(("true", "real", "actual", "events", "life", "case", "murders",
                     "incident", "account"), "true story"),
    **dict.fromkeys(("story", "stories"), "story"),
    **dict.fromkeys(("film", "movie", "picture", "original", "classic", "version"), "film"),
}
# What may stand between a film reference and a relation: a copula, articles, adverbs and the
# few adjectives reviews put there ("is a very loose 2001 remake of").
_COPULA = wordset("is was 's are were being been it's")
_ADVERBS = wordset("""loosely very freely faithfully closely partly partially actually
    supposedly reportedly apparently originally also obviously clearly directly heavily
    basically essentially roughly somewhat mainly largely only just really truly""")
# The film, as a sentence names it when it says what it is based on ("the script is based on").
_FILM = wordset("""it this film movie picture story plot script screenplay one flick feature
    title tale musical version""")
_DETERMINERS = wordset("a an the this its")
# Words before a relation that make it a supposition, a wish or a comparison, not a statement.
_UNSURE = wordset("""would could should might if unless hope hoped hoping wish wished imagine
    like unlike than rather instead whether though seems seemed""")
_MODALS = re.compile(r"\b(?:would|could|should|might|may)\b", re.IGNORECASE)  # anywhere: a guess
# A denied relation anywhere in the sentence: "it is not a sequel", "never a remake".
_DENIED = re.compile(r"\b(?:not|never|no|isn't|wasn't)\s+(?:\w+\s+){0,2}?(?:sequel|prequel|remake|"
                     r"adaptation|based|adapted)\b", re.IGNORECASE)
# Objects that are no work ("based on the fact that", "on this premise").
_NO_WORK = wordset("premise idea fact notion concept formula template principle assumption")
_NOT_OBJECT = wordset("it what how whether which")
_WORD = re.compile(r"[A-Za-z0-9][\w'\u2019-]*|[\"\u201c\u201d\u2018'(]|[^\s\w]")
# A relation's words, an adverb allowed inside a verb's ("based loosely on", "adapted
# faithfully from").
_RELATION = re.compile(r"\b(?:" + "|".join(
    re.escape(r).replace(r"\ ", r"(?:\s+[a-z]+ly)?\s+" if r.split()[0] in (
        "based", "adapted", "inspired", "taken", "remade") else r"\s+")
    for r in sorted(_RELATIONS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[;:!?()\[\]]|\s[-\u2013\u2014]+\s")
OBJECT_WORDS = 7  # words after the relation in which the work must be named


@dataclass(frozen=True)
class Stated:
    """A relation a sentence states for its film: "based" (on a novel, a play, a true story),
    "remake" or "sequel", the kind of work when the sentence names one, and whether it names
    the work itself (a capitalised name or a quoted title: "Dickens' Oliver Twist")."""

    relation: str
    work: str | None
    named: bool

    @property
    def key(self) -> str:
        """What reviews agree on: "based on a novel", "remake", "sequel"."""
        if self.relation == "based":
            return f"based on a {self.work}" if self.work else "based on another work"
        return self.relation


def origin_in(sentence: str) -> Stated | None:
    """The relation to an earlier work `sentence` states for the film it reviews, or None
    (the film's title masked by the caller, so that "a sequel to <title>" names no work)."""
    if not _RELATION.search(sentence) or "?" in sentence or _MODALS.search(sentence) or \
            _DENIED.search(sentence):
        return None  # a question, a guess, or a relation denied ("it is not a sequel")
    for match in _RELATION.finditer(sentence):
        before = _WORD.findall(_clause_before(sentence, match.start()))
        phrase = " ".join(w for w in match.group().lower().split()
                          if not (w.endswith("ly") and w not in _RELATIONS))
        relation = _RELATIONS[phrase]
        if not _asserted(before) or relation != "adapted" and not _about_film(
                before, phrase.split()[0]):
            continue  # "X adapted Corman's novel": whoever adapts, the film is the adaptation
        found = _work(sentence[match.end():], "based" if relation == "adapted" else relation,
                      need_work=relation == "adapted")
        if found is not None:
            return found
    return None


def agreed_origin(named: Mapping[str, Sequence[Stated]]) -> tuple[str, list[str]] | None:
    """The relation most of a film's reviews that state one agree on (`named`: review ->
    the origins its sentences state, in order), and the reviews stating it, those naming
    the work first; None when no review states one."""
    support: dict[str, list[str]] = {}
    for review, origins in named.items():
        for key in dict.fromkeys(s.key for s in origins):
            support.setdefault(key, []).append(review)
    if not support:
        return None

    def names(review: str, key: str) -> bool:
        return any(s.named for s in named[review] if s.key == key)

    key = max(support, key=lambda k: (len(support[k]), any(names(r, k) for r in support[k]),
                                      k != "based on another work"))
    return key, sorted(support[key], key=lambda r: not names(r, key))


def film_origin(stated: Mapping[str, Sequence[tuple[Stated, int]]],
                length: Callable[[int], int]) -> tuple[str, tuple[int, ...]] | None:
    """What a film's reviews agree it is based on, from the origins each review's sentences
    state (`stated`: review -> (origin, sentence) pairs in order), and for each review saying
    so its first sentence saying it: those naming the work first, and among them the shortest
    (`length(sentence)`) first, the one an answer quotes."""
    agreed = agreed_origin({r: [s for s, _ in said] for r, said in stated.items()})
    if agreed is None:
        return None
    key, reviews = agreed
    first = [next((s, j) for s, j in stated[r] if s.key == key) for r in reviews]
    first.sort(key=lambda said: (not said[0].named, length(said[1])))
    return key, tuple(j for _, j in first)


def _clause_before(sentence: str, end: int) -> str:
    """The text of the clause that runs up to `end`."""
    starts = [m.end() for m in _CLAUSE.finditer(sentence, 0, end)]
    return sentence[starts[-1] if starts else 0:end]


def _asserted(before: list[str]) -> bool:
    """No supposition or comparison in the relation's clause before it."""
    return not any(w.lower() in _UNSURE for w in before)


def _about_film(before: list[str], head: str) -> bool:
    """The relation's subject is the film: nothing before it in the clause but a film
    reference or a name ("NSNA is a remake of"), a copula, adverbs and (before a noun
    relation) an article and adjectives."""
    words = [w for w in before if w[0].isalnum()]
    low = [w.lower() for w in words]
    while low and low[-1] in _ADVERBS:
        low.pop()
    if head in _NOUN_RELATIONS or head in ("film", "screen", "movie", "musical"):
        article = next((n for n in range(len(low) - 1, max(-1, len(low) - 5), -1)
                        if low[n] in _DETERMINERS), None)
        if article is None:
            return not low  # "A sequel to ..., The Angels ..." opens the sentence
        if low[article] in ("this", "its"):
            return True  # "in this wonderful adaptation of", "its remake of"
        low = low[:article]
    copula = False
    while low and (low[-1] in _COPULA or low[-1] in _ADVERBS):
        copula |= low.pop() in _COPULA
    return not low or low[-1] in _FILM or copula and len(low) <= 3 and all(
        w[0].isupper() for w in words[:len(low)])


def _work(after: str, relation: str, need_work: bool = False) -> Stated | None:
    """The work named in the words after a relation (with `need_work`, a kind of work must
    be among them: "adapted Corman's novel", not "adapted for the screen"), or None."""
    words = _WORD.findall(after)[:OBJECT_WORDS + 2]
    lead = [w.lower() for w in words[:2]] + [""]
    if not words or lead[0] in _NOT_OBJECT or \
            lead[0] in ("this", "that") and (lead[1] in _FILM or not lead[1].isalnum()):
        return None  # "based on what ...", "a sequel to this film"
    phrase = [w.lower() for w in words]
    phrase = phrase[:next((n for n, w in enumerate(phrase) if n and w in ".,;"), len(phrase))]
    if any(w in _NO_WORK for w in phrase):
        return None  # "based on the fact that", "on the 'they loved and lost' premise"
    work = None
    named = False
    for n, word in enumerate(words[:OBJECT_WORDS]):
        low = word.lower()
        if low in ".,;" and n:
            break
        if low == "own":
            return None  # "based on his own experiences": a guess about the writer
        if work is None and low in WORKS:
            work = WORKS[low]
        if word[0].isupper() and low not in _DETERMINERS or word in "\"\u201c'\u2018":
            named = True
    if work is None and (need_work or not named):
        return None
    if relation == "based" and work == "film":
        work = None  # "based on the original": named only by its title
    return Stated(relation, work if relation == "based" else None, named)
