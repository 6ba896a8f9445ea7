"""A CI-sized slice of the IMDb dev set (150 real user reviews of 12 films, their 53 questions)
through the real `reelqa index build`, `reelqa eval` and `reelqa credits` commands.

Credits do not depend on vectors, so the weightless `reelqa/hashing` embedder builds the index;
the rank-1 evidence figures with the real model are measured by benchmarks/credits_eval.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.bot.cli import main
from reelqa.index.credits.listing import LISTED
from reelqa.index.credits.store import read_claims
from reelqa.index.store.hashing import HASHING_MODEL
from reelqa.index.store.reviewfile import ReviewFile
from reelqa.index.store.versions import resolve
from reelqa.index.text.sentences import sentence_spans

SLICE = Path(__file__).parent / "data" / "imdb_slice"


@pytest.fixture(scope="module")
def slice_index(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("imdb-slice") / "index"
    code = main(["index", "build", "--corpus", str(SLICE / "corpus.jsonl"), "--index",
                 str(folder), "--model", HASHING_MODEL])
    assert code == 0
    return folder


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_every_review_is_indexed_and_credited(slice_index) -> None:
    manifest = json.loads((resolve(slice_index) / "manifest.json").read_text())
    counts = manifest["counts"]
    assert (counts["reviews"], counts["films"]) == (150, 12)
    assert (counts["credits"], counts["claims"]) == CREDIT_COUNTS
    assert {"credits.jsonl", "claims.jsonl.gz", "patterns.json"} <= set(manifest["files"])


def test_eval_figures_on_the_slice(slice_index, capsys, monkeypatch) -> None:
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", HASHING_MODEL)
    data = run_json(capsys, "eval", str(SLICE / "questions.jsonl"), "--index", str(slice_index),
                    "--json")
    metrics = data["metrics"]
    by_type = {t: (f["questions"], f["exact_match"], f["wrong_answer_rate"])
               for t, f in metrics["by_type"].items()}
    assert by_type == BY_TYPE
    assert metrics["wrong_answer_rate"] == WRONG_RATE
    assert (metrics["abstention_precision"], metrics["abstention_recall"]) == (1.0, 1.0)
    wrong = [(i["question"], i["answer"], i["expected"]) for i in data["items"]
             if i["answer"] is not None and not i["exact"]]
    assert wrong == WRONG
    for item in data["items"]:
        if item["credit"] is not None and item["credit"]["person"] is not None:
            # a credits answer leads with a passage that quotes its credit
            assert item["credit"]["passages"][:1] == [1], item["question"]


def test_credits_command_json_shape(slice_index, capsys) -> None:
    data = run_json(capsys, "credits", "accepted", "--json", "--index", str(slice_index))
    assert data["film"] == "Accepted"
    first = data["credits"][0]
    assert set(first) == {"role", "person", "character", "reviews", "confidence", "evidence"}
    # listed: the credits whose confidence reaches the listing threshold; --all adds the rest
    everything = run_json(capsys, "credits", "accepted", "--json", "--all", "--index",
                          str(slice_index))
    assert all(c["confidence"] >= LISTED for c in data["credits"])
    assert len(data["credits"]) + data["left_out"] == len(everything["credits"])
    assert data["left_out"] > 0 and "left_out" not in everything
    assert set(first["evidence"][0]) == {"review_id", "start", "end", "text"}
    roles = {c["role"] for c in data["credits"]}
    assert roles <= {"actor", "voice", "director", "writer", "composer", "cinematographer",
                     "editor", "producer"}
    director = [c for c in data["credits"] if c["role"] == "director"]
    assert director[0]["person"] == "Steve Pink"
    # offsets into the review's clean text, as the index keeps it
    corpus = {r["id"]: r["text"] for r in ReviewFile(resolve(slice_index)).records()}
    for credit in data["credits"]:
        for e in credit["evidence"]:
            assert corpus[e["review_id"]][e["start"] : e["end"]] == e["text"]


# What the slice's build finds: credits (person, role, character) and single claims.
CREDIT_COUNTS = (121, 205)
# (questions, exact match, wrong answers) per question type; composer and director are the
# unanswerable ones (their films' reviews never say), said not found.
BY_TYPE = {"composer": (1, None, None), "directed": (3, 1.0, 0.0), "director": (1, None, None),
           "plays": (48, 1.0, 0.0)}
WRONG_RATE = 0.0
WRONG: list[tuple[str, str, str]] = []


def test_no_name_spans_a_sentence_boundary(slice_index) -> None:
    folder = resolve(slice_index)
    texts = {r["id"]: r["text"] for r in ReviewFile(folder).records()}
    claims = list(read_claims(folder))
    assert len(claims) == CREDIT_COUNTS[1]
    for c in claims:
        start, end = c["sentence"]
        assert (start, end) in sentence_spans(texts[c["review_id"]])
        for name in (c["person"], c["character"]):
            if name is not None:
                assert start <= name[0] < name[1] <= end, (c["review_id"], name)
