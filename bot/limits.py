"""Limits every front end applies the same way."""

from __future__ import annotations

# A question's length cap, in characters: the /ask option's max_length, which Discord's own
# client enforces before sending; mentions, DMs and the CLI are held to the same cap.
QUESTION_MAX = 300


def question_problem(question: str) -> str | None:
    """Why a question cannot be asked as it is, or None."""
    if not question.strip():
        return "the question is empty"
    if len(question) > QUESTION_MAX:
        return (f"the question is {len(question):,} characters; questions are at most "
                f"{QUESTION_MAX} (what Discord's /ask accepts)")
    return None
