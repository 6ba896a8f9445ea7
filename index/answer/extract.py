"""Short spans of the passages: the answer kind for every question no other kind takes.

A question's answer kind (`query.question.kind`: person, date, place, ...) picks its span
finder (`finders.FINDERS`); every sentence of every hit is searched, each span scored by its
strength and closeness to the question's focus words, and the best-supported span across
reviews is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reelqa.index.answer import THRESHOLD, Response, given
from reelqa.index.answer.finders import FINDERS, sentence_names, sentence_people
from reelqa.index.answer.focus import echoes, same, topical
from reelqa.index.answer.focus import focus as focus_score
from reelqa.index.answer.people import mask_asides
from reelqa.index.answer.span import Span
from reelqa.index.query import Query, refine
from reelqa.index.query.question import PERSON, SENTENCE, Question
from reelqa.index.query.reading import Reading, Sentence
from reelqa.index.records import Hit, ShortAnswer
from reelqa.index.text.tokens import fold, stem

# A short answer is withheld when another film's different answer scores this close to it.
AGREEMENT = 0.75


@dataclass(frozen=True)
class Candidate:
    """A scored span located in a hit: `start`/`end` are offsets in the review's clean text."""

    key: str  # compare form: two candidates with one key are the same answer
    text: str
    hit: Hit
    start: int
    end: int
    sentence: str
    score: float


class SpanKind:
    """Answers with a span of a passage (or a whole sentence); takes every question."""

    name = "span"

    def __init__(self, knowledge: object = None) -> None:
        pass  # spans need nothing of the index beyond the hits

    def accepts(self, query: Query) -> bool:
        return True

    def respond(self, query: Query, hits: Sequence[Hit], reading: Reading,
                rest: Callable[[], Response]) -> Response:
        guess = extract_answer(query, hits, reading, threshold=0.0)
        return Response(tuple(hits), given(guess), guess.confidence if guess else 0.0,
                        self.name)


def extract_answer(
    query: Query, hits: Sequence[Hit], reading: Reading, threshold: float | None = None
) -> ShortAnswer | None:
    """The short answer to `query` from `hits`, or None when the reviews do not say.

    `threshold` defaults to THRESHOLD; 0 gives the best guess whatever its confidence, which is
    how `reelqa eval` shows the margin on each side of the threshold.
    """
    if not hits:
        return None
    read = [(h, reading.sentences(h.passage)) for h in hits]
    common = frozenset(fold(w) for _, sentences in read for _, _, s in sentences
                       for _, _, w in s.words if w[:1].islower())
    known = frozenset(  # names seen past a sentence's first word, for lower-case questions
        fold(w)
        for _, sentences in read
        for _, _, s in sentences
        for n in sentence_names(s, common)
        if s.text[: n.start].strip(" \"'\u201c\u2018*(")
        for w in n.text.split()
    )
    q = refine(query, (h.passage.review.film for h in hits), known - common)
    characters = _characters(read, common) if q.kind == PERSON else frozenset()
    cands = [c for h, sentences in read for c in _candidates(q, h, sentences, common, characters)]
    best = _choose(cands)
    if best is None or best.score < (THRESHOLD if threshold is None else threshold):
        return None
    return ShortAnswer(
        text=best.text,
        passage=best.hit.rank,
        start=best.start,
        end=best.end,
        sentence=best.sentence,
        confidence=min(1.0, best.score),
    )


def _stems(s: Sentence) -> list[tuple[int, int, str]]:
    return s.once("stems", lambda: [(a, b, stem(w)) for a, b, w in s.words])


def _choose(cands: list[Candidate]) -> Candidate | None:
    """The best-supported answer; None when two films' evidence disagrees."""
    if not cands:
        return None
    support: dict[str, float] = {}
    top: dict[str, Candidate] = {}
    seen: set[tuple[str, str]] = set()
    for c in sorted(cands, key=lambda c: -c.score):
        review = c.hit.passage.review.id  # overlapping passages of one review are one voice
        if (c.key, review) in seen:
            continue
        seen.add((c.key, review))
        if c.key not in top:
            top[c.key] = c
            support[c.key] = c.score
        else:  # another review saying the same adds a little, never more than 0.1 in all
            support[c.key] = min(top[c.key].score + 0.1, support[c.key] + 0.1 * c.score)
    ranked = sorted(top.values(), key=lambda c: -support[c.key])
    best = ranked[0]
    film = best.hit.passage.review.film
    # Another film disagrees when its answer is close to the best one, or would be given on
    # its own: three films each crediting a director is no answer to "who directed it?".
    rival = min(AGREEMENT * support[best.key], THRESHOLD)
    for other in ranked[1:]:
        if other.hit.passage.review.film != film and support[other.key] >= rival:
            return None  # two films answer differently and the question did not say which
    return Candidate(
        best.key, best.text, best.hit, best.start, best.end, best.sentence, support[best.key]
    )


