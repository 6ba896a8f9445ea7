"""Short answers on hand-written passages: question kinds, role cues, spans and abstention."""

from __future__ import annotations

import pytest
from reelqa.index.answer import THRESHOLD
from reelqa.index.records import Hit, Passage, Review

from tests.query_support import analyse, extract_answer


def make_hits(*texts: str, film: str = "Paper Moons", lead: str = "") -> list[Hit]:
    """One review per text, each one passage; `lead` is review text before the passage."""
    out = []
    for rank, text in enumerate(texts, start=1):
        review = Review(id=f"{film.lower().replace(' ', '-')}-{rank}", film=film, text=lead + text)
        passage = Passage(f"{review.id}#0", review, 0, len(lead), len(lead) + len(text))
        out.append(Hit(passage, 1.0 / rank, rank))
    return out


@pytest.mark.parametrize(
    ("question", "kind", "role", "targets", "unit", "type_noun"),
    [
        ("who voices Jay?", "person", "perform", ("jay",), None, None),
        ("Who plays Captain Hale?", "person", "perform", ("captain", "hale"), None, None),
        ("who directed Paper Moons?", "person", "direct", (), None, None),
        ("Who wrote the screenplay?", "person", "write", (), None, None),
        ("Who composed the film's score?", "person", "compose", (), None, None),
        ("Who is Rosa?", "sentence", None, ("rosa",), None, None),
        ("What year is the story set in?", "date", None, (), None, "year"),
        ("When was it released?", "date", None, (), None, None),
        ("Which city is the film set in?", "place", None, (), None, "city"),
        ("Where does Eli go?", "place", None, ("eli",), None, None),
        ("How far does the caravan travel?", "quantity", None, (), "distance", None),
        ("How long is the film?", "quantity", None, (), "runtime", None),
        ("How long is Eli away?", "quantity", None, ("eli",), "duration", None),
        ("What is the runtime of the film?", "quantity", None, (), "runtime", None),
        ("How much money did it make at the box office?", "quantity", None, (), "money", None),
        ("How many songs are in it?", "quantity", None, (), "count", "songs"),
        ("What is Rosa's profession?", "occupation", None, ("rosa",), None, "profession"),
        ("What does Eli do for a living?", "activity", None, ("eli",), None, None),
        ("Why does Eli return home?", "reason", None, ("eli",), None, None),
        ("What did Sam Hale say about the movie?", "quote", None, ("sam", "hale"), None, None),
        ("Is it the studio's first musical?", "yesno", None, (), None, None),
        ("How is the animation?", "sentence", None, (), None, None),
        ("What genre is it?", "genre", None, (), None, "genre"),
        ("What kind of film is Paper Moons?", "genre", None, (), None, "kind"),
        ("What do critics think of the animation?", "sentence", None, (), None, None),
        ("In Paper Moons, who voices Jay?", "person", "perform", ("jay",), None, None),
        ("What is the name of Jay's dog?", "person", None, ("jay",), None, "name"),
        ("Who is Jay's brother?", "person", None, ("jay",), None, None),
    ],
)
def test_analyse_kinds(question, kind, role, targets, unit, type_noun):
    q = analyse(question, ["Paper Moons"])
    assert (q.kind, q.role, q.targets, q.unit, q.type_noun) == (
        kind,
        role,
        targets,
        unit,
        type_noun,
    )


def test_analyse_focus_drops_title_and_weighs_names():
    q = analyse("In Paper Moons, who voices Jay?", ["Paper Moons"])
    assert dict(q.focus) == {"voic": 1.0, "jay": 1.5}
    assert analyse("What was Jay's job before?").past is True
    assert analyse("What is Jay's job?").past is False


