"""Question intents: a "when / what fine / where to complain" question (`policyqa.retrieval.intents`)
adds a ranking of the provisions of that kind — found by their headings — those of a named act first,
then in the order of the other signals' fused scores."""
from __future__ import annotations

from policyqa.retrieval import intents
from policyqa.retrieval.context import Key, QueryContext
from policyqa.retrieval.signals.base import Signal


class Intents(Signal):
    name = "intents"
    after_fusion = True

    def __init__(self, index):
        super().__init__(index)
        self._units: dict[str, list[Key]] = {}      # per intent, for this index

    def rankings(self, ctx: QueryContext):
        """One ranking per intent of the question, each ordered by the fused scores as they are when the
        fuser asks for it (a generator: the previous intent's ranking is already added)."""
        if not ctx.fused:
            return
        for intent in intents.detect(ctx.question, ctx.lang):
            keys = [k for k in self.units(intent) if ctx.allowed is None or ctx.unit_allowed(k)]
            keys.sort(key=lambda k: (k[0] not in ctx.families, -ctx.fused.get(k, 0.0)))
            yield keys

    def rank(self, ctx: QueryContext) -> list[Key]:
        return [k for r in self.rankings(ctx) for k in r]

    def units(self, intent: str) -> list[Key]:
        """Articles and sections whose heading (in any language version) is of the intent's kind."""
        if intent not in self._units:
            self._units[intent] = [
                key for key in self.index.unit_rows
                if key[1].startswith(("art_", "sec_"))
                and any(intents.matches_heading(intent, h) for h in self.index.unit_headings(key))]
        return self._units[intent]