def _characters(read: Sequence[tuple[Hit, list[tuple[int, int, Sentence]]]],
                common: frozenset[str]) -> frozenset[str]:
    """Folded names the reviews credit someone as playing ("Jay" in "Jay, voiced by X")."""
    return frozenset(
        one.partition("|")[0]
        for _, sentences in read
        for _, _, s in sentences
        for p in sentence_people(s, common)
        if p.role == "perform" and p.target
        for one in p.target.split("&")
    )


def _candidates(
    q: Question,
    hit: Hit,
    sentences: list[tuple[int, int, Sentence]],
    common: frozenset[str],
    characters: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Every typed span in the hit's sentences, scored; plus each sentence as a fallback."""
    rank_weight = max(0.6, 1.0 - 0.08 * (hit.rank - 1))
    passage_stems = {t for _, _, s in sentences for _, _, t in _stems(s)}
    out: list[Candidate] = []
    prev_subject: str | None = None
    previous: set[str] = set()
    finder = FINDERS.get(q.kind)
    for s_start, _, s in sentences:
        sentence = s.text
        toks = _stems(s)
        subject = _subject(s, prev_subject, common)
        # words of the sentence before count half: "Why does she stay? Because ..."
        implied = {f: 0.5 for f, _ in q.focus if any(same(t, f) for t in previous)}
        # "He now restores ...": the pronoun stands for the target named just before
        implied.update({stem(t): 0.85 for t in q.targets if subject and t in subject.split()})
        previous = {t for _, _, t in toks}
        if sentence.rstrip().endswith("?"):
            prev_subject = subject
            continue  # a question in a review asks; it does not answer
        for span in finder.find(q, s, subject, common, characters) if finder else ():
            if echoes(q, span):
                continue  # "to sell" for "why does she refuse to sell?"
            credit = dict(implied)
            if span.role is not None and span.role == q.role:
                # a credit in the asked role stands for most of the role word itself
                credit.update({r: 0.8 for r in q.role_stems})
            focus = focus_score(q, toks, passage_stems, span.start, span.end, credit)
            if q.kind == PERSON and not topical(q, toks):
                focus *= 0.3  # "who plays the villain?" and the sentence never says "villain"
            # a typed span far from every focus word keeps only a fifth of its strength
            score = span.strength * (0.2 + 0.8 * focus) * rank_weight
            out.append(_make(q, hit, s_start, sentence, span, score))
        fallback = finder.whole if finder else 1.0
        if not fallback:
            prev_subject = subject
            continue  # a sentence is no answer to "who", "when", "where", "how many", "job"
        focus = focus_score(q, toks, passage_stems, 0, len(sentence))
        if not topical(q, toks):
            focus *= 0.3  # naming the character is not saying anything about what was asked
        if q.kind == SENTENCE and _describes(q, sentence):
            focus = min(1.0, focus) * 1.05  # "Who is Jay?": "Jay, a reserved artist, ..."
        whole = Span(0, len(sentence.rstrip()), sentence.strip(), 1.0)
        out.append(_make(q, hit, s_start, sentence, whole, focus * fallback * rank_weight))
        prev_subject = subject
    return out


def _make(
    q: Question, hit: Hit, s_start: int, sentence: str, span: Span, score: float
) -> Candidate:
    base = hit.passage.start + s_start
    key = fold(span.text) if span.text != sentence.strip() else f"sentence:{span.text}"
    return Candidate(
        key, span.text, hit, base + span.start, base + span.end, sentence.strip(), score
    )


def _describes(q: Question, sentence: str) -> bool:
    """The sentence says what a target is: "Jay, a reserved artist" or "Jay is a guitarist"."""
    folded = " ".join(fold(mask_asides(sentence)).split())
    return any(
        re.search(rf"\b{re.escape(t)}(?:'s)?\s*(?:,\s*|\s+(?:is|was)\s+)(?:a|an|the)\b", folded)
        for t in q.targets
    )


def _subject(s: Sentence, prev: str | None, common: frozenset[str]) -> str | None:
    """Who the sentence is about, for a "he" or "she" in the next one: its first name outside
    asides, or the character that name is credited with playing; else the previous subject."""
    masked = s.once("masked", lambda: mask_asides(s.text))
    people = [p for p in sentence_people(s, common) if masked[p.start : p.end].strip()]
    if not people:
        return prev
    first = people[0]
    if first.role == "perform" and first.target:
        return first.target.split("&")[0].partition("|")[0]  # "Hong Kyung plays Jay. He ..."
    return fold(first.text)