@pytest.mark.parametrize(
    ("question", "texts", "answer"),
    [
        (
            "who voices Milo?",
            ["Ada Brandt voices Milo, the keeper's son, with real warmth."],
            "Ada Brandt",
        ),
        (
            "Who voices Milo?",
            ["Milo, voiced by Oskar Lind, steals every scene he is in."],
            "Oskar Lind",
        ),
        (
            "Who voices Pip?",
            ["Greta Vos lends her voice to Pip, a lonely repair robot."],
            "Greta Vos",
        ),
        (
            "Who plays Captain Hale?",
            ["Tomas Reyes is superb as Captain Hale, gruff and kind."],
            "Tomas Reyes",
        ),
        (
            "who plays Clara?",
            ["Jun Park plays Theo, while Ines Moreau plays Clara."],
            "Ines Moreau",
        ),
        ("who plays Theo?", ["Jun Park plays Theo, while Ines Moreau plays Clara."], "Jun Park"),
        (
            "Who voices Clara?",
            [
                "Then comes Clara \u2014 voiced with bite by Ines Moreau \u2014 a pilot moved by "
                "Theo's songs."
            ],
            "Ines Moreau",
        ),
        (
            "who directed the film?",
            ["The film is directed by Mira Okafor and it shows."],
            "Mira Okafor",
        ),
        (
            "Who wrote the film?",
            ["Written and directed by Lena Sato, this drama never raises its voice."],
            "Lena Sato",
        ),
        (
            "Who directed it?",
            ["Critic Sam Hale liked it. Director Lena Sato keeps the camera still."],
            "Lena Sato",
        ),
        (
            "Who plays Neil?",
            ["Neil (Robert De Niro) keeps nothing he cannot leave."],
            "Robert De Niro",
        ),
        ("Who plays Kitty?", ["Starring Emily Blunt as Kitty, it moves fast."], "Emily Blunt"),
        ("Who plays Kitty?", ["Emily Blunt plays the role of Kitty with bite."], "Emily Blunt"),
        ("Who plays Kitty?", ["Kitty is played by Emily Blunt, who is superb."], "Emily Blunt"),
        ("who scored the film?", ["The score by Ivo Lind pulses under every scene."], "Ivo Lind"),
        ("Who wrote the music?", ["Sadly, the music by Ivo Lind is forgettable."], "Ivo Lind"),
        ("Who plays Chris?", ["Val Kilmer is Chris Shiherlis, the restless one."], "Val Kilmer"),
        (
            "Who designed the creature?",
            ["The creature was designed by H. R. Giger."],
            "H. R. Giger",
        ),
        ("Who plays Luc?", ["Luc, played with bite by newcomer Bram Vos, wants out."], "Bram Vos"),
        (
            "Who wrote the script?",
            ["Anouk Peeters, who also wrote the script, waits."],
            "Anouk Peeters",
        ),
        (
            "Who plays Jay's mother?",
            ["Ada Kim plays Jay, and Mina Cho plays Jay's mother."],
            "Mina Cho",
        ),
        ("Who plays Jay?", ["Mina Cho plays Jay's mother, and Ada Kim plays Jay."], "Ada Kim"),
        ("Who plays Echo?", ["An android, Echo, who is played by Ha Yoon, waits."], "Ha Yoon"),
        ("Who composed the score?", ["I loved the synth score from Mirei Aoki."], "Mirei Aoki"),
        (
            "Who plays Kang's partner?",
            ["Kang's partner, the wisecracking Min (Lee Seo-jun), jokes."],
            "Lee Seo-jun",
        ),
        (
            "Who plays Min?",
            ["Kang's partner, the wisecracking Min (Lee Seo-jun), jokes."],
            "Lee Seo-jun",
        ),
        (
            "Who plays Kang?",
            ["Park Jin-woo plays Kang, a detective.", "the park is empty. it rains."],
            "Park Jin-woo",
        ),
        (
            "Who directed it?",
            ["The Quiet Year, a documentary by Maya Okonkwo, listens."],
            "Maya Okonkwo",
        ),
        (
            "Who is the main character?",
            ["The rain never stops. The main character, Mara, is a night nurse on a cold ward."],
            "Mara",
        ),
    ],
)
def test_person_cues(question, texts, answer):
    short = extract_answer(question, make_hits(*texts))
    assert short is not None and short.text == answer
    assert short.confidence >= THRESHOLD


def test_voiced_by_is_tied_to_the_right_character():
    text = (
        "Jay, voiced with quiet heartbreak by Hong Kyung, is a former guitarist. "
        "Then comes Na-young \u2014 voiced with luminous warmth by Kim Tae-ri \u2014 an "
        "astronaut moved by Jay's music."
    )
    assert extract_answer("who voices Jay?", make_hits(text)).text == "Hong Kyung"
    assert extract_answer("who voices Na-young?", make_hits(text)).text == "Kim Tae-ri"


