"""What kind of film the reviews call it: genre names in review text ("this gritty war film",
"a horror comedy", "the best western of the decade") and the one a film's reviews agree on.

Genres are a closed class, like the verdict words: the names below are IMDb's genres in the
forms reviewers write them, and the subgenres a film encyclopedia lists (black comedy, film
noir, slasher, ...). A genre word counts only where it names the film's kind: before a film
noun ("war film", "horror comedy"), or as the noun itself after an article and at most two
adjectives, followed by nothing that makes it an adjective ("a musical about ...", not "the
musical numbers"). Whether the film is that kind is what several reviews agree on.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from reelqa.index.text.tokens import FUNCTION_WORDS, wordset

# Genre words that stand before a film noun: "war film", "crime thriller", "romantic comedy".
MODIFIERS = wordset(
    """action adventure animated animation biographical buddy caper coming-of-age crime
    disaster epic erotic family fantasy gangster heist historical horror monster musical
    mystery political psychological romantic sci-fi slasher sports spy superhero supernatural
    suspense teen war western zombie vampire werewolf exploitation courtroom legal prison
    screwball slapstick christmas detective biblical costume period satirical comedy thriller
    drama noir mafia martial-arts kung-fu science-fiction black-comedy dark-comedy road
    swashbuckling dance sex""")
# Genre nouns that name the film on their own: "a musical", "this western", "the comedy".
NOUNS = wordset(
    """comedy drama thriller horror musical western romance epic adventure mystery satire
    parody spoof melodrama biopic documentary noir fantasy film-noir neo-noir mockumentary
    swashbuckler whodunit slasher giallo black-comedy dark-comedy""")
# Nouns that name a film without naming its kind.
PLAIN = wordset("film movie flick picture feature")
# Genre nouns shown as they are; any other genre is shown with "film" after it.
SHOWN_ALONE = wordset(
    """comedy drama thriller musical western romance epic mystery satire parody spoof
    melodrama biopic documentary film-noir neo-noir mockumentary swashbuckler whodunit
    black-comedy""")
_SAME = {"animation": "animated", "sci-fi": "science-fiction", "scifi": "science-fiction",
         "dark-comedy": "black-comedy", "noir": "film-noir", "swashbuckling": "swashbuckler",
         "romance": "romantic"}
_DETERMINERS = wordset("a an this the that its another one")
_JOINED = re.compile(r"\b(science fiction|sci fi|martial arts|kung fu|black comedy|dark comedy|"
                     r"coming of age|film noir)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]")
_KNOWN = MODIFIERS | NOUNS | PLAIN
_ANY = re.compile(r"\b(?:" + "|".join(sorted(
    (re.escape(w).replace("\\-", "[ -]") for w in MODIFIERS | NOUNS), key=len, reverse=True))
    + r")", re.IGNORECASE)
# Words that cannot stand between an article and the genre noun it governs ("a lot of comedy")
_BREAKS = wordset("of in on at to for from by with about as into and or but is are was were be "
                  "been it its this that")
_NOT = wordset("not never no isn't wasn't nor hardly")  # "not a comedy" says what it is not
# Besides function words, what may follow a genre noun that ends its phrase ("a western set in")
_AFTER_NOUN = wordset("starring featuring set made directed released shot filmed produced "
                      "written told based i you we he she they since ever yet like until "
                      "before after without though although because while where who which "
                      "whose")


def genres_in(text: str) -> list[tuple[str, ...]]:
    """Each genre a text names for the film, as its folded genre words: "this gritty war
    film" -> ("war",), "a romantic comedy about ..." -> ("romantic", "comedy")."""
    if not _ANY.search(text):
        return []
    words = [part for w in _WORD.findall(_JOINED.sub(lambda m: m.group().replace(" ", "-"), text))
             for part in _parts(w.lower())]
    found: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        end = i
        while end < len(words) and words[end] in MODIFIERS and end - i < 3:
            end += 1
        head = words[end].rstrip("s") if end < len(words) else ""
        if _negated(words, i):  # "not a comedy", "isn't a horror film" say what it is not
            i = max(end, i + 1)
            continue
        if end > i and (head in PLAIN or head in NOUNS):
            found.append(_key(words[i:end] + ([] if head in PLAIN else [head])))
            i = end + 1
            continue
        if end - i > 1 and words[end - 1] in NOUNS:
            found.append(_key(words[i:end]))  # "a romantic comedy about": the last is the noun
            i = end
            continue
        if words[i].rstrip("s") in NOUNS and _after_article(words, i) and _ends_phrase(words, i):
            found.append(_key([words[i].rstrip("s")]))
        i += 1
    return found


