"""What every retrieval signal sees of one question: `QueryContext`.

Built once per `Retriever.run`; the costly shared parts (the dense and BM25 chunk scores, which several
signals, the passage choice and abstention use) are computed once, lazily. `fused` holds the scores of
the signals fused so far (the signals that re-order by them run after fusion).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import Reference

Key = tuple[str, str]            # (doc, unit)

DENSE_DEPTH = 1000               # chunks taken from the dense search before pooling
LEX_DEPTH = 400


@dataclass
class QueryContext:
    question: str
    lang: str | None
    docs: list[str] | None
    langs: list[str] | None
    mode: str                    # hybrid | dense | bm25
    index: LoadedIndex
    config: object               # RetrievalConfig
    embedder: object = None
    query_vector: np.ndarray | None = None
    references: list[Reference] = field(default_factory=list)
    families: list[str] = field(default_factory=list)      # families the question names (in the index)
    fused: dict[Key, float] = field(default_factory=dict)    # scores of the signals fused so far
    lookups: dict[Key, Reference] = field(default_factory=dict)  # provisions the question names → reference
    rankings: dict[str, list[Key]] = field(default_factory=dict)  # each fused signal's (first) ranking

    @cached_property
    def allowed(self) -> np.ndarray | None:
        return self.index.rows_where(self.docs, self.langs)

    @property
    def uses_dense(self) -> bool:
        return self.mode in ("hybrid", "dense")

    @property
    def uses_lexical(self) -> bool:
        return self.mode in ("hybrid", "bm25")

    @cached_property
    def qv(self) -> np.ndarray | None:
        """The query embedding (None in bm25 mode)."""
        if not self.uses_dense:
            return None
        if self.query_vector is None:
            self.query_vector = self.embedder.embed_queries([self.question])[0]
        return self.query_vector

    @cached_property
    def dense(self) -> dict[int, float]:
        """Chunk row → cosine to the question (top DENSE_DEPTH; empty in bm25 mode)."""
        if self.qv is None:
            return {}
        dense = self.index.dense_search(self.qv, DENSE_DEPTH, docs=self.docs, langs=self.langs)
        cfg = self.config
        if cfg.rocchio and dense:       # query expansion: q + rocchio · mean of the top passages' vectors
            top = sorted(dense, key=lambda r: -dense[r])[: cfg.rocchio_depth]
            q2 = self.qv + cfg.rocchio * self.index.vectors.reconstruct(top).mean(axis=0)
            dense = self.index.dense_search(q2 / np.linalg.norm(q2), DENSE_DEPTH, docs=self.docs, langs=self.langs)
        return dense

    @cached_property
    def lexical(self) -> dict[int, float]:
        """Chunk row → BM25 of the question (top LEX_DEPTH; empty in dense mode)."""
        if not self.uses_lexical:
            return {}
        return self.index.lexical_search(self.question, self.langs, LEX_DEPTH, docs=self.docs)

    def row_allowed(self, row: int) -> bool:
        """Whether chunk `row` is in the question's families and languages (from its fields: no row list)."""
        return ((not self.docs or self.index.docs[row] in self.docs)
                and (not self.langs or self.index.langs[row] in self.langs))

    def unit_allowed(self, key: Key) -> bool:
        if self.docs and key[0] not in self.docs:
            return False
        return not self.langs or any(self.row_allowed(r) for r in self.index.unit_rows[key])
