"""What a film is based on, as its reviews say it: the relation a sentence states for the film it
reviews, and the one a film's reviews agree on."""

from __future__ import annotations

import pytest
from reelqa.index.judge.aspects import mask_title
from reelqa.index.text.origins import Stated, agreed_origin, origin_in


@pytest.mark.parametrize(("text", "key", "named"), [
    # sentences of IMDb user reviews of the dev corpus, and one of an Amazon review
    ("Vanilla Sky is a 2001 remake of the 1997 movie Abre Los Ojos (Open Your Eyes).",
     "remake", True),
    ("A remake of Alejandro Amenabar's Abre los Ojos, but this time with a living, breathing "
     "mask as a lead.", "remake", True),
    ("JACKNIFE is a fine adaptation of Stephen Metcalfe's play 'Strange Snow'.",
     "based on a play", True),
    ("It was based on a novel which was later turned into a play--which flopped on Broadway.",
     "based on a novel", False),
    ("This is a musical adaptation of Dicken's \"Oliver Twist\".", "based on another work",
     True),
    ("The movie is based on a true story about a young naval officer.",
     "based on a true story", False),
    ("Based on the novella \"Cabal\", the story of \"Nightbreed\" involves lavish creatures.",
     "based on a novel", True),
    ("A sequel to Angels With Dirty Faces in name only, The Angels Wash Their Faces suffers "
     "somewhat from the usual shenanigans of the Dead End Kids.", "sequel", True),
    ("One of its great strengths is its screenwriter director Robert Benton, who has "
     "marvellously adapted Avery Corman's novel to the big screen.", "based on a novel", True),
    ("NSNA is a remake of \"Thunderball\" and stars the original Bond.", "remake", True),
    ("Jason Patric is fantastic in this wonderful adaptation of the Jim Thompson novel.",
     "based on a novel", True),
    ("The Dark Knight is the sequel to director Christopher Nolan's Batman Begins.", "sequel",
     True),
    ("Based loosely on Joseph Conrad's Heart of Darkness, the film follows Willard upriver.",
     "based on another work", True),
    ("The film, adapted faithfully from the 1955 novel by Jim Thompson, never lets up.",
     "based on a novel", True),
    ("Which is where this adaptation of Our Sunshine, a novel about the Kelly legend, excels.",
     "based on another work", True),  # a title that starts with "Our"
])
def test_a_stated_origin(text, key, named):
    found = origin_in(text)
    assert found is not None and (found.key, found.named) == (key, named)


@pytest.mark.parametrize("text", [
    "I actually prefer the sequel to this film as I like the fact they brought Amy back.",
    "I am glad they made a sequel to this film.",  # another film, made from this one
    "How would they make a 2002 remake of this one?",  # a question
    "(A remake of \"Dr No\" or \"Goldfinger\" might have worked better).",  # a guess
    "Thank God this wasn't based on a true story, because what a story it is.",
    "This said-to-be follow-up to \"The Thirteenth Guest\" has little to do with the earlier "
    "movie; it is not a sequel, as has been inferred.",  # denied
    "Vic Mature was offered the part of Sampson's father in the remake of Sampson and Delilah.",
    "(\"War Of The Roses\", the remake of \"The Hills Have Eyes\").",  # other films
    "I really watched this movie based on the fact that Ron Perlman was in it.",
    "It had a real cash cow feeling, based on the exact template of the first one.",
    "I'm sure this movie was based on his own experiences.",  # a guess about the writer
    "This movie is loosely based on the \"They loved and lost\" premise.",  # no work
    "Adapting plays into cinema is often a bad idea.",
    "It was a bad version of 'Back to the Future' with zero charm.",  # a comparison
    "It's like a left wing version of Dragnet.",
    "The acting was great and the score is haunting.",
])
def test_no_origin_is_read_where_none_is_stated(text):
    assert origin_in(text) is None


def test_a_sequel_to_the_film_itself_is_no_origin():
    """The caller masks the film's title: a sequel to it names no earlier work."""
    text = "I hope that there will one day be a sequel to Mr Baseball with Takakura as Manager."
    assert origin_in(mask_title(text, "Mr. Baseball")) is None
    said = "Rocky Road is a sequel to Rocky Road."
    assert origin_in(mask_title(said, "Rocky Road")) is None


def test_the_origin_most_reviews_state_wins_those_naming_the_work_first():
    novel, named = Stated("based", "novel", False), Stated("based", "novel", True)
    play = Stated("based", "play", True)
    stated = {"a": [novel], "b": [play], "c": [named], "d": []}
    assert agreed_origin(stated) == ("based on a novel", ["c", "a"])
    assert agreed_origin({"a": [novel], "b": [play]}) == ("based on a play", ["b"])  # named
    assert agreed_origin({"d": []}) is None
