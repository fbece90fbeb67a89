"""What the retrieval saw that tells whether the documents answer the question at all (the
answerability features policyqa.answer.abstain scores), computed once per retrieval:

- `chunk_margin`: the best dense cosine minus that of the best chunk of another unit;
- `coverage`: the share of the question's content words (analysed in each passage's language) that
  occur in one of the top passages — the best of the top 3;
- `known_words`: the share of the question's content words that occur anywhere in the documents (in
  any corpus language's analysis);
- `agreement`: the share of the ranking signals whose top unit is of the family of the fused top unit;
- `intent`: 1 when the question asks a "when / what fine / where to complain" question;
- `named_act`: 1 when the question names an act of the index.
"""
from __future__ import annotations

from policyqa.retrieval import intents
from policyqa.retrieval.context import Key, QueryContext
from policyqa.stores.analyzer import analyze

TOP_PASSAGES = 3
RANKING_SIGNALS = ("dense", "bm25", "prf", "headings")


def evidence(ctx: QueryContext, order: list[Key], rows: list[int]) -> dict[str, float]:
    """Features of one retrieval: `order` the final unit ranking, `rows` the chosen passage of each top unit."""
    index = ctx.index
    dense = ctx.dense
    best_row = max(dense, key=dense.get) if dense else None
    margin = 0.0
    if best_row is not None:
        c = index.chunks[best_row]
        other = max((s for r, s in dense.items() if (index.chunks[r].doc, index.chunks[r].unit) != (c.doc, c.unit)),
                    default=dense[best_row])
        margin = dense[best_row] - other
    cover = 0.0
    for r in rows[:TOP_PASSAGES]:
        lang = index.chunks[r].lang
        q = set(analyze(ctx.question, lang))
        if q:
            cover = max(cover, len(q & set(analyze(index.chunks[r].text, lang))) / len(q))
    words = {w for w in analyze(ctx.question, ctx.lang or "en") if not w.isdigit()}
    known = sum(index.lexical.knows(w) for w in words) / len(words) if words else 1.0
    tops = [r[0][0] for name, r in ctx.rankings.items() if name in RANKING_SIGNALS and r]
    agree = (sum(d == order[0][0] for d in tops) / len(tops)) if tops and order else 0.0
    return {
        "chunk_margin": float(margin),
        "coverage": float(cover),
        "known_words": float(known),
        "agreement": float(agree),
        "intent": float(bool(intents.detect(ctx.question, ctx.lang))),
        "named_act": float(bool(ctx.families)),
    }
