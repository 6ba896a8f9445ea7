"""Retrieve: a `Query` -> dense and BM25 rankings -> fused, capped hits (opinion questions
ranked by verdicts, through the question's `Reading`).

May import `reelqa.config`, the text toolkit, `reelqa.index.records`, `reelqa.index.query` and
`reelqa.index.store`.
"""
