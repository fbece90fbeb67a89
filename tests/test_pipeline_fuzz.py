"""Property test of the ask door: any string through `Pipeline.ask` on the fixture index gives an answer
dict (JSON- and UTF-8-safe) or the one-line QuestionError — nothing else."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from policyqa.pipeline import QuestionError
from tests.hostile_text import hostile_text

KEYS = {"question", "language", "answer", "abstained", "citations", "retrieved", "timings_ms"}


def _check(result) -> None:
    assert isinstance(result, dict) and KEYS <= set(result)
    json.dumps(result, ensure_ascii=False).encode("utf-8")      # no lone surrogate anywhere in the output


@pytest.mark.parametrize("question", ["bijlage III\ud800", "What is the right to erasure? \udcff",
                                      "Article 5\x00 AI Act", "\u202eWhat is the right to erasure?\u202c"])
def test_hostile_questions_are_answered(fixture_pipeline, question):
    _check(fixture_pipeline.ask(question))


def test_hostile_context_and_filters(fixture_pipeline):
    _check(fixture_pipeline.ask("and the fines?", context="Article 5 AI Act\ud800\x00"))
    with pytest.raises(QuestionError, match="unknown document"):
        fixture_pipeline.ask("What is the right to erasure?", docs=["gdpr\ud800"])


# an ask on the fixture index costs ~0.1–0.45 s here (idle – loaded machine), a rejected question ~0:
# 300 examples (~220 asks) take ~30–60 s (README "Reliability"; `--hypothesis-show-statistics` counts)
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(question=hostile_text(), with_context=st.booleans())
def test_ask_any_string(fixture_pipeline, question, with_context):
    try:
        result = fixture_pipeline.ask(question, context=question[::-1] if with_context else None)
    except QuestionError as e:
        assert "\n" not in str(e)
        event("QuestionError")
        return
    _check(result)
    event("answered")