def broader(genre: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The genres a review naming `genre` supports: it and each of its words alone ("horror
    comedy" supports horror and comedy)."""
    return {genre, *((w,) for w in genre)}


def agreed_genre(named: Mapping[str, Collection[tuple[str, ...]]], total: int,
                 least: int = 2, share: float = 0.1) -> tuple[tuple[str, ...], list[str]] | None:
    """The genre a film's reviews agree on, and the reviews (in `named`'s order) that support
    it, from the genres each review names (`named`: review -> genres, narrower ones included
    through `broader`). The best supported wins, unless a narrower one has at least half its
    support ("horror comedy" over "horror"). None when no genre has `least` reviews and
    `share` of the film's `total` reviews."""
    support: dict[tuple[str, ...], list[str]] = {}
    for review, genres in named.items():
        for key in sorted({k for g in genres for k in broader(g)}):
            support.setdefault(key, []).append(review)
    floor = max(least, share * total)
    ranked = sorted((k for k, ids in support.items() if len(ids) >= floor),
                    key=lambda k: (-len(support[k]), -len(k), k))
    if not ranked:
        return None
    best = ranked[0]
    narrower = [k for k in ranked if 2 * len(support[k]) >= len(support[best])
                and set(best) < set(k)]
    chosen = max(narrower, key=lambda k: (len(support[k]), len(k))) if narrower else best
    return chosen, support[chosen]


def genre_name(genre: tuple[str, ...]) -> str:
    """How a genre is shown: "war film", "romantic comedy", "film noir"."""
    name = " ".join(w.replace("-", " ") for w in genre).replace("coming of age", "coming-of-age")
    return name if genre[-1] in SHOWN_ALONE else f"{name} film"


def _parts(word: str) -> list[str]:
    """A hyphenated run of genre words as its words ("comedy-drama"); any other word whole."""
    if "-" in word and word not in _KNOWN:
        parts = word.split("-")
        if all(p.rstrip("s") in _KNOWN for p in parts):
            return parts
    return [word]


def _key(words: list[str]) -> tuple[str, ...]:
    """The genre words in a fixed order, synonyms folded together."""
    out = [_SAME.get(w, w) for w in words]
    if len(out) > 1 and out[-1] == "romantic":  # "a comedy romance": the noun is "romance"
        out[-1] = "romance"
    return tuple(dict.fromkeys(out))


def _after_article(words: list[str], i: int) -> bool:
    """An article (or "this", "its") before word i, with at most two words between."""
    before = words[max(0, i - 3):i]
    for n in range(len(before) - 1, -1, -1):
        if before[n] in _DETERMINERS:
            return all(w.isalpha() and w not in _BREAKS for w in before[n + 1:])
    return False


def _negated(words: list[str], i: int) -> bool:
    """A negation among the three words before word i."""
    return any(w in _NOT for w in words[max(0, i - 3):i])


def _ends_phrase(words: list[str], i: int) -> bool:
    """Word i ends its noun phrase: punctuation, the end, or a function word follows."""
    return i + 1 == len(words) or not words[i + 1][0].isalpha() or \
        words[i + 1] in FUNCTION_WORDS or words[i + 1] in _AFTER_NOUN

