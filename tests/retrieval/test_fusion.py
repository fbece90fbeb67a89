import pytest

from policyqa.retrieval.fusion import ranked, rrf


def test_rrf_rewards_agreement():
    scores = rrf([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert ranked(scores)[0] == "b"
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)


def test_rrf_weights_and_missing_items():
    scores = rrf([["a"], ["b"]], k=1, weights=[1.0, 3.0])
    assert ranked(scores) == ["b", "a"]
    with pytest.raises(ValueError):
        rrf([["a"]], weights=[1.0, 2.0])
