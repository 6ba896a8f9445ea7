"""Words the front ends share for what a question asked about."""

from __future__ import annotations

from reelqa.index.records import Answer

ASPECT_NAMES = {"scary": "Scary", "humour": "Funny", "violence": "Violent",
                "kids": "Suitable for kids", "acting": "The acting", "music": "The music",
                "ending": "The ending"}


def aspect_name(answer: Answer) -> str:
    """How an answer names the aspect asked about: "Scary", "The music"."""
    aspect = answer.opinion.aspect if answer.opinion else ""
    return ASPECT_NAMES.get(aspect, aspect)
