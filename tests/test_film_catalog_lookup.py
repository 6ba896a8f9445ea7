"""The film catalog looks names and questions up by dictionary (a question costs the same with
ten films or fifty thousand); what it finds is what a scan of every title finds."""

from __future__ import annotations

import json

from reelqa.index.query.films import FilmCatalog, detect_film, match_film

from tests.conftest import ROOT

IMDB = ROOT / "tests/data/imdb_slice"


def test_lookups_equal_the_scans_over_many_titles() -> None:
    reviews = [json.loads(line) for line in (IMDB / "corpus.jsonl").open()]
    real = list(dict.fromkeys((r["film"], r.get("year")) for r in reviews))
    films = real + [("Heat", 1995), ("heat", None), ("Her", 2013), ("Up", 2009), ("Joe", 2013),
                    ("Death Bed: The Bed That Eats", 1977), ("Lost in Starlight", 2025),
                    ("The Thing (1982)", 1982), ("Amélie", 2001), ("!!!", None)]
    films += [(f"{t} Part {n}", y) for n in range(2, 60) for t, y in real]
    catalog = FilmCatalog(films)
    questions = [json.loads(line)["question"] for line in (IMDB / "questions.jsonl").open()]
    questions += ["who voices her?", "Who voices Her?", "who played Joe Armstrong?",
                  "Is Death Bed scary?", "was Lost in Starlite good?", "who directed amelie",
                  "Heat: who directed it?", "the thing 1982 cast", "", "!!!"]
    for question in questions:
        assert catalog._detect(question) == detect_film(question, catalog.films), question
    names = [t for t, _ in films[::37]] + ["heat-1995", "HEAT", "amelie", "the thing", "!!!",
                                            "nothing at all", ""]
    for name in names:
        assert catalog._match(name) == match_film(name, catalog.films), name
    found = catalog.find_in("who plays the lead in Lost in Starlite?")
    assert found is not None and found.title == "Lost in Starlight"
