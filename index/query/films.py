"""Film names: stable ids, tolerant title matching, and finding a film named in a question."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process
from reelqa.config.errors import UnknownFilmError
from reelqa.index.text.tokens import STOPWORDS, TOKEN

_WORD = re.compile(r"[^\W_]+")
_YEAR_SUFFIX = re.compile(r"\s*[(\[]\s*(1[89]\d\d|2[01]\d\d)\s*[)\]]\s*$")


def film_id(film: str, year: int | None) -> str:
    """A stable slug for a film, e.g. `lost-in-starlight-2025`."""
    norm = normalize_title(film)
    slug = norm.replace(" ", "-") if _SIMPLE.fullmatch(norm) else \
        re.sub(r"[^a-z0-9]+", "-", norm).strip("-")
    return f"{slug}-{year}" if year else slug


_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(the|a|an) ")
_SIMPLE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


@lru_cache(maxsize=65536)  # every question is checked against every title: cache the titles
def normalize_title(title: str) -> str:
    """Case, accents, punctuation, a leading article and a bracketed year do not matter."""
    text = title.lower()
    if _SIMPLE.fullmatch(text):  # most titles: words of ASCII letters and digits
        for article in ("the ", "a ", "an "):
            if text.startswith(article):
                return text[len(article):]
        return text
    text = title
    if not text.isascii():  # ASCII has no accents (and NFKD leaves it as it is)
        text = unicodedata.normalize("NFKD", title)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _YEAR_SUFFIX.sub("", text.lower())
    text = _PUNCTUATION.sub(" ", text).replace("_", " ")
    text = _SPACES.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


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


def title_span(text: str, title: str) -> tuple[int, int] | None:
    """Where `text` writes `title`, as `normalize_title` compares them (case, accents,
    punctuation, a leading article aside), or None."""
    words = normalize_title(title).split()
    if not words:
        return None
    pattern = (r"(?<![\w])[^\w\s]*(?:(?:the|a|an)\s+)?" + r"[\W_]+".join(map(re.escape, words))
               + r"(?![\w])[^\w\s]*")
    found = re.search(pattern, unicodedata.normalize("NFKD", text), re.I)
    if found is None or len(unicodedata.normalize("NFKD", text)) != len(text):
        found = re.search(pattern, text, re.I)
    return found.span() if found else None


# A title written with a slip ("Lost in Starlite", "the dark night") is that title when it
# is this close (rapidfuzz's ratio, 0-100) and no other title is as close; below it and down
# to UNSURE it is only suggested ("did you mean ...?").
SURE = 88
UNSURE = 70
_SUBTITLE = re.compile(r"\s*(?::|\s-\s|\s\u2013\s|\s\u2014\s).*$")


@dataclass(frozen=True)
class Named:
    """A film a question names: its title and the words that name it, as written."""

    title: str
    words: str


class FilmCatalog:
    """The indexed films: a name resolved to its title, and the title a question names, also
    when written with a typo, in another case, without its article or subtitle."""

    def __init__(self, films: Iterable[tuple[str, int | None]]) -> None:
        self.films = tuple(dict.fromkeys(films))  # (title, year), in the index's order
        self._titles = [title for title, _ in self.films]
        self._norms = [normalize_title(title) for title in self._titles]
        short: dict[str, list[str]] = {}  # "death bed" for "Death Bed: The Bed That Eats"
        for title, norm in zip(self._titles, self._norms, strict=True):
            main = normalize_title(_SUBTITLE.sub("", title)) \
                if any(c in title for c in ":-\u2013\u2014") and _SUBTITLE.search(title) else norm
            if main and main != norm:
                short.setdefault(main, []).append(title)
        self._short = {main: titles[0] for main, titles in short.items() if len(titles) == 1}
        # What a question or a name is looked up in, so that a question costs the same with
        # ten films or fifty thousand: each normalised title's films, in the index's order.
        self._named: dict[str, list[int]] = {}
        for i, norm in enumerate(self._norms):
            self._named.setdefault(norm, []).append(i)
        self._longest = max((norm.count(" ") + 1 for norm in self._named), default=0)

    @cached_property
    def _ids(self) -> dict[str, int]:
        """Each film id's first film (`film_id`), made when a name is first resolved."""
        ids: dict[str, int] = {}
        for i, (title, year) in enumerate(self.films):
            ids.setdefault(film_id(title, year), i)
        return ids

    @cached_property
    def _runs(self) -> dict[int, tuple[list[int], list[int], list[str]]]:
        """Titles of two words or more by their word count, sorted by length then position:
        (lengths, positions, normalised titles), for the typo search of `find_in`."""
        runs: dict[int, list[tuple[int, int, str]]] = {}
        for i, norm in enumerate(self._norms):
            if " " in norm:
                runs.setdefault(len(norm.split()), []).append((len(norm), i, norm))
        return {n: ([t[0] for t in ts], [t[1] for t in ts], [t[2] for t in ts])
                for n, found in sorted(runs.items()) if (ts := sorted(found))}

    def _match(self, name: str) -> str | None:
        """`match_film(name, self.films)`, by dictionary: the first film whose normalised
        title or film id `name` is."""
        found = [at for at in (self._named.get(normalize_title(name), [None])[0],
                               self._ids.get(name.strip().lower())) if at is not None]
        return self._titles[min(found)] if found else None

    def _detect(self, question: str) -> str | None:
        """`detect_film(question, self.films)`, by dictionary: each run of the question's
        normalised words is looked up, rather than every title in the question."""
        words = normalize_title(question).split(" ")
        found = []
        for n in range(1, min(len(words), self._longest) + 1):
            for k in range(len(words) - n + 1):
                norm = " ".join(words[k : k + n])
                for i in self._named.get(norm, ()) if norm else ():
                    title = self._titles[i]
                    if (norm not in STOPWORDS or _capitalised(question, title)) and \
                            (" " in norm or not _only_in_names(question, norm)):
                        found.append((len(norm), title))
        return max(found)[1] if found else None

    def resolve(self, name: str) -> str | None:
        """The indexed title that `name` refers to (tolerantly, or by film id), or None."""
        title = self._match(name) or self._short.get(normalize_title(name))
        if title is not None:
            return title
        close = self._closest(normalize_title(name), SURE)
        return close[0] if len(close) == 1 else None

    def require(self, name: str) -> str:
        """The indexed title that `name` refers to; UnknownFilmError when there is none,
        suggesting the closest titles."""
        title = self.resolve(name)
        if title is None:
            maybe = self.suggest(name)
            hint = f" did you mean {' or '.join(repr(t) for t in maybe)}?" if maybe else ""
            raise UnknownFilmError(f"no film called {name!r} in the index;{hint} "
                                   "`reelqa films` lists them", maybe)
        return title

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Titles close to `name`, the closest first (for "did you mean ...?")."""
        found = process.extract(normalize_title(name), self._norms, scorer=fuzz.WRatio,
                                limit=limit, score_cutoff=UNSURE)
        return list(dict.fromkeys(self._titles[i] for _, _, i in found))

    def named_in(self, question: str) -> str | None:
        """The indexed film the question names, if any (see `find_in`)."""
        found = self.find_in(question)
        return found.title if found else None

    def find_in(self, question: str) -> Named | None:
        """The indexed film the question names and the words that name it: the title as
        `detect_film` finds it, else a run of the question's words within a typo of a title
        of two words or more (one-word titles are common words: "Heat", "Up")."""
        title = self._detect(question)
        if title is not None:
            at = title_span(question, title)
            return Named(title, question[at[0] : at[1]] if at else title)
        text = f" {normalize_title(question)} "
        short = [(len(main), title) for main, title in self._short.items()
                 if " " in main and f" {main} " in text]
        if short:  # a title without its subtitle: "Death Bed" for "Death Bed: The Bed ..."
            title = max(short)[1]
            at = title_span(question, _SUBTITLE.sub("", title))
            return Named(title, question[at[0] : at[1]] if at else title)
        words = list(re.finditer(r"[^\s?!.,;:]+", question))
        best: tuple[float, int, str, str] | None = None
        for n, (lengths, positions, norms) in self._runs.items():
            for k in range(len(words) - n + 1):
                run = question[words[k].start() : words[k + n - 1].end()]
                norm = normalize_title(run)
                if len(norm) < 6 or all(w in STOPWORDS for w in norm.split()):
                    continue
                # fuzz.ratio >= SURE needs lengths within (100 - SURE)% of their sum: only
                # those titles are compared; the best, the first in the index's order among
                # equals, as when every title was.
                slack = (100 - SURE) / 100 * 1.05
                low = bisect_left(lengths, len(norm) * (1 - slack) / (1 + slack))
                high = bisect_right(lengths, len(norm) * (1 + slack) / (1 - slack))
                hits = process.extract(norm, norms[low:high], scorer=fuzz.ratio,
                                       score_cutoff=SURE, limit=None)
                if not hits:
                    continue
                score, first = max((h[1], -positions[low + h[2]]) for h in hits)
                if best is None or (score, n) > best[:2]:
                    best = (score, n, self._titles[-first], run)
        return Named(best[2], best[3]) if best else None

    def _closest(self, norm: str, cutoff: float) -> list[str]:
        """The titles within `cutoff` of `norm`, all as close as the closest."""
        found = process.extract(norm, self._norms, scorer=fuzz.ratio, limit=5,
                                score_cutoff=cutoff)
        top = max((score for _, score, _ in found), default=0.0)
        return list(dict.fromkeys(self._titles[i] for _, score, i in found if score == top))
