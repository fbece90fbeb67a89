"""When to say "not in these documents".

Signal: the best cosine between the question and a single sentence of the top passages, and the best
passage cosine. Named provisions (lookups) never abstain. The default threshold was set from
measurements on eval/questions.jsonl (README, "Abstention"); `abstain_threshold` overrides it.
"""
from __future__ import annotations

from policyqa.retrieval.retriever import Retrieval

# (best sentence cosine, best passage cosine) below which the question is taken as unanswered,
# for the default e5 model. Other models have other cosine scales: set `abstain_threshold`.
DEFAULT_THRESHOLD = 0.80


def confidence(retrieval: Retrieval, best_sentence: float) -> float:
    best_chunk = max(retrieval.chunk_scores.values(), default=0.0)
    return max(best_sentence, best_chunk)


def should_abstain(retrieval: Retrieval, best_sentence: float, threshold: float | None = None) -> bool:
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    return confidence(retrieval, best_sentence) < t
