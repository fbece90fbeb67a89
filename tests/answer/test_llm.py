"""The optional LLM answerer against a real (tiny) OpenAI-compatible HTTP server on 127.0.0.1."""
from __future__ import annotations

import json

import pytest

from policyqa.answer.llm import LLMAnswerer, LLMError
from tests.local_server import QuietHandler, serve


class _Server:
    """Answers /v1/chat/completions with `reply`, and records the requests it got."""

    def __init__(self, reply: str):
        self.reply = reply
        self.requests: list[dict] = []
        outer = self

        class Handler(QuietHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "body": body})
                self.send_body(json.dumps({
                    "id": "x", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": outer.reply}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }).encode(), "application/json")

        self._serving = serve(Handler)

    def __enter__(self):
        self.url = self._serving.__enter__() + "/v1"
        return self

    def __exit__(self, *exc):
        return self._serving.__exit__(*exc)


def _retrieval(pipeline, question):
    lang = pipeline.question_language(question)
    return lang, pipeline.retriever.run(question, lang=lang, top_k=5)


def test_llm_answer_keeps_only_listed_citations(fixture_pipeline):
    q = "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?"
    lang, retrieval = _retrieval(fixture_pipeline, q)
    with _Server("Nee, dat is verboden op de werkplek [1]. Zie ook [7] en [2].") as srv:
        ans = LLMAnswerer(fixture_pipeline.index, fixture_pipeline.embedder, url=srv.url, model="tiny").run(
            q, lang, retrieval)
    assert srv.requests and srv.requests[0]["path"] == "/v1/chat/completions"
    msgs = srv.requests[0]["body"]["messages"]
    assert "Answer in Dutch" in msgs[0]["content"] and "[1]" in msgs[1]["content"]
    assert "[7]" not in ans.text and "[1]" in ans.text and "[2]" in ans.text
    assert [c.n for c in ans.citations] == [1, 2]
    assert ans.citations[0].doc == retrieval.hits[0].doc and ans.citations[0].unit == retrieval.hits[0].unit
    assert not ans.abstained


def test_llm_reply_without_citations_is_an_abstention(fixture_pipeline):
    q = "Which AI practices are prohibited?"
    lang, retrieval = _retrieval(fixture_pipeline, q)
    with _Server("I cannot tell.") as srv:
        ans = LLMAnswerer(fixture_pipeline.index, fixture_pipeline.embedder, url=srv.url, model="m").run(q, lang, retrieval)
    assert ans.abstained and ans.citations == []


def test_llm_misconfigured_or_unreachable(fixture_pipeline):
    with pytest.raises(LLMError, match="needs an endpoint"):
        LLMAnswerer(fixture_pipeline.index, fixture_pipeline.embedder, url=None, model=None)
    q = "Which AI practices are prohibited?"
    lang, retrieval = _retrieval(fixture_pipeline, q)
    a = LLMAnswerer(fixture_pipeline.index, fixture_pipeline.embedder, url="http://127.0.0.1:9/v1", model="m",
                    timeout=5)
    with pytest.raises(LLMError, match="failed"):
        a.run(q, lang, retrieval)
