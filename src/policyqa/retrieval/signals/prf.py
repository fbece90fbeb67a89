"""BM25 "more like this" (pseudo-relevance feedback): per corpus language, BM25 with the top dense
passages of that language as the query — a lexical signal in the documents' languages for questions
asked in another language. Hybrid mode only."""
from __future__ import annotations

from policyqa.retrieval.context import LEX_DEPTH, Key, QueryContext
from policyqa.retrieval.pooling import pool
from policyqa.retrieval.signals.base import Signal


class MoreLikeThis(Signal):
    name = "prf"

    def rank(self, ctx: QueryContext) -> list[Key]:
        dense = ctx.dense
        if not dense or ctx.mode != "hybrid":
            return []
        chunks = self.index.chunks
        seeds: dict[str, list[int]] = {}
        for row in sorted(dense, key=lambda r: -dense[r]):
            lst = seeds.setdefault(chunks[row].lang, [])
            if len(lst) < ctx.config.prf_depth:
                lst.append(row)
        out: dict[int, float] = {}
        for lang, rows in seeds.items():
            scores = self.index.lexical_search(" ".join(chunks[r].text for r in rows), [lang], LEX_DEPTH,
                                               ctx.allowed)
            top = max(scores.values(), default=0.0) or 1.0
            for r, v in scores.items():
                out[r] = max(out.get(r, 0.0), v / top)
        return pool(ctx, out)
