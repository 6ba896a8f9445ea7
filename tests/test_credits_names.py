"""Names learned from capitalisation: lower-case mentions, trimmed openers, suffixes."""

from __future__ import annotations

from reelqa.index.credits.names import capitalised, learn, mentions

CORPUS = [
    ("a", "Scarface", "Tony Montana is played by Al Pacino. I think Pacino is great."),
    ("b", "Scarface", "The film belongs to Al Pacino, and Pacino knows it. Pacino shouts."),
    ("c", "Scarface", "honestly al pacino was amazing and pacino made the movie"),
]


def test_lower_case_mentions_of_a_learned_name() -> None:
    model = learn(CORPUS)
    found = [m.text for m in mentions(model, "Scarface", CORPUS[2][2])]
    assert found == ["al pacino", "pacino"]
    assert mentions(model, "Scarface", CORPUS[2][2])[0].key == ("al", "pacino")


def test_sentence_opening_ordinary_words_are_trimmed() -> None:
    text = "Teen Idol Pat Boone plays Nick. The teen idol was popular with every idol fan."
    model = learn([("a", "F", text)])
    assert [m.text for m in capitalised(model, text)][:2] == ["Pat Boone", "Nick"]


def test_mid_sentence_capitals_are_kept_and_offsets_exact() -> None:
    text = "we have Debbie (Candy Clark), and candy for everyone, candy again."
    model = learn([("a", "F", text)])
    got = capitalised(model, text)
    assert [(m.text, text[m.start : m.end]) for m in got] == [
        ("Debbie", "Debbie"),
        ("Candy Clark", "Candy Clark"),
    ]


def test_suffix_titles_and_possessives() -> None:
    text = "And Sammy Davis, Jr., as Sporting Life steals it. Director Vincente Minnelli's film."
    model = learn([("a", "F", text)])
    assert [m.text for m in capitalised(model, text)] == [
        "Sammy Davis, Jr.",
        "Sporting Life",
        "Vincente Minnelli",
    ]


def test_title_case_credit_verbs_end_a_name() -> None:
    text = "I saw it. Wesley Snipes Plays Blade the vampire hunter."
    model = learn([("a", "F", text)])
    assert [m.text for m in capitalised(model, text)] == ["Wesley Snipes", "Blade"]
