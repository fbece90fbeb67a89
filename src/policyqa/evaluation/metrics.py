"""Evaluation metrics as small pure functions (no pipeline, no I/O).

Retrieval is scored at unit level: a ranked list of (doc, unit) keys against the set of gold units.
Ranks are 1-based; `None` means "not retrieved". A metric with an empty denominator is `None`.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

Unit = tuple[str, str]


def distinct_units(passages: Iterable[dict]) -> list[Unit]:
    """(doc, unit) of ranked passages, duplicates dropped, in order of first appearance."""
    return list(dict.fromkeys((p["doc"], p["unit"]) for p in passages))


def first_hit_rank(ranked: Sequence[Unit], gold: Iterable[Unit]) -> int | None:
    """1-based rank of the first gold unit in `ranked`, or None."""
    gold = set(gold)
    return next((i for i, u in enumerate(ranked, 1) if u in gold), None)


def recall_at(rank: int | None, k: int) -> float:
    """1.0 when a gold unit is within the top k (hit rate, as in "Recall@k" for one relevant set)."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, k: int = 10) -> float:
    """1/rank of the first gold unit when within the top k, else 0."""
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at(ranked: Sequence[Unit], gold: Iterable[Unit], k: int = 10) -> float:
    """nDCG@k with binary gains: DCG of the top k over the ideal DCG of min(|gold|, k) hits at the top."""
    gold = set(gold)
    if not gold:
        raise ValueError("nDCG needs at least one gold unit")
    dcg = sum(1.0 / math.log2(i + 1) for i, u in enumerate(ranked[:k], 1) if u in gold)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(gold), k) + 1))
    return dcg / ideal


def normalize(text: str) -> str:
    """The fact-matching form: lowercase, only characters for which str.isalnum() holds."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def facts_found(facts: Iterable[str], texts: Iterable[str]) -> bool:
    """True when every fact occurs (normalized, as a substring) in at least one of the texts."""
    normed = [normalize(t) for t in texts]
    return all(any(normalize(f) in t for t in normed) for f in facts)


def mean(values: Sequence[float | bool]) -> float | None:
    return float(sum(values)) / len(values) if values else None


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def abstention_scores(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> dict[str, float | None]:
    """Precision, recall and F1 of abstaining as a detector of unanswerable questions, and the
    false-abstention rate on answerable questions."""
    if len(abstained) != len(unanswerable):
        raise ValueError("abstained and unanswerable differ in length")
    tp = sum(a and u for a, u in zip(abstained, unanswerable))
    fp = sum(a and not u for a, u in zip(abstained, unanswerable))
    fn = sum(u and not a for a, u in zip(abstained, unanswerable))
    return {
        "abstention_precision": ratio(tp, tp + fp),
        "abstention_recall": ratio(tp, tp + fn),
        "abstention_f1": ratio(2 * tp, 2 * tp + fp + fn),
        "false_abstention_rate": ratio(fp, sum(not u for u in unanswerable)),
    }


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), linear interpolation between closest ranks (numpy's default)."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None
