"""Sentences: the top units of the other signals re-ranked by their best sentence's cosine to the
question (the sentence vectors the index stores, `LoadedIndex.sentence_rows`), fused by RRF. A
provision whose one sentence says what is asked can outrank one that shares many words with it.
Needs an index with sentence vectors (otherwise it ranks nothing)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.fusion import ranked
from policyqa.retrieval.signals.base import Signal

DEPTH = 30          # top fused units re-scored


class Sentences(Signal):
    name = "sentences"
    after_fusion = True

    def rank(self, ctx: QueryContext) -> list[Key]:
        if ctx.qv is None or not ctx.fused or not hasattr(self.index, "sentence_rows"):
            return []
        keys = ranked(ctx.fused)[:DEPTH]
        allowed = None if ctx.allowed is None else set(ctx.allowed.tolist())
        rows, owner_unit = [], []
        for u, key in enumerate(keys):
            for r in self.index.unit_rows.get(key, []):
                if allowed is None or r in allowed:
                    rows.append(r)
                    owner_unit.append(u)
        if not rows:
            return []
        owner, _, vecs = self.index.sentence_rows(rows)
        if not len(vecs):
            return []
        best = np.full(len(keys), -np.inf)
        np.maximum.at(best, np.asarray(owner_unit)[owner], vecs @ ctx.qv)
        return [keys[i] for i in np.argsort(-best, kind="stable") if np.isfinite(best[i])]
