"""Unit tests of the index-time judges (index/judge/) on hand-written data."""

from __future__ import annotations

import json

import numpy as np
import pytest
from reelqa.config.errors import ReelqaError
from reelqa.index.judge import aspects, lean, plot
from reelqa.index.judge.polarity import polarity

# ---- lean -------------------------------------------------------------------------------


def _head(**changes) -> lean.LeanHead:
    fields = dict(model="sentence-transformers/all-MiniLM-L6-v2", dimension=3,
                  weights=np.array([2.0, -1.0, 0.0], dtype=np.float32), bias=0.5,
                  positive_share=0.9, negative_share=0.2, sharpness=1.0, vader=(4.0, 0.0))
    return lean.LeanHead(**(fields | changes))


def test_lean_of_reads_shares_like_ratings():
    assert [lean.lean_of(s) for s in (0.7, 0.69, 0.41, 0.4, 1.0, 0.0)] == \
        ["positive", "mixed", "mixed", "negative", "positive", "negative"]


def test_rating_share():
    assert lean.rating_share("7/10") == pytest.approx(0.7)
    assert lean.rating_share("4.5/5") == pytest.approx(0.9)
    assert lean.rating_share("seven") is None
    assert lean.rating_share(None) is None


def test_film_lean_counts_mixed_as_half():
    assert lean.film_lean(["positive"] * 7 + ["negative"] * 3) == "positive"  # 0.7
    assert lean.film_lean(["positive"] * 6 + ["mixed"] * 2 + ["negative"] * 2) == "positive"
    assert lean.film_lean(["positive"] * 6 + ["negative"] * 4) == "mixed"  # 0.6
    assert lean.film_lean(["positive"] * 4 + ["negative"] * 6) == "negative"  # 0.4
    assert lean.film_lean(["mixed", "mixed"]) == "mixed"  # 0.5
    assert lean.film_lean([]) is None


def test_lean_counts_names_every_lean_and_refuses_others():
    assert lean.lean_counts(["positive", "positive", "negative"]) == \
        {"positive": 2, "mixed": 0, "negative": 1}
    with pytest.raises(ValueError, match="favourable"):
        lean.lean_counts(["favourable"])


def test_head_logit_is_the_mean_vector_through_the_weights():
    head = _head()
    vectors = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)  # mean .5, .5
    assert head.logit(vectors) == pytest.approx(2.0 * 0.5 - 1.0 * 0.5 + 0.5)
    assert head.vader_logit([0.5, -0.25]) == pytest.approx(4.0 * 0.125)


def test_head_share_runs_between_the_training_shares_and_sharpens():
    head = _head()
    assert head.share(0.0) == pytest.approx(0.55)
    assert head.share(40.0) == pytest.approx(0.9)
    assert head.share(-40.0) == pytest.approx(0.2)
    # a log-odds of 0.5 is mixed for a plain logistic head, positive once sharpened
    assert lean.lean_of(head.share(0.5)) == "mixed"
    assert lean.lean_of(_head(sharpness=3.0).share(0.5)) == "positive"


def test_head_refuses_vectors_of_another_shape():
    with pytest.raises(ValueError, match=r"\(n, 3\)"):
        _head().logit(np.zeros((2, 4), dtype=np.float32))
    with pytest.raises(ValueError, match="non-empty"):
        _head().logit(np.zeros((0, 3), dtype=np.float32))


def test_head_fits_its_model_by_short_or_full_name():
    head = _head()
    assert head.fits("all-MiniLM-L6-v2", 3)
    assert head.fits("sentence-transformers/all-MiniLM-L6-v2", 3)
    assert not head.fits("reelqa/hashing", 3)
    assert not head.fits("all-MiniLM-L6-v2", 384)


def _write_lean(folder, dimension=3, weights=(1.0, 2.0, 3.0)):
    np.save(folder / "lean_head.npy", np.array(weights, dtype=np.float32), allow_pickle=False)
    (folder / "lean_head.json").write_text(json.dumps(
        {"model": "m", "dimension": dimension, "bias": -0.5, "positive_share": 0.8,
         "negative_share": 0.3, "sharpness": 2.0, "vader": [1.5, 0.25]}))


