"""The one role vocabulary: what each reader sees, and the words kept out on purpose."""

from __future__ import annotations

from reelqa.index.text import vocabulary as v


def test_every_credit_role_has_its_words() -> None:
    assert v.ROLES == ("actor", "voice", "director", "writer", "composer", "cinematographer",
                       "editor", "producer")
    for role in v.ROLES:
        words = v.VOCAB[role]
        assert words.titles and words.passive and words.works and words.asks, role


def test_indexes_name_every_role_a_word_credits() -> None:
    assert v.TITLE_OF["writer-director"] == ("director", "writer")
    assert v.PASSIVE_OF["voiced"] == ("voice",)
    assert v.WORK_OF["score"] == ("composer",)
    assert v.ASK_OF["made"] == ("director",)
    assert "animated" not in v.ASK_OF  # "who animated it?" is the span extractor's question


def test_span_extractor_views_keep_the_cues_it_read_before() -> None:
    assert {w: v.PASSIVE_ROLES[w] for w in ("voiced", "played", "directed", "written", "music",
                                            "score", "documentary", "shot", "animated")} == {
        "voiced": "perform", "played": "perform", "directed": "direct", "written": "write",
        "music": "compose", "score": "compose", "documentary": "direct", "shot": "shoot",
        "animated": "animate"}
    assert v.ACTIVE_ROLES["voices"] == "perform" and v.ACTIVE_ROLES["shot"] == "shoot"
    assert v.TITLE_ROLES["starring"] == "perform" and v.TITLE_ROLES["composer"] == "compose"
    assert v.POSSESSIVE_ROLES["direction"] == "direct"
    assert v.ROLE_WORDS["direct"] == ("direct", "directed", "director", "directs", "filmmaker",
                                      "helm", "helmed", "helmer", "made")
    assert {"score", "music", "screenplay", "cinematography", "animation"} <= v.ASKED_WORKS


def test_words_that_need_context_stay_out_of_the_span_views() -> None:
    # "moved by Jay's music" credits nobody; "the man playing cards" plays no one
    assert "music" not in v.POSSESSIVE_ROLES and "playing" not in v.ACTIVE_ROLES
    assert "stars" not in v.ACTIVE_ROLES
    # the credits extractor reads "shot" only with the film as its object
    assert "shot" not in v.PASSIVE_OF and v.ACTIVE_OF["shot"] == ("cinematographer",)


def test_name_titles_cover_roles_honorifics_and_other_titles() -> None:
    assert {"director", "co-writer", "mr", "dame", "starring", "critic", "showrunner"} <= \
        v.NAME_TITLES
