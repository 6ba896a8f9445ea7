"""Store: embedding, the dense (faiss) and sparse (bm25s) stores, the index folder, the build.

May import `reelqa.config`, the text toolkit, `reelqa.index.records`, `reelqa.index.ingest` and
`reelqa.index.credits`. Only `embedding` imports sentence-transformers (and torch), only `dense`
imports faiss, only `sparse` imports bm25s.
"""
