"""Extractive short answers: pick the span of a retrieved passage that answers the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reelqa.index.answer.focus import echoes, same, topical
from reelqa.index.answer.focus import focus as focus_score
from reelqa.index.answer.measures import date_spans, quantity_spans
from reelqa.index.answer.people import mask_asides, names, person_spans
from reelqa.index.answer.question import (
    ACTIVITY,
    DATE,
    GENRE,
    OCCUPATION,
    PERSON,
    PLACE,
    QUANTITY,
    QUOTE,
    REASON,
    SENTENCE,
    YESNO,
    Question,
    analyse,
)
from reelqa.index.answer.span import Span
from reelqa.index.answer.spans import (
    activity_spans,
    genre_spans,
    occupation_spans,
    place_spans,
    quote_spans,
    reason_spans,
    yesno_spans,
)
from reelqa.index.ingest.chunking import sentence_spans
from reelqa.index.lexicon import fold, stem, words
from reelqa.index.records import Hit, ShortAnswer

# Below this confidence the reviews are taken not to say (docs/answers.md explains it). On
# ../shared/eval/starlight.jsonl the lowest answerable best guess scores 0.57 and the highest
# unanswerable one 0.07. Over all eight question sets the tests run (167 questions, 41 of them
# unanswerable) the two sides are 0.46 and 0.36: the threshold sits in the middle of that gap.
# `reelqa eval` prints both margins for any question file.
THRESHOLD = 0.42
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


class ExtractiveAnswerer:
    """The rule-based span extractor behind the `Answerer` protocol."""

    threshold = THRESHOLD

    def guess(self, question: str, hits: Sequence[Hit]) -> ShortAnswer | None:
        """The best-supported span for `question`, whatever its confidence."""
        return extract_answer(question, hits, threshold=0.0)


def extract_answer(
    question: str, hits: Sequence[Hit], threshold: float | None = None
) -> ShortAnswer | None:
    """The short answer to `question` from `hits`, or None when the reviews do not say.

    `threshold` defaults to THRESHOLD; 0 gives the best guess whatever its confidence, which is
    how `reelqa eval` shows the margin on each side of the threshold.
    """
    if not hits:
        return None
    titles = sorted({h.passage.review.film for h in hits})
    common = frozenset(
        fold(w) for h in hits for _, _, w in words(h.passage.text) if w[:1].islower()
    )
    known = frozenset(  # names seen past a sentence's first word, for lower-case questions
        fold(w)
        for h in hits
        for a, b in sentence_spans(h.passage.text)
        for n in names(h.passage.text[a:b], common)
        if h.passage.text[a : a + n.start].strip(" \"'\u201c\u2018*(")
        for w in n.text.split()
    )
    q = analyse(question, titles, known - common)
    characters = _characters(hits, common) if q.kind == PERSON else frozenset()
    cands = [c for h in hits for c in _candidates(q, h, common, characters)]
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


def _characters(hits: Sequence[Hit], common: frozenset[str]) -> frozenset[str]:
    """Folded names the reviews credit someone as playing ("Jay" in "Jay, voiced by X")."""
    return frozenset(
        one.partition("|")[0]
        for h in hits
        for a, b in sentence_spans(h.passage.text)
        for s in person_spans(h.passage.text[a:b], common)
        if s.role == "perform" and s.target
        for one in s.target.split("&")
    )


def _candidates(
    q: Question, hit: Hit, common: frozenset[str], characters: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Every typed span in the hit's sentences, scored; plus each sentence as a fallback."""
    passage = hit.passage
    text = passage.text
    rank_weight = max(0.6, 1.0 - 0.08 * (hit.rank - 1))
    passage_stems = {stem(w) for _, _, w in words(text)}
    out: list[Candidate] = []
    prev_subject: str | None = None
    previous: set[str] = set()
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        toks = [(a, b, stem(w)) for a, b, w in words(sentence)]
        subject = _subject(sentence, q, prev_subject, common)
        # words of the sentence before count half: "Why does she stay? Because ..."
        implied = {f: 0.5 for f, _ in q.focus if any(same(t, f) for t in previous)}
        # "He now restores ...": the pronoun stands for the target named just before
        implied.update({stem(t): 0.85 for t in q.targets if subject and t in subject.split()})
        previous = {t for _, _, t in toks}
        if sentence.rstrip().endswith("?"):
            prev_subject = subject
            continue  # a question in a review asks; it does not answer
        for span in _typed(q, sentence, subject, common, characters):
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
        if q.kind in (PERSON, DATE, PLACE, QUANTITY, OCCUPATION):
            prev_subject = subject
            continue  # a sentence is no answer to "who", "when", "where", "how many", "job"
        focus = focus_score(q, toks, passage_stems, 0, len(sentence))
        if not topical(q, toks):
            focus *= 0.3  # naming the character is not saying anything about what was asked
        fallback = 1.0 if q.kind in (SENTENCE, YESNO) else 0.5
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


