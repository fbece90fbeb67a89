"""Question → ranked provisions: dense + lexical retrieval, fused, pooled per unit, provision lookup."""
