"""The one interface of a retrieval signal: `rank(ctx)` → units, best first.

A signal is one file in this package with one class; `Retriever` fuses the signals its config names
(`RetrievalConfig.signals`, name → weight) with `policyqa.retrieval.fuser`. How a ranking counts is
the signal's `kind`:
- "rrf": weighted reciprocal rank fusion, weight / (k + rank);
- "bonus": the weight is added to each listed unit's fused score;
- "first": the listed units go first, in that order (and the weight is added to their score).
Signals with `after_fusion = True` run after the "rrf" signals that don't, and see their fused
scores in `ctx.fused` (to order by them); they run in the config's order.
"""
from __future__ import annotations

from typing import ClassVar

from policyqa.indexing.store import LoadedIndex
from policyqa.retrieval.context import Key, QueryContext


class Signal:
    name: ClassVar[str]
    kind: ClassVar[str] = "rrf"
    after_fusion: ClassVar[bool] = False

    def __init__(self, index: LoadedIndex):
        self.index = index        # per-index caches live on the instance

    def rank(self, ctx: QueryContext) -> list[Key]:
        raise NotImplementedError

    def rankings(self, ctx: QueryContext) -> list[list[Key]]:
        """The signal's rankings for the question (one, unless a signal ranks per aspect of it)."""
        return [self.rank(ctx)]

    def weight(self, ctx: QueryContext, weight: float) -> float:
        """The weight used for this question (the configured one unless the signal adapts it)."""
        return weight
