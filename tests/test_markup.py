"""Markdown markup becomes clean text."""

from __future__ import annotations

import pytest
from reelqa.index.ingest.markup import clean_markdown


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("**Hong Kyung** voices Jay.", "Hong Kyung voices Jay."),
        ("*Lost in Starlight*, Netflix's first", "Lost in Starlight, Netflix's first"),
        ("_italic_ and snake_case_name", "italic and snake_case_name"),
        ("Grounded in Emotion**", "Grounded in Emotion"),
        ("see [the trailer](https://x.example/t) now", "see the trailer now"),
        ("# Heading\nbody", "Heading\n\nbody"),
        ("line one\nline two\n\n\n\npara two", "line one line two\n\npara two"),
        ("- first\n- second", "first\n\nsecond"),
        ("> quoted *words*", "quoted words"),
        ("`code` and <b>bold</b>", "code and bold"),
        ("5 * 3 * 2 = 30", "5 * 3 * 2 = 30"),
        ("ping <@123> and <@&456> @everyone", "ping <@123> and <@&456> @everyone"),
    ],
)
def test_clean_markdown(raw: str, clean: str) -> None:
    assert clean_markdown(raw) == clean
