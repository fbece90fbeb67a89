"""A private copy of the fixture corpus and its index per test, so uploads never touch the originals.
The index copy carries the embedding cache: an update embeds only what a test adds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE_CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

UPLOAD_DOC = """---
title: "Harbour drone register guidance (invented)"
language: en
---
# Harbour drone register guidance

## Registration of inspection drones

Every inspection drone used in the harbour of Vlissingen must be entered in the municipal drone register
before its first flight, together with the name of the responsible pilot.

## Retention

Flight logs of inspection drones are kept for eighteen months.
"""


@pytest.fixture
def workspace(tmp_path, fixture_pipeline, fixture_settings):
    """Settings for a writable copy of the fixture corpus and of its built index."""
    from policyqa.config import Settings
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    shutil.copytree(fixture_settings.index, index, ignore=shutil.ignore_patterns("*.lock", "feedback.jsonl"))
    return Settings.load(corpus=corpus, index=index)


@pytest.fixture
def upload_doc(tmp_path) -> Path:
    """An invented English markdown document, outside any corpus, named as a browser would send it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    path = inbox / "Harbour drones (v2).md"
    path.write_text(UPLOAD_DOC, encoding="utf-8")
    return path
