"""FAISS backend: exact inner-product search (IndexFlatIP under an id map).

The corpus is ~10^4 chunks, where exact search takes well under a millisecond per query; an
approximate index (IVF/HNSW) would only cost recall.
"""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from policyqa.stores.base import VectorStore

FILE = "vectors.faiss"


class FaissStore(VectorStore):
    name = "faiss"

    def __init__(self, dim: int, index: faiss.Index | None = None):
        super().__init__(dim)
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    def add(self, ids: np.ndarray, vectors: np.ndarray, meta: list[dict] | None = None) -> None:
        v = self._check(vectors)
        self.index.add_with_ids(v, np.ascontiguousarray(ids, dtype=np.int64))

    def search(self, queries, k, allowed=None):
        q = self._check(np.atleast_2d(queries))
        k = max(1, min(k, len(self))) if len(self) else 1
        if len(self) == 0:
            n = q.shape[0]
            return np.zeros((n, k), np.float32), -np.ones((n, k), np.int64)
        params = None
        if allowed is not None:
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params = faiss.SearchParameters(sel=sel)
        scores, ids = self.index.search(q, k, params=params)
        return scores, ids

    def reconstruct(self, ids):
        if not len(ids):
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.index.reconstruct(int(i)) for i in ids])

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def save(self, folder: Path) -> None:
        faiss.write_index(self.index, str(Path(folder) / FILE))

    @classmethod
    def load(cls, folder: Path) -> "FaissStore":
        index = faiss.read_index(str(Path(folder) / FILE))
        return cls(index.d, index)
