"""From chunk scores to unit rankings, shared by the chunk-level signals (dense, bm25, prf)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.fusion import ranked


def lang_normalised(sims: np.ndarray, langs: np.ndarray, top: int) -> np.ndarray:
    """Each score minus the mean of the top-N scores of its language: e5's cosines are higher between
    texts of the same language, so without this a Dutch question about the GDPR (English/French only)
    ranks Dutch AI Act passages first."""
    out = sims.astype(np.float64, copy=True)
    for lg in np.unique(langs):
        m = langs == lg
        out[m] -= np.sort(sims[m])[::-1][:top].mean()
    return out


def pool(ctx: QueryContext, chunk_scores: dict[int, float]) -> list[Key]:
    """Units ranked by their best chunk over all language versions ("max"), by the mean over language
    versions of each one's best chunk ("mean"), or — the naive baseline, "chunk" — by their first chunk
    in the question's language version if any, else any."""
    mode, lang = ctx.config.pool, ctx.lang
    out: dict[Key, float] = {}
    per_lang: dict[Key, dict[str, float]] = {}
    chunks, unit_rows = ctx.index.chunks, ctx.index.unit_rows
    for row, s in chunk_scores.items():
        key = (chunks[row].doc, chunks[row].unit)
        if mode == "chunk" and lang and chunks[row].lang != lang \
                and any(chunks[r].lang == lang for r in unit_rows[key]):
            continue
        if s > out.get(key, -1e9):
            out[key] = s
        best = per_lang.setdefault(key, {})
        if s > best.get(chunks[row].lang, -1e9):
            best[chunks[row].lang] = s
    if mode == "mean":
        out = {k: sum(v.values()) / len(v) for k, v in per_lang.items()}
    return ranked(out)
