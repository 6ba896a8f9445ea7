"""Passages as a table: start-up makes no `Passage`; positions, ids, groupings and film counts
read from arrays equal what the passages themselves say."""

from __future__ import annotations

from collections import Counter

import pytest
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.records import Passage, Review
from reelqa.index.records import table as table_module
from reelqa.index.records.table import PassageTable
from reelqa.index.retrieve.search import film_counts
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder

from tests.conftest import ROOT

SLICE = ROOT / "tests/data/imdb_slice/corpus.jsonl"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("table") / "index"
    build_index(IndexSettings((SLICE,), folder, HASHING_MODEL, 32))
    return folder


def test_start_up_makes_no_passage_and_a_question_makes_few(index, monkeypatch) -> None:
    made = Counter[str]()

    class Counted(Passage):
        def __init__(self, *args, **kwargs) -> None:
            made["passages"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(table_module, "Passage", Counted)
    loaded = load_index(index, HASHING_MODEL)
    engine = Engine(HashingEmbedder(), loaded, RetrievalSettings())
    assert engine.films() and made["passages"] == 0 and len(loaded.passages) == 470
    assert engine.ask("Who played Andy Hanson?").hits
    assert 0 < made["passages"] <= 200  # the candidates' and the hits', not 470


def test_the_table_answers_as_the_passages_do(index) -> None:
    table = load_index(index, HASHING_MODEL).passages
    every = list(table)
    assert isinstance(table, PassageTable) and table[-1] == every[-1] and table[2:4] == every[2:4]
    for at, p in enumerate(every):
        assert (table.position(p.id), table.id_of(at), table.review_id(at)) == (
            at, p.id, p.review.id)
        assert [every[i] for i in table.of_review(p.review.id)] == [
            q for q in every if q.review.id == p.review.id]
    assert table.ids_of([5, 0, 5, len(every) - 1]) == [every[5].id, every[0].id, every[5].id,
                                                      every[-1].id]
    assert table.ids_of([]) == []
    assert table.position("nothing#0") is None and table.position(every[0].review.id + "#99") is None
    assert table.films() == list(dict.fromkeys((p.review.film, p.review.year) for p in every))
    names, film_of = table.titles
    assert [names[k] for k in film_of] == [p.review.film for p in every]
    assert film_counts(table) == film_counts(tuple(every))  # arrays, then objects


def test_passages_in_memory_keep_their_order_and_identity() -> None:
    one = Review("r1", "Heat", "Pacino and De Niro.", 1995, rating="9/10")
    two = Review("r2", "Alien", "In space no one can hear you scream.")
    passages = (Passage("r1#0", one, 0, 0, 7), Passage("r2#0", two, 0, 0, 8),
                Passage("r1#1", one, 1, 8, 19))  # a review's passages apart
    table = PassageTable.of(passages)
    assert table[2] is passages[2] and list(table.of_review("r1")) == [0, 2]
    assert table.ids_of([2, 0]) == ["r1#1", "r1#0"]
    assert table.position("r1#1") == 2 and table.films() == [("Heat", 1995), ("Alien", None)]
    assert [(f.film, f.reviews, f.passages) for f in film_counts(passages)] == [
        ("Alien", 1, 1), ("Heat", 1, 2)]
