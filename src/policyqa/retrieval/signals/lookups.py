"""Provision lookup: the units the question names ("Article 5(1)(f)", "bijlage III", "considérant 12"),
first, in the order named. A reference without an act goes to the named or filtered families, else to
every family that has such a unit (best-scoring first, at most 3)."""
from __future__ import annotations

from policyqa.provisions import Reference
from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.signals.base import Signal


class Lookups(Signal):
    name = "lookups"
    kind = "first"
    after_fusion = True

    def rank(self, ctx: QueryContext) -> list[Key]:
        for ref in ctx.references:
            for key in self.resolve(ref, ctx):
                if key not in ctx.lookups:
                    ctx.lookups[key] = ref
        return list(ctx.lookups)

    def resolve(self, ref: Reference, ctx: QueryContext) -> list[Key]:
        """(doc, unit) keys a reference points at."""
        fams, docs = ctx.families, ctx.docs
        cands = [ref.doc] if ref.doc else (fams or docs or self.index.doc_ids)
        keys = [(d, ref.unit) for d in cands if (d, ref.unit) in self.index.unit_rows]
        keys.sort(key=lambda k: -ctx.fused.get(k, 0.0))
        return keys if (ref.doc or fams or docs or len(keys) <= 1) else keys[:3]
