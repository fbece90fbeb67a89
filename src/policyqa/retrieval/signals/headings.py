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
        units, keys, title_docs, title_langs = self._titles()
        top = np.argsort(-sims)[:DENSE_DEPTH]
        if ctx.docs:
            top = top[np.isin(title_docs[top], ctx.docs)]
        if ctx.langs:
            top = top[np.isin(title_langs[top], ctx.langs)]
        # each unit at its best heading, in the order of that heading
        u, first = np.unique(units[top], return_index=True)
        return [keys[i] for i in u[np.argsort(first)].tolist()]

    def _titles(self) -> tuple[np.ndarray, list[Key], np.ndarray, np.ndarray]:
        """Per heading: its unit as a number, the keys of those numbers, its doc and its language."""
        if getattr(self, "_cache", None) is None:
            number: dict[Key, int] = {}
            units = np.array([number.setdefault((d, u), len(number)) for d, u, _ in self.index.titles],
                             dtype=np.int64)
            self._cache = (units, list(number), np.array([t[0] for t in self.index.titles]),
                           np.array([t[2] for t in self.index.titles]))
        return self._cache
