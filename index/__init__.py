"""The reelqa engine: corpus -> passages -> FAISS + BM25 index -> cited passages and answers.

Stages, each a folder, in pipeline order; a stage may import the ones before it, never after:
`ingest` (corpus files -> reviews -> passages), `credits` (who the reviews credit, learned at
build time), `store` (embedding, dense and sparse stores, the index folder and its build),
`retrieve` (hybrid search, fusion, films), `answer` (short answers from hits; imports neither
stores nor retrieval). `records` (the frozen records that cross stages), `lexicon` (word
tools) and `vocabulary` (the one role vocabulary) sit below every stage; `engine` and
`evaluate` sit above them all. Nothing here imports `reelqa.bot` or knows of Discord.
"""
