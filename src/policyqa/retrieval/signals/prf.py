"""BM25 "more like this" (pseudo-relevance feedback): per corpus language, BM25 with the top dense
passages of that language as the query — a lexical signal in the documents' languages for questions
asked in another language. Hybrid mode only. `prf_seed`: "language" seeds each language with its own
best dense passages; "units" seeds with the best dense units' passages in each language they exist in
(a language that holds only some acts then seeds nothing when the question is about another act)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import LEX_DEPTH, Key, QueryContext
from policyqa.retrieval.pooling import normalised, pool, pool_arrays
from policyqa.retrieval.signals.base import Signal


# bounded work per question: a passage seeds with at most this many characters (real passages are under
# 2,000; a broken 5 MB one-line document made one 5 MB chunk, and a 3 s BM25 query of 650,000 words)
SEED_CHARS = 4_000


class MoreLikeThis(Signal):
    name = "prf"

    def rank(self, ctx: QueryContext) -> list[Key]:
        dense = ctx.dense
        if not dense or ctx.mode != "hybrid":
            return []
        chunks = self.index.chunks
        seeds: dict[str, list[int]] = {}
        if ctx.config.prf_seed == "units":
            # the best dense units (normalised), in every language version they have
            units = ctx.rankings.get("dense") or pool(ctx, normalised(ctx, dense))
            for key in units[: ctx.config.prf_depth]:
                by_lang: dict[str, int] = {}
                for r in self.index.unit_rows.get(key, []):
                    lg = chunks[r].lang
                    if not ctx.row_allowed(r):
                        continue
                    if lg not in by_lang or dense.get(r, -1.0) > dense.get(by_lang[lg], -1.0):
                        by_lang[lg] = r
                for lg, r in by_lang.items():
                    seeds.setdefault(lg, []).append(r)
        else:
            # the best dense passages of each language (rows by descending cosine, ties in dict order)
            rows = np.fromiter(dense, dtype=np.int64, count=len(dense))
            vals = np.fromiter(dense.values(), dtype=np.float64, count=len(dense))
            rows = rows[np.argsort(-vals, kind="stable")]
            langs = self.index.row_langs(rows)
            _, first = np.unique(langs, return_index=True)
            for i in np.sort(first).tolist():          # languages in the order their best passage comes
                lg = str(langs[i])
                seeds[lg] = rows[langs == lg][: ctx.config.prf_depth].tolist()
        # each language's BM25 hits scaled by its best; a row is of one language, so the lists only add up
        hit_rows: list[np.ndarray] = []
        hit_vals: list[np.ndarray] = []
        for lang, rows in seeds.items():
            seed = " ".join(chunks[r].text[:SEED_CHARS] for r in rows)
            scores = self.index.lexical_search(seed, [lang], LEX_DEPTH, docs=ctx.docs)
            if not scores:
                continue
            v = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
            hit_rows.append(np.fromiter(scores, dtype=np.int64, count=len(scores)))
            hit_vals.append(v / (v.max() or 1.0))
        if not hit_rows:
            return []
        return pool_arrays(ctx, np.concatenate(hit_rows), np.concatenate(hit_vals))
