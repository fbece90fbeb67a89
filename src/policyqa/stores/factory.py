"""Pick the store backends by name: the vector store (`vector_backend`) and the lexical index
(`lexical_backend`)."""
from __future__ import annotations

import sys
from pathlib import Path

from policyqa.stores.base import LexicalStore, VectorStore

LEXICAL_BACKENDS = ("auto", "bm25s", "milvus")
# `auto` takes the embedded bm25s index on every vector backend: on the dev set Milvus BM25 (Milvus Lite
# 3.2, which applies no stemmer) lost Recall@5 against bm25s (README, "Scaling out"); `milvus` opts in.
AUTO_PREFERS_MILVUS = False


def _backends() -> dict[str, type[VectorStore]]:
    from policyqa.stores.faiss_store import FaissStore
    from policyqa.stores.milvus_store import MilvusStore     # imports pymilvus only when used
    return {"faiss": FaissStore, "milvus": MilvusStore}


def create_store(backend: str, dim: int, **options) -> VectorStore:
    """A new, empty store; `options` are the backend's own (Milvus: uri, collection, alias, index_type)."""
    cls = _cls(backend)
    return cls(dim, **options) if options else cls(dim)


def check_store(backend: str, **options) -> None:
    """Fail fast (StoreError) when the backend with these options cannot be reached."""
    _cls(backend).check(**options)


def load_store(backend: str, folder: Path, **options) -> VectorStore:
    return _cls(backend).load(folder, **options)


def _cls(backend: str) -> type[VectorStore]:
    b = _backends()
    if backend not in b:
        raise ValueError(f"unknown vector backend {backend!r} (known: {', '.join(sorted(b))})")
    return b[backend]


def load_lexical(backend: str, vectors: VectorStore, embedded: LexicalStore, languages: list[str]) -> LexicalStore:
    """The lexical store that serves `lexical_search`: `bm25s` the embedded index (always built: the
    abstention reads its vocabulary); `milvus` Milvus's own BM25 full-text search in the vector store's
    collection where it has one, else — said in one stderr line — the embedded index; `auto` as
    `AUTO_PREFERS_MILVUS` says on the Milvus backend, the embedded index on any other."""
    if backend not in LEXICAL_BACKENDS:
        raise ValueError(f"unknown lexical backend {backend!r} (known: {', '.join(LEXICAL_BACKENDS)})")
    if backend == "bm25s" or (backend == "auto" and (vectors.name != "milvus" or not AUTO_PREFERS_MILVUS)):
        return embedded
    if vectors.name != "milvus":
        print(f"lexical: the index's vectors are on {vectors.name}, not Milvus; using the embedded bm25s index",
              file=sys.stderr)
        return embedded
    if not vectors.full_text:
        print(f"lexical: Milvus at {vectors.uri} has no BM25 full-text search; using the embedded bm25s index",
              file=sys.stderr)
        return embedded
    from policyqa.stores.milvus_lexical import MilvusLexical
    return MilvusLexical(vectors, languages)
