"""The reelqa engine: corpus -> passages -> FAISS + BM25 index -> cited passages and answers.

Layers, each may import the ones before it, never after (tests/test_layout.py checks it):
`text` (the text toolkit: tokens, the one sentence splitter, the one name pattern, word
lists, the role vocabulary), `records` (the frozen records that cross every stage), `query`
(question understanding: one `Query` per question, and a question's `Reading` of passages),
`ingest` (corpus files -> reviews -> passages), `credits` (who the reviews credit, learned at
build time), `store` (embedding, dense and sparse stores, the index folder and its build),
then `retrieve` (hybrid search, fusion) and `answer` (the answer kinds; it sees hits, never
the stores or retrieval), and `engine` above them all. Nothing here imports `reelqa.bot` or
knows of Discord. docs/architecture.md walks one question through the stages.
"""
