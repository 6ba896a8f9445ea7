"""A seeded generator of review-like corpora with many films, casts and crews.

Used by the benchmark (size) and the fusion sweep ("who plays X?" across many films, where
made-up names are exactly what a dense model handles badly and BM25 handles well).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_SYL = ("ka ri mo ta le vin sa ro den mi ha lo ber nu tes ga fi col mar jo el an is ur "
        "pel dra quin zo wen fa ly tor bri ce").split()
_TITLE_A = ("Silent Broken Last Hollow Crimson Distant Burning Quiet Northern Paper Glass "
            "Iron Velvet Lonely Hidden Golden Midnight Summer Winter Electric").split()
_TITLE_B = ("Harbor Kingdom Signal River Orchard Frontier Lantern Garden Machine Island "
            "Letters Season Empire Station Mirror Highway Choir Tide Archive Orbit").split()
_JOBS = ("detective", "pilot", "nurse", "teacher", "smuggler", "painter", "engineer", "farmer",
         "journalist", "soldier", "chef", "boxer", "singer", "lawyer", "thief", "astronomer")
_CAST = ("{a} plays {c}, a {j} who cannot let go of the past.",
         "{c}, played by {a}, is a {j} with a secret.",
         "{a} is superb as {c}, a weary {j}.",
         "As {c}, a {j} on the run, {a} gives the film its heart.",
         "{c} is voiced by {a} with quiet warmth.",
         "{a} lends a gravelly voice to {c}, the {j}.")
_CREW = ("{p} directs with patience and an eye for small gestures.",
         "Written and directed by {p}, the film rarely raises its voice.",
         "The score by {p} swells at exactly the right moments.",
         "Cinematographer {p} shoots the city in cold blue light.",
         "{p} edits the second half with real urgency.")
_FILLER = ("The pacing sags in the middle hour before a strong final act.",
           "It is a film about grief, memory and the families we choose.",
           "The production design is lavish without ever feeling fussy.",
           "Some of the dialogue is clumsy, but the performances carry it.",
           "The final scene lands with surprising force.",
           "Fans of slow cinema will find plenty to admire here.",
           "The humour is dry and arrives when least expected.",
           "Its ambitions sometimes outrun its budget.",
           "Few recent films have looked this good on a small screen.",
           "The story moves between two timelines that slowly converge.",
           "There are echoes of classic westerns in its wide landscapes.",
           "By the end, the quiet moments matter more than the spectacle.")


def _name(rng: random.Random) -> str:
    word = lambda n: "".join(rng.choice(_SYL) for _ in range(n)).capitalize()  # noqa: E731
    return f"{word(rng.randint(1, 2))} {word(rng.randint(2, 3))}"


def generate(films: int, reviews_per_film: int = 3, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """(reviews, questions): JSONL-ready review records and "who plays X?" questions."""
    rng = random.Random(seed)
    reviews, questions = [], []
    for f in range(films):
        title = f"The {rng.choice(_TITLE_A)} {rng.choice(_TITLE_B)} {f}"
        cast = [(_name(rng), _name(rng).split()[0] + " " + _name(rng).split()[1], rng.choice(_JOBS))
                for _ in range(4)]
        crew = [_name(rng) for _ in range(3)]
        for r in range(reviews_per_film):
            lines = [rng.choice(_CAST).format(a=a, c=c, j=j) for a, c, j in rng.sample(cast, 3)]
            lines += [rng.choice(_CREW).format(p=p) for p in crew]
            lines += rng.sample(_FILLER, 8)
            rng.shuffle(lines)
            paragraphs = [" ".join(lines[i : i + 4]) for i in range(0, len(lines), 4)]
            reviews.append({"id": f"f{f}-r{r}", "film": title, "year": 1990 + f % 35,
                            "title": f"Review {r} of {title}", "author": _name(rng),
                            "text": "\n\n".join(paragraphs)})
        actor, character, _ = cast[0]
        questions.append({"question": f"who plays {character}?", "answer": actor,
                          "evidence": character})
    return reviews, questions


def write(folder: Path, films: int, reviews_per_film: int = 3, seed: int = 7) -> Path:
    """Write reviews.jsonl and questions.jsonl into `folder`; returns the questions file."""
    folder.mkdir(parents=True, exist_ok=True)
    reviews, questions = generate(films, reviews_per_film, seed)
    with (folder / "reviews.jsonl").open("w") as out:
        out.writelines(json.dumps(r) + "\n" for r in reviews)
    with (folder / "questions.jsonl").open("w") as out:
        out.writelines(json.dumps(q) + "\n" for q in questions)
    return folder / "questions.jsonl"
