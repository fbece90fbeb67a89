"""The app's service starting in the background: not ready → building (with the builder's progress)
→ ready; a rebuild while an index is open keeps answering from it; a failed build is reported."""
from __future__ import annotations

import shutil
import threading

import pytest

from policyqa.config import Settings
from policyqa.ui.service import NotReadyError, Service
from tests.ui.conftest import FIXTURE_CORPUS, UPLOAD_DOC

DRONE_QUESTION = "Where must inspection drones in the harbour be registered?"


def test_first_start_builds_in_the_background_then_answers(tmp_path, embedder):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    service = Service(Settings.load(corpus=corpus, index=index), embedder=embedder, background=True)
    assert not service.ready and service.status().busy and service.family_choices() == []
    with pytest.raises(NotReadyError, match="still being built"):
        service.ask("What is the right to erasure?")
    stages = []
    original = service._set
    service._set = lambda stage, progress=None, error=None: (stages.append((stage, progress)),
                                                            original(stage, progress, error))
    service.start().join(120)
    st = service.status()
    assert st.stage == "ready" and st.ready and not st.busy and st.error is None
    assert [s for s, _ in stages][:2] == ["model", "reading"] and stages[-1][0] == "ready"
    embedding = [p for s, p in stages if s == "embedding"]
    assert embedding and embedding[-1].texts_done == embedding[-1].texts_total > 0
    assert service.ask("What is the right to erasure?")["citations"]
    assert "gdpr" in {d for _, d in service.family_choices()}


def test_rebuild_keeps_the_open_index_answering(workspace, embedder):
    (workspace.corpus / "harbour").mkdir()
    (workspace.corpus / "harbour" / "en.md").write_text(UPLOAD_DOC, encoding="utf-8")
    service = Service(workspace, embedder=embedder, background=True)
    reached, release = threading.Event(), threading.Event()
    original = service._set

    def held(stage, progress=None, error=None):
        original(stage, progress, error)
        if stage == "embedding" and not reached.is_set():
            reached.set()
            release.wait(60)

    service._set = held
    thread = service.start()
    try:
        assert reached.wait(120), service.status()
        st = service.status()
        assert st.ready and st.busy and st.stage == "embedding" and st.progress.files_total == 1
        during = service.ask(DRONE_QUESTION)                 # the index in place answers meanwhile
        assert "harbour" not in {c["doc"] for c in during["citations"]}
    finally:
        release.set()
        thread.join(120)
    assert service.status().stage == "ready"
    after = service.ask(DRONE_QUESTION)
    assert after["citations"][0]["doc"] == "harbour"


def test_a_failed_build_is_reported_not_raised(tmp_path, embedder):
    (tmp_path / "corpus").mkdir()
    service = Service(Settings.load(corpus=tmp_path / "corpus", index=tmp_path / "index"), embedder=embedder,
                      background=True)
    service.start().join(60)
    st = service.status()
    assert st.stage == "failed" and not st.ready and not st.busy and st.error
    with pytest.raises(NotReadyError):
        service.ask("What is the right to erasure?")
