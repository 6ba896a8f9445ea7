"""Plot, verdict and aspect answers on small real data: the shipped corpus and a slice of the
IMDb dev corpus, indexed with the stand-in embedder (the judges fall back to VADER and to
their features without vectors)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from reelqa.bot.discord.answers import render_answer as discord_answer
from reelqa.bot.discord.card import render_card
from reelqa.bot.terminal.render import render_answer
from reelqa.config.settings import IndexSettings, RetrievalSettings
from reelqa.index.engine import Engine
from reelqa.index.store.build import build_index
from reelqa.index.store.folder import load_index, resolve
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder
from reelqa.index.text.lexicon import EVALUATIVE
from reelqa.index.text.tokens import fold, words

from tests.fakediscord.limits import message_errors


def test_the_plot_is_told_by_sentences_of_the_reviews(hashing_engine: Engine) -> None:
    answer = hashing_engine.ask("what is it about?")
    short = answer.short
    assert answer.kind == "plot" and short is not None and 1 <= len(short.parts) <= 3
    assert "mission to Mars" in short.parts[0].sentence
    for part in short.parts:  # each sentence is a review's own words, in the passage cited
        passage = answer.hits[part.passage - 1].passage
        assert passage.review.text[part.start : part.end].strip() == part.sentence
        assert passage.start <= part.start < part.end <= passage.end
        judging = [w for _, _, w in words(part.sentence) if fold(w) in EVALUATIVE]
        assert len(judging) <= 1, part.sentence  # the story, not praise
    assert len({answer.hits[p.passage - 1].passage.review.id for p in short.parts}) == \
        len(short.parts)  # one sentence a review
    genre = short.genre  # "animated feature", "animated romance"
    assert genre is not None and (genre.name, genre.reviews, genre.of) == ("animated film", 2, 2)
    assert short.text.startswith("2 of 2 reviews call it an animated film. ")
    assert short.text.endswith(short.parts[-1].sentence)
    for quote in genre.quotes:  # each quote is the sentence of its review that says so
        passage = answer.hits[quote.passage - 1].passage
        assert passage.review.text[quote.start : quote.end].strip() == quote.sentence
        assert "animated " in quote.sentence
    assert len({answer.hits[q.passage - 1].passage.review.id for q in genre.quotes}) == 2
    assert json.loads(json.dumps(short.to_dict()))["genre"]["name"] == "animated film"
    shown = render_answer(answer)
    assert "What Lost in Starlight is about, as its reviews tell it:\n" \
        "  2 of 2 reviews call it an animated film. [" in shown


def test_a_verdict_counts_the_reviews_and_quotes_each_side(slice_engine: Engine) -> None:
    liked = slice_engine.ask("Is Ned Kelly worth watching?")
    short = liked.short
    assert liked.kind == "verdict" and short is not None
    assert short.lean == "positive" and sum(n for _, n in short.counts) == 30
    assert short.text.startswith(f"{dict(short.counts)['positive']} of 30 reviews recommend it")
    sides = [p.leaning for p in short.parts]
    assert sides[0] == "positive" and "negative" in sides  # the other side is heard too
    disliked = slice_engine.ask("Is Problem Child any good?")
    assert disliked.short is not None and disliked.short.lean == "negative"
    assert disliked.to_dict()["answer"]["counts"] == dict(disliked.short.counts)


def test_an_aspect_answer_speaks_of_the_aspect_or_says_none_does(
        hashing_engine: Engine, slice_engine: Engine) -> None:
    funny = slice_engine.ask("Is Accepted funny?")
    assert funny.kind == "aspect" and funny.short is not None and funny.short.lean == "yes"
    for part in funny.short.parts:
        assert any(cue in part.sentence.lower() for cue in ("funn", "laugh", "hilari", "humo",
                                                            "comed", "joke")), part.sentence
    scary = hashing_engine.ask("is it scary?")
    assert scary.kind == "aspect" and scary.short is None
    assert "No review of Lost in Starlight speaks of whether it is scary." in \
        render_answer(scary)
    # the aspect is never a word of the title: "Slither" names no aspect
    assert slice_engine.understand("Is Slither scary?").opinion.aspect == "scary"


def test_spoilers_stay_tagged_in_a_plot_answer(tmp_path: Path) -> None:
    story = ("The Quiet Lake follows Edda, a ferry pilot who finds a stranger asleep in her "
             "boat on the last crossing of the winter.")
    rows = [{"id": "a", "film": "The Quiet Lake", "text": f"{story} It is a fine film."},
            {"id": "b", "film": "The Quiet Lake", "text": "A slow start. Spoilers ahead: Edda "
             "the ferry pilot learns the stranger in her boat is her brother, lost at the "
             "winter crossing years ago."}]
    engine = _hashing_engine(tmp_path, rows)
    answer = engine.ask("What is The Quiet Lake about?")
    assert answer.short is not None and len(answer.short.parts) == 2
    shown = render_answer(answer)
    assert "\u201cThe Quiet Lake follows Edda," in shown  # before any warning: plain
    # past the warning, tagged from it on, as Discord shows it
    assert "\u201cSpoilers ahead: ||Edda the ferry pilot learns the stranger" in shown


def test_the_genre_line_leads_the_plot_in_discord_and_on_the_card(hashing_engine: Engine) -> None:
    reply = discord_answer(hashing_engine.ask("what is it about?"))
    [embed] = reply.embeds
    assert re.match(r"\*\*2 of 2 reviews call it an animated film\.\*\*( \[\d\])+\n> ",
                    embed["description"]), embed["description"]
    card = render_card(hashing_engine.card("Lost in Starlight"))
    [embed] = card.embeds
    assert re.match(r"2 reviews \u00b7 \*\*positive\*\* \(2 positive\)\n"
                    r"2 of 2 reviews call it an animated film\. \[\d\]\n\n\*\*Cast\*\* ",
                    embed["description"]), embed["description"]
    for shown in (reply, card):
        assert message_errors({"content": shown.content, "embeds": list(shown.embeds)}) == {}


def test_an_index_built_before_genres_still_tells_the_plot(hashing_index_dir: Path,
                                                          tmp_path: Path) -> None:
    """An index of an earlier release has no judge-genres.json nor judge-origins.json: the
    plot answer has no genre line, the rest is as before."""
    old = tmp_path / "old"
    shutil.copytree(resolve(hashing_index_dir), old)
    manifest = json.loads((old / "manifest.json").read_text())
    for name in ("judge-genres.json", "judge-origins.json"):
        (old / name).unlink()
        del manifest["files"][name]
    (old / "manifest.json").write_text(json.dumps(manifest))
    engine = Engine(HashingEmbedder(), load_index(old, HASHING_MODEL), RetrievalSettings())
    short = engine.ask("what is it about?").short
    assert short is not None and short.genre is None and short.parts
    assert short.text == " ".join(v.sentence for v in short.parts)
    assert "genre" not in short.to_dict() and "origin" not in short.to_dict()


def test_the_plot_ends_with_what_the_film_is_based_on(tmp_path: Path) -> None:
    """When reviews say what the film is based on, the plot answer's last sentence is the one
    that says it best (naming the work, the shortest), in JSON as `answer.origin`, in the
    terminal, in Discord and on the card; a review that only guesses does not count."""
    story = ("The Glass Orchard follows Ines, a beekeeper who finds a sealed letter in the "
             "hive of her late father and sets out to deliver it across the border.")
    rows = [{"id": "a", "film": "The Glass Orchard", "text": f"{story} It is based on a "
             "novel, and the pacing shows it."},
            {"id": "b", "film": "The Glass Orchard", "text": "Ines the beekeeper crosses the "
             "border with her father's letter in winter. A faithful adaptation of Marta "
             "Vell's novel. The photography is lovely."},
            {"id": "c", "film": "The Glass Orchard", "text": "I would guess it was based on "
             "a play. Ines and her father's letter carry the film."}]
    engine = _hashing_engine(tmp_path, rows)
    answer = engine.ask("What is The Glass Orchard about?")
    short = answer.short
    assert answer.kind == "plot" and short is not None and short.origin is not None
    origin = short.origin
    assert (origin.name, origin.reviews, origin.of) == ("based on a novel", 2, 3)
    said = "A faithful adaptation of Marta Vell's novel."
    assert origin.quote.sentence == said and short.parts[-1] == origin.quote
    assert answer.hits[origin.quote.passage - 1].passage.review.id == "b"
    assert short.text.endswith(said) and "based on a play" not in short.text
    assert json.loads(json.dumps(short.to_dict()))["origin"]["quote"]["sentence"] == said
    assert f"\u201c{said}\u201d [" in render_answer(answer)
    [embed] = discord_answer(answer).embeds
    assert said in embed["description"]
    card = engine.card("The Glass Orchard")
    assert said in [v.sentence for v in card.plot]
    shown = render_card(card)
    assert message_errors({"content": shown.content, "embeds": list(shown.embeds)}) == {}


def test_the_genre_is_never_read_from_the_title(tmp_path: Path) -> None:
    said = ["Zombie Movie is a comedy about two clerks.", "I loved Zombie Movie, a comedy.",
            "Zombie Movie bored me."]
    engine = _hashing_engine(tmp_path, [{"id": f"z{n}", "film": "Zombie Movie", "year": 2001,
                                         "text": text} for n, text in enumerate(said)])
    short = engine.ask("what is Zombie Movie about?").short
    assert short is not None and short.genre is not None
    assert (short.genre.name, short.genre.reviews, short.genre.of) == ("comedy", 2, 3)


def _hashing_engine(tmp_path: Path, rows: list[dict]) -> Engine:
    """An engine over an index of `rows` (review records) built with the stand-in embedder."""
    corpus = tmp_path / "reviews.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    build_index(IndexSettings(corpus_dirs=(corpus,), index_dir=tmp_path / "index",
                              embedding_model=HASHING_MODEL, batch_size=8))
    return Engine(HashingEmbedder(), load_index(tmp_path / "index", HASHING_MODEL),
                  RetrievalSettings())
