"""The vectorised pooling and heading ranking give exactly what the per-row loops they replaced gave, ties
included (fixture index, real model)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from policyqa.retrieval.context import DENSE_DEPTH, QueryContext
from policyqa.retrieval.pooling import lang_normalised, pool, pool_arrays
from policyqa.retrieval.retriever import RetrievalConfig
from policyqa.retrieval.signals.headings import Headings


def loop_pool_max(index, chunk_scores: dict[int, float]) -> list:
    """The former "max" pooling: a unit's best chunk score, ties in the order the units first appear."""
    out: dict = {}
    for row, s in chunk_scores.items():
        key = (index.chunks[row].doc, index.chunks[row].unit)
        if s > out.get(key, -1e9):
            out[key] = s
    return sorted(out, key=lambda k: -out[k])


def loop_headings(index, ctx) -> list:
    """The former heading ranking: headings by normalised cosine, each unit at its best, filters applied."""
    sims, langs = index.heading_scores(ctx.qv)
    sims = lang_normalised(sims, langs, ctx.config.lang_norm)
    best: dict = {}
    for i in np.argsort(-sims)[:DENSE_DEPTH]:
        doc, unit, tlang = index.titles[i]
        if (ctx.docs and doc not in ctx.docs) or (ctx.langs and tlang not in ctx.langs):
            continue
        best.setdefault((doc, unit), float(sims[i]))
    return list(best)


@pytest.fixture()
def ctx(fixture_pipeline):
    return QueryContext(question="q", lang="en", docs=None, langs=None, mode="hybrid",
                        index=fixture_pipeline.index, config=RetrievalConfig())


@pytest.mark.parametrize("seed", range(20))
def test_max_pooling_matches_the_loop_with_ties(ctx, seed):
    rng = random.Random(seed)
    n = len(ctx.index.chunks)
    rows = rng.sample(range(n), rng.randint(1, n))
    # few distinct values, so many units tie on their best score
    scores = {r: rng.choice([0.1, 0.2, 0.2, 0.5, -0.3, 1.0]) for r in rows}
    assert pool(ctx, scores) == loop_pool_max(ctx.index, scores)


def test_pool_arrays_takes_a_rows_best_score_when_it_repeats(ctx):
    a, b = ctx.index.unit_rows[next(iter(ctx.index.unit_rows))][0], len(ctx.index.chunks) - 1
    ranked = pool_arrays(ctx, np.array([a, b, a]), np.array([0.1, 0.5, 0.9]))
    assert ranked[0] == (ctx.index.chunks[a].doc, ctx.index.chunks[a].unit)
    assert pool_arrays(ctx, np.array([], dtype=np.int64), np.array([])) == []


def test_other_pool_modes_keep_their_loop(ctx):
    scores = {r: float(r % 3) for r in range(len(ctx.index.chunks))}
    for mode in ("mean", "chunk"):
        ctx.config = RetrievalConfig(pool=mode)
        got = pool_arrays(ctx, np.fromiter(scores, dtype=np.int64), np.fromiter(scores.values(), dtype=np.float64))
        assert got == pool(ctx, scores)


@pytest.mark.parametrize("docs,langs", [(None, None), (["ai-act"], None), (None, ["nl"]), (["gdpr"], ["fr", "en"])])
def test_headings_match_the_loop(fixture_pipeline, docs, langs):
    index = fixture_pipeline.index
    for q in ("Which AI practices are prohibited?", "recht op vergetelheid", "sanctions administratives"):
        ctx = QueryContext(question=q, lang=None, docs=docs, langs=langs, mode="hybrid", index=index,
                           config=RetrievalConfig(), embedder=fixture_pipeline.embedder)
        got = Headings(index).rank(ctx)
        assert got == loop_headings(index, ctx)
        assert got or docs or langs
