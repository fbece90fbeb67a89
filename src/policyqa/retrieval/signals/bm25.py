"""BM25: units by the BM25 score of the question in each corpus language (its own stemmer per
language), pooled per unit. Weight `bm25_foreign` instead of the configured one when no document of
the index is in the question's language (its words then rarely match); with `bm25_coverage`, between
the two by the share of the index's acts that have a version in the question's language."""
from __future__ import annotations

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.pooling import pool
from policyqa.retrieval.signals.base import Signal


class BM25(Signal):
    name = "bm25"

    def rank(self, ctx: QueryContext) -> list[Key]:
        return pool(ctx, ctx.lexical) if ctx.lexical else []

    def weight(self, ctx: QueryContext, weight: float) -> float:
        if ctx.lang not in self.index.languages:
            return ctx.config.bm25_foreign
        if ctx.config.bm25_coverage:      # scaled by the share of the acts that have a version in that language
            share = self.index.family_share(ctx.lang)
            return ctx.config.bm25_foreign + (weight - ctx.config.bm25_foreign) * share
        return weight
