"""Store: embedding, the dense (faiss) and sparse (bm25s) stores, the index folder, the build.

May import `reelqa.config`, `reelqa.index.records`, `reelqa.index.lexicon` and
`reelqa.index.ingest`. Only `embedding` imports sentence-transformers (and torch), only `onnx`
imports ONNX Runtime, only `dense` imports faiss, only `sparse` imports bm25s.

To add an embedding backend: write its module here with a loader
`load(backend, model name, EncoderOptions) -> Embedder` (see `embedding`), and add one line
naming it to `reelqa.config.backends.BACKENDS`; REELQA_EMBEDDING_BACKEND then accepts it.
"""
