"""From chunk scores to unit rankings, shared by the chunk-level signals (dense, bm25, prf)."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.fusion import ranked

ALIGNED_UNITS = 30      # top units in both languages that estimate a language's offset


def lang_normalised(sims: np.ndarray, langs: np.ndarray, top: int) -> np.ndarray:
    """Each score minus the mean of the top-N scores of its language: e5's cosines are higher between
    texts of the same language, so without this a Dutch question about the GDPR (English/French only)
    ranks Dutch AI Act passages first."""
    out = sims.astype(np.float64, copy=True)
    for lg in np.unique(langs):
        m = langs == lg
        out[m] -= np.sort(sims[m])[::-1][:top].mean()
    return out


def aligned_normalised(ctx: QueryContext, chunk_scores: dict[int, float]) -> dict[int, float]:
    """Cosines made comparable across passage languages through the aligned versions: each language's
    offset is the mean, over the top units retrieved in both it and the reference language (the
    index's largest), of (its best cosine − the reference version's best cosine); the reference
    language itself is normalised by the mean of its top `lang_norm`. Unlike `lang_normalised`, a
    language that holds only some acts (German: the GDPR only) is not judged against its own few
    passages, so its best passage does not look as good as the best of a language that holds them all."""
    index, top = ctx.index, ctx.config.lang_norm
    chunks = index.chunks
    best: dict[str, dict[tuple[str, str], float]] = {}
    for row, s in chunk_scores.items():
        c = chunks[row]
        d = best.setdefault(c.lang, {})
        key = (c.doc, c.unit)
        if s > d.get(key, -1e9):
            d[key] = s
    if not best:
        return chunk_scores
    ref = index.reference_language
    ref_scores = best.get(ref, {})
    ref_mean = float(np.mean(sorted(ref_scores.values(), reverse=True)[:top])) if ref_scores else 0.0
    offset: dict[str, float] = {ref: ref_mean}
    for lang, d in best.items():
        if lang == ref:
            continue
        common = sorted((k for k in d if k in ref_scores), key=lambda k: -max(d[k], ref_scores[k]))[:ALIGNED_UNITS]
        if len(common) >= 3:
            offset[lang] = ref_mean + float(np.mean([d[k] - ref_scores[k] for k in common]))
        else:       # no aligned versions retrieved: the language's own top-N mean
            offset[lang] = float(np.mean(sorted(d.values(), reverse=True)[:top]))
    return {row: s - offset[chunks[row].lang] for row, s in chunk_scores.items()}


def normalised(ctx: QueryContext, chunk_scores: dict[int, float]) -> dict[int, float]:
    """Dense chunk cosines normalised per passage language as the config says (`lang_norm`,
    `lang_norm_mode`)."""
    cfg = ctx.config
    if not cfg.lang_norm or not chunk_scores:
        return chunk_scores
    if cfg.lang_norm_mode == "aligned":
        return aligned_normalised(ctx, chunk_scores)
    rows = np.fromiter(chunk_scores, dtype=np.int64, count=len(chunk_scores))
    vals = lang_normalised(np.fromiter(chunk_scores.values(), dtype=np.float64, count=len(chunk_scores)),
                           ctx.index.row_langs(rows), cfg.lang_norm)
    return dict(zip(rows.tolist(), vals.tolist()))


def unit_index(index) -> tuple[np.ndarray, list[Key]]:
    """Each chunk row's unit as a number ((n_chunks,) int64) and the (doc, unit) key of each number,
    computed once per index (the vectorised `pool`)."""
    cached = getattr(index, "_pool_units", None)
    if cached is None:
        keys = list(index.unit_rows)
        row_unit = np.empty(len(index.chunks), dtype=np.int64)
        for u, key in enumerate(keys):
            row_unit[index.unit_rows[key]] = u
        cached = index._pool_units = (row_unit, keys)
    return cached


def pool_arrays(ctx: QueryContext, rows: np.ndarray, scores: np.ndarray) -> list[Key]:
    """`pool` of chunk rows and their scores given as arrays, in the order a `chunk_scores` dict would
    hold them (a row may come more than once: its best score counts)."""
    if ctx.config.pool != "max":
        out: dict[int, float] = {}
        for r, v in zip(rows.tolist(), scores.tolist()):
            if v > out.get(r, -1e9):
                out[r] = v
        return pool(ctx, out)
    if not len(rows):
        return []
    row_unit, keys = unit_index(ctx.index)
    units = row_unit[rows]
    scores = np.asarray(scores, dtype=np.float64)
    # "max": a unit's best score; ties in the order the units first appear (as `ranked` of a dict)
    uniq, first = np.unique(units, return_index=True)
    best = np.full(len(keys), -np.inf)
    np.maximum.at(best, units, scores)
    order = np.lexsort((first, -best[uniq]))
    return [keys[u] for u in uniq[order].tolist()]


def pool(ctx: QueryContext, chunk_scores: dict[int, float]) -> list[Key]:
    """Units ranked by their best chunk over all language versions ("max"), by the mean over language
    versions of each one's best chunk ("mean"), or — the naive baseline, "chunk" — by their first chunk
    in the question's language version if any, else any."""
    mode, lang = ctx.config.pool, ctx.lang
    if mode == "max":               # vectorised (same ranking, ties included)
        n = len(chunk_scores)
        return pool_arrays(ctx, np.fromiter(chunk_scores, dtype=np.int64, count=n),
                           np.fromiter(chunk_scores.values(), dtype=np.float64, count=n))
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
