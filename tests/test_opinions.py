"""Opinion questions, verdict sentences, ratings, spoiler warnings and the feedback store."""

from __future__ import annotations

import json

import pytest
from reelqa.bot.discord.feedback import FeedbackStore
from reelqa.bot.terminal.render import render_hit
from reelqa.index.answer.knowledge import Knowledge
from reelqa.index.answer.opinion import OpinionKind
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.ingest.ratings import leaning, parse_rating
from reelqa.index.ingest.spoilers import spoiler_start
from reelqa.index.query import understand
from reelqa.index.query.opinion import opinion_query
from reelqa.index.query.reading import Reading
from reelqa.index.records import Hit, Passage, Review
from reelqa.index.retrieve.opinion import by_review, rerank
from reelqa.index.text.verdicts import verdict_strength


@pytest.mark.parametrize(("question", "aspect"), [
    ("is it worth watching?", "work"),
    ("How is the acting?", "acting"),
    ("how good is the score in Heat?", "music"),
    ("What do critics think of the special effects?", "effects"),
    ("Is the dialogue any good?", "dialogue"),
    ("What's the greatest scene?", "scenes"),
    ("How is the pacing?", "pace"),
    ("How is the cinematography?", "visuals"),
])
def test_opinion_questions_and_their_aspect(question: str, aspect: str) -> None:
    query = opinion_query(question)
    assert query is not None and query.aspect == aspect


@pytest.mark.parametrize("question", [
    "Who plays Jay?", "How long is Heat?", "How many Oscars did Heat win?",
    "How is Jay related to Na-young?", "What is Jay's job?", "Where is the film set?",
    "How did Bong Joon-ho describe the film?", "Why does Hélène refuse to sell?",
    "Is Lost in Starlight animated?", "Who composed the music?",
])
def test_questions_of_fact_are_not_opinions(question: str) -> None:
    assert opinion_query(question) is None


def test_verdict_strength_prefers_the_aspect_judged_in_so_many_words() -> None:
    acting = opinion_query("how is the acting?")
    assert acting is not None
    assert verdict_strength("The acting is superb.", acting.aspect, acting.terms) == 1.0
    assert verdict_strength("Superb performances all round.", acting.aspect, acting.terms) == 0.65
    assert verdict_strength("A superb film.", acting.aspect, acting.terms) == 0.175
    assert verdict_strength("Hanna chases McCauley across Los Angeles.", acting.aspect, acting.terms) == 0.0
    assert verdict_strength("Is the acting superb?", acting.aspect, acting.terms) == 0.0


def test_ratings_parse_and_lean() -> None:
    assert parse_rating("7/10") == (7.0, 10.0) and parse_rating(" 4.5 / 5 ") == (4.5, 5.0)
    assert parse_rating("7") is None and parse_rating("11/10") is None
    assert parse_rating("3/0") is None
    assert [leaning(r) for r in ("7/10", "4/5", "5/10", "3/5", "4/10", "1/5", None)] == [
        "favourable", "favourable", "mixed", "mixed", "unfavourable", "unfavourable", None]


def test_the_corpus_reads_and_checks_ratings(tmp_path) -> None:
    rows = [{"film": "Heat", "text": "Tense.", "rating": "8 / 10"},
            {"film": "Heat", "text": "Long.", "rating": "7"},
            {"film": "Heat", "text": "Loud.", "rating": ""}]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    corpus = load_corpus([tmp_path])
    assert [r.rating for r in corpus.reviews] == ["8/10", None]
    assert [str(p) for p in corpus.problems] == [
        f"{tmp_path / 'r.jsonl'}:2: field 'rating': must be a number and its scale, like 7/10 "
        "or 4.5/5"]


def test_spoiler_warnings() -> None:
    text = "************* SPOILERS BELOW ************* Jesse calmly announces her plan."
    assert text[spoiler_start(text):] == "Jesse calmly announces her plan."
    assert spoiler_start("No spoilers here, I promise. It is good.") is None
    assert spoiler_start("A spoiler-free review.") is None
    assert spoiler_start("I will not give spoilers. But *** SPOILER *** he lives.") == 46


