"""The store interfaces: what retrieval needs from a dense and from a lexical index, nothing more.

A vector store keeps float32 vectors under int64 ids (the chunk row numbers of the chunk store) and returns
inner-product scores (vectors are L2-normalised, so these are cosines); a lexical store returns BM25 scores
of chunk rows. A distributed engine takes the place of the embedded defaults (FAISS, bm25s) by
implementing these classes and registering them in `factory.py`.

Filters are given as fields, `where={"doc": [...], "lang": [...]}` (a hit must match every non-empty
field). A backend that stores the fields filters on them itself (Milvus: an expression); an embedded one
resolves them to rows in memory from the per-row fields the loaded index binds (`bind_fields`).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np


class StoreError(RuntimeError):
    """A store backend cannot be reached or refuses (one line for the user: what and where)."""


Where = dict[str, list[str]]      # field → the values a hit may have ({"doc": [...], "lang": [...]})


def where_fields(docs: list[str] | None = None, langs: list[str] | None = None) -> Where | None:
    """The filter of families `docs` and languages `langs` (None: no filter)."""
    where = {k: list(v) for k, v in (("doc", docs), ("lang", langs)) if v}
    return where or None


def rows_matching(fields: dict[str, np.ndarray], where: Where | None) -> np.ndarray | None:
    """The rows whose `fields` (per-row values) match `where` (None: no filter, every row)."""
    if not where:
        return None
    n = len(next(iter(fields.values()))) if fields else 0
    mask = np.ones(n, dtype=bool)
    for key, values in where.items():
        if key not in fields:
            raise ValueError(f"unknown filter field {key!r} (known: {', '.join(sorted(fields))})")
        if values:
            mask &= np.isin(fields[key], list(values))
    return np.flatnonzero(mask)


class FieldRows:
    """For embedded backends: resolve a `where` filter (and an `allowed` row list) to rows in memory,
    from the per-row fields the loaded index binds."""
    fields: dict[str, np.ndarray] = {}

    def bind_fields(self, fields: dict[str, np.ndarray]) -> None:
        """The per-row scalar fields (doc, lang) as the loaded index holds them."""
        self.fields = fields

    def filter_rows(self, where: Where | None, allowed: np.ndarray | None = None) -> np.ndarray | None:
        """Rows a hit may have (None: any): those matching `where`, among `allowed` if given."""
        if not where:
            return allowed
        if allowed is not None and np.asarray(allowed).dtype == bool:      # a row mask → its rows
            allowed = np.flatnonzero(allowed)
        if not self.fields:
            raise ValueError(f"{type(self).__name__}: a field filter needs the index's fields (bind_fields)")
        rows = rows_matching(self.fields, where)
        return rows if allowed is None else np.intersect1d(rows, np.asarray(allowed, dtype=np.int64))


class VectorStore(FieldRows, ABC):
    name: str = "base"

    def __init__(self, dim: int):
        self.dim = dim

    @abstractmethod
    def add(self, ids: np.ndarray, vectors: np.ndarray, meta: list[dict] | None = None) -> None:
        """Add `vectors` (n, dim) float32 under `ids` (n,) int64; `meta`: per id its scalar fields
        (doc, lang, unit, kind) for backends that filter on them."""

    @abstractmethod
    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None,
               where: Where | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query row; ids -1 pad missing hits. `allowed`: ids a hit may have;
        `where`: fields a hit must match."""

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


class LexicalStore(FieldRows, ABC):
    """BM25 over the chunk texts, each language analysed with its own analyzer."""
    name: str = "base"

    @abstractmethod
    def search(self, text: str, langs: list[str] | None, k: int, where: Where | None = None,
               allowed: np.ndarray | None = None) -> dict[int, float]:
        """The k best chunk rows by BM25 of `text`, analysed and scored in each language of `langs` (None:
        every language of the index) against that language's chunks; among `allowed` rows and those
        matching `where`. Row → score > 0."""
