"""Per-film credits: one per (person, role, character), with how many reviews state it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from reelqa.index.credits.listing import LISTED, confidences, full_surnames
from reelqa.index.credits.models import Claim, Credit, Evidence
from reelqa.index.credits.names import Mention, NameModel
from reelqa.index.credits.spelling import close, same_words, variant
from reelqa.index.text.sentences import sentence_at, sentence_spans
from reelqa.index.text.vocabulary import CAST

Key = tuple[str, ...]


@dataclass(frozen=True)
class FilmCredits:
    """All credits of one film, the best supported first."""

    film: str
    credits: tuple[Credit, ...]

    def listed(self, threshold: float = LISTED) -> tuple[Credit, ...]:
        """The credits a reader would accept: those whose confidence reaches `threshold`
        (all of them for an index built before credits had a confidence)."""
        return tuple(c for c in self.credits if c.confidence is None or c.confidence >= threshold)

    def left_out(self, threshold: float = LISTED) -> tuple[Credit, ...]:
        """The weaker claims `listed` leaves out."""
        return tuple(c for c in self.credits
                     if c.confidence is not None and c.confidence < threshold)


def aggregate(
    model: NameModel, claims: Iterable[Claim], texts: Mapping[str, str]
) -> dict[str, FilmCredits]:
    """Group claims by film, resolve names, orient "A (B)" pairs and count reviews."""
    by_film: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_film[c.film].append(c)
    actors_elsewhere = Counter(
        c.person.key for cs in by_film.values() for c in cs if not c.reversible and c.role in CAST
    )
    surnames = full_surnames(c for cs in by_film.values() for c in cs)
    return {
        film: _film(model, film, cs, texts, actors_elsewhere, surnames)
        for film, cs in sorted(by_film.items())
    }


def _film(
    model: NameModel,
    film: str,
    claims: list[Claim],
    texts: Mapping[str, str],
    actors_elsewhere: Counter[Key],
    surnames: frozenset[str] = frozenset(),
) -> FilmCredits:
    runs = model.film_runs.get(film, Counter())
    persons = Counter(c.person.key for c in claims if not c.reversible)
    resolve = _Resolver(runs, persons, model.runs)
    claims = [_orient(c, claims, resolve, actors_elsewhere) for c in claims]
    # "Peck's MacArthur": a possessive before a title that names a character is the actor's
    cast = {resolve.person(c.person.key) for c in claims if c.role in CAST}
    claims = [c for c in claims
              if c.cue != "possessive-title" or resolve.person(c.person.key) not in cast]
    groups: dict[tuple[str, Key, Key | None], dict[str, list[Claim]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for c in claims:
        p = resolve.person(c.person.key)
        ch = resolve.character(c.character.key) if c.character is not None else None
        groups[(c.role, p, ch)][c.review_id].append(c)
    credits = []
    cues: dict[tuple[str, str, str | None], Counter[str]] = {}
    for (role, p, ch), per_review in groups.items():
        cues[(role, " ".join(p), " ".join(ch) if ch else None)] = Counter(
            _form(c.cue) for cs in per_review.values() for c in cs)
        score = sum(max(c.strength for c in cs) for cs in per_review.values())
        evidence = tuple(_evidence(c, texts) for cs in per_review.values() for c in _distinct(cs))
        name = _spelling(model, film, p, [c.person for cs in per_review.values() for c in cs])
        char = None
        if ch is not None:
            char = _spelling(
                model,
                film,
                ch,
                [c.character for cs in per_review.values() for c in cs if c.character],
            )
        source = None
        if not any(texts[e.review_id][e.name_start : e.name_end] == name for e in evidence):
            source = _source(model, film, p, name, texts)
        credits.append(
            Credit(
                film=film,
                role=role,
                person=name,
                person_key=" ".join(p),
                character=char,
                character_key=" ".join(ch) if ch else None,
                reviews=len(per_review),
                score=round(score, 3),
                evidence=evidence,
                name_source=source,
                cues=tuple(sorted({_form(c.cue) for cs in per_review.values() for c in cs})),
            )
        )
    sure = confidences(model, film, credits, surnames, cues, actors_elsewhere)
    credits = [replace(c, confidence=k) for c, k in zip(credits, sure, strict=True)]
    credits.sort(key=lambda c: (-c.score, c.role, c.person))
    return FilmCredits(film, tuple(credits))


class _Resolver:
    """Ties a name to the fullest form the film's reviews use: a surname to the full name
    ("Pacino" -> "Al Pacino"), a misspelling to the common spelling ("Farrel" -> "Farrell")."""

    def __init__(self, runs: Counter[Key], persons: Counter[Key], corpus: Counter[Key]) -> None:
        self.runs = runs
        self.corpus = corpus
        self.persons = persons
        self.full = [k for k in runs if len(k) >= 2]
        self._cache: dict[tuple[Key, bool], Key] = {}

    def person(self, key: Key) -> Key:
        return self._resolve(key, True)

    def character(self, key: Key) -> Key:
        return self._resolve(key, False)

    def _weight(self, k: Key) -> float:
        # the film's own spelling first, then the corpus's: a misspelling is rarer everywhere
        return self.runs[k] + 3 * self.persons[k] + 0.25 * self.corpus[k]

    def _resolve(self, key: Key, person: bool) -> Key:
        got = self._cache.get((key, person))
        if got is not None:
            return got
        if not person:
            # characters keep their own words: a surname is shared by a family ("Russo" is
            # Tony or Connie), and questions match part of a name anyway (lookup._match)
            cands = [k for k in self.runs if len(k) == len(key) and k != key and same_words(k, key)]
            cands.append(key)
        elif len(key) == 1:
            w = key[0]
            cands = [k for k in self.full if close(k[-1], w)]
            if not cands:  # a first name alone: the one full name of the film it opens
                first = [k for k in self.full if k[0] == w and self.persons[k]]
                cands = first if len(first) == 1 else []
        else:
            # a variant spelling, or the same name with a middle name more or less
            cands = [k for k in self.full if k != key and variant(k, key)] + [key]
        out = key
        if cands:
            ranked = sorted(cands, key=lambda k: (-self._weight(k), -len(k), k))
            best = ranked[0]
            if not person:
                out = best
            elif len(key) == 1:
                rivals = [k for k in ranked[1:] if not variant(k, best)]
                if not rivals or self._weight(best) >= 2 * self._weight(rivals[0]):
                    out = self._resolve(best, person) if best != key else best
            elif self._weight(best) > self._weight(key):
                out = best
        self._cache[(key, person)] = out
        return out


def _orient(c: Claim, claims: list[Claim], resolve: _Resolver, elsewhere: Counter[Key]) -> Claim:
    """ "A (B)" reads Character (Actor) unless other claims say A is the actor: the film's
    own unambiguous claims ("A plays", "played by A", "B as ..."), or, for a full name, the
    corpus's claims in other films (actors recur across films, characters seldom do)."""
    if not c.reversible or c.character is None:
        return c
    a, b = c.character.key, c.person.key
    actor, char = _votes(claims, resolve)

    def as_actor(k: Key) -> float:
        return actor[resolve.person(k)] + (min(elsewhere[k], 3) * 0.5 if len(k) >= 2 else 0.0)

    flip = as_actor(a) + char[b] - as_actor(b) - char[a]
    if flip >= 1.0:
        return Claim(
            c.review_id,
            c.film,
            c.role,
            c.character,
            c.person,
            c.sentence,
            c.cue + "-flipped",
            c.strength,
            True,
        )
    return c


