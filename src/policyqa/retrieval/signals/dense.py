"""Dense: units by the cosine of the query embedding to their chunks (exact vector search), cosines
normalised per passage language (`lang_norm`), pooled per unit over its language versions."""
from __future__ import annotations

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.pooling import normalised, pool
from policyqa.retrieval.signals.base import Signal


class Dense(Signal):
    name = "dense"

    def rank(self, ctx: QueryContext) -> list[Key]:
        return pool(ctx, normalised(ctx, ctx.dense)) if ctx.dense else []
