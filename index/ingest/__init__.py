"""Ingest: corpus files (Markdown, text, JSONL, CSV) -> reviews with clean text -> passages.

May import `reelqa.config`, the text toolkit and `reelqa.index.records`.
"""
