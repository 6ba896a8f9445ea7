"""Ingest: corpus files (Markdown, text, JSONL, CSV) -> reviews with clean text -> passages.

May import `reelqa.config`, the text toolkit and `reelqa.index.records`.

To add a corpus format: write its reader (an open file -> records, see `reading.Reader`) in a
module here and add one line to `formats.FORMATS` with its suffixes.
"""
