"""Quality gate: the 100-question quick sample (eval/quick_ids.txt), hybrid retriever, shared corpus index.

Fails when Recall@5 or citation accuracy drops below the floors, set ~5 points under the figures
measured when they were last calibrated (see the report of eval/run.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from policyqa.evaluation import load_questions, read_ids, run_questions, select_ids, summarize

REPO = Path(__file__).resolve().parents[2]

# measured on the 76 answerable quick questions of the 24-language sample (hybrid, e5-small default bf16,
# extractive answerer with lead sentence, 2026-12-01, main a0ef9e6): Recall@5 0.763, citation 0.539
RECALL_AT_5_FLOOR = 0.71
CITATION_ACCURACY_FLOOR = 0.49


@pytest.mark.corpus
@pytest.mark.slow
def test_quick_sample_meets_floors(shared_pipeline):
    questions = select_ids(load_questions(REPO / "eval" / "questions.jsonl"), read_ids(REPO / "eval" / "quick_ids.txt"))
    results = run_questions(shared_pipeline, questions, retriever="hybrid", progress=False)
    m = summarize(results)
    print(f"\nquick eval ({m['n']} questions, {m['n_answerable']} answerable, hybrid): "
          f"Recall@1 {m['recall@1']:.3f}  Recall@5 {m['recall@5']:.3f}  Recall@10 {m['recall@10']:.3f}  "
          f"MRR@10 {m['mrr@10']:.3f}  citation accuracy {m['citation_accuracy']:.3f}  "
          f"abstention F1 {m['abstention_f1'] or 0:.3f}  language detection {m['lang_accuracy']:.3f}")
    assert m["recall@5"] >= RECALL_AT_5_FLOOR, f"Recall@5 {m['recall@5']:.3f} < floor {RECALL_AT_5_FLOOR}"
    assert m["citation_accuracy"] >= CITATION_ACCURACY_FLOOR, \
        f"citation accuracy {m['citation_accuracy']:.3f} < floor {CITATION_ACCURACY_FLOOR}"