def test_load_head_reads_plain_files(tmp_path):
    _write_lean(tmp_path)
    head = lean.load_head(tmp_path)
    assert (head.model, head.dimension, head.bias, head.sharpness, head.vader) == \
        ("m", 3, -0.5, 2.0, (1.5, 0.25))
    assert head.weights.tolist() == [1.0, 2.0, 3.0]


def test_load_head_names_the_folder_when_broken(tmp_path):
    with pytest.raises(ReelqaError, match=str(tmp_path)):
        lean.load_head(tmp_path)
    _write_lean(tmp_path, dimension=4)
    with pytest.raises(ReelqaError, match="for dimension 4"):
        lean.load_head(tmp_path)


def test_shipped_lean_head_is_for_the_bundled_model():
    head = lean.load_head()
    assert head.fits("sentence-transformers/all-MiniLM-L6-v2", 384)
    assert head.negative_share < lean.NEGATIVE_UPTO < lean.POSITIVE_FROM < head.positive_share


def test_polarity_signs():
    scores = polarity(["A wonderful, moving film.", "Dull and awful.", "It runs 98 minutes."])
    assert scores.dtype == np.float32
    assert scores[0] > 0.5 and scores[1] < -0.5 and scores[2] == 0.0


# ---- plot -------------------------------------------------------------------------------


def test_content_words_keeps_what_the_sentence_is_about():
    words = plot.content_words("Bartleby founds a fake college after Harvard rejects him",
                               plot.name_words(["Accepted"]))
    assert words == {plot.stem(w) for w in ("bartleby", "founds", "fake", "college", "after",
                                             "rejects")}  # not "Harvard": a name
    # stop words, generic film words, a title word and names inside the sentence go
    assert plot.content_words("The movie is a story about a college", frozenset()) == \
        {"colleg"}
    assert plot.content_words("an accepted college", plot.name_words(["Accepted"])) == \
        {"colleg"}


def test_film_frequency_counts_films_not_sentences():
    freq = plot.film_frequency([[frozenset({"college", "fake"}), frozenset({"college"})],
                                [frozenset({"bank"})]])
    assert (freq.films, dict(freq.counts)) == (2, {"college": 1, "fake": 1, "bank": 1})
    both = freq.plus(plot.WordFrequency(3, {"college": 3}))
    assert (both.films, both.counts["college"], both.counts["bank"]) == (5, 4, 1)
    assert both.specificity("college") == pytest.approx(np.log(6 / 5))
    assert both.specificity("unseen") == pytest.approx(np.log(6))


def _film(texts, reviews, vectors=None, compounds=None):
    return plot.FilmSentences(tuple(reviews), tuple(texts), vectors,
                              np.asarray(compounds if compounds is not None
                                         else [0.0] * len(texts)))


def _plot_head(bias: float = 0.0, **weights: float) -> plot.PlotHead:
    return plot.PlotHead(model="m", dimension=2,
                         weights={k: weights.get(k, 0.0) for k in plot.FEATURES}, bias=bias,
                         vector_weights=np.array([1.0, 0.0], dtype=np.float32), vector_bias=0.0,
                         vector_default=-1.0, background=plot.WordFrequency(0, {}))


FILM = ["Bartleby invents a fake college after every school rejects him.",  # review a
        "I loved it.",  # a
        "Rejected by every school, Bartleby opens a fake college.",  # b
        "Great acting and a great film.",  # b
        "The great acting made it a great film for me.",  # c
        "Why would anyone fund a fake college?"]  # c
REVIEWS = ["a", "a", "b", "b", "c", "c"]


def test_agreement_counts_words_other_reviews_use_weighted_by_film_specificity():
    words = [plot.content_words(t) for t in FILM]
    # "great" and "acting" occur in every film of the corpus, "college" in this one only
    freq = plot.WordFrequency(10, {"great": 10, "act": 10, "colleg": 1, "fake": 1, "school": 1,
                                   "reject": 1, "bartleby": 1})
    x = plot.features(_film(FILM, REVIEWS), words, freq, frozenset(), frozenset({"bartleby"}),
                      _plot_head())
    agreement = x[:, plot.FEATURES.index("agreement")]
    assert agreement[0] > 0 and agreement[2] > 0  # both retell the premise
    assert agreement[3] == pytest.approx(0.0) and agreement[4] == pytest.approx(0.0)
    assert agreement[1] == 0.0  # no content words
    column = {k: x[:, plot.FEATURES.index(k)] for k in plot.FEATURES}
    assert column["character"].tolist() == [1, 0, 1, 0, 0, 0]
    assert column["first_person"].tolist() == [0, 1, 0, 0, 1, 0]
    assert column["question"].tolist() == [0, 0, 0, 0, 0, 1]
    assert column["vector"].tolist() == [-1.0] * 6  # no vectors: the head's default


