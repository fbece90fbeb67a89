"""Chunks + embeddings → an index on disk (built incrementally, swapped in atomically), and loading it."""