def test_lower_case_questions_find_names_the_passages_spell():
    text = "Jay, voiced by Hong Kyung, is a former guitarist. He now restores old radios."
    assert extract_answer("who voices jay", make_hits(text)).text == "Hong Kyung"
    assert extract_answer("what does jay do for a living", make_hits(text)).text == (
        "restores old radios"
    )


def test_pronouns_follow_the_last_subject_or_the_character_it_plays():
    text = (
        "At the center are Jay and Na-young. Jay, voiced by Hong Kyung, is a former guitarist. "
        "He now restores old radios. Then comes Na-young, an astronaut."
    )
    assert extract_answer("What does Jay do?", make_hits(text)).text == "restores old radios"
    assert extract_answer("What does Na-young do?", make_hits(text)).text == "astronaut"
    assert extract_answer("What did Jay use to be?", make_hits(text)).text == "guitarist"
    played = "Hong Kyung plays Jay with warmth. He repairs radios in a small shop."
    assert extract_answer("What does Jay do?", make_hits(played)).text == (
        "repairs radios in a small shop"
    )


def test_who_is_prefers_the_sentence_that_says_what_they_are():
    text = "At the center are Jay and Na-young. Jay, voiced by Hong Kyung, is a former guitarist."
    short = extract_answer("Who is Jay?", make_hits(text))
    assert short.text == "Jay, voiced by Hong Kyung, is a former guitarist."


def test_offsets_point_into_the_review_text():
    lead = "An opening paragraph about something else entirely.\n\n"
    hits = make_hits("The story is set in 1987 Berlin, in a cold winter.", lead=lead)
    short = extract_answer("What year is the story set in?", hits)
    review = hits[0].passage.review
    assert (short.text, short.passage, short.start, short.end) == ("1987", 1, 73, 77)
    assert review.text[short.start : short.end] == "1987"
    assert short.sentence == "The story is set in 1987 Berlin, in a cold winter."


@pytest.mark.parametrize(
    ("question", "texts", "answer"),
    [
        (
            "Which city is the story set in?",
            ["The story is set in 1987 Berlin, in winter."],
            "Berlin",
        ),
        ("Where does Eli travel?", ["Eli travels to Lagos to find his brother."], "Lagos"),
        ("Where is it set?", ["it is set in a flooded busan in 2079."], "busan"),
        ("How long is it?", ["runtime is 1h 52m which flew by."], "1h 52m"),
        ("How long has she taught?", ["She has taught for thirty-one years."], "thirty-one years"),
        (
            "How many months does it cover?",
            ["It spends twelve months in a classroom."],
            "twelve months",
        ),
        (
            "Where is the robbery staged?",
            ["It is staged on real Los Angeles streets."],
            "Los Angeles",
        ),
        ("What was the budget?", ["The budget was $90 million, and it shows."], "$90 million"),
        (
            "How much money did it make?",
            ["It cost around \u20ac3 million and took in more than \u20ac10 million."],
            "\u20ac10 million",
        ),
        (
            "How much did it cost?",
            ["It cost \u20ac3 million and made \u20ac10 million."],
            "\u20ac3 million",
        ),
        ("What is Frans's job?", ["The bank sends an auditor, Frans, to the farm."], "auditor"),
        (
            "Why does Ada refuse to sell?",
            ["Why does Ada refuse to sell? Because the orchard was planted by her grandfather."],
            "Because the orchard was planted by her grandfather",
        ),
        (
            "Where does Luc want to go?",
            ["Luc wants nothing more than to leave for Brussels."],
            "Brussels",
        ),
        (
            "How far does the caravan travel?",
            ["Over 40 days the caravan crosses 4,000 miles of desert."],
            "4,000 miles",
        ),
        ("How long is the film?", ["It runs 142 minutes and never drags."], "142 minutes"),
        (
            "How much money did it make at the box office?",
            ["It grossed $45 million worldwide in its first month."],
            "$45 million",
        ),
        ("What is Rosa's job?", ["Rosa, a retired nurse, lives alone by the sea."], "nurse"),
        (
            "What was Theo's job before?",
            ["Theo, a quiet baker, is a former boxer who lost his nerve."],
            "boxer",
        ),
        (
            "What does Eli do for a living?",
            ["Eli is lonely. He now repairs old pianos, humming as he works."],
            "repairs old pianos",
        ),
        (
            "Why does Eli return home?",
            ["Eli returns home to care for his ailing father, reluctantly."],
            "to care for his ailing father",
        ),
        (
            "What did Sam Hale say about the movie?",
            ["Critic Sam Hale called it \u201ca triumph of small gestures.\u201d"],
            "a triumph of small gestures",
        ),
        (
            "Is it the studio's first musical?",
            ["Paper Moons, the studio's first musical, opens in spring."],
            "first musical",
        ),
    ],
)
def test_typed_spans(question, texts, answer):
    short = extract_answer(question, make_hits(*texts))
    assert short is not None and short.text == answer


