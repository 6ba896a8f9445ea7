"""Markdown markup to clean text: the words a reader sees, with paragraphs kept."""

from __future__ import annotations

import re

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),  # HTML tags; `<@123>` mentions stay (not a tag)
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # links -> link text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), "\n\\1\n"),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # blockquote markers
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S), r"\1"),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)", re.S), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S), r"\1"),
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)", re.S), r"\1"),
    (re.compile(r"\*{2,}"), ""),  # stray unbalanced bold markers
    (re.compile(r"^[ \t]{0,3}(?:[-+*]|\d{1,3}[.)])[ \t]+", re.M), "\n"),  # list items
]


def clean_markdown(text: str) -> str:
    """Strip Markdown markup and normalise whitespace; paragraphs are separated by one blank line.

    Lines inside a paragraph are joined with a space, as Markdown renders them.
    """
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return normalize_whitespace(text)


def normalize_whitespace(text: str) -> str:
    """Join lines within paragraphs and separate paragraphs by exactly one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    paragraphs = re.split(r"\n\s*\n", text)
    joined = (" ".join(line.strip() for line in p.split("\n") if line.strip()) for p in paragraphs)
    return "\n\n".join(re.sub(r"[ \t]+", " ", p) for p in joined if p)
