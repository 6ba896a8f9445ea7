"""The cross-writing regression set (tests/data/cross_writing, written for issue 19 in other
words and with other names than any dev set): a critic's ways of naming the director, scraped
text, customer reviews, parenthesised casts, aliases, ranks, "played by the late", reversed
orders, one character in several films. Through the real `reelqa index build`, `reelqa eval`,
`reelqa credits` and `reelqa ask` commands, with the weightless stand-in embedder (credits do
not depend on vectors; the real model runs the same questions in test_eval_starlight.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.bot.cli import main
from reelqa.index.ingest.normalise import clean_review
from reelqa.index.store.hashing import HASHING_MODEL
from reelqa.index.store.reviewfile import ReviewFile
from reelqa.index.store.versions import resolve
from reelqa.index.text.sentences import sentence_spans

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "cross_writing"
QUESTIONS = DATA / "eval" / "cross-writing-questions.jsonl"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cross-writing") / "index"
    assert main(["index", "build", "--corpus", str(CORPUS), "--index", str(folder),
                 "--model", HASHING_MODEL]) == 0
    return folder


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_every_question_is_answered_right_or_not_found(index, capsys, monkeypatch) -> None:
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", HASHING_MODEL)
    data = run_json(capsys, "eval", str(QUESTIONS), "--index", str(index), "--json")
    wrong = [(i["question"], i["answer"]) for i in data["items"]
             if (i["answer"] is not None) if i["unanswerable"] or not i["exact"]]
    missed = [i["question"] for i in data["items"] if not i["unanswerable"] and not i["exact"]]
    assert (wrong, missed) == ([], [])


# What `reelqa credits` lists for each film: no critic quoted, no other film's crew, no
# character as crew, no common word; "(as Captain Maren Holt)", "/The Widow", "As Nell,".
LISTED = {
    "Copper Sky": {("actor", "Hollis Grange", "Widow"), ("actor", "Rosa Quint", "Nell Brandt"),
                   ("director", "Yusuf Adeyemi", None),
                   ("actor", "Hollis Grange", "Major Ilse Korr")},
    "Copper Sky II": {("actor", "Petra Lund", "Major Ilse Korr"),
                      ("director", "Anselm Kray", None), ("actor", "Petra Lund", "Major Korr"),
                      ("actor", "Rosa Quint", "Nell"), ("actor", "Rosa Quint", "Nell Brandt")},
    "Harbor of Ash": {("actor", "Kasper Lindqvist", "Gull"), ("actor", "Sunny Hale", "Pia"),
                      ("director", "Teodor Vasquez", None),
                      ("actor", "Milo Brandt", "Inspector Joaquim Reyes"),
                      ("actor", "Lena Okafor", None), ("actor", "Lena Okafor", "Marta")},
    "Mirror Tide": {("actor", "Nadia Ferro", "Clara"), ("actor", "Sami Rahal", "Leo"),
                    ("actor", "Nadia Ferro", None)},
    "The Lantern Keeper": {("actor", "Bruno Tessaro", "Aurel Vance"),
                           ("actor", "Ines Calloway", "Captain Maren Holt"),
                           ("actor", "Walter Penhallow", "Tobias"),
                           ("composer", "Anouk Saelens", None),
                           ("writer", "Odile Marchetti", None),
                           ("director", "Odile Marchetti", None)},
    "The Ninth Orchard": {("actor", "Edda Krantz", "Ruth"), ("actor", "Gideon Marsh", "Amos"),
                          ("actor", "Theo Vance", "Caleb"),
                          ("cinematographer", "Jonas Berglund", None),
                          ("director", "Hanne Solberg", None), ("writer", "Hanne Solberg", None),
                          ("editor", "Hanne Solberg", None)},
}


@pytest.mark.parametrize("film", sorted(LISTED))
def test_listed_credits_are_the_ones_a_reader_would_accept(index, capsys, film) -> None:
    data = run_json(capsys, "credits", film, "--json", "--index", str(index))
    assert {(c["role"], c["person"], c["character"]) for c in data["credits"]} == LISTED[film]


def test_weaker_claims_are_counted_and_shown_on_request(index, capsys) -> None:
    assert main(["credits", "The Ninth Orchard", "--index", str(index)]) == 0
    text = capsys.readouterr().out
    assert text.rstrip().endswith("1 weaker claim left out (--all shows them).")
    assert "Arvid Moen" not in text and "Lasse Dahl" not in text
    assert main(["credits", "The Ninth Orchard", "--all", "--index", str(index)]) == 0
    assert "Arvid Moen as Felix Dorn" in capsys.readouterr().out


def test_quotes_are_the_reviewers_words_one_sentence_each(index, capsys) -> None:
    folder = resolve(index)
    reviews = {r["id"]: r for r in ReviewFile(folder).records()}
    raw = {r["id"]: r["text"] for r in map(json.loads, (CORPUS / "reviews.jsonl").open())}
    quotes = 0
    for film in LISTED:
        data = run_json(capsys, "credits", film, "--json", "--all", "--index", str(index))
        for credit in data["credits"]:
            for e in credit["evidence"]:
                text = reviews[e["review_id"]]["text"]
                assert text[e["start"] : e["end"]] == e["text"]
                assert (e["start"], e["end"]) in sentence_spans(text)  # one whole sentence
                # plain text as written: only the ingest repairs (entities, dashes, spaces
                # between run-on sentences), no Markdown read into it
                assert e["text"] in clean_review(raw[e["review_id"]])
                quotes += 1
    assert quotes >= 35


def test_one_character_in_two_films(index, capsys, monkeypatch) -> None:
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", HASHING_MODEL)
    # different people: an answer for each film, not a disagreement
    answer = run_json(capsys, "ask", "Who plays Major Ilse Korr?", "--json", "--index",
                      str(index))
    assert {(f["film"], f["person"]) for f in answer["credit"]["films"]} == {
        ("Copper Sky", "Hollis Grange"), ("Copper Sky II", "Petra Lund")}
    assert answer["credit"]["disagreement"] == []
    # the same person in both: agreement, each film named
    answer = run_json(capsys, "ask", "Who plays Nell Brandt?", "--json", "--index", str(index))
    assert answer["answer"]["text"] == "Rosa Quint"
    assert {f["film"] for f in answer["credit"]["films"]} == {"Copper Sky", "Copper Sky II"}
    assert main(["ask", "Who plays Major Ilse Korr?", "--index", str(index)]) == 0
    assert ("Major Ilse Korr: Petra Lund in Copper Sky II (2 reviews); Hollis Grange in Copper "
            "Sky (1 review)") in capsys.readouterr().out
