"""Reciprocal rank fusion (Cormack et al. 2009): score(x) = Σ_i w_i / (k + rank_i(x)), ranks from 1."""
from __future__ import annotations

from collections.abc import Hashable, Sequence


def rrf(rankings: Sequence[Sequence[Hashable]], k: int = 60,
        weights: Sequence[float] | None = None) -> dict[Hashable, float]:
    """Fuse ranked lists (best first) into one score per item; higher is better."""
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    out: dict[Hashable, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            out[item] = out.get(item, 0.0) + w / (k + rank)
    return out


def ranked(scores: dict[Hashable, float]) -> list[Hashable]:
    """Items by descending score (ties: first seen first)."""
    return sorted(scores, key=lambda x: -scores[x])
