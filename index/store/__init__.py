"""Store: embedding, the dense (faiss) and sparse (bm25s) stores, the index folder, the build.

May import `reelqa.config`, `reelqa.index.records`, `reelqa.index.lexicon` and
`reelqa.index.ingest`. Only `embedding` imports sentence-transformers (and torch), only `dense`
imports faiss, only `sparse` imports bm25s.
"""
