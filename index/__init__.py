"""The reelqa engine: corpus -> passages -> FAISS + BM25 index -> cited passages and answers."""
