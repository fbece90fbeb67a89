"""Shared fixtures: the fixture corpus and its index, the shared EU corpus and its (cached) index."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"


def shared_corpus_path() -> Path | None:
    p = Path(os.environ.get("POLICYQA_TEST_CORPUS", REPO.parent / "shared" / "corpus"))
    return p if p.is_dir() else None


@pytest.fixture(scope="session")
def embedder():
    from policyqa.embeddings.factory import load_embedder
    return load_embedder("e5-small")


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory):
    from policyqa.config import Settings
    return Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path_factory.mktemp("fixture-index"))


@pytest.fixture(scope="session")
def fixture_pipeline(fixture_settings, embedder):
    from policyqa.indexing.builder import build_index
    from policyqa.pipeline import Pipeline
    build_index(fixture_settings, embedder=embedder, progress=False)
    return Pipeline.open(fixture_settings, embedder=embedder)


@pytest.fixture(scope="session")
def shared_settings():
    """Settings for the shared corpus; its index is kept in .cache/ (or $POLICYQA_TEST_INDEX) across runs
    and updated incrementally."""
    from policyqa.config import Settings
    corpus = shared_corpus_path()
    if corpus is None:
        pytest.skip("shared corpus not found (set POLICYQA_TEST_CORPUS)")
    index = Path(os.environ.get("POLICYQA_TEST_INDEX", REPO / ".cache" / "test-index"))
    return Settings.load(corpus=corpus, index=index)


@pytest.fixture(scope="session")
def shared_pipeline(shared_settings, embedder):
    from policyqa.indexing.builder import build_index
    from policyqa.pipeline import Pipeline
    build_index(shared_settings, embedder=embedder, progress=True)
    return Pipeline.open(shared_settings, embedder=embedder)