def _hit(review: Review, n: int, start: int, end: int, rank: int) -> Hit:
    return Hit(Passage(f"{review.id}#{n}", review, n, start, end), 1.0, rank)


def test_reelqa_ask_marks_spoilers_too() -> None:
    r = Review("r", "Heat", "Great. Spoiler alert: he dies.")
    lines = render_hit(_hit(r, 0, 0, len(r.text), 1), mark=(0, 6))
    assert lines[0] == "[1] **Great.** Spoiler alert: ||he dies.||"


def test_the_reader_gives_one_verdict_per_review_and_counts_leanings() -> None:
    good = Review("a", "Heat", "Heat follows a thief. The acting is superb.", rating="9/10")
    bad = Review("b", "Heat", "The acting is wooden and dull.", rating="2/10")
    unrated = Review("c", "Alien", "Alien is terrifying.")
    passages = [Passage(f"{r.id}#0", r, 0, 0, len(r.text)) for r in (good, bad, unrated)]
    kind = OpinionKind(Knowledge(passages, {}))
    hits = [_hit(good, 0, 0, len(good.text), 1), _hit(bad, 0, 0, len(bad.text), 2)]
    query = understand("how is the acting?").following("Heat")
    reply = kind.respond(query, hits, Reading.splitting(), lambda: pytest.fail("no fallback"))
    opinion = reply.opinion
    assert opinion is not None and reply.kind == "opinion"
    assert [(v.sentence, v.passage, v.leaning) for v in opinion.verdicts] == [
        ("The acting is superb.", 1, "favourable"),
        ("The acting is wooden and dull.", 2, "unfavourable")]
    assert opinion.leanings == (("favourable", 1), ("unfavourable", 1))
    assert not kind.accepts(understand("who plays the thief?"))


def test_opinion_ranking_goes_review_by_review() -> None:
    order = by_review([("a#0", 0.9), ("a#1", 0.8), ("b#0", 0.5), ("a#2", 0.4), ("b#1", 0.3)],
                      lambda pid: pid.split("#")[0])
    assert [pid for pid, _ in order] == ["a#0", "b#0", "a#1", "b#1", "a#2"]
    r = Review("r", "Heat", "Heat follows a thief across town. The music is magnificent.")
    passages = {"r#0": Passage("r#0", r, 0, 0, 33), "r#1": Passage("r#1", r, 1, 34, len(r.text))}
    query = opinion_query("how is the music?")
    assert query is not None
    ranked = rerank([("r#0", 1.0), ("r#1", 0.8)], passages.__getitem__, query,
                    Reading.splitting())
    assert [pid for pid, _ in ranked] == ["r#0", "r#1"]  # one review: best first (lede wins)
    assert ranked[1][1] == pytest.approx(0.8 + 0.5)  # the verdict's weight


def test_feedback_store_keeps_votes_and_no_user_id(tmp_path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    key = store.remember("who plays Hanna?", "Heat", "Al Pacino", ("r#0", "r#1"), (1,))
    store.sent(key, 42)
    assert store.film_of_message(42) == "Heat" and store.film_of_message(7) is None
    assert store.vote(key, 123456789, "up") is None
    assert store.vote(key, 123456789, "down") == "up"
    assert store.context(key).quoted == (1,)  # type: ignore[union-attr]
    [row] = store.export()
    assert (row["vote"], row["question"], row["film"], row["answer"], row["passages"]) == (
        "down", "who plays Hanna?", "Heat", "Al Pacino", ["r#0", "r#1"])
    assert row["user"] == store.user_hash(123456789) != "123456789"
    for written in tmp_path.iterdir():  # the database and its write-ahead log
        assert b"123456789" not in written.read_bytes()
    assert (tmp_path / "fb.sqlite3").stat().st_mode & 0o777 == 0o600
    assert FeedbackStore(tmp_path / "fb.sqlite3").user_hash(123456789) == row["user"]
