"""Act vote: when the question names no act, the act that holds most of the fused score of the top
`VOTERS` units is taken as the one asked about, and its units among the fused top `DEPTH` are added as
one more ranking (in fused order). A question about one act whose evidence is split between its
provisions and a few look-alike provisions of another act gets its own act's provisions lifted."""
from __future__ import annotations

from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.fusion import ranked
from policyqa.retrieval.signals.base import Signal

VOTERS = 10         # top fused units whose scores vote for an act
DEPTH = 30          # fused units the ranking is taken from


class ActVote(Signal):
    name = "act_vote"
    after_fusion = True

    def rank(self, ctx: QueryContext) -> list[Key]:
        if not ctx.fused or ctx.families or ctx.docs:
            return []
        order = ranked(ctx.fused)
        mass: dict[str, float] = {}
        for key in order[:VOTERS]:
            mass[key[0]] = mass.get(key[0], 0.0) + ctx.fused[key]
        act = max(mass, key=mass.get)
        return [k for k in order[:DEPTH] if k[0] == act]
