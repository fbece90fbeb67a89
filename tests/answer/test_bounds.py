"""Bounded output: caps on the answer, each citation's text and the whole JSON; real answers unchanged."""
from __future__ import annotations

import copy
import json

from policyqa.answer.bounds import (CONTEXT_CHARS, MAX_ANSWER_CHARS, MAX_CITATION_CHARS, MAX_FIELD_CHARS,
                                    MAX_JSON_BYTES, MAX_QUOTE_CHARS, bound_result, cap_answer, excerpt,
                                    json_bytes)

WORDS = "every zorblax drone operator files form ZX-9 with the harbour office before flight and "


def _monster(n_chars: int = 5_000_000) -> str:
    return (WORDS * (n_chars // len(WORDS) + 1))[:n_chars]


def test_answer_quotes_and_whole_answer_are_capped_markers_kept():
    a = cap_answer(f"{_monster()} [1]\n\nA short second quote. [2]")
    assert len(a) <= MAX_QUOTE_CHARS + 40 and a.endswith("A short second quote. [2]")
    assert "… [1]" in a
    many = " ".join(f"{WORDS * 20} [{n}]" for n in range(1, 30))
    b = cap_answer(many)
    assert len(b) <= MAX_ANSWER_CHARS and b.endswith("…") and "[1]" in b
    assert not b.rstrip(" …").endswith("[")
    short = "A quoted sentence. [1]"
    assert cap_answer(short) == short


def test_excerpt_keeps_the_cited_span_with_context():
    text = _monster(50_000)
    span = [20_000, 20_300]
    out, spans = excerpt(text, [span])
    assert len(out) <= MAX_CITATION_CHARS + 4 and out.startswith("… ") and out.endswith(" …")
    (a, b), = spans
    assert out[a:b] == text[span[0]:span[1]]
    assert a == CONTEXT_CHARS + 2                      # "… " + the context before the span
    huge, hs = excerpt(text, [[10, 45_000]])           # a cited "sentence" longer than the cap: clipped
    assert len(huge) <= MAX_CITATION_CHARS + 4 and hs[0][1] <= len(huge)
    assert excerpt("short text", [[0, 5]]) == ("short text", [[0, 5]])


def _result(answer, texts, label="Article 1"):
    return {"question": "q", "language": "en", "answer": answer, "abstained": False,
            "citations": [{"n": i + 1, "doc": "zorblax", "unit": "sec_x", "label": label, "lang": "en",
                           "title": label, "text": t, "url": None, "score": 1.0, "document": label,
                           "highlights": [[0, len(t)]], "origin": "upload"} for i, t in enumerate(texts)],
            "retrieved": [{"doc": "zorblax", "unit": f"sec_{i}", "lang": "en", "score": 1.0, "label": label,
                           "origin": "upload"} for i in range(200)],
            "timings_ms": {"retrieve": 1.0, "answer": 1.0}}


def test_whole_json_is_capped():
    m = _monster()
    r = bound_result(_result(f"{m} [1] {m} [2]", [m, m], label=m))
    assert json_bytes(r) <= MAX_JSON_BYTES
    assert len(r["answer"]) <= MAX_ANSWER_CHARS and [c["n"] for c in r["citations"]] == [1, 2]
    for c in r["citations"]:
        assert len(c["text"]) <= MAX_CITATION_CHARS + 4 and len(c["label"]) <= MAX_FIELD_CHARS + 2
        a, b = c["highlights"][0]
        assert 0 <= a < b <= len(c["text"])
    assert r["retrieved"] and len(r["retrieved"]) < 200


def test_a_citation_whose_marker_was_cut_goes():
    r = bound_result(_result(" ".join(f"{WORDS * 20} [{n}]" for n in range(1, 30)), ["t"] * 29))
    kept = [c["n"] for c in r["citations"]]
    assert kept and kept == list(range(1, len(kept) + 1)) and len(kept) < 29
    assert all(f"[{n}]" in r["answer"] for n in kept)


def test_real_answers_are_unchanged(fixture_pipeline):
    qa = fixture_pipeline
    for q in ("What are the fines for breaching the regulation?", "Wat zijn de verboden AI-praktijken?",
              "What does Article 5 of the AI Act prohibit?"):
        r = qa.ask(q)
        assert bound_result(copy.deepcopy(r)) == r
        json.dumps(r)
