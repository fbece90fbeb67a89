"""Evaluation harness: question sets, metrics, a runner over `Pipeline.ask`, reports (eval/run.py)."""
from policyqa.evaluation.dataset import DatasetError, Question, load_questions, read_ids, select_ids, stratified_sample
from policyqa.evaluation.report import (build_report, compare_report, render_markdown, side_by_side, summarize,
                                        write_report)
from policyqa.evaluation.runner import QuestionResult, run_questions, run_retrievers, score_answer

__all__ = ["DatasetError", "Question", "QuestionResult", "build_report", "compare_report", "load_questions",
           "read_ids", "render_markdown", "run_questions", "run_retrievers", "score_answer", "select_ids", "side_by_side",
           "stratified_sample", "summarize", "write_report"]