def _typed(
    q: Question,
    sentence: str,
    subject: str | None,
    common: frozenset[str],
    characters: frozenset[str] = frozenset(),
) -> list[Span]:
    """The spans of the question's answer kind in one sentence, tied to its targets."""
    if q.kind == PERSON:
        spans = [p for s in person_spans(sentence, common) if (p := _person(q, s)) is not None]
        if q.role not in (None, "perform"):  # a character is not the film's crew
            spans = [replace(s, strength=0.25) if fold(s.text) in characters else s for s in spans]
        return spans
    if q.kind == DATE:
        return date_spans(sentence, want_year=q.type_noun == "year")
    if q.kind == PLACE:
        credited = {p.text for p in person_spans(sentence, common) if p.role}
        return [
            s
            for s in place_spans(sentence, common, q.type_noun)
            if not _is_target(q, s.text) and s.text not in credited  # "score from Mirei Aoki"
        ]
    if q.kind == QUANTITY:
        return quantity_spans(sentence, q.unit, stem(q.type_noun) if q.type_noun else None)
    if q.kind == OCCUPATION:
        return [s for s in occupation_spans(sentence, subject, q.past, common) if _tied(q, s)]
    if q.kind == ACTIVITY:  # "repairs radios", or else a job: "What does Na-young do?"
        jobs = occupation_spans(sentence, subject, q.past, common)
        spans = activity_spans(sentence, subject) + [
            replace(j, strength=0.8 * j.strength) for j in jobs
        ]
        return [s for s in spans if _tied(q, s)]
    if q.kind == REASON:
        return reason_spans(sentence)
    if q.kind == QUOTE:
        speakers = [n for n in names(sentence, common) if _is_target(q, n.text)]
        return quote_spans(sentence) if speakers or not q.targets else []
    if q.kind == YESNO:
        return yesno_spans(sentence, q.text)
    if q.kind == GENRE:
        return genre_spans(sentence)
    return []


def _describes(q: Question, sentence: str) -> bool:
    """The sentence says what a target is: "Jay, a reserved artist" or "Jay is a guitarist"."""
    folded = " ".join(fold(mask_asides(sentence)).split())
    return any(
        re.search(rf"\b{re.escape(t)}(?:'s)?\s*(?:,\s*|\s+(?:is|was)\s+)(?:a|an|the)\b", folded)
        for t in q.targets
    )


def _person(q: Question, s: Span) -> Span | None:
    """A name weighed as the answer to a "who" question: credited in the asked role and tied
    to the asked character ("Y, voiced by X") beats a bare name near the focus words."""
    if _is_target(q, s.text):
        return None  # the character asked about is not its own answer
    if q.role is None:
        return replace(s, role=None, strength=0.6)  # judged by the words around it alone
    if s.role is None:
        return s
    if s.role != q.role:
        return replace(s, strength=0.2)  # credited, but for another job
    if q.targets:
        target = 1.0 if _tied(q, s) else 0.35 if s.target is None else 0.1
    else:
        target = 1.0 if s.target is None else 0.6
    return replace(s, strength=s.strength * target)


def _is_target(q: Question, name: str) -> bool:
    folded = {fold(w) for w in name.split()}
    return bool(folded & set(q.targets))


def _tied(q: Question, s: Span) -> bool:
    """The span is about the question's subject (or the question names nobody). A target
    "jay|mother" answers "who plays Jay's mother?", not "who plays Jay?"; "min&kang|partner"
    answers both "who plays Min?" and "who plays Kang's partner?"."""
    if not q.targets:
        return True
    if s.target is None:
        return False
    wanted = (q.relation if q.kind == PERSON else None) or ""
    for one in s.target.split("&"):
        name, _, relative = one.partition("|")
        if relative == wanted and any(t in name.split() for t in q.targets):
            return True
    return False


def _subject(sentence: str, q: Question, prev: str | None, common: frozenset[str]) -> str | None:
    """Who the sentence is about, for a "he" or "she" in the next one: its first name outside
    asides, or the character that name is credited with playing; else the previous subject."""
    masked = mask_asides(sentence)
    people = [p for p in person_spans(sentence, common) if masked[p.start : p.end].strip()]
    if not people:
        return prev
    first = people[0]
    if first.role == "perform" and first.target:
        return first.target.split("&")[0].partition("|")[0]  # "Hong Kyung plays Jay. He ..."
    return fold(first.text)
