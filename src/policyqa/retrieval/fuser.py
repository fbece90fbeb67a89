"""Combine the signals a config names into one score per unit and the units that go first.

    fused, first = fuse(ctx, signals, weights, rrf_k)

1. the "rrf" signals that need no fused scores, in config order, by weighted reciprocal rank fusion;
2. then the `after_fusion` signals in config order, each seeing `ctx.fused` so far: "rrf" ones add
   weight / (k + rank), "bonus" ones add their weight to each unit they list, "first" ones name the
   units placed first (their weight is added to those units' scores).
A weight of 0 (or a signal not named) leaves the signal out.
"""
from __future__ import annotations

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.fusion import rrf
from policyqa.retrieval.signals.base import Signal


def fuse(ctx: QueryContext, signals: list[Signal], weights: dict[str, float], rrf_k: int
         ) -> tuple[dict[Key, float], dict[Key, float]]:
    """(fused scores, units to put first → their score bump)."""
    rankings, ws = [], []
    for sig in signals:
        if sig.after_fusion or sig.kind != "rrf":
            continue
        w = sig.weight(ctx, weights[sig.name])
        for r in sig.rankings(ctx):
            if r:
                ctx.rankings.setdefault(sig.name, r)
                rankings.append(r)
                ws.append(w)
    fused = rrf(rankings, k=rrf_k, weights=ws) if rankings else {}
    ctx.fused = fused
    first: dict[Key, float] = {}
    for sig in signals:
        if not sig.after_fusion:
            continue
        w = sig.weight(ctx, weights[sig.name])
        if sig.kind == "rrf":
            for r in sig.rankings(ctx):
                for rank, key in enumerate(r, start=1):
                    fused[key] = fused.get(key, 0.0) + w / (rrf_k + rank)
        elif sig.kind == "bonus":
            for key in sig.rank(ctx):
                fused[key] = fused.get(key, 0.0) + w
        elif sig.kind == "first":
            for key in sig.rank(ctx):
                first.setdefault(key, w)
        else:
            raise ValueError(f"signal {sig.name}: unknown kind {sig.kind!r}")
    return fused, first
