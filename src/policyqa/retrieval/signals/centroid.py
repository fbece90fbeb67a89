"""Unit centroids: whole units by the cosine of the query to the mean of all their chunk vectors
(measured, not kept: off by default)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import DENSE_DEPTH, Key, QueryContext
from policyqa.retrieval.signals.base import Signal


class Centroid(Signal):
    name = "centroid"

    def rank(self, ctx: QueryContext) -> list[Key]:
        if ctx.qv is None:
            return []
        keys, mat = self.index.unit_centroids()
        sims = mat @ ctx.qv
        return [keys[i] for i in np.argsort(-sims)[:DENSE_DEPTH] if ctx.allowed is None or ctx.unit_allowed(keys[i])]
