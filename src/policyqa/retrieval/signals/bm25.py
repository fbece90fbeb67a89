"""BM25: units by the BM25 score of the question in each corpus language (its own stemmer per
language), pooled per unit. Weight `bm25_foreign` instead of the configured one when no document of
the index is in the question's language (its words then rarely match)."""
from __future__ import annotations

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.pooling import pool
from policyqa.retrieval.signals.base import Signal


class BM25(Signal):
    name = "bm25"

    def rank(self, ctx: QueryContext) -> list[Key]:
        return pool(ctx, ctx.lexical) if ctx.lexical else []

    def weight(self, ctx: QueryContext, weight: float) -> float:
        return weight if ctx.lang in self.index.languages else ctx.config.bm25_foreign
