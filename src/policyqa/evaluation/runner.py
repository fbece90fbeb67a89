"""Run questions through the pipeline and score each answer.

    results = run_questions(pipeline, questions, retriever="hybrid")

Each question goes through `Pipeline.ask` — the code path of `policyqa ask` — without its dataset
language (detection is part of what is measured). `score_answer` turns one ask result into a
`QuestionResult`; it is pure, so it is tested on hand-made results.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from policyqa.evaluation.dataset import Question
from policyqa.evaluation.metrics import Unit, distinct_units, facts_found, first_hit_rank, ndcg_at

NDCG_K = 10


@dataclass
class QuestionResult:
    """What one question scored. Retrieval and answer fields are None for unanswerable questions
    (and fact fields for questions without facts)."""

    id: str
    lang: str
    type: str
    detected_lang: str | None
    crosslingual: bool | None         # None for unanswerable questions
    abstained: bool
    hit_rank: int | None = None       # 1-based rank of the first gold unit among retrieved units
    ndcg: float | None = None
    cited_units: list[Unit] = field(default_factory=list)
    cited_gold: bool | None = None    # the answer cites ≥ 1 gold unit
    facts_ok: bool | None = None      # all facts in the answer text
    facts_in_sources: bool | None = None   # all facts in the answer text or its cited passages
    retrieve_ms: float | None = None
    answer_ms: float | None = None
    answer_chars: int | None = None   # length of the answer text (None when abstained or refused)
    error: str | None = None          # the pipeline refused the question (counted as abstained)
    corpus_lang: bool | None = None   # the question's language has a version of some document in the index

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "lang": self.lang, "type": self.type, "detected_lang": self.detected_lang,
                "crosslingual": self.crosslingual, "corpus_lang": self.corpus_lang, "hit_rank": self.hit_rank,
                "cited_units": [f"{d}/{u}" for d, u in self.cited_units], "cited_gold": self.cited_gold,
                "facts_ok": self.facts_ok, "facts_in_sources": self.facts_in_sources,
                "abstained": self.abstained, "ms": {"retrieve": self.retrieve_ms, "answer": self.answer_ms},
                "answer_chars": self.answer_chars,
                "error": self.error}


def unit_languages(unit_rows: dict[Unit, list[int]], chunk_langs: list[str]) -> dict[Unit, set[str]]:
    """The languages in which each (doc, unit) exists in an index."""
    return {key: {chunk_langs[r] for r in rows} for key, rows in unit_rows.items()}


def is_crosslingual(q: Question, langs_of: dict[Unit, set[str]]) -> bool | None:
    """True when none of the gold units exists in the question's language; None without gold."""
    if not q.gold:
        return None
    return not any(q.lang in langs_of.get(g, ()) for g in q.gold)


def score_answer(q: Question, result: dict[str, Any], crosslingual: bool | None) -> QuestionResult:
    """Score one `Pipeline.ask` result against its question."""
    cited = distinct_units(result["citations"])
    r = QuestionResult(id=q.id, lang=q.lang, type=q.type, detected_lang=result["language"],
                       crosslingual=crosslingual, abstained=bool(result["abstained"]), cited_units=cited,
                       retrieve_ms=result["timings_ms"]["retrieve"], answer_ms=result["timings_ms"]["answer"],
                       answer_chars=None if result["abstained"] else len(result["answer"]))
    if q.answerable:
        ranked = distinct_units(result["retrieved"])
        r.hit_rank = first_hit_rank(ranked, q.gold)
        r.ndcg = ndcg_at(ranked, q.gold, NDCG_K)
        r.cited_gold = any(u in set(q.gold) for u in cited)
        if q.facts:
            r.facts_ok = facts_found(q.facts, [result["answer"]])
            r.facts_in_sources = facts_found(q.facts, [result["answer"], *(c["text"] for c in result["citations"])])
    return r


def refused(q: Question, crosslingual: bool | None, error: str) -> QuestionResult:
    """The result of a question the pipeline rejected: nothing retrieved, nothing answered."""
    r = QuestionResult(id=q.id, lang=q.lang, type=q.type, detected_lang=None, crosslingual=crosslingual,
                       abstained=True, error=error)
    if q.answerable:
        r.ndcg, r.cited_gold = 0.0, False
        if q.facts:
            r.facts_ok = r.facts_in_sources = False
    return r


def run_questions(pipeline, questions: list[Question], *, retriever: str = "hybrid", top_k: int | None = None,
                  progress: bool = True, bar: tqdm | None = None) -> list[QuestionResult]:
    """Ask every question (language detected, not given) with `retriever`; score each answer.

    A question the pipeline rejects (QuestionError) is recorded with its error, not raised.
    Pass `bar` to advance an outer progress bar instead of drawing one here.
    """
    from policyqa.pipeline import QuestionError

    langs_of = unit_languages(pipeline.index.unit_rows, [c.lang for c in pipeline.index.chunks])
    corpus_langs = set().union(*langs_of.values()) if langs_of else set()
    own_bar = bar is None
    bar = bar or tqdm(total=len(questions), desc=retriever, unit="q", disable=not progress,
                      dynamic_ncols=True, file=sys.stderr)
    out: list[QuestionResult] = []
    try:
        for q in questions:
            bar.set_postfix_str(f"{retriever} {q.id}")
            xl = is_crosslingual(q, langs_of)
            try:
                res = score_answer(q, pipeline.ask(q.question, retriever=retriever, top_k=top_k), xl)
            except QuestionError as e:
                res = refused(q, xl, str(e))
            res.corpus_lang = q.lang in corpus_langs
            out.append(res)
            bar.update(1)
    finally:
        if own_bar:
            bar.close()
    return out


def run_retrievers(pipeline, questions: list[Question], retrievers: Iterable[str], *,
                   top_k: int | None = None, progress: bool = True) -> dict[str, list[QuestionResult]]:
    """`run_questions` once per retriever on one pipeline, under one progress bar."""
    names = list(retrievers)
    with tqdm(total=len(questions) * len(names), desc="eval", unit="q", disable=not progress,
              dynamic_ncols=True, file=sys.stderr) as bar:
        return {name: run_questions(pipeline, questions, retriever=name, top_k=top_k, bar=bar) for name in names}
