"""Paths shared by the reader tests: fixture folders and the (optional) shared EU corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
FIXTURE_CORPUS = TESTS / "fixtures" / "corpus"
FIXTURE_READERS = TESTS / "fixtures" / "readers"


def shared_corpus_dir() -> Path:
    env = os.environ.get("POLICYQA_TEST_CORPUS")
    return Path(env) if env else TESTS.parent.parent / "shared" / "corpus"


@pytest.fixture
def shared_corpus() -> Path:
    root = shared_corpus_dir()
    if not root.is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return root


@pytest.fixture
def shared_raw() -> Path:
    raw = shared_corpus_dir().parent / "raw"
    if not raw.is_dir():
        pytest.skip(f"shared raw files not found at {raw}")
    return raw
