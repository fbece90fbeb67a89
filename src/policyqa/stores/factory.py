"""Pick a vector store backend by name (the `vector_backend` setting)."""
from __future__ import annotations

from pathlib import Path

from policyqa.stores.base import VectorStore


def _backends() -> dict[str, type[VectorStore]]:
    from policyqa.stores.faiss_store import FaissStore
    return {"faiss": FaissStore}


def create_store(backend: str, dim: int) -> VectorStore:
    return _cls(backend)(dim)


def load_store(backend: str, folder: Path) -> VectorStore:
    return _cls(backend).load(folder)


def _cls(backend: str) -> type[VectorStore]:
    b = _backends()
    if backend not in b:
        raise ValueError(f"unknown vector backend {backend!r} (known: {', '.join(sorted(b))})")
    return b[backend]
