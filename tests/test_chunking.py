"""Sentence splitting and passages: exact offsets, size bounds, overlap."""

from __future__ import annotations

import re

from reelqa.index.ingest.chunking import chunk_review
from reelqa.index.records import Review
from reelqa.index.text.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_sentences_respect_abbreviations_initials_quotes_and_paragraphs() -> None:
    text = 'Dr. Smith met J. R. R. Tolkien. He said "Hi." Then left!\n\n(Really?) Yes... no. End'
    assert sentences(text) == [
        "Dr. Smith met J. R. R. Tolkien.", 'He said "Hi."', "Then left!", "(Really?)",
        "Yes... no.", "End",
    ]


def test_sentences_of_a_review_written_without_capitals() -> None:
    # an IMDb review's own words: one "sentence" of 600 characters before
    text = ("this movie was downright awful. most of the comedic scenes seem stale and trite. "
            "i hated it!! the end? no. the u.s. army and vs. the mob, feat. snoop, ed. by me. "
            "Oliver! is a musical... it was fine. it stars Kathy Baker. but Ed Harris is better.")
    assert sentences(text) == [
        "this movie was downright awful.", "most of the comedic scenes seem stale and trite.",
        "i hated it!!", "the end?", "no.", "the u.s. army and vs. the mob, feat. snoop, ed. by me.",
        "Oliver! is a musical... it was fine.", "it stars Kathy Baker.",
        "but Ed Harris is better.",
    ]


def test_bullets_end_sentences_and_are_no_part_of_the_next() -> None:
    text = "Thus, this film omits: · his birth in 1880 · his years in Manila.\n• Pros: the score"
    assert sentences(text) == ["Thus, this film omits:", "his birth in 1880",
                               "his years in Manila.", "Pros: the score"]


def test_paragraph_break_ends_a_sentence_without_punctuation() -> None:
    assert sentences("A headline\n\nBody text here.") == ["A headline", "Body text here."]


def numbered_sentences(sentence_count: int, words_each: int) -> list[str]:
    return [" ".join(f"w{s}x{w}" for w in range(words_each)).capitalize() + "."
            for s in range(sentence_count)]


def numbered_review(sentence_count: int, words_each: int) -> Review:
    return Review(id="r", film="F", text=" ".join(numbered_sentences(sentence_count, words_each)))


def test_passages_keep_exact_offsets_ids_and_bounds() -> None:
    review = numbered_review(sentence_count=40, words_each=10)
    sentences = numbered_sentences(40, 10)
    runs = {" ".join(sentences[a:b]) for a in range(40) for b in range(a + 1, 41)}
    passages = chunk_review(review)
    assert [p.id for p in passages] == [f"r#{n}" for n in range(len(passages))]
    for p in passages:
        assert p.text in runs  # its offsets fall exactly on sentence boundaries
        assert 60 <= len(p.text.split()) <= 120
        assert p.text[0].isupper() and p.text.endswith(".")  # whole sentences
    # consecutive passages overlap by whole sentences, and together cover every sentence
    for before, after in zip(passages, passages[1:], strict=False):
        assert after.start < before.end
    assert passages[0].start == 0 and passages[-1].end == len(review.text)


def test_overlong_sentence_is_cut_at_word_boundaries() -> None:
    review = Review(id="r", film="F", text=" ".join(f"word{i}" for i in range(300)) + ".")
    passages = chunk_review(review)
    assert all(len(p.text.split()) <= 120 for p in passages)
    words = set()
    for p in passages:
        assert re.fullmatch(r"word\d+( word\d+)*\.?", p.text)
        words.update(p.text.rstrip(".").split())
    assert len(words) == 300


def test_short_review_is_one_passage_and_tiny_tail_is_merged() -> None:
    short = Review(id="s", film="F", text="Only this. And that.")
    assert [(p.start, p.end) for p in chunk_review(short)] == [(0, len(short.text))]
    review = numbered_review(sentence_count=11, words_each=10)  # 110 words: one passage
    assert len(chunk_review(review)) == 1


def test_empty_text_has_no_passages() -> None:
    assert chunk_review(Review(id="e", film="F", text="")) == []
