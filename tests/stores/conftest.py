"""Shared by the Milvus tests: a `milvus-lite server` on 127.0.0.1 started (and stopped) by the test, and
the fixture corpus indexed on FAISS and on Milvus Lite once per session."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from policyqa.config import Settings
from policyqa.indexing.builder import build_index
from policyqa.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"
MILVUS_LITE = Path(sys.executable).with_name("milvus-lite")
QUESTIONS = [
    "Can my employer use AI to read my emotions at work?",
    "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?",
    "What is the right to erasure?",
    "Welche Pflichten haben Anbieter von Hochrisiko-KI-Systemen?",
    "Annex III point 4",
    "What must providers of chatbots tell people?",
    "Quelles sont les sanctions prévues ?",
    "Article 5(1)(f)",
]


def top_units(pipeline: Pipeline, question: str, **kw) -> list[tuple[str, str]]:
    r = pipeline.ask(question, **kw)
    return [(h["doc"], h["unit"]) for h in r["retrieved"][:5]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def milvus_server(data_dir: Path, port: int):
    """`milvus-lite server` on 127.0.0.1:port, stopped (and waited for) on exit."""
    proc = subprocess.Popen([str(MILVUS_LITE), "server", "--data-dir", str(data_dir), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"milvus-lite server did not start (exit {proc.poll()})")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def faiss_pipeline(tmp_path_factory, embedder):
    s = Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path_factory.mktemp("faiss-idx"))
    build_index(s, embedder=embedder, progress=False)
    return Pipeline.open(s, embedder=embedder)


@pytest.fixture(scope="session")
def lite_pipeline(tmp_path_factory, embedder):
    s = Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path_factory.mktemp("milvus-idx"), vector_backend="milvus")
    build_index(s, embedder=embedder, progress=False)
    return Pipeline.open(s, embedder=embedder)
