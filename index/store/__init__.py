"""Store: embedding, the dense (faiss) and sparse (bm25s) stores, the index folder, the build.

May import `reelqa.config`, the text toolkit, `reelqa.index.records`, `reelqa.index.ingest` and
`reelqa.index.credits`. Only `embedding` imports sentence-transformers (and torch), only `onnx`
imports ONNX Runtime, only `dense` imports faiss, only `sparse` imports bm25s, only
`distributed` imports ray.

To add an embedding backend: write its module here with a loader
`load(backend, model name, EncoderOptions) -> Embedder` (see `embedding`), and add one line
naming it to `reelqa.config.backends.BACKENDS`; REELQA_EMBEDDING_BACKEND then accepts it.
"""
