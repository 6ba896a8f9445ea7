"""Cast patterns learned from the corpus (DIPRE/Snowball): agreed credits teach contexts, each
scored by how often it agrees with them; the confident ones credit what no hand-written form
reads."""

from __future__ import annotations

from reelqa.index.credits.aggregate import aggregate
from reelqa.index.credits.learned import MIN_CONFIDENCE, learn_patterns, learned_claims, usable

from tests.credits_support import claims_of, reviews

# Three films whose credits two reviews agree on, each also written "X's character, Y"; and
# possessives of a character ("Tony's friend Manny"), which the seeds contradict.
FILMS = [
    ("Salt Flats", "Ann Lee", "Mara"), ("Night Ferry", "Tom Hill", "Oskar"),
    ("Glass Bay", "Ruth Adler", "Ines"),
]
CORPUS = [
    r
    for film, actor, role in FILMS
    for r in reviews(
        film,
        f"{actor} plays {role}, a pilot.",
        f"{role} ({actor}) flies at night. {actor}'s character, {role}, is the heart of it.",
        f"Tony's friend {role} is wary of everyone.",
    )
] + reviews("Copper Mile", "Sara Quint's character, Delia, runs the mine. It is slow.")


def learned():
    model, claims = claims_of(CORPUS)
    index = aggregate(model, claims, {r.id: r.text for r in CORPUS})
    patterns = learn_patterns(model, CORPUS, index)
    return patterns, learned_claims(model, CORPUS, index, usable(patterns), claims)


def test_agreed_credits_teach_a_context_and_score_it() -> None:
    patterns, _ = learned()
    found = {(p.middle, p.person_first): p for p in patterns}
    character = found[("'s character, ", True)]
    assert (character.agree, character.films, character.contradict) == (3, 3, 0)
    assert character.confidence >= MIN_CONFIDENCE
    assert ("'s character, ", True) in usable(patterns)
    # "Tony's friend Mara": the seeds say Mara is a character and Tony no actor of hers
    assert ("'s friend ", True) not in usable(patterns)


def test_a_learned_context_credits_what_no_form_reads() -> None:
    _, claims = learned()
    # the seed films' own "X's character, Y" sentences, and a film no seed knows
    assert sorted((c.film, c.person.text, c.character.text) for c in claims) == [
        ("Copper Mile", "Sara Quint", "Delia"), ("Glass Bay", "Ruth Adler", "Ines"),
        ("Night Ferry", "Tom Hill", "Oskar"), ("Salt Flats", "Ann Lee", "Mara")]
    assert {c.cue for c in claims} == {"learned:'s character, "}
    assert all(0 < c.strength <= 0.7 for c in claims)
