"""Corpus file formats by suffix: the one list of them, read by `corpus.load_corpus`.

A format's reader turns an open file into (where, raw record or Problem) pairs (see
`reading.Reader`); `many` says whether a file holds many reviews, each then identified by its
content, or one, identified by its path. The first suffix of each format is the one messages
name. To add a format: write its reader in a module under index/ingest/ and add one line to
FORMATS.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reelqa.index.ingest.reading import Reader, _csv, _jsonl, text_file


@dataclass(frozen=True)
class Format:
    """One kind of corpus file: its suffixes (lower case), its reader, one review or many."""

    suffixes: tuple[str, ...]
    read: Reader
    many: bool
    markdown: bool = False  # the text is Markdown; any other review is plain text, kept as is


FORMATS: tuple[Format, ...] = (
    Format((".md", ".markdown"), text_file, many=False, markdown=True),  # front matter + Markdown
    Format((".txt",), text_file, many=False),
    Format((".jsonl",), _jsonl, many=True),  # one JSON object a line
    Format((".csv",), _csv, many=True),  # a header row naming film and text
)


def format_of(path: Path) -> Format | None:
    """The format of a corpus file by its suffix (any case), or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def named() -> str:
    """The formats as messages name them: ".md, .txt, .jsonl or .csv"."""
    first = [f.suffixes[0] for f in FORMATS]
    return f"{', '.join(first[:-1])} or {first[-1]}" if len(first) > 1 else first[0]
