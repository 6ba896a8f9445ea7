"""Corpus loading: every format, stable ids, and bad records reported with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.config.errors import CorpusError
from reelqa.index.ingest.corpus import fingerprint, load_corpus


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_with_front_matter(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c" / "nested" / "a.md",
          "---\nfilm: Heat\nyear: 1995\ntitle: Cops\ndate: 1995-12-15\n---\n\n**Al Pacino** "
          "plays Hanna.\nDe Niro too.\n")
    corpus = load_corpus([Path("c")])
    [review] = corpus.reviews
    assert review.id == "c--nested--a"
    assert (review.film, review.year, review.title, review.date) == ("Heat", 1995, "Cops", "1995-12-15")
    assert review.author is None and review.url is None
    assert review.text == "Al Pacino plays Hanna. De Niro too."
    assert review.origin == "c/nested/a.md:1"
    assert corpus.problems == []


def test_jsonl_and_csv(tmp_path) -> None:
    write(tmp_path / "r.jsonl",
          json.dumps({"id": "x1", "film": "Heat", "text": "A *tense* film.", "author": "Ann"}) + "\n\n"
          + json.dumps({"film": "Alien", "text": "Scary."}) + "\n")
    write(tmp_path / "r.csv", 'film,text,year,url\nJaws,"A shark, a boat.",1975,http://j.example\n')
    corpus = load_corpus([tmp_path])
    by_film = {r.film: r for r in corpus.reviews}
    # plain text is not Markdown: the reviewer's asterisks stay
    assert by_film["Heat"].id == "x1" and by_film["Heat"].text == "A *tense* film."
    assert by_film["Heat"].author == "Ann"
    assert by_film["Alien"].id.startswith("r-") and len(by_film["Alien"].id) == 12
    assert (by_film["Jaws"].year, by_film["Jaws"].url) == (1975, "http://j.example")
    assert by_film["Jaws"].text == "A shark, a boat."
    # ids derived from content are stable across loads
    assert load_corpus([tmp_path]).reviews == corpus.reviews


def test_bad_records_name_file_line_and_reason(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c" / "a.jsonl",
          '{"film": "Heat", "text": "ok"}\n{"film": "Heat", "text": \n{"text": "no film"}\n[1]\n')
    write(tmp_path / "c" / "b.csv", "film,text\nJaws,\n,orphan\nJaws,fine\n")
    write(tmp_path / "c" / "c.md", "---\nfilm: [unclosed\n---\nbody\n")
    write(tmp_path / "c" / "d.md", "no front matter, so no film\n")
    write(tmp_path / "c" / "e.csv", "title,body\nx,y\n")
    write(tmp_path / "c" / "notes.pdf", "%PDF")
    corpus = load_corpus([Path("c")])
    assert sorted(r.text for r in corpus.reviews) == ["fine", "ok"]
    assert [str(p) for p in corpus.problems] == [
        "c/a.jsonl:2: malformed JSON (Expecting value at column 26)",
        "c/a.jsonl:3: missing required field 'film'",
        "c/a.jsonl:4: each line must be a JSON object",
        "c/b.csv:2: required field 'text' is empty",
        "c/b.csv:3: required field 'film' is empty",
        "c/c.md:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        "c/d.md:1: missing required field 'film'",
        "c/e.csv:1: CSV header lacks column(s): film, text",
    ]
    assert corpus.ignored == ["c/notes.pdf (not .md, .txt, .jsonl or .csv)"]


def test_duplicate_ids_and_documentation(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c" / "README.md", "# How to write reviews\n")
    write(tmp_path / "c" / "a.jsonl",
          '{"id": "same", "film": "A", "text": "one"}\n{"id": "same", "film": "B", "text": "two"}\n')
    corpus = load_corpus([Path("c")])
    assert [r.film for r in corpus.reviews] == ["A"]
    assert [str(p) for p in corpus.problems] == [
        "c/a.jsonl:2: duplicate id 'same' (first at c/a.jsonl:1)"
    ]
    assert corpus.ignored == ["c/README.md (documentation)"]


def test_missing_root_is_an_error(tmp_path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus([tmp_path / "nope"])


def test_fingerprint_depends_on_content_not_order(tmp_path) -> None:
    write(tmp_path / "a.jsonl", '{"id": "1", "film": "A", "text": "x"}\n{"id": "2", "film": "B", "text": "y"}\n')
    first = load_corpus([tmp_path]).reviews
    assert fingerprint(first) == fingerprint(list(reversed(first)))
    write(tmp_path / "a.jsonl", '{"id": "1", "film": "A", "text": "x"}\n{"id": "2", "film": "B", "text": "z"}\n')
    assert fingerprint(load_corpus([tmp_path]).reviews) != fingerprint(first)


def test_shipped_corpus_loads_cleanly() -> None:
    corpus = load_corpus([Path(__file__).parent.parent / "corpus"])
    assert corpus.problems == []
    assert {(r.film, r.year, r.date) for r in corpus.reviews} == {("Lost in Starlight", 2025, "2025-05-22")}
    assert len(corpus.reviews) == 2
    assert all(r.author is None and r.source is None and r.url is None for r in corpus.reviews)
    assert all("**" not in r.text for r in corpus.reviews)


def test_jsonl_lines_end_at_newline_only(tmp_path, monkeypatch) -> None:
    # U+0085 (NEL, cp1252's ellipsis) and U+2028 are line breaks to str.splitlines() but
    # plain characters inside a JSON string; CRLF files still load. Ingest then reads U+0085
    # as the ellipsis it was, U+2028 as a line break inside the paragraph.
    texts = ["Great cast\u0085 and a plot.", "One line\u2028and more."]
    rows = [json.dumps({"id": f"r{i}", "film": "Heat", "text": t}, ensure_ascii=False)
            for i, t in enumerate(texts)]
    write(tmp_path / "r.jsonl", rows[0] + "\r\n" + rows[1] + "\n")
    monkeypatch.chdir(tmp_path)
    corpus = load_corpus([Path("r.jsonl")])
    assert corpus.problems == []
    assert [(r.id, r.origin) for r in corpus.reviews] == [("r0", "r.jsonl:1"), ("r1", "r.jsonl:2")]
    assert [r.text for r in corpus.reviews] == ["Great cast\u2026 and a plot.",
                                                "One line and more."]
