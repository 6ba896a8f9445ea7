"""Candidate answer spans in one sentence: dates, places, quantities, jobs, reasons, quotes."""

from __future__ import annotations

import re

from reelqa.index.answer.measures import CALENDAR
from reelqa.index.answer.people import mask_asides, names, nearest_name_before
from reelqa.index.answer.span import Span
from reelqa.index.text.lexicon import PAST_MODIFIERS, PLACES, PLANETS, is_occupation
from reelqa.index.text.tokens import HYPHENATED, STOPWORDS, TOKEN, fold, words, wordset

_DEPART = wordset(
    "leave leaves left leaving head heads headed bound depart departs departed "
    "sail sails sailed set sets"
)
_LOCATIVE = wordset(
    "in to on at from of across near around toward towards into inside outside through within"
)


def place_spans(sentence: str, common: frozenset[str], type_noun: str | None) -> list[Span]:
    """Names that read as places: after a locative preposition, or known to the gazetteer
    (also in lower case after a preposition: "set in a flooded busan")."""
    found = names(sentence, common)
    taken = [(n.start, n.end) for n in found]
    for m in re.finditer(r"\b[a-z]+(?: [a-z]+)?\b", sentence):
        for text in (m.group(), m.group().split()[0]):
            end = m.start() + len(text)
            near = TOKEN.findall(sentence, 0, m.start())[-3:]
            if text in PLACES and text not in PLANETS and any(w in _LOCATIVE for w in near):
                if not any(a < end and m.start() < b for a, b in taken):
                    found.append(Span(m.start(), end, text, 0.25))
                    taken.append((m.start(), end))
                break
    out: list[Span] = []
    for s in found:
        prev = [w.lower() for w in TOKEN.findall(sentence, 0, s.start)[-3:]]
        if prev[-1:] == ["by"] or fold(s.text.split()[0]) in CALENDAR:
            continue  # "voiced by X": a person; "in September": a date
        strength = 0.3
        last = prev[-1] if prev else ""
        if last in _LOCATIVE:
            strength += 0.4
        elif last == "for" and len(prev) >= 2 and prev[-2] in _DEPART:
            strength += 0.4  # "leave for Brussels"
        elif any(w in _LOCATIVE for w in prev[:-1]):
            strength += 0.3  # "on real Los Angeles streets", "in a flooded busan"
        key = fold(s.text)
        if key not in PLACES and any(fold(w) in PLACES for w in s.text.split()):
            strength += 0.2  # "the Venice Film Festival"
        if key in PLACES:
            strength += 0.4
            if type_noun in ("city", "town", "country", "nation") and key in PLANETS:
                strength -= 0.5  # a planet is not the city the question asks for
        out.append(Span(s.start, s.end, s.text, min(strength, 1.0)))
    return out


def occupation_spans(
    sentence: str, subject: str | None, past: bool, common: frozenset[str]
) -> list[Span]:
    """Job nouns in "X, a former guitarist" / "X is an astronaut", tied to the subject X."""
    masked = mask_asides(sentence)
    spans = [s for s in names(sentence, common) if masked[s.start : s.end].strip()]
    out: list[Span] = []
    for art in re.finditer(r"\b(?:a|an|the)\s+", masked, re.I):
        np = list(HYPHENATED.finditer(masked[art.end() :]))[:4]
        head = next((i for i, w in enumerate(np) if is_occupation(w.group())), None)
        if head is None:
            continue
        noun = np[head]
        mods = {fold(p) for w in np[: head + 1] for p in w.group().split("-")[:-1]}
        mods |= {fold(w.group()) for w in np[:head]}
        y = nearest_name_before(spans, art.start(), masked, gap=3)
        after = [n for n in spans if n.start >= art.end() + noun.end()]
        if (
            y is None
            and after
            and re.fullmatch(r"\s*,\s*", masked[art.end() + noun.end() : after[0].start])
        ):
            y = after[0]  # "an auditor, Frans": the name follows its description
        who = fold(y.text) if y else subject
        strength = 1.0
        if bool(mods & PAST_MODIFIERS) != past:
            strength = 0.6 if past else 0.75
        elif past:
            strength = 1.2  # the question's "before" meets the text's "former"
        start = art.end() + noun.start()
        out.append(Span(start, start + len(noun.group()), noun.group(), strength, None, who))
    return out


def activity_spans(sentence: str, subject: str | None) -> list[Span]:
    """What someone does: the verb phrase after "X (now) restores ..." or "He works as ..."."""
    masked = mask_asides(sentence)
    m = re.match(
        r"\s*(?P<subj>[\w\u00C0-\u024F'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s*,?\s+(?:who\s+)?"
        r"(?:(?:now|still|currently|also|then|later|today|once)\s+|\w+ly\s+)?"
        r"(?P<vp>(?P<verb>[a-z]+(?:s|ed))\b[^,;:.!?\u2014\u2013]*)",
        masked,
    )
    if not m or m.group("verb") in ("is", "was", "has", "does", "goes", "seems"):
        return []
    who = fold(m.group("subj"))
    if who in ("he", "she", "they"):
        who = subject or who
    vp = re.split(r"\s{2,}", m.group("vp"))[0].rstrip()  # stop at a masked aside
    start = m.start("vp")
    return [Span(start, start + len(vp), sentence[start : start + len(vp)], 1.0, None, who)]


