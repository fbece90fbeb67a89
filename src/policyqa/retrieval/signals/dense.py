"""Dense: units by the cosine of the query embedding to their chunks (exact vector search), cosines
normalised per passage language (`lang_norm`), pooled per unit over its language versions."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.pooling import lang_normalised, pool
from policyqa.retrieval.signals.base import Signal


class Dense(Signal):
    name = "dense"

    def rank(self, ctx: QueryContext) -> list[Key]:
        dense = ctx.dense
        if not dense:
            return []
        if ctx.config.lang_norm:
            rows = np.fromiter(dense, dtype=np.int64, count=len(dense))
            vals = lang_normalised(np.fromiter(dense.values(), dtype=np.float64, count=len(dense)),
                                   self.index.row_langs(rows), ctx.config.lang_norm)
            dense = dict(zip(rows.tolist(), vals.tolist()))
        return pool(ctx, dense)
