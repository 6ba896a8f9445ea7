"""Sentence kinds that credit someone, and look-alikes that do not."""

from __future__ import annotations

from tests.credits_support import claims_of, pairs, reviews


def claims(text: str, film: str = "Some Film"):
    return pairs(claims_of(reviews(film, text))[1])


def test_character_then_actor_in_brackets_with_exact_offsets() -> None:
    text = "Sidney Bruhl (Michael Caine) is a very unhappy man."
    model, found = claims_of(reviews("Deathtrap", text))
    (c,) = found
    assert (c.role, c.person.text, c.character.text, c.cue) == (
        "actor",
        "Michael Caine",
        "Sidney Bruhl",
        "paren",
    )
    assert text[c.person.start : c.person.end] == "Michael Caine"
    assert text[c.sentence[0] : c.sentence[1]] == text
    assert c.reversible


def test_bracket_without_space_and_a_described_actor() -> None:
    assert claims("Meissen(Boris Karloff), the castle physician, waits.") == {
        ("actor", "Boris Karloff", "Meissen")
    }
    assert claims("Astrid finds that the owner, Harald Moe (a menacing Sven Nordin), lies.") == {
        ("actor", "Sven Nordin", "Harald Moe")
    }


def test_passive_credits_tie_the_character_before() -> None:
    assert claims("Antonio Montana(played by Al Pacino), is one of thousands.") == {
        ("actor", "Al Pacino", "Antonio Montana")
    }
    assert claims("Jay, voiced with quiet heartbreak by Hong Kyung, is a guitarist.") == {
        ("voice", "Hong Kyung", "Jay")
    }
    assert ("actor", "Jimmi Simpson", "Phineas") in claims(
        "The most annoying character in the movie is Phineas played by Jimmi Simpson."
    )


def test_active_and_as_credits() -> None:
    assert claims("Cameron Diaz plays Julie Gianni, David's occasional bed buddy.") == {
        ("actor", "Cameron Diaz", "Julie Gianni")
    }
    assert claims("Also starring Orlando Bloom as Joseph Byrne, Naomi Watts as Julia Cook.") == {
        ("actor", "Orlando Bloom", "Joseph Byrne"),
        ("actor", "Naomi Watts", "Julia Cook"),
    }
    assert claims("Leela Kapoor is a revelation as Meera, the schoolteacher.") == {
        ("actor", "Leela Kapoor", "Meera")
    }


def test_two_actors_for_two_characters_respectively() -> None:
    assert claims("Alfre Woodard and Diana Scarwid are great as Pat and Terry.") == {
        ("actor", "Alfre Woodard", "Pat"),
        ("actor", "Diana Scarwid", "Terry"),
    }


def test_relative_of_a_character_is_its_own_character() -> None:
    assert claims("His sister is played by Mary Mastrantonio as Tony Montana's sister.") >= {
        ("actor", "Mary Mastrantonio", "Tony Montana's sister")
    }


def test_director_sentence_kinds() -> None:
    assert claims("This film was directed by Kevin Connor who is known for TV.") == {
        ("director", "Kevin Connor", None)
    }
    assert claims("Writer/director Larry Bishop brings a hip sensibility.") == {
        ("director", "Larry Bishop", None),
        ("writer", "Larry Bishop", None),
    }
    assert claims("Sidney Lumet's direction is stagy and fuzzy.") == {
        ("director", "Sidney Lumet", None)
    }
    assert claims("Irving Rapper, one of Bette's best directors, is unable to help.") == {
        ("director", "Irving Rapper", None)
    }
    assert claims(
        "It suffers from self-indulgent direction by the famed Italian director, Michelangelo Antonioni."
    ) == {("director", "Michelangelo Antonioni", None)}


def test_relation_between_two_names_credits_the_second() -> None:
    assert ("director", "Steve Pink", None) in claims(
        "Enter Accepted, directed by John Cusack pal Steve Pink and led by Justin Long."
    )


def test_look_alikes_that_credit_nobody() -> None:
    assert claims("Then Frank was shot by Manny in the back.") == set()
    assert claims("Stephen King wrote the novel years earlier.") == set()
    assert claims("This film was highly rated by Gene Siskel.") == set()
    assert claims('He was also in "Steve Martin" films.') == set()
    # the title noun belongs to the next name, not to an apposition of the first
    assert ("director", "Steve James", None) not in claims(
        "Eastland, played by Steve James, who was also in director James Glickenhaus' movie."
    )


def test_a_crew_verb_whose_object_is_another_work_credits_nobody() -> None:
    assert claims("Years later Ola Brenn directed that revival on Broadway.") == set()
    assert claims("Ola Brenn directed one other film before this one.") == set()
    assert claims("Ola Brenn also directed the stage version in Oslo.") == set()
    assert claims("Ola Brenn produced the original, which was better.") == set()
    # the film itself, or words describing it, keep the credit
    assert claims("Ola Brenn directed his first film here.") == {("director", "Ola Brenn", None)}
    assert claims("Ola Brenn directed this odd little comedy.") == {
        ("director", "Ola Brenn", None)
    }
    assert claims("Ola Brenn directs with a steady hand.") == {("director", "Ola Brenn", None)}


def test_a_credit_set_off_by_commas_and_a_name_joined_by_an_ampersand() -> None:
    assert claims("The score, by Soap&Skin, is sparse and eerie.") == {
        ("composer", "Soap&Skin", None)
    }
    assert claims("She waited, by the window, for Tom.") == set()
