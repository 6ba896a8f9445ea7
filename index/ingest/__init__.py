"""Ingest: corpus files (Markdown, text, JSONL, CSV) -> reviews with clean text -> passages.

May import `reelqa.config`, `reelqa.index.records` and `reelqa.index.lexicon`.
"""
