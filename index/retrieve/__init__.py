"""Retrieve: a question -> dense and BM25 rankings -> fused, capped hits; film detection.

May import `reelqa.config`, `reelqa.index.records`, `reelqa.index.lexicon` and
`reelqa.index.store`.
"""