_REASON = re.compile(
    r"\b(?:because(?:\s+of)?|so\s+that|in\s+order\s+to|due\s+to|to)\s+(?P<head>[\w'\u2019-]+)",
    re.I,
)
_NOT_VERB = STOPWORDS | {"her", "his", "their", "its", "my", "our", "your"}


def reason_spans(sentence: str) -> list[Span]:
    """Purpose or cause clauses: "to fix her late mother's record player", "because ..."."""
    out: list[Span] = []
    for m in _REASON.finditer(sentence):
        marker = m.group().split()[0].lower()
        head = m.group("head")
        if marker == "to" and (fold(head) in _NOT_VERB or head[:1].isupper() or head[:1].isdigit()):
            continue  # "to a repair shop", "to Mars": a preposition, not a purpose
        tail = re.match(r"[^,;:.!?\u2014\u2013()]*", sentence[m.end() :])
        text = (m.group() + (tail.group() if tail else "")).rstrip()
        out.append(Span(m.start(), m.start() + len(text), text, 0.8 if marker == "to" else 1.0))
    return out


_QUOTED = re.compile(
    r"[\u201c\"](?P<q>[^\u201c\u201d\"]{8,}?)[,.!?]?[\u201d\"]"
    r"|(?<![\w])\u2018(?P<s>[^\u2018\u2019]{8,}?)[,.!?]?\u2019(?![\w])"
)


def quote_spans(sentence: str) -> list[Span]:
    """Quoted words of three or more words, without the quotes or a trailing comma."""
    out = []
    for m in _QUOTED.finditer(sentence):
        group = "q" if m.group("q") else "s"
        if len(m.group(group).split()) >= 3:
            out.append(Span(m.start(group), m.end(group), m.group(group), 1.0))
    return out


_SUBJECT_WORDS = wordset("it this that the film movie he she they there its")


def yesno_spans(sentence: str, question: str) -> list[Span]:
    """The longest run of the question's predicate found word for word in the sentence, without
    leading determiners or possessives: "Is it Netflix's first Korean animated feature?" ->
    "first Korean animated feature"."""
    q = [fold(w) for _, _, w in words(question)][1:]  # drop the auxiliary
    while q and q[0] in _SUBJECT_WORDS:
        q = q[1:]
    toks = words(sentence)
    folded = [fold(w) for _, _, w in toks]
    best: tuple[int, int] = (0, 0)
    for i in range(len(folded)):
        for j in range(len(q)):
            n = 0
            while i + n < len(folded) and j + n < len(q) and folded[i + n] == q[j + n]:
                n += 1
            if n > best[1] - best[0]:
                best = (i, i + n)
    i, k = best
    content = [w for w in folded[i:k] if w not in STOPWORDS]
    if len(content) < 2:
        return []
    strength = (k - i) / max(1, len(q))
    while i < k and (folded[i] in STOPWORDS or toks[i][2].translate(_APOS).endswith("'s")):
        i += 1
    if i >= k:
        return []
    return [Span(toks[i][0], toks[k - 1][1], sentence[toks[i][0] : toks[k - 1][1]], strength)]


_APOS = str.maketrans({"\u2019": "'"})


_GENRES = wordset(
    "drama comedy thriller horror romance romcom rom-com western musical documentary adventure "
    "fantasy sci-fi mystery noir biopic satire melodrama action crime heist mockumentary anime "
    "superhero tragedy farce epic slasher procedural fable fairytale whodunit caper spoof parody "
    "animation"
)
_GENRE_MODIFIERS = wordset(
    "animated romantic psychological dark black family period historical political science "
    "fiction space legal courtroom supernatural slow-burning erotic indie action war buddy road "
    "disaster monster zombie teen coming-of-age crime sci-fi musical spy gangster martial arts "
    "revenge survival folk cosmic comic tragic"
)


def genre_spans(sentence: str) -> list[Span]:
    """Runs of genre words ending in a genre noun: "sci-fi romance", "family drama"."""
    toks = words(sentence)
    out: list[Span] = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and fold(toks[j][2]) in _GENRES | _GENRE_MODIFIERS:
            j += 1
        while j > i and fold(toks[j - 1][2]) not in _GENRES:
            j -= 1  # the run ends in a genre noun, not a modifier
        if j > i:
            start, end = toks[i][0], toks[j - 1][1]
            out.append(Span(start, end, sentence[start:end], min(1.0, 0.8 + 0.1 * (j - i - 1))))
            i = j
        else:
            i += 1
    return out
