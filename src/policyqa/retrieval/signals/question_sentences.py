"""Question sentences: a citizen often writes a situation, then the question ("Ik werk in een
callcenter. Mag mijn baas …?"). Each sentence of a question of several sentences is embedded on its
own and ranks units by dense search (pooled like `dense`), one RRF ranking per sentence. A
one-sentence question adds nothing."""
from __future__ import annotations

import numpy as np

from policyqa.retrieval.context import DENSE_DEPTH, Key, QueryContext
from policyqa.retrieval.pooling import normalised, pool
from policyqa.retrieval.signals.base import Signal
from policyqa.text import sentence_spans

MIN_CHARS = 12          # shorter pieces ("Hi.", "OK?") are not sentences worth a search


def question_sentences(question: str) -> list[str]:
    out = [question[a:b].strip() for a, b in sentence_spans(question)]
    return [s for s in out if len(s) >= MIN_CHARS]


class QuestionSentences(Signal):
    name = "question_sentences"

    def rankings(self, ctx: QueryContext) -> list[list[Key]]:
        if ctx.qv is None or ctx.embedder is None:
            return []
        parts = question_sentences(ctx.question)
        if len(parts) < 2:
            return []
        out = []
        for qv in ctx.embedder.embed_queries(parts):
            dense = self.index.dense_search(np.asarray(qv), DENSE_DEPTH, docs=ctx.docs, langs=ctx.langs)
            out.append(pool(ctx, normalised(ctx, dense)))
        return out

    def rank(self, ctx: QueryContext) -> list[Key]:
        return [k for r in self.rankings(ctx) for k in r]
