"""Sentence search: units by their best sentence's cosine to the question over *all* the index's
sentence vectors (a first-stage ranking, unlike `sentences`, which only re-orders the fused top 30).
A citizen's one-sentence question is closer to the one sentence of a provision that answers it than
to the 200-word passage around it. Cosines minus the mean of the top `lang_norm` sentence cosines of
their language (the same-language pull, as for dense), best sentence per chunk, pooled per unit.
Needs an index with sentence vectors (otherwise it ranks nothing)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import DENSE_DEPTH, Key, QueryContext
from policyqa.retrieval.pooling import pool
from policyqa.retrieval.signals.base import Signal


class SentenceSearch(Signal):
    name = "sentence_search"

    def __init__(self, index):
        super().__init__(index)
        self._cache: tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] | None = None

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """(float32 sentence vectors, owner chunk row of each sentence, language → its sentences)."""
        if self._cache is None:
            off = np.asarray(self.index.sentence_offsets, dtype=np.int64)
            owner = np.repeat(np.arange(len(off) - 1), np.diff(off))
            vecs = np.ascontiguousarray(self.index.sentence_vectors, dtype=np.float32)
            langs = self.index.row_langs(owner) if len(owner) else np.array([], dtype=str)
            by_lang = {str(lg): np.flatnonzero(langs == lg) for lg in np.unique(langs)}
            self._cache = (vecs, owner, by_lang)
        return self._cache

    def rank(self, ctx: QueryContext) -> list[Key]:
        if ctx.qv is None or not len(getattr(self.index, "sentence_vectors", ())):
            return []
        vecs, owner, by_lang = self._arrays()
        sims = vecs @ np.asarray(ctx.qv, dtype=np.float32)
        keep = np.ones(len(sims), dtype=bool)
        if ctx.allowed is not None:
            ok = np.zeros(len(self.index.chunks), dtype=bool)
            ok[ctx.allowed] = True
            keep = ok[owner]
        top = ctx.config.lang_norm
        adj = sims.astype(np.float64)
        for idx in by_lang.values():
            idx = idx[keep[idx]]
            if top and len(idx):
                s = sims[idx]
                k = min(top, len(s))
                adj[idx] = s - np.partition(s, len(s) - k)[len(s) - k:].mean()
        adj[~keep] = -np.inf
        n = min(DENSE_DEPTH, int(keep.sum()))
        if n == 0:
            return []
        best = np.argpartition(-adj, n - 1)[:n]
        out: dict[int, float] = {}
        for i in best.tolist():
            r, v = int(owner[i]), float(adj[i])
            if v > out.get(r, -np.inf):
                out[r] = v
        return pool(ctx, out)
