"""Lexicon: the question's BM25 query translated into the other corpus languages with the legal-term
lexicon the index learned from the parallel language versions (policyqa.indexing.terms: "Geldbuße" →
fine, "Aufsichtsbehörde" → supervisori …), each stem to its best aligned stem; BM25 in each of those
languages (scores over that language's maximum), pooled per unit. A German question about the AI Act
(which has no German version) gets a lexical signal in English, French and Dutch. Only for questions
in a language the lexicon covers (a corpus language with aligned versions)."""
from __future__ import annotations

from policyqa.retrieval.context import LEX_DEPTH, Key, QueryContext
from policyqa.retrieval.pooling import pool
from policyqa.retrieval.signals.base import Signal
from policyqa.stores.analyzer import analyze

PER_STEM = 1        # translations used per question stem


class Lexicon(Signal):
    name = "lexicon"

    def translate(self, question: str, src: str, tgt: str) -> list[str]:
        table = self.index.terms.get("lexicon", {}).get(f"{src}>{tgt}", {})
        out: list[str] = []
        for stem in analyze(question, src):
            out.extend(t for t, _ in table.get(stem, [])[:PER_STEM])
        return out

    def rank(self, ctx: QueryContext) -> list[Key]:
        if not ctx.uses_lexical or ctx.lang not in self.index.languages:
            return []
        out: dict[int, float] = {}
        for tgt in self.index.languages:
            if tgt == ctx.lang or (ctx.langs and tgt not in ctx.langs):
                continue
            toks = self.translate(ctx.question, ctx.lang, tgt)
            if not toks:
                continue
            scores = self.index.lexical_search_tokens(toks, tgt, LEX_DEPTH, docs=ctx.docs)
            top = max(scores.values(), default=0.0) or 1.0
            for r, v in scores.items():
                out[r] = max(out.get(r, 0.0), v / top)
        return pool(ctx, out) if out else []
