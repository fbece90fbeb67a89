"""Optional LLM answerer: an OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server) through
llama-index's OpenAILike. The model sees the numbered passages and is told to answer in the question's
language with [n] citations; every [n] in its output is checked against the listed sources — unknown
ids are removed and only sources actually cited are returned. Abstention uses the same rule as the
extractive answerer, before any call; a model that says nothing usable also yields "not found".
"""
from __future__ import annotations

import re
import time

import numpy as np

from policyqa.answer.abstain import question_signals, should_abstain, signals
from policyqa.answer.base import Answer, keep_known_markers, make_citation
from policyqa.answer.extractive import score_sentences
from policyqa.answer.messages import not_found
from policyqa.languages import EU_LANGUAGES
from policyqa.retrieval.retriever import Retrieval

PASSAGES = 5
SYSTEM = (
    "You answer questions about EU law and policy using ONLY the numbered passages given. "
    "Answer in {language}. After each statement put the number of the passage that supports it in "
    "square brackets, like [1] or [2]. Cite only the given numbers. If the passages do not answer the "
    "question, reply exactly: {not_found}"
)


class LLMError(RuntimeError):
    """The LLM endpoint is not configured or failed."""


class LLMAnswerer:
    def __init__(self, index, embedder, *, url: str | None, model: str | None, api_key: str | None = None,
                 threshold: float | None = None, timeout: float = 120.0):
        if not url:
            raise LLMError("the LLM answerer needs an endpoint: set --llm-url or POLICYQA_LLM_URL "
                           "(an OpenAI-compatible /v1 URL, e.g. http://127.0.0.1:11434/v1)")
        from llama_index.llms.openai_like import OpenAILike
        self.index = index
        self.embedder = embedder
        self.threshold = threshold
        self.llm = OpenAILike(model=model or "default", api_base=url, api_key=api_key or "none",
                              is_chat_model=True, timeout=timeout, max_retries=0, temperature=0.0)

    def messages(self, question: str, lang: str, retrieval: Retrieval):
        from llama_index.core.llms import ChatMessage
        parts = []
        for n, hit in enumerate(retrieval.hits[:PASSAGES], start=1):
            c = self.index.chunks[hit.row]
            parts.append(f"[{n}] {' › '.join(c.heading_path)} ({c.label}, {c.lang})\n{c.text}")
        system = SYSTEM.format(language=EU_LANGUAGES.get(lang, ("English",))[0], not_found=not_found(lang))
        return [ChatMessage(role="system", content=system),
                ChatMessage(role="user", content="Passages:\n\n" + "\n\n".join(parts) + f"\n\nQuestion: {question}")]

    def run(self, question: str, lang: str, retrieval: Retrieval, judge: Retrieval | None = None) -> Answer:
        """Answer from `retrieval`; whether to abstain is judged on `judge` when given (the pipeline passes
        the same question retrieved without the passage-language filter)."""
        t0 = time.perf_counter()
        hits = retrieval.hits[:PASSAGES]
        unknown, words = question_signals(question, lang, self.index)
        sims = score_sentences(self.index, self.embedder, question, retrieval)[1] if hits else np.zeros(0)
        judged = (signals(judge, score_sentences(self.index, self.embedder, question, judge)[1])
                  if judge is not None and judge.hits else signals(retrieval, sims))
        if not hits or (should_abstain({**judged, **words}, self.threshold, unknown)
                        and not hits[0].lookup):
            return Answer(not_found(lang), True, [], (time.perf_counter() - t0) * 1000)
        try:
            reply = self.llm.chat(self.messages(question, lang, retrieval)).message.content or ""
        except Exception as e:  # the client raises many types (connection, HTTP status, timeout)
            raise LLMError(f"the LLM endpoint failed: {type(e).__name__}: {e}") from None
        text, used = keep_known_markers(reply, set(range(1, len(hits) + 1)))
        if not used:
            return Answer(not_found(lang), True, [], (time.perf_counter() - t0) * 1000)
        # renumber the cited sources 1..k in order of first citation
        order = []
        for m in re.finditer(r"\[(\d{1,3})\]", text):
            n = int(m.group(1))
            if n not in order:
                order.append(n)
        remap = {old: new for new, old in enumerate(order, start=1)}
        text = re.sub(r"\[(\d{1,3})\]", lambda m: f"[{remap[int(m.group(1))]}]", text)
        citations = [make_citation(self.index, hits[old - 1], new) for old, new in remap.items()]
        return Answer(text, False, citations, (time.perf_counter() - t0) * 1000)
