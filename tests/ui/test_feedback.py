"""Votes: one JSON line each, concurrent writers from threads and processes never interleave."""
from __future__ import annotations

import json
import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor

import pytest

from policyqa.ui.feedback import FeedbackError, FeedbackLog, feedback_path

CITES = [{"n": 1, "doc": "ai-act", "unit": "art_5", "label": "Article 5", "lang": "en", "url": None, "text": "x" * 50}]


def _votes(path: str, worker: int, n: int) -> None:
    log = FeedbackLog(path)
    for i in range(n):
        log.record(question=f"q{worker}-{i} " + "long " * 2000, answer="a [1]", citations=CITES,
                   vote="up" if i % 2 else "down", comment=f"c{worker}")


def test_record_fields(tmp_path):
    rec = FeedbackLog(tmp_path / "f.jsonl").record(question="Q?", answer="A [1]", citations=CITES, vote="up",
                                                   comment="  helpful  ", language="en")
    line = json.loads((tmp_path / "f.jsonl").read_text(encoding="utf-8"))
    assert line == rec
    assert set(line) == {"time", "vote", "comment", "question", "language", "answer", "citations"}
    assert line["comment"] == "helpful" and line["citations"][0]["unit"] == "art_5"
    assert "text" not in line["citations"][0]


def test_bad_votes(tmp_path):
    log = FeedbackLog(tmp_path / "f.jsonl")
    with pytest.raises(FeedbackError, match="unknown vote"):
        log.record(question="q", answer="a", citations=[], vote="maybe")
    with pytest.raises(FeedbackError, match="too long"):
        log.record(question="q", answer="a", citations=[], vote="up", comment="x" * 5000)
    assert not (tmp_path / "f.jsonl").exists()


def test_concurrent_threads_and_processes_never_interleave(tmp_path):
    path = str(tmp_path / "f.jsonl")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_votes, args=(path, 100 + w, 15)) for w in range(2)]
    for p in procs:
        p.start()
    with ThreadPoolExecutor(4) as ex:
        list(ex.map(lambda w: _votes(path, w, 15), range(4)))
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    lines = open(path, encoding="utf-8").read().splitlines()
    assert len(lines) == 6 * 15
    assert sorted({json.loads(x)["comment"] for x in lines}) == sorted(f"c{w}" for w in (0, 1, 2, 3, 100, 101))


def test_path_from_env(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYQA_FEEDBACK", raising=False)
    assert feedback_path(tmp_path) == tmp_path / "feedback.jsonl"
    monkeypatch.setenv("POLICYQA_FEEDBACK", str(tmp_path / "votes.jsonl"))
    assert feedback_path(tmp_path / "idx") == tmp_path / "votes.jsonl"
