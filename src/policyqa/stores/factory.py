"""Pick a vector store backend by name (the `vector_backend` setting)."""
from __future__ import annotations

from pathlib import Path

from policyqa.stores.base import VectorStore


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
