"""policyqa.text.clean_text, the input normaliser of every door, and the question check built on it."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from policyqa.pipeline import QuestionError, check_question
from policyqa.text import clean_text
from tests.hostile_text import hostile_text

LIMIT = 2000


@pytest.mark.parametrize("raw,clean", [
    ("bijlage III\ud800", "bijlage III\ufffd"),                    # a lone high surrogate
    ("What is the right to erasure? \udcff", "What is the right to erasure? \ufffd"),   # argv byte 0xff
    ("emoji \ud83d\ude00 as a pair", "emoji \U0001F600 as a pair"),  # a valid pair is joined
    ("NUL\x00 in\x07 text\x7f\x9b", "NUL in text"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("crlf\r\nline\rcr", "crlf\nline\ncr"),
    ("form\x0cfeed\x85nel", "form feed nel"),
    ("\ufeffbom", "bom"),
    ("Re\u0301publique", "République"),                               # NFC
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_leaves_clean_text_alone():
    s = "Artikel 5 Absatz 1 — KI-Verordnung: «¿Qué?» ελληνικά 中文 🙂"
    assert clean_text(s) is s or clean_text(s) == s


@pytest.mark.parametrize("question", ["bijlage III\ud800", "What is the right to erasure? \udcff",
                                      "\x00\x01 Article 5 \x1b[31m", "Re\u0301publique\u0000"])
def test_check_question_cleans(question):
    q = check_question(question, LIMIT)
    q.encode("utf-8")                                   # no lone surrogate left
    assert not any(unicodedata.category(c) == "Cc" for c in q)
    assert unicodedata.is_normalized("NFC", q)


@pytest.mark.parametrize("question", ["", "   ", "\x00\x00", "\x1b\x07\ufeff", None])
def test_check_question_empty(question):
    with pytest.raises(QuestionError, match="empty"):
        check_question(question, LIMIT)


@settings(max_examples=2000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text())
def test_check_question_any_string(text):
    """Any string gives a clean question (UTF-8 encodable, no control characters, NFC, within the limit,
    a fixed point) or the one-line QuestionError."""
    try:
        q = check_question(text, LIMIT)
    except QuestionError as e:
        assert "\n" not in str(e)
        return
    q.encode("utf-8")
    assert q and len(q) <= LIMIT and q == q.strip()
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in q)
    assert unicodedata.is_normalized("NFC", q)
    assert check_question(q, LIMIT) == q
