"""Credits: the people each film's reviews credit, learned from the corpus at index time.

Runs after `ingest` on the reviews' clean text: names as the corpus writes them (`names`),
claims per sentence (`extract` with `cast` and `crew`), one credit per film, person, role and
character with the reviews that state it (`aggregate`), plain files in the index folder
(`store`). It may import `reelqa.config`, the text toolkit, `reelqa.index.records` and
`reelqa.index.ingest`; the store's build calls it, the answer stage reads it (`answer.lookup`).
"""
