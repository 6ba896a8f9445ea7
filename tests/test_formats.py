"""The corpus format registry: one line in formats.FORMATS makes a format the corpus reads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

import pytest
from reelqa.index.ingest import formats
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.ingest.formats import FORMATS, Format, format_of, named
from reelqa.index.ingest.reading import Problem, Record


def tab_separated(handle: IO[bytes], rel: str) -> Iterator[Record]:
    """A format of its own: `film<TAB>text` lines."""
    for number, line in enumerate(handle.read().decode().splitlines(), start=1):
        film, _, text = line.partition("\t")
        where = f"{rel}:{number}"
        yield (where, {"film": film, "text": text}) if text else (
            where, Problem(where, "no tab between film and text"))


def test_each_suffix_has_one_format() -> None:
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert all(s == s.lower() and s.startswith(".") for s in suffixes)
    assert named() == ".md, .txt, .jsonl or .csv"


def test_one_registration_line_makes_a_format(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "heat.tsv").write_text("Heat\tAl Pacino plays Vincent Hanna.\nno tab here\n")
    (corpus / "more.JSONL").write_text(json.dumps({"film": "Heat", "text": "Michael Mann."}) + "\n")
    before = load_corpus([corpus])
    assert before.ignored == ["c/heat.tsv (not .md, .txt, .jsonl or .csv)"]
    assert [r.text for r in before.reviews] == ["Michael Mann."]  # suffixes match in any case

    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, Format((".tsv",), tab_separated, many=True)))
    after = load_corpus([corpus])
    assert [(r.film, r.text) for r in after.reviews] == [
        ("Heat", "Al Pacino plays Vincent Hanna."), ("Heat", "Michael Mann.")]
    assert after.reviews[0].id.startswith("heat-")  # many reviews a file: ids from content
    assert [str(p) for p in after.problems] == ["c/heat.tsv:2: no tab between film and text"]
    assert after.ignored == []
    assert format_of(corpus / "x.TSV") is not None
    assert named() == ".md, .txt, .jsonl, .csv or .tsv"


@pytest.mark.parametrize(("name", "many"), [("a.md", False), ("a.markdown", False),
                                             ("a.txt", False), ("a.jsonl", True),
                                             ("a.csv", True), ("a.pdf", None)])
def test_the_shipped_formats(name, many, tmp_path) -> None:
    found = format_of(tmp_path / name)
    assert (found.many if found else None) == many
