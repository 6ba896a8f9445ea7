"""Question understanding: a question and the film it names become one `Query`, built once.

`understand` reads the question text once: the film (given, or named in the question, with
how it was found), its words, the kind of answer it asks for and its focus words (`question`),
the credit it asks for (`credit`), the opinion aspect (`opinion`). Retrieval, every answer
kind and the renderers read the `Query`; nothing after this stage reads the question text
again. It imports `reelqa.config`, the text toolkit and the records, nothing later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from reelqa.config.errors import ReelqaError
from reelqa.index.query.credit import CreditQuestion, parse
from reelqa.index.query.facts import Fact, film_fact
from reelqa.index.query.films import FilmCatalog, title_span
from reelqa.index.query.opinion import OpinionQuery, opinion_query
from reelqa.index.query.question import Question, analyse, phrased
from reelqa.index.text.tokens import TOKEN, fold, words

FilmSource = Literal["asked", "question", "followed"]


@dataclass(frozen=True)
class Query:
    """One question, understood: what every later stage reads instead of the question text."""

    text: str  # the question as asked, without surrounding space
    film: str | None = None  # the indexed title the question is about, if any
    film_from: FilmSource | None = None  # asked for with the question, named in it, or followed
    tokens: tuple[str, ...] = ()  # the question's words with their apostrophes (`TOKEN`)
    phrased: str = ""  # the text with set phrases in the reviews' words ("come out": released)
    words: tuple[str, ...] = ()  # the words of `phrased`, as answers are read (`WORD`)
    question: Question = field(default_factory=lambda: Question("", "sentence", ()))
    credit: CreditQuestion | None = None  # the credit asked for ("who plays X", "who directed")
    opinion: OpinionQuery | None = None  # the opinion asked for ("is it worth watching?")
    fact: Fact | None = None  # a fact of the film asked for: its plot, cast or year

    @property
    def kind(self) -> str:
        """The kind of answer asked for: person, date, place, quantity, sentence, ..."""
        return self.question.kind

    @property
    def from_question(self) -> bool:
        """The film was recognised in the question's own words."""
        return self.film_from == "question"

    def capitalised(self) -> frozenset[str]:
        """Folded words written with a capital after the question's first word: its names."""
        return frozenset(w.lower() for w in self.tokens[1:] if w[:1].isupper())

    def following(self, film: str) -> Query:
        """This query about `film`, kept from an earlier answer (a follow-up names none)."""
        return replace(self, film=film, film_from="followed",
                       question=analyse(self.phrased, self.words, [film]))


def understand(question: str, film: str | None = None,
               catalog: FilmCatalog | None = None) -> Query:
    """The `Query` for `question`: `film` (a title or film id) resolved in `catalog`, or else
    the film the question names. ReelqaError for an empty question, UnknownFilmError for a
    film the catalog does not hold."""
    text = question.strip()
    if not text:
        raise ReelqaError("the question is empty")
    source: FilmSource | None = None
    naming: str | None = None  # the words that name the film in the question
    if film is not None:
        film, source = (catalog or FilmCatalog(())).require(film), "asked"
    elif catalog is not None and (named := catalog.find_in(text)) is not None:
        film, source, naming = named.title, "question", named.words
    said = phrased(text)
    said_words = tuple(w for _, _, w in words(said))
    at = None
    if naming is not None and (found := said.find(naming)) >= 0:
        at = (found, found + len(naming))
    elif film is not None:
        at = title_span(said, film)
    fact = film_fact(said, at)
    return Query(
        text=text,
        film=film,
        film_from=source,
        tokens=tuple(TOKEN.findall(text)),
        phrased=said,
        words=said_words,
        question=analyse(said, said_words, [film] if film else []),
        credit=None if fact else parse(text),
        opinion=None if fact else opinion_query(text, " ".join(filter(None, (film, naming)))),
        fact=fact,
    )


def refine(query: Query, titles: Iterable[str], known: frozenset[str]) -> Question:
    """The query's `Question` as the retrieved passages read it: their films' titles are not
    focus words, and words they write as names are targets even in a lower-case question
    ("who voices jay"). The query's own when the passages add nothing to it."""
    titles = sorted(set(titles))
    same_titles = titles == ([query.film] if query.film else [])
    if same_titles and not any(fold(w) in known for w in query.words):
        return query.question
    return analyse(query.phrased, query.words, titles, known)
