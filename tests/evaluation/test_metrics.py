"""Every metric against hand-computed values."""
from __future__ import annotations

import math

import pytest

from policyqa.evaluation.metrics import (abstention_scores, distinct_units, facts_found, first_hit_rank, mean,
                                         ndcg_at, normalize, percentile, ratio, recall_at, reciprocal_rank)

A, B, C, G1, G2, G3 = ("x", "a"), ("x", "b"), ("x", "c"), ("g", "1"), ("g", "2"), ("g", "3")


def test_distinct_units_keeps_first_appearance():
    passages = [{"doc": "x", "unit": "b"}, {"doc": "x", "unit": "a"}, {"doc": "x", "unit": "b"},
                {"doc": "y", "unit": "a"}]
    assert distinct_units(passages) == [B, A, ("y", "a")]


def test_first_hit_rank():
    assert first_hit_rank([A, B, G2, G1], [G1, G2]) == 3
    assert first_hit_rank([G1], [G1]) == 1
    assert first_hit_rank([A, B], [G1]) is None
    assert first_hit_rank([], [G1]) is None


@pytest.mark.parametrize("rank,k,expected", [(1, 1, 1.0), (2, 1, 0.0), (5, 5, 1.0), (6, 5, 0.0),
                                             (10, 10, 1.0), (None, 10, 0.0)])
def test_recall_at(rank, k, expected):
    assert recall_at(rank, k) == expected


@pytest.mark.parametrize("rank,expected", [(1, 1.0), (2, 0.5), (4, 0.25), (10, 0.1), (11, 0.0), (None, 0.0)])
def test_reciprocal_rank_cut_at_10(rank, expected):
    assert reciprocal_rank(rank, 10) == pytest.approx(expected)


def test_ndcg_single_gold():
    assert ndcg_at([G1, A], [G1]) == pytest.approx(1.0)
    assert ndcg_at([A, B, G1], [G1]) == pytest.approx(0.5)          # 1/log2(4) over 1
    assert ndcg_at([A, G1], [G1]) == pytest.approx(1 / math.log2(3))  # 0.6309
    assert ndcg_at([A, B], [G1]) == 0.0


def test_ndcg_two_gold_hand_computed():
    # DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606; IDCG = 1 + 0.630930 = 1.630930
    assert ndcg_at([A, G1, B, G2], [G1, G2]) == pytest.approx(0.650921, abs=1e-6)


def test_ndcg_ideal_is_over_min_gold_k_not_over_retrieved_positions():
    # 3 gold units, k = 2, both top positions gold: perfect (ideal over min(3, 2) = 2 positions)
    assert ndcg_at([G1, G2, A], [G1, G2, G3], k=2) == pytest.approx(1.0)
    # one gold unit, ten retrieved: the ideal is one hit at rank 1, not ten positions
    assert ndcg_at([G1, A, B, C], [G1]) == pytest.approx(1.0)
    # gold beyond k does not count
    assert ndcg_at([A, B, G1], [G1], k=2) == 0.0


def test_ndcg_needs_gold():
    with pytest.raises(ValueError):
        ndcg_at([A], [])


def test_normalize_and_facts():
    assert normalize("EUR 35 000 000, or 7 %!") == "eur35000000or7"
    assert normalize("Straße 10^25 Ünïcode") == "straße1025ünïcode"
    assert facts_found(["35 000 000", "7 %"], ["Up to EUR 35.000.000 or 7% of turnover."])
    assert facts_found(["10 25"], ["more than 10^25 FLOPs"])
    assert not facts_found(["15"], ["fifteen days"])
    assert not facts_found(["2025", "2027"], ["from 2 August 2025"])
    # each fact may come from a different text (answer or a cited passage)
    assert facts_found(["2025", "2027"], ["from 2 August 2025", "until 2 August 2027"])
    assert facts_found([], ["anything"])


def test_abstention_hand_computed():
    abstained = [True, True, False, False, True]
    unanswerable = [True, False, True, False, False]
    # tp = 1, fp = 2, fn = 1; answerable = 3
    s = abstention_scores(abstained, unanswerable)
    assert s["abstention_precision"] == pytest.approx(1 / 3)
    assert s["abstention_recall"] == pytest.approx(1 / 2)
    assert s["abstention_f1"] == pytest.approx(0.4)                 # 2*1 / (2*1 + 2 + 1)
    assert s["false_abstention_rate"] == pytest.approx(2 / 3)


def test_abstention_empty_denominators_are_none():
    s = abstention_scores([False, False], [False, False])
    assert s == {"abstention_precision": None, "abstention_recall": None, "abstention_f1": None,
                 "false_abstention_rate": 0.0}
    with pytest.raises(ValueError):
        abstention_scores([True], [])


def test_percentile_linear():
    assert percentile([40, 10, 30, 20], 50) == pytest.approx(25.0)
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)  # rank 0.95*3 = 2.85 → 30 + 0.85*10
    assert percentile([], 50) is None


def test_mean_and_ratio():
    assert mean([True, False, True, True]) == 0.75
    assert mean([]) is None
    assert ratio(1, 4) == 0.25 and ratio(0, 0) is None
