"""When to say "not in these documents".

The signals come from the dense scores the answerer already has: the best passage cosine, the best
single-sentence cosine among the top passages, and how much the best passage stands out from the next
ones (`peak`). Named provisions (lookups) never abstain. The rule and its default threshold were chosen
with bench/abstention_calibration.py on eval/questions.jsonl (README, "Abstention");
the `abstain_threshold` setting overrides the threshold (other models have other cosine scales).
"""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.retriever import Retrieval

DEFAULT_THRESHOLD = 0.80


def signals(retrieval: Retrieval, sentence_sims: np.ndarray) -> dict[str, float]:
    scores = np.sort(np.array(list(retrieval.chunk_scores.values()) or [0.0]))[::-1]
    best_chunk = float(scores[0])
    best_sentence = float(sentence_sims.max()) if len(sentence_sims) else 0.0
    return {
        "best_chunk": best_chunk,
        "best_sentence": best_sentence,
        "peak": best_chunk - float(np.median(scores[:20])),
        "confidence": max(best_chunk, best_sentence),
    }


def should_abstain(sig: dict[str, float], threshold: float | None = None) -> bool:
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    return sig["confidence"] < t
