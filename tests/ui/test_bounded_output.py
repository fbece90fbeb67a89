"""Bounded work per request, through the real app: a 5 MB single-line document (generated here) is uploaded
and asked about; every answer's JSON stays within the caps of policyqa.answer.bounds. The app is configured
with a word cap so large that the chunker keeps the whole line as one 5 MB chunk, so the caps are tested
at the output boundary whatever the chunker does. (100 such requests and the server's memory:
`python bench/bounded.py`.)"""
from __future__ import annotations

import json
import time

import pytest

from policyqa.answer.bounds import MAX_ANSWER_CHARS, MAX_CITATION_CHARS, MAX_JSON_BYTES, json_bytes
from tests.ui.app_server import run_app

TOKEN = "bounded-test-token"
MONSTER_BYTES = 5 * 1024 * 1024
PHRASE = "every zorblax harbour drone operator files form ZX-9 with the port office before each flight and "
QUESTION = "Which form must zorblax harbour drone operators file with the port office?"


def monster_document(path, n_bytes: int = MONSTER_BYTES):
    """A markdown file of one line of `n_bytes` bytes: words and spaces, no sentence end, no line break."""
    body = "Zorblax harbour rules: " + PHRASE * (n_bytes // len(PHRASE) + 1)
    path.write_text(body[:n_bytes], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def monster_server(tmp_path_factory, fixture_pipeline, fixture_settings):
    root = tmp_path_factory.mktemp("bounded-app")
    config = root / "settings.yaml"
    config.write_text("max_words: 1000000\n", encoding="utf-8")
    with run_app(root, fixture_settings.index, POLICYQA_STAFF_TOKEN=TOKEN, POLICYQA_CONFIG=str(config)) as s:
        yield s


def test_a_5mb_single_line_document_answers_in_bounded_size(monster_server, tmp_path):
    from gradio_client import Client, handle_file
    doc = monster_document(tmp_path / "zorblax.md")
    assert doc.stat().st_size == MONSTER_BYTES and doc.read_text().count("\n") == 0
    client = Client(monster_server.url, verbose=False)
    t = time.perf_counter()
    status = client.predict(handle_file(str(doc)), TOKEN, api_name="/upload")[0]
    upload_s = time.perf_counter() - t
    assert "Added uploads/zorblax.md" in status and "passages indexed: 1," in status          # the page now says "passages"
    chunks = [json.loads(line) for gen in monster_server.index.glob("gen-*")
              for line in (gen / "chunks.jsonl").open(encoding="utf-8")]
    assert max(len(c["text"]) for c in chunks) > 5_000_000              # the chunker kept one 5 MB chunk
    for _ in range(3):
        t = time.perf_counter()
        r = client.predict(QUESTION, None, None, "en", None, api_name="/ask")
        ask_s = time.perf_counter() - t
        assert json_bytes(r) <= MAX_JSON_BYTES and len(r["answer"]) <= MAX_ANSWER_CHARS
        cited = [c for c in r["citations"] if c["doc"] == "zorblax"]
        assert cited and cited[0]["origin"] == "upload" and "ZX-9" in r["answer"]
        assert all(len(c["text"]) <= MAX_CITATION_CHARS + 4 for c in r["citations"])
        a, b = cited[0]["highlights"][0]
        assert 0 <= a < b <= len(cited[0]["text"])
    print(f"\n5 MB upload indexed in {upload_s:.1f} s; ask {ask_s:.2f} s, JSON {json_bytes(r)} bytes, "
          f"answer {len(r['answer'])} characters")
