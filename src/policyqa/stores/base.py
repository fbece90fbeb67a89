"""The vector store interface: what retrieval needs from a dense index, nothing more.

A backend stores float32 vectors under int64 ids (the chunk row numbers of the chunk store) and returns
inner-product scores (vectors are L2-normalised, so these are cosines). A distributed engine can take the
place of the embedded FAISS default by implementing this class and registering it in `factory.py`.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np


class StoreError(RuntimeError):
    """A store backend cannot be reached or refuses (one line for the user: what and where)."""


class VectorStore(ABC):
    name: str = "base"

    def __init__(self, dim: int):
        self.dim = dim

    @abstractmethod
    def add(self, ids: np.ndarray, vectors: np.ndarray, meta: list[dict] | None = None) -> None:
        """Add `vectors` (n, dim) float32 under `ids` (n,) int64; `meta`: per id its scalar fields
        (doc, lang, unit, kind) for backends that filter on them."""

    @abstractmethod
    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query row; ids -1 pad missing hits. `allowed`: ids a hit may have."""

    @classmethod
    def check(cls, **options) -> None:
        """Raise StoreError now if a store with these options could not be written (e.g. a server that
        does not answer) — before a build spends minutes embedding. Embedded stores: nothing to check."""

    def drop_others(self, keep: set[str]) -> list[str]:
        """Remove data this store's index left outside its folder and no generation in `keep` uses."""
        return []

    @abstractmethod
    def reconstruct(self, ids: list[int]) -> np.ndarray:
        """The stored vectors of `ids`, shape (len(ids), dim)."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def save(self, folder: Path) -> None:
        """Write the store into `folder` (which the caller makes atomic)."""

    @classmethod
    @abstractmethod
    def load(cls, folder: Path) -> "VectorStore": ...

    def _check(self, vectors: np.ndarray) -> np.ndarray:
        v = np.ascontiguousarray(vectors, dtype=np.float32)
        if v.ndim != 2 or v.shape[1] != self.dim:
            raise ValueError(f"expected vectors of shape (n, {self.dim}), got {v.shape}")
        return v