def test_story_scores_and_plot_answer_prefer_what_reviews_agree_on():
    head = _plot_head(bias=-1.0, agreement=2.0, first_person=-3.0, question=-3.0)
    freq = plot.WordFrequency(10, {"great": 10, "act": 10})
    scores = plot.story_scores(_film(FILM, REVIEWS), freq, head, ["Accepted"], ["Bartleby"])
    assert scores.shape == (6,)
    assert set(np.argsort(-scores)[:2]) == {0, 2}
    assert scores[5] < min(scores[0], scores[2])  # the same words, asked
    assert max(scores[[1, 3, 4]]) < 0.5  # the writer's experience and praise
    assert plot.plot_answer(scores, REVIEWS, most=2) == sorted([0, 2], key=lambda i: -scores[i])


def test_plot_answer_takes_one_sentence_per_review_and_skips_repeats():
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    reviews = ["a", "a", "b", "c", "d"]
    vectors = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0.6, 0.8]], dtype=np.float32)
    assert plot.plot_answer(scores, reviews) == [0, 2, 3]
    assert plot.plot_answer(scores, reviews, vectors) == [0, 3, 4]  # 2 repeats 0
    assert plot.plot_answer(scores, reviews, most=1) == [0]
    assert plot.plot_answer(scores, reviews, floor=0.65) == [0, 2]


def test_plot_answer_prefers_sentences_that_add_something():
    scores = np.array([0.9, 0.8, 0.6, 0.3])
    reviews = ["a", "b", "c", "d"]
    words = [frozenset({"colleg", "fake", "reject"}), frozenset({"colleg", "fake", "school"}),
             frozenset({"dean", "parent", "lie"}), frozenset({"colleg", "fake"})]
    # 1 adds one word of three: 0.8 x (1/3)^2 = 0.09 < 0.6 x 1 for sentence 2
    assert plot.plot_answer(scores, reviews, words=words) == [0, 2, 1]
    assert plot.plot_answer(scores, reviews, words=words, novelty=0.0) == [0, 1, 2]
    assert plot.plot_answer(scores, reviews) == [0, 1, 2]  # without words: the best scores
    assert plot.plot_answer(scores, reviews, words=words, floor=0.7) == [0, 1]


def test_agreed_words_weigh_what_other_reviews_say_by_specificity():
    words = [frozenset({"colleg", "great"}), frozenset({"colleg", "great"}),
             frozenset({"colleg"}), frozenset({"bank"})]
    freq = plot.WordFrequency(10, {"great": 10, "colleg": 1})
    agreed = plot.agreed_words(["a", "b", "c", "c"], words, freq)
    assert set(agreed) == {"colleg", "great"}  # "bank": one review only
    assert agreed["colleg"] == pytest.approx(2 / 4 * np.log(11 / 2))  # 2 of 2 others + prior
    assert agreed["great"] == pytest.approx(1 / 4 * np.log(11 / 11))


def test_film_sentences_checks_its_columns():
    with pytest.raises(ValueError, match="one review id"):
        plot.FilmSentences(("a",), ("x", "y"), None, np.zeros(2))


def test_shipped_plot_head_loads():
    head = plot.load_head()
    assert head.fits("all-MiniLM-L6-v2", 384)
    assert set(head.weights) == set(plot.FEATURES)
    assert head.premise is not None and set(head.premise.weights) == set(plot.FEATURES)
    assert head.premise.vector_weights.shape == (384,) and 0 < head.premise.blend <= 1
    assert head.background.films > 100
    # praise and genre words occur in most films' reviews: little specificity
    assert head.background.specificity("great") < head.background.specificity("colleg")


