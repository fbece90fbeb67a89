"""When to say "not in these documents".

The signals come from the dense scores the answerer already has: the best passage cosine, the best
single-sentence cosine among the top passages, and how much the best passage stands out from the next
ones (`peak`); and from the words of the question: a name the documents never mention (an acronym, a
brand, a long number: "CNIL", "TikTok", "ISO 27001") means the question is about something else.
Named provisions (lookups) never abstain. The rule and its default threshold were chosen
with bench/abstention_calibration.py on eval/questions.jsonl (README, "Abstention");
the `abstain_threshold` setting overrides the threshold (other models have other cosine scales).
"""
from __future__ import annotations

import re

import numpy as np

from policyqa.retrieval.retriever import Retrieval
from policyqa.sources import find_families
from policyqa.stores.lexical import LexicalIndex

DEFAULT_THRESHOLD = 0.81
_WORD = re.compile(r"\w+", re.UNICODE)


def _name_like(word: str) -> bool:
    """An acronym or brand ("CNIL", "TikTok", "ChatGPT") or a number of 4+ digits ("27001")."""
    if word.isdigit():
        return len(word) >= 4
    return len(word) >= 3 and word.isalpha() and (word.isupper() or any(c.isupper() for c in word[1:]))


def unknown_names(question: str, lexical: LexicalIndex) -> list[str]:
    """Name-like words of the question that occur in no document (act names excepted)."""
    acts = [(a, b) for _, a, b in find_families(question)]
    out = []
    for m in _WORD.finditer(question):
        if any(a <= m.start() < b for a, b in acts) or not _name_like(m.group(0)):
            continue
        if not lexical.knows(m.group(0)):
            out.append(m.group(0))
    return out


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


def should_abstain(sig: dict[str, float], threshold: float | None = None, unknown: list[str] | None = None) -> bool:
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    return sig["confidence"] < t or bool(unknown)
