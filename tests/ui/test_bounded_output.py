"""Bounded work per request, through the real app: a 5 MB single-line document (generated here) is uploaded
and asked about; every answer's JSON stays within the caps of policyqa.answer.bounds.

The upload is chunked like any corpus file, under the caps of the app's settings: every chunk ≤ `max_words`
words and ≤ CHARS_PER_WORD × `max_words` characters. At the default 200 words this line would give ~4,600
passages of ≤ 2,400 characters (minutes of embedding); the app here runs with `max_words: 100000`, so the line
becomes about ten passages of ~0.5 MB each: chunks far larger than any answer or citation cap, which must
then be enforced at the output boundary. (100 such requests and the server's memory: `python bench/bounded.py`.)"""
from __future__ import annotations

import json
import math
import re
import time

import pytest

from policyqa.answer.bounds import MAX_ANSWER_CHARS, MAX_CITATION_CHARS, MAX_JSON_BYTES, json_bytes
from policyqa.chunking.chunker import CHARS_PER_WORD
from policyqa.text import word_count
from tests.ui.app_server import run_app

TOKEN = "bounded-test-token"
MONSTER_BYTES = 5 * 1024 * 1024
MAX_WORDS = 100_000                  # the app's chunk cap here; its character cap is CHARS_PER_WORD × this
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
    config.write_text(f"max_words: {MAX_WORDS}\n", encoding="utf-8")
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
    assert "Added uploads/zorblax.md" in status, status
    passages = int(re.search(r"passages indexed: (\d+),", status).group(1))
    # the passages the index holds for the upload (its newest generation): as many as the status says,
    # each within both caps, and as few as the caps allow give or take a cut at a clause
    current = (monster_server.index / "CURRENT").read_text().strip()
    chunks = [c for line in (monster_server.index / current / "chunks.jsonl").open(encoding="utf-8")
              if (c := json.loads(line))["path"] == "uploads/zorblax.md"]
    text = doc.read_text(encoding="utf-8")
    fewest = max(math.ceil(word_count(text) / MAX_WORDS), math.ceil(len(text) / (CHARS_PER_WORD * MAX_WORDS)))
    assert len(chunks) == passages and fewest <= passages <= fewest + 2, (passages, fewest)
    assert all(word_count(c["text"]) <= MAX_WORDS and len(c["text"]) <= CHARS_PER_WORD * MAX_WORDS for c in chunks)
    assert sum(len(c["text"]) for c in chunks) >= 0.99 * len(text)     # nothing of the line dropped
    assert max(len(c["text"]) for c in chunks) > 100 * MAX_CITATION_CHARS   # far over the output caps
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
    print(f"\n5 MB upload indexed in {upload_s:.1f} s as {passages} passages (max_words {MAX_WORDS}; at least "
          f"{fewest} by the caps); ask {ask_s:.2f} s, JSON {json_bytes(r)} bytes, answer {len(r['answer'])} characters")
