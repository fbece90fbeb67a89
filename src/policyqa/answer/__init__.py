"""Retrieved provisions → an answer with [n] citations (extractive by default, or an LLM)."""
