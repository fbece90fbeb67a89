"""Index building: incremental, atomic, and clear errors for corrupt or mismatched indexes."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyqa.config import Settings
from policyqa.indexing.atomic import CURRENT, current_generation
from policyqa.indexing.builder import build_index
from policyqa.indexing.manifest import IndexFileError
from policyqa.indexing.store import load_index

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, dst)
    return dst


def test_incremental_rebuild_embeds_only_changed_files(corpus, tmp_path, embedder):
    s = Settings.load(corpus=corpus, index=tmp_path / "idx")
    first = build_index(s, embedder=embedder, progress=False)
    assert first.chunks > 0 and not first.files_reused
    n_files = len(first.files_embedded)

    again = build_index(s, embedder=embedder, progress=False)
    assert again.up_to_date

    target = corpus / "gdpr" / "en.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n\nAn added closing paragraph.\n", encoding="utf-8")
    (corpus / "notes" / "plain-en.md").unlink()
    third = build_index(s, embedder=embedder, progress=False)
    assert third.files_embedded == ["gdpr/en.md"]
    assert third.files_removed == ["notes/plain-en.md"]
    assert len(third.files_reused) == n_files - 2
    idx = load_index(s.index)
    assert "notes/plain-en.md" not in idx.manifest.files
    assert any("An added closing paragraph." in c.text for c in idx.chunks)
    # only the generation in force is kept
    assert [p.name for p in s.index.glob("gen-*")] == [current_generation(s.index).name]


def test_model_mismatch_and_corrupt_index_are_clear_errors(corpus, tmp_path, embedder):
    s = Settings.load(corpus=corpus, index=tmp_path / "idx")
    build_index(s, embedder=embedder, progress=False)
    with pytest.raises(IndexFileError, match="built with model"):
        load_index(s.index, expected_model="some-other-model")
    gen = current_generation(s.index)
    (gen / "chunks.jsonl").write_text('{"id": "broken"\n', encoding="utf-8")
    with pytest.raises(IndexFileError, match="corrupt|inconsistent"):
        load_index(s.index)
    (gen / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexFileError, match="corrupt"):
        load_index(s.index)
    with pytest.raises(IndexFileError, match="no index"):
        load_index(tmp_path / "nowhere")


def test_killed_build_leaves_previous_index_and_resumes(corpus, tmp_path, embedder):
    """Kill a build in the middle of embedding; the index in force stays loadable, and the next run
    reuses the files embedded before the kill."""
    s = Settings.load(corpus=corpus, index=tmp_path / "idx")
    build_index(s, embedder=embedder, progress=False)
    before = load_index(s.index)
    # make a bigger change so the next build takes a while: many new files
    long_text = "\n\n".join(f"{i}. Paragraph {i} of a long invented provision about data and systems, "
                            f"with enough words to make embedding take measurable time." for i in range(1, 40))
    for k in range(12):
        d = corpus / f"extra{k}"
        d.mkdir()
        (d / "en.md").write_text(f"# Extra act {k}\n\n<!-- id: art_1 -->\n#### Article 1 — Scope\n\n{long_text}\n",
                                 encoding="utf-8")
    env = dict(os.environ, POLICYQA_CORPUS=str(corpus), POLICYQA_INDEX=str(s.index))
    proc = subprocess.Popen([sys.executable, "-m", "policyqa.cli", "index", "--quiet"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    cache = s.index / "cache"
    deadline = time.time() + 240
    n_before = len(list(cache.rglob("*.sentences.npz")))     # a file's last cache written
    while time.time() < deadline and proc.poll() is None:
        if len(list(cache.rglob("*.sentences.npz"))) >= n_before + 2:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "build finished before it could be killed; make the change bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the index in force is the previous one, intact
    after_kill = load_index(s.index)
    assert after_kill.folder == before.folder
    assert len(after_kill.chunks) == len(before.chunks)
    # the rebuild resumes: files embedded before the kill are reused
    report = build_index(s, embedder=embedder, progress=False)
    assert len([f for f in report.files_reused if f.startswith("extra")]) >= 2
    assert len(load_index(s.index).manifest.files) == len(before.manifest.files) + 12
    assert (s.index / CURRENT).read_text().strip() == current_generation(s.index).name


def test_empty_corpus_is_a_clear_error(tmp_path, embedder):
    from policyqa.readers.base import CorpusError
    (tmp_path / "empty").mkdir()
    s = Settings.load(corpus=tmp_path / "empty", index=tmp_path / "idx")
    with pytest.raises(CorpusError):
        build_index(s, embedder=embedder, progress=False)
    assert current_generation(s.index) is None
