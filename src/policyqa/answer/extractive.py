"""The default answerer, no LLM: quote the sentences that answer the question, each followed by [n].

Sentences come from the passages of the top provisions (in the question's language when that version
exists). Each sentence is scored by the cosine of its embedding to the question's, plus a small prior
for the provision's rank; the best few above a margin of the best are quoted, in text order per source.
A question that names a provision ("What does Article 50(2) require?") quotes that provision.
Whether to abstain is decided by policyqa.answer.abstain on the same scores.
"""
from __future__ import annotations

import time

import numpy as np

from policyqa.answer.abstain import should_abstain, signals, unknown_names
from policyqa.answer.base import Answer, make_citation
from policyqa.answer.messages import not_found, other_language_intro
from policyqa.chunking.chunker import reference_offset
from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import is_lookup
from policyqa.retrieval.retriever import Retrieval

PASSAGES = 3            # provisions the answer may quote from
MARGIN = 0.04           # quote sentences scoring within this of the best one
RANK_PRIOR = 0.01       # bonus per rank above the last candidate provision


class ExtractiveAnswerer:
    def __init__(self, index: LoadedIndex, embedder, *, max_sentences: int = 3,
                 threshold: float | None = None):
        self.index = index
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.threshold = threshold

    def score_sentences(self, question: str, retrieval: Retrieval) -> tuple[list[tuple[int, tuple[int, int]]], np.ndarray]:
        """Candidate sentences (hit index, span in that hit's passage) and their cosine to the question."""
        hits = retrieval.hits[:PASSAGES]
        owner, spans, vectors = self.index.sentence_rows([hit.row for hit in hits])   # embedded at index time
        cands = [(int(h), (int(a), int(b))) for h, (a, b) in zip(owner, spans)]
        if not cands:
            return [], np.zeros(0, dtype=np.float32)
        qv = retrieval.query_vector
        if qv is None:
            qv = self.embedder.embed_queries([question])[0]
        return cands, vectors @ qv

    def run(self, question: str, lang: str, retrieval: Retrieval) -> Answer:
        t0 = time.perf_counter()
        hits = retrieval.hits[:PASSAGES]
        cands, sims = self.score_sentences(question, retrieval) if hits else ([], np.zeros(0))
        unknown = unknown_names(question, self.index.lexical)
        if not cands or (should_abstain(signals(retrieval, sims), self.threshold, unknown) and not hits[0].lookup):
            return Answer(not_found(lang), True, [], (time.perf_counter() - t0) * 1000)
        prior = np.array([RANK_PRIOR * (len(hits) - 1 - h) for h, _ in cands])
        scores = sims + prior

        if hits[0].lookup and is_lookup(question):
            # quote the named provision from where the reference points (its paragraph/point), in order
            h0 = [i for i, (h, _) in enumerate(cands) if h == 0]
            ref = hits[0].reference
            start = (reference_offset(self.index.chunks[hits[0].row], ref.paragraph, ref.point) if ref else None) or 0
            h0 = [i for i in h0 if cands[i][1][1] > start] or h0
            chosen = h0[: self.max_sentences]
        else:
            best = float(scores.max())
            order = [int(i) for i in np.argsort(-scores)]
            chosen = [i for i in order if scores[i] >= best - MARGIN][: self.max_sentences]

        # number the cited passages in order of first citation; sentences in text order per passage
        by_hit: dict[int, list[tuple[int, int]]] = {}
        for i in sorted(chosen, key=lambda i: (cands[i][0], cands[i][1][0])):
            by_hit.setdefault(cands[i][0], []).append(cands[i][1])
        citations, parts = [], []
        for n, (h_i, spans) in enumerate(sorted(by_hit.items(), key=lambda kv: kv[0]), start=1):
            hit = hits[h_i]
            text = self.index.chunks[hit.row].text
            citations.append(make_citation(self.index, hit, n, spans=spans))
            parts.append(" ".join(f"{text[a:b].strip()} [{n}]" for a, b in spans))
        src_langs = sorted({c.lang for c in citations})
        body = "\n\n".join(parts)
        if lang not in src_langs:
            body = other_language_intro(lang, src_langs) + "\n\n" + body
        return Answer(body, False, citations, (time.perf_counter() - t0) * 1000)
