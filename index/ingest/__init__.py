"""Ingest: corpus files (Markdown, text, JSONL, CSV) -> reviews with clean text -> passages.

May import `reelqa.config`, `reelqa.index.records` and `reelqa.index.lexicon`.

To add a corpus format: write its reader (an open file -> records, see `reading.Reader`) in a
module here and add one line to `formats.FORMATS` with its suffixes.
"""
