"""Family names: the units of an act the question names ("AVG", "DSGVO", "KI-Verordnung"; names from
corpus/sources.yaml, found by `policyqa.sources.find_families`) get the weight added to their fused
score (0.1 > one top RRF vote). Not applied when the families are filtered."""
from __future__ import annotations

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.signals.base import Signal


class Family(Signal):
    name = "family"
    kind = "bonus"
    after_fusion = True

    def rank(self, ctx: QueryContext) -> list[Key]:
        if not ctx.families or ctx.docs:
            return []
        return [k for k in ctx.fused if k[0] in ctx.families]
