"""Per-question scoring of ask results and their aggregation, on hand-made results."""
from __future__ import annotations

import pytest

from policyqa.evaluation.dataset import Question
from policyqa.evaluation.report import build_report, compare_report, summarize
from policyqa.evaluation.runner import QuestionResult, is_crosslingual, refused, score_answer, unit_languages


def _q(qid="q", lang="en", typ="factoid", gold=(("ai-act", "art_5"),), facts=()) -> Question:
    return Question(qid, "?", lang, typ, tuple(gold), tuple(facts))


def _ask(retrieved, cited=(), answer="", abstained=False, language="en", ms=(10.0, 20.0)) -> dict:
    return {"question": "?", "language": language, "answer": answer, "abstained": abstained,
            "citations": [{"doc": d, "unit": u, "text": t} for d, u, t in cited],
            "retrieved": [{"doc": d, "unit": u, "lang": "en", "score": 0.0, "label": ""} for d, u in retrieved],
            "timings_ms": {"retrieve": ms[0], "answer": ms[1]}}


def test_score_answer_hit_citation_and_facts():
    q = _q(gold=[("gdpr", "art_15"), ("gdpr", "art_12")], facts=["one month", "EUR 20"])
    res = _ask([("gdpr", "art_17"), ("gdpr", "art_15"), ("gdpr", "art_15"), ("gdpr", "art_12")],
               cited=[("gdpr", "art_17", "x"), ("gdpr", "art_15", "fees up to EUR 20 apply")],
               answer="Within one month [1].", language="de")
    r = score_answer(q, res, crosslingual=False)
    assert r.hit_rank == 2                                  # duplicate passages collapse to units
    # DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3)
    assert r.ndcg == pytest.approx((0.6309298 + 0.5) / 1.6309298)
    assert r.cited_units == [("gdpr", "art_17"), ("gdpr", "art_15")] and r.cited_gold
    assert r.facts_ok is False and r.facts_in_sources is True
    assert r.detected_lang == "de" and (r.retrieve_ms, r.answer_ms) == (10.0, 20.0)


def test_score_answer_miss_and_unanswerable():
    r = score_answer(_q(), _ask([("gdpr", "art_1")], cited=[("gdpr", "art_1", "")]), False)
    assert r.hit_rank is None and r.ndcg == 0.0 and r.cited_gold is False and r.facts_ok is None
    u = score_answer(_q(typ="unanswerable", gold=()), _ask([("gdpr", "art_1")], abstained=True), None)
    assert u.hit_rank is None and u.ndcg is None and u.cited_gold is None and u.abstained


def test_is_crosslingual_from_index_languages():
    chunk_langs = ["en", "de", "en", "fr"]
    langs_of = unit_languages({("a", "art_1"): [0, 1], ("a", "art_2"): [2], ("b", "art_1"): [3]}, chunk_langs)
    assert langs_of[("a", "art_1")] == {"en", "de"}
    assert is_crosslingual(_q(lang="de", gold=[("a", "art_1")]), langs_of) is False
    assert is_crosslingual(_q(lang="de", gold=[("a", "art_2"), ("b", "art_1")]), langs_of) is True
    assert is_crosslingual(_q(lang="fr", gold=[("a", "art_2"), ("b", "art_1")]), langs_of) is False
    assert is_crosslingual(_q(lang="en", gold=[("zz", "art_9")]), langs_of) is True   # not in the index
    assert is_crosslingual(_q(typ="unanswerable", gold=()), langs_of) is None