def test_genre_runs_end_in_a_genre_noun():
    from reelqa.index.answer.spans import genre_spans

    spans = genre_spans(
        "A quietly powerful sci-fi romance, and a family drama at heart, not animated."
    )
    assert [(s.text, s.strength) for s in spans] == [("sci-fi romance", 0.9), ("family drama", 0.9)]
    short = extract_answer("What genre is it?", make_hits("It is a slow-burning western."))
    assert short.text == "slow-burning western"


def test_descriptive_question_gets_the_best_sentence():
    texts = [
        "The score is lovely. The animation is hand-drawn and glows with warm light.",
        "Its pacing drags in the middle act.",
    ]
    short = extract_answer("How is the animation?", make_hits(*texts))
    assert short.text == "The animation is hand-drawn and glows with warm light."
    assert (short.passage, short.start, short.end) == (1, 21, 75)


@pytest.mark.parametrize(
    "question",
    [
        "Who composed the film's score?",
        "What is the runtime of the film?",
        "How much money did the film make at the box office?",
        "Where was it filmed?",
    ],
)
def test_not_found_when_the_reviews_do_not_say(question):
    texts = [
        "Ada Brandt voices Milo with real warmth, and the animation is gorgeous.",
        "The journey covers 4,000 miles, and director Mira Okafor never loses the thread.",
    ]
    assert extract_answer(question, make_hits(*texts)) is None


@pytest.mark.parametrize(
    "question",
    ["Who plays the villain?", "Who is Jay's brother?", "Who composed the score?"],
)
def test_credits_do_not_answer_other_questions(question):
    texts = [
        "Jay, voiced by Hong Kyung, is a former guitarist. Critics loved Jay's music.",
        "The film features acclaimed actors Kim Tae-ri and Hong Kyung in the lead roles.",
    ]
    assert extract_answer(question, make_hits(*texts)) is None


def test_a_negated_verb_is_no_evidence():
    text = "Maya Okonkwo never narrates; the children do."
    assert extract_answer("Who narrates the film?", make_hits(text)) is None


def test_no_hits_no_answer():
    assert extract_answer("who voices Jay?", []) is None


def test_films_that_disagree_give_no_short_answer():
    a = make_hits("Jay, voiced by Hong Kyung, restores old radios.", film="Lost in Starlight")
    b = make_hits("Jay, voiced by Dana Wells, is a retired pilot.", film="Harbor Lights")
    b = [Hit(h.passage, h.score, 2) for h in b]
    assert extract_answer("who voices Jay?", a + b) is None
    assert extract_answer("who voices Jay?", a).text == "Hong Kyung"
    assert extract_answer("who voices Jay?", b).text == "Dana Wells"


def test_films_that_agree_keep_the_answer():
    a = make_hits("The drama is directed by Mira Okafor.", film="Harbor Lights")
    b = make_hits("Mira Okafor directed this one too.", film="Paper Moons")
    b = [Hit(h.passage, h.score, 2) for h in b]
    short = extract_answer("who directed it?", a + b)
    assert (short.text, short.passage) == ("Mira Okafor", 1)


def test_a_weaker_answer_from_another_film_still_disagrees():
    # Arrival's credit scores lower than Alien's (its sentence also names the writer), but it
    # would be an answer on its own, so "who directed it?" across both has no single answer.
    a = make_hits("Amy Adams plays Louise Banks, a linguist. Denis Villeneuve directs from a "
                  "script by Eric Heisserer.", film="Arrival")
    b = make_hits("Sigourney Weaver plays Ripley. Ridley Scott directs a haunted-house film set "
                  "in deep space.", film="Alien")
    b = [Hit(h.passage, 0.5, 2) for h in b]
    assert extract_answer("who directed it?", a).text == "Denis Villeneuve"
    assert extract_answer("who directed it?", b).text == "Ridley Scott"
    assert extract_answer("who directed it?", a + b) is None
