"""Ingest normalisation: scraped debris goes, the reviewer's own characters stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.index.ingest.corpus import load_corpus
from reelqa.index.ingest.normalise import clean_field, clean_review
from reelqa.index.text.sentences import sentence_spans


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # sentences run together: a space after the end, nothing else
        ("The score was great.The cast is better.", "The score was great. The cast is better."),
        ("like \"Deliverance\".Director Jo Ames", "like \"Deliverance\". Director Jo Ames"),
        ("is it funny?Does it matter...I doubt it", "is it funny? Does it matter... I doubt it"),
        ("a boy (the hero).The end", "a boy (the hero). The end"),
        # ... and before a small letter, after a word that is no abbreviation
        ("it was boring.in the end Kathy Baker.but", "it was boring. in the end Kathy Baker. but"),
        ("etc.and e.g.the u.s.army, sh!t", "etc.and e.g.the u.s.army, sh!t"),
        ("on imdb.com or amazon.co.uk/x.html", "on imdb.com or amazon.co.uk/x.html"),
        # not sentence ends: initials, abbreviations, numbers, web addresses
        ("the U.S.A. and G.I. Joe", "the U.S.A. and G.I. Joe"),
        ("rated 3.5 by Mr.Smith in St.Louis", "rated 3.5 by Mr.Smith in St.Louis"),
        ("see www.Example.com or shop.Example.org", "see www.Example.com or shop.Example.org"),
        # a sentence opener or a linked name glued to the word before it
        ("directed by Jane RoeStarring Tom Hill", "directed by Jane Roe Starring Tom Hill"),
        ("it was boringI left", "it was boring I left"),
        ("performances byTom Vail andMeg Ruiz", "performances by Tom Vail and Meg Ruiz"),
        # names written in camel case stay whole
        ("McIntyre, DiCaprio, DeNiro, LeMat, DreamWorks, GodfatherII",
         "McIntyre, DiCaprio, DeNiro, LeMat, DreamWorks, GodfatherII"),
        # cp1252 control characters and mojibake
        ("long\x96and slow\x85 it didn\x92t work", "long\u2013and slow\u2026 it didn\u2019t work"),
        ("don\u00e2\u0080\u0099t", "don\u2019t"),
        # HTML entities and the tags of a page; anything else in angle brackets stays
        ("Tom &amp; Jerry&#39;s &quot;chase&quot; &eacute;", "Tom & Jerry's \"chase\" \u00e9"),
        ("A film by <i>Jane Roe</i>.<br /><br />Tom Hill stars.",
         "A film by Jane Roe.\n\nTom Hill stars."),
        ("<p>One.</p><p>Two.</p><script>x()</script>", "One.\n\nTwo."),
        ("I gave it <sigh> a 3 &lt;3", "I gave it <sigh> a 3 <3"),
        # invisible characters
        ("Tom Han\u200bks and Kim Tae\u2060-ri", "Tom Hanks and Kim Tae-ri"),
        ("the \u202eevil\u202c twin\u200e", "the evil twin"),
        # page furniture
        ("The film opens.\nAdvertisement\nIt ends.", "The film opens. It ends."),
        ("The film opens. Advertisement The cast is fine.", "The film opens. The cast is fine."),
        ("Advertisement was everywhere.", "Advertisement was everywhere."),
        # plain text is not Markdown
        ("Use `code`, *stars* and _under_ as written.", "Use `code`, *stars* and _under_ as written."),
    ],
)
def test_clean_review(raw: str, clean: str) -> None:
    assert clean_review(raw) == clean


def test_markdown_is_read_only_in_markdown() -> None:
    assert clean_review("**Tom Hill** is *great*.", markdown=True) == "Tom Hill is great."
    assert clean_review("**Tom Hill** is *great*.") == "**Tom Hill** is *great*."


def test_run_on_sentences_split_where_they_end() -> None:
    text = clean_review("It was directed by Jane Roe.Tom Hill stars as the mayor.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "It was directed by Jane Roe.", "Tom Hill stars as the mayor."]


def test_clean_field_makes_one_title_of_lookalikes() -> None:
    assert clean_field("Dr.\u200b No") == clean_field("Dr. No") == "Dr. No"
    assert clean_field("Ame\u0301lie\n") == "Am\u00e9lie"


def test_corpus_reads_every_format_as_it_arrives(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(
        {"id": "j", "film": "Heat\u200b", "text": "Great.The `heist`<br>is *tense*\x85 and long"}) + "\n")
    (tmp_path / "b.csv").write_text('film,text\nHeat,"A &quot;tense&quot; film.It works."\n')
    (tmp_path / "c.md").write_text("---\nfilm: Heat\n---\nA *tense* film.The end.\n")
    (tmp_path / "d.txt").write_text("---\nfilm: Heat\n---\nA *tense* film.\n")
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    assert {r.film for r in corpus.reviews} == {"Heat"}
    assert sorted(r.text for r in corpus.reviews) == [
        "A \"tense\" film. It works.", "A *tense* film.", "A tense film. The end.",
        "Great. The `heist` is *tense*\u2026 and long"]
    (tmp_path / "e.jsonl").write_text(json.dumps({"film": "\u200b", "text": "x"}) + "\n")
    problems = load_corpus([tmp_path / "e.jsonl"]).problems
    assert [p.reason for p in problems] == ["required field 'film' holds only invisible characters"]