def _results() -> list[QuestionResult]:
    qs = [_q("a", "en", facts=["7"]), _q("b", "en"), _q("c", "de", "crosslingual"),
          _q("d", "de", "unanswerable", gold=()), _q("e", "en", "unanswerable", gold=())]
    asks = [_ask([("ai-act", "art_5")], cited=[("ai-act", "art_5", "")], answer="7 days", ms=(10, 1)),
            _ask([("x", "1")] * 1 + [("x", str(i)) for i in range(2, 6)] + [("ai-act", "art_5")], ms=(20, 2)),
            _ask([("x", "1"), ("ai-act", "art_5")], abstained=True, language="nl", ms=(30, 3)),
            _ask([("x", "1")], abstained=True, language="de", ms=(40, 4)),
            _ask([("x", "1")], language="en", ms=(50, 5))]
    xl = [False, False, True, None, None]
    return [score_answer(q, a, x) for q, a, x in zip(qs, asks, xl)]


def test_summarize_hand_computed():
    m = summarize(_results())
    # answerable ranks: 1, 6, 2
    assert (m["n"], m["n_answerable"], m["n_with_facts"]) == (5, 3, 1)
    assert m["recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["recall@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["recall@10"] == 1.0
    assert m["mrr@10"] == pytest.approx((1 + 1 / 6 + 1 / 2) / 3, abs=1e-4)
    assert m["citation_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["fact_accuracy"] == 1.0 and m["facts_in_sources"] == 1.0
    # abstained: c (answerable), d (unanswerable) → tp 1, fp 1, fn 1 (e)
    assert m["abstention_precision"] == 0.5 and m["abstention_recall"] == 0.5 and m["abstention_f1"] == 0.5
    assert m["false_abstention_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["lang_accuracy"] == 0.8                          # c detected as nl
    assert m["retrieve_ms_p50"] == 30 and m["retrieve_ms_p95"] == pytest.approx(48.0)
    assert m["answer_ms_p50"] == 3 and m["errors"] == 0


def test_refused_questions_count_as_abstained_misses():
    results = _results()[:1] + [refused(_q("z", facts=["x"]), False, "not an EU language")]
    m = summarize(results)
    assert m["errors"] == 1 and m["recall@1"] == 0.5 and m["fact_accuracy"] == 0.5
    assert m["lang_accuracy"] == 0.5 and m["retrieve_ms_p50"] == 10   # latency only of answered ones
    assert results[1].to_dict()["error"] == "not an EU language"


def test_report_groups():
    rep = build_report(_results(), {"retriever": "hybrid"})
    assert set(rep) == {"n", "overall", "by_lang", "by_type", "by_crosslingual", "by_lang_group", "config", "per_question"}
    assert set(rep["by_lang"]) == {"de", "en"} and rep["by_lang"]["de"]["n"] == 2
    assert set(rep["by_type"]) == {"factoid", "crosslingual", "unanswerable"}
    assert rep["by_type"]["unanswerable"]["recall@5"] is None
    assert rep["by_crosslingual"]["crosslingual"]["n"] == 1 and rep["by_crosslingual"]["same_language"]["n"] == 2
    pq = rep["per_question"][0]
    assert {"id", "hit_rank", "cited_units", "facts_ok", "abstained", "ms"} <= set(pq)
    assert pq["cited_units"] == ["ai-act/art_5"] and pq["ms"] == {"retrieve": 10, "answer": 1}


def test_compare_report_top_level_is_hybrid():
    rs = _results()
    rep = compare_report({"bm25": rs[:2], "hybrid": rs}, {"dataset": "x"})
    assert set(rep["retrievers"]) == {"bm25", "hybrid"}
    assert rep["n"] == 5 and rep["overall"] == rep["retrievers"]["hybrid"]["overall"]
    assert rep["retrievers"]["bm25"]["config"]["retriever"] == "bm25"
    with pytest.raises(ValueError):
        compare_report({"bm25": rs}, {})


def test_answer_length_median_over_answers_not_abstentions():
    results = [score_answer(_q(), _ask([("ai-act", "art_5")], answer="x" * n), False) for n in (100, 300, 500)]
    results.append(score_answer(_q(), _ask([("ai-act", "art_5")], answer="not here", abstained=True), False))
    assert [r.answer_chars for r in results] == [100, 300, 500, None]
    assert summarize(results)["answer_chars_p50"] == 300
