"""Questions about a film's facts: what it is about, who is in it, when it came out.

These are asked of a film, never of a character: the question is read with the film's
title (or "it", "this film") standing as one word, so a title's own words ("Who's That
Girl", "The Story of Us") cannot make the question look like another.
"""

from __future__ import annotations

import re
from typing import Literal

Fact = Literal["plot", "cast", "year"]

_FILM = r"(?:(?:this|that|the)\s+(?:film|movie|picture)|it|(?:(?:the|a|an)\s+)?\x00)"
_FORMS: tuple[tuple[Fact, re.Pattern[str]], ...] = (
    ("plot", re.compile(
        rf"^(?:what(?:\s+is|'s|\s+was)\s+{_FILM}\s+about"
        r"|what(?:\s+is|'s|\s+was)\s+the\s+(?:story|plot|premise|storyline|synopsis)"
        rf"(?:\s+(?:of|in)\s+{_FILM})?"
        rf"|what\s+happens\s+in\s+{_FILM}"
        rf"|(?:tell\s+me\s+)?(?:the\s+)?(?:story|plot|premise|storyline|synopsis|summary)\s+of\s+{_FILM}"
        rf"|what\s+(?:is|was)\s+{_FILM}'?s?\s+(?:story|plot|premise)"
        rf"|tell\s+me\s+about\s+{_FILM})$")),
    ("cast", re.compile(
        rf"^(?:who(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+(?:(?:starring|acting|appearing)\s+)?in"
        rf"(?:\s+the\s+(?:cast|lead|leads|main\s+cast)\s+of)?\s+{_FILM}"
        rf"|who\s+(?:stars|starred|acts|acted|appears|appeared)\s+in\s+{_FILM}"
        rf"|who\s+(?:are|were|is|was)\s+the\s+(?:actors|actresses|stars|cast|leads|main\s+actors"
        rf"|main\s+cast)\s+(?:in|of)\s+{_FILM}"
        rf"|(?:what\s+is\s+|what's\s+)?the\s+(?:main\s+)?cast\s+(?:of|in)\s+{_FILM})$")),
    ("year", re.compile(
        rf"^(?:when\s+(?:did|was|were|is)\s+{_FILM}\s+(?:released|made|filmed|shot|out|premiered"
        rf"|from)"
        rf"|(?:what|which)\s+year\s+(?:was|is|did)\s+{_FILM}(?:\s+(?:released|made|from|out"
        rf"|premiered))?"
        rf"|(?:what\s+is\s+|what's\s+)?(?:the\s+)?(?:release\s+(?:date|year)|year)\s+of\s+{_FILM}"
        rf"|how\s+old\s+is\s+{_FILM})$")),
)


def film_fact(phrased: str, title_at: tuple[int, int] | None) -> Fact | None:
    """The fact the question asks about the film, if it asks for one. `phrased` is the
    question with set phrases in the reviews' words ("come out" -> "released"); `title_at`
    is where it names the film, if it does."""
    text = phrased
    if title_at is not None:
        start, end = title_at
        text = f"{text[:start]}\x00{text[end:]}"
    text = " ".join(text.replace("\u2019", "'").lower().rstrip("?!. ").split())
    return next((fact for fact, form in _FORMS if form.match(text)), None)
