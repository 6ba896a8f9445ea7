"""Film names: stable ids, tolerant title matching, and finding a film named in a question."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from reelqa.config.errors import UnknownFilmError
from reelqa.index.text.tokens import STOPWORDS, TOKEN

_WORD = re.compile(r"[^\W_]+")
_YEAR_SUFFIX = re.compile(r"\s*[(\[]\s*(1[89]\d\d|2[01]\d\d)\s*[)\]]\s*$")


def film_id(film: str, year: int | None) -> str:
    """A stable slug for a film, e.g. `lost-in-starlight-2025`."""
    slug = re.sub(r"[^a-z0-9]+", "-", normalize_title(film)).strip("-")
    return f"{slug}-{year}" if year else slug


@lru_cache(maxsize=65536)  # every question is checked against every title: cache the titles
def normalize_title(title: str) -> str:
    """Case, accents, punctuation, a leading article and a bracketed year do not matter."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _YEAR_SUFFIX.sub("", text)
    text = re.sub(r"[^\w\s]+", " ", text).replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def match_film(name: str, films: Iterable[tuple[str, int | None]]) -> str | None:
    """The indexed film title that `name` refers to (a title, tolerantly, or a film id)."""
    wanted = normalize_title(name)
    for title, year in films:
        if wanted == normalize_title(title) or name.strip().lower() == film_id(title, year):
            return title
    return None


def detect_film(question: str, films: Iterable[tuple[str, int | None]]) -> str | None:
    """The indexed film named in `question`, if any (the longest title mentioned wins).

    A title that is one function word ("Her", "Up", "It", "Us") counts only when the question
    capitalises it past its first word, so "who voices her?" names no film. A one-word title
    that is only written as part of a longer capitalised name ("Joe" in "who played Joe
    Armstrong?") names a person, not the film.
    """
    text = f" {normalize_title(question)} "
    found = [
        (len(norm), title)
        for title, _ in films
        if (norm := normalize_title(title))
        and f" {norm} " in text
        and (norm not in STOPWORDS or _capitalised(question, title))
        and (" " in norm or not _only_in_names(question, norm))
    ]
    return max(found)[1] if found else None


def _only_in_names(question: str, word: str) -> bool:
    """Every mention of `word` in `question` is glued to another capitalised word (not a
    function word), as a first name or surname is; never so in a question written in title
    case or capitals, where every word looks like a name."""
    words = _WORD.findall(question)
    if not any(w[:1].islower() for w in words[1:]):
        return False

    def named(at: int) -> bool:  # the first word is capitalised as any sentence's is
        return 0 < at < len(words) and words[at][:1].isupper() and \
            words[at].lower() not in STOPWORDS

    spots = [i for i, w in enumerate(words) if w.lower() == word]
    return bool(spots) and all(named(i - 1) or named(i + 1) for i in spots)


def _capitalised(question: str, title: str) -> bool:
    """`title`'s word appears capitalised in `question` after its first word."""
    word = normalize_title(title)
    words = TOKEN.findall(question)
    return any(w.lower() == word and w[:1].isupper() for w in words[1:])


class FilmCatalog:
    """The indexed films: a name resolved to its title, and the title a question names."""

    def __init__(self, films: Iterable[tuple[str, int | None]]) -> None:
        self.films = tuple(dict.fromkeys(films))  # (title, year), in the index's order

    def resolve(self, name: str) -> str | None:
        """The indexed title that `name` refers to (tolerantly, or by film id), or None."""
        return match_film(name, self.films)

    def require(self, name: str) -> str:
        """The indexed title that `name` refers to; UnknownFilmError when there is none."""
        title = self.resolve(name)
        if title is None:
            raise UnknownFilmError(f"no film called {name!r} in the index; "
                                   "`reelqa films` lists them")
        return title

    def named_in(self, question: str) -> str | None:
        """The indexed film the question names, if any (see `detect_film`)."""
        return detect_film(question, self.films)
