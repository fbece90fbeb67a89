"""Headings: articles, annexes and sections by the embedding of their heading path alone (cosines
normalised per heading language, `lang_norm`); a unit takes its best language version."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import DENSE_DEPTH, Key, QueryContext
from policyqa.retrieval.pooling import lang_normalised
from policyqa.retrieval.signals.base import Signal


class Headings(Signal):
    name = "headings"

    def rank(self, ctx: QueryContext) -> list[Key]:
        if ctx.qv is None or not len(self.index.titles):
            return []
        sims, langs = self.index.heading_scores(ctx.qv)
        if ctx.config.lang_norm:
            sims = lang_normalised(sims, langs, ctx.config.lang_norm)
        best: dict[Key, float] = {}
        for i in np.argsort(-sims)[:DENSE_DEPTH]:
            doc, unit, tlang = self.index.titles[i]
            if (ctx.docs and doc not in ctx.docs) or (ctx.langs and tlang not in ctx.langs):
                continue
            best.setdefault((doc, unit), float(sims[i]))
        return list(best)
