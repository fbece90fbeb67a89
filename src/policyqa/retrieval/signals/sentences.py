"""Sentences: the top units of the other signals re-ranked by their best sentence's cosine to the
question (the sentence vectors the index stores, `LoadedIndex.sentence_rows`), fused by RRF. A
provision whose one sentence says what is asked can outrank one that shares many words with it.
Needs an index with sentence vectors (otherwise it ranks nothing)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.fusion import ranked
from policyqa.retrieval.signals.base import Signal

DEPTH = 30          # top fused units re-scored (RetrievalConfig.sentence_depth)


class Sentences(Signal):
    name = "sentences"
    after_fusion = True

    def rank(self, ctx: QueryContext) -> list[Key]:
        if ctx.qv is None or not ctx.fused or not hasattr(self.index, "sentence_rows"):
            return []
        keys = ranked(ctx.fused)[: ctx.config.sentence_depth]
        rows, owner_unit = [], []
        for u, key in enumerate(keys):
            for r in self.index.unit_rows.get(key, []):
                if ctx.row_allowed(r):
                    rows.append(r)
                    owner_unit.append(u)
        if not rows:
            return []
        owner, _, vecs = self.index.sentence_rows(rows)
        if not len(vecs):
            return []
        sims = vecs @ ctx.qv
        langs = self.index.row_langs(np.asarray(rows))
        # best sentence per (unit, language version); with sentence_lang_norm each language's scores
        # minus the mean of that language's unit bests (the same-language pull, as for dense)
        best: dict[tuple[int, str], float] = {}
        for o, s_ in zip(owner.tolist(), sims.tolist()):
            k = (owner_unit[o], langs[o])
            if s_ > best.get(k, -np.inf):
                best[k] = s_
        if ctx.config.sentence_lang_norm:
            by_lang: dict[str, list[float]] = {}
            for (_, lg), v in best.items():
                by_lang.setdefault(lg, []).append(v)
            mean = {lg: float(np.mean(v)) for lg, v in by_lang.items()}
            best = {k: v - mean[k[1]] for k, v in best.items()}
        unit_best: dict[int, float] = {}
        for (u, _), v in best.items():
            unit_best[u] = max(unit_best.get(u, -np.inf), v)
        return [keys[u] for u in sorted(unit_best, key=lambda u: -unit_best[u])]