# ---- aspects ----------------------------------------------------------------------------


def _said(text, title=""):
    return {m.aspect: ("no" if m.denied else "yes") for m in aspects.mentions(text, title)}


@pytest.mark.parametrize(("text", "said"), [
    ("It is genuinely scary and very funny.", {"scary": "yes", "funny": "yes"}),
    ("The movie wasn't scary at all.", {"scary": "no"}),
    ("There just doesn't seem to be anything funny here.", {"funny": "no"}),
    ("It tries too hard to be funny.", {"funny": "no"}),
    ("A lame, unfunny script.", {"funny": "no"}),
    ("It is devoid of humor, but the score is lovely.", {"funny": "no", "music": "yes"}),
    ("Far too violent for young children.", {"violent": "yes", "kids": "no"}),
    ("A perfect family film.", {"kids": "yes"}),
    ("The acting is wooden and the ending falls flat.", {"acting": "yes", "ending": "yes"}),
    ("Jay restores old radios in Seoul.", {}),
    ("Is it scary?", {}),  # a question says nothing
    ("Conclusion: see it.", {}),  # the review's conclusion, not the film's
    ("I read it in Nightmare Alley last week.", {}),  # a name mid-sentence
])
def test_mentions(text, said):
    assert _said(text) == said


def test_mentions_never_read_the_title():
    assert _said("Scary Movie 2 is hilarious.", "Scary Movie 2") == {"funny": "yes"}
    assert _said("funny games is not funny", "Funny Games") == {"funny": "no"}
    assert _said("Funny Games is deeply disturbing.", "Funny Games") == {"scary": "yes"}


def test_mentions_keep_offsets_in_the_sentence():
    text = "Funny Games is deeply disturbing."
    (m,) = aspects.mentions(text, "Funny Games")
    assert text[m.start:m.end] == "disturbing"


def test_flags_are_two_bit_masks():
    found = aspects.mentions("Not scary, but the music is great.")
    spoken, denied = aspects.flags(found)
    scary, music = 1 << aspects.ASPECTS.index("scary"), 1 << aspects.ASPECTS.index("music")
    assert (spoken, denied) == (scary | music, scary)


def test_lean_on():
    assert aspects.lean_on("scary", True, 0.9) == "no"
    assert aspects.lean_on("funny", False, -0.9) == "yes"
    assert [aspects.lean_on("music", False, c) for c in (0.5, 0.0, -0.5)] == \
        ["positive", "mixed", "negative"]


def test_summarise_counts_each_review_once_majority_first():
    texts = ["Not scary at all.", "It is not scary in the least, sadly, for a horror film.",
             "Genuinely creepy and it frightened me badly all night long.",
             "The last half hour is really scary for a film this cheap.",
             "The music is fine."]
    reviews = ["a", "a", "b", "c", "c"]
    found = [aspects.flags(aspects.mentions(t)) for t in texts]
    summary = aspects.summarise("scary", [f[0] for f in found], [f[1] for f in found],
                                [0.0] * 5, reviews, [len(t.split()) for t in texts])
    assert summary is not None
    assert (summary.reviews, summary.leans, summary.lean) == (3, {"no": 1, "yes": 2}, "yes")
    assert summary.sentences[:2] == (2, 3) and set(summary.sentences) == {0, 1, 2, 3}
    assert aspects.summarise("violent", [f[0] for f in found], [f[1] for f in found],
                             [0.0] * 5, reviews) is None  # no review says


def test_plot_load_head_names_its_script_when_broken(tmp_path):
    np.save(tmp_path / "plot_head.npy", np.zeros(2, dtype=np.float32), allow_pickle=False)
    (tmp_path / "plot_head.json").write_text(json.dumps({"model": "m", "dimension": 2}))
    with pytest.raises(ReelqaError, match=r"KeyError.*judge_plot\.py --write"):
        plot.load_head(tmp_path)
    for suffix in (".json", ".npy"):  # a sound story head, no premise head
        (tmp_path / f"plot_head{suffix}").write_bytes((plot.WEIGHTS / f"plot_head{suffix}")
                                                      .read_bytes())
    with pytest.raises(ReelqaError, match=r"premise_head.*judge_premise\.py --write"):
        plot.load_head(tmp_path)