_VOTES: dict[int, tuple[dict[Key, float], dict[Key, float], list[Claim]]] = {}


def _votes(claims: list[Claim], resolve: _Resolver) -> tuple[dict[Key, float], dict[Key, float]]:
    """How often each name stands as actor / as character in the film's unambiguous claims."""
    got = _VOTES.get(id(claims))
    if got is not None and got[2] is claims:
        return got[0], got[1]
    actor: defaultdict[Key, float] = defaultdict(float)
    char: defaultdict[Key, float] = defaultdict(float)
    for c in claims:
        if c.reversible:
            continue
        # each claim votes with its strength: a weak cue ("a star turn by Bill Kilgore", where
        # the reviewer names the character) cannot alone turn "Kilgore (Robert Duvall)" round
        if c.role not in CAST:  # a credited director or writer is a person, not a character
            actor[resolve.person(c.person.key)] += c.strength
            continue
        if c.character is None and c.cue != "by":
            continue  # "starring Ted", "(Ted)": too weak to say which side a name is on
        actor[resolve.person(c.person.key)] += c.strength
        if c.character is not None:
            char[c.character.key] += c.strength
    _VOTES.clear()
    _VOTES[id(claims)] = (actor, char, claims)
    return actor, char


def _form(cue: str) -> str:
    """The sentence form a claim's cue names ("paren-flipped" was read as "paren")."""
    return cue.removesuffix("-flipped")


def _distinct(cs: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in cs:
        if c.sentence not in seen:
            seen.add(c.sentence)
            out.append(c)
    return out


def _evidence(c: Claim, texts: Mapping[str, str]) -> Evidence:
    text = texts[c.review_id]
    a, b = c.sentence
    return Evidence(c.review_id, a, b, text[a:b], c.person.start, c.person.end)


def _spelling(model: NameModel, film: str, key: Key, seen: list[Mention]) -> str:
    """The name as the film's reviews most often write it in capitals."""
    forms = Counter(model.spelled.get(film, {}).get(key, Counter()))
    for m in seen:
        if m.key == key and any(ch.isupper() for ch in m.text):
            forms[m.text] += 1
    if not forms:
        best = max(seen, key=lambda m: (len(m.key), any(ch.isupper() for ch in m.text)))
        return best.text
    return max(forms.items(), key=lambda kv: (kv[1], kv[0][:1].isupper()))[0]


def _source(
    model: NameModel, film: str, key: Key, name: str, texts: Mapping[str, str]
) -> Evidence | None:
    """Where the full name is written, to cite when the credit's own sentences say less."""
    at = model.where.get((film, key, name))
    if at is None:
        return None
    rid, start, end = at
    text = texts[rid]
    a, b = sentence_at(sentence_spans(text), start)
    return Evidence(rid, a, b, text[a:b], start, end)
