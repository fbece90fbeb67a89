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


@pytest.fixture()
def built(fixture_pipeline, fixture_settings, tmp_path) -> Settings:
    """Settings of a private copy of the (session) fixture index, up to date with the fixture corpus."""
    shutil.copytree(fixture_settings.index, tmp_path / "idx")
    return Settings.load(corpus=fixture_settings.corpus, index=tmp_path / "idx")


def test_every_run_removes_stale_generations(built, embedder):
    """Half-written generations of killed builds go at the next run, even one with nothing to do."""
    current = current_generation(built.index).name
    for name in ("gen-0000", "gen-9999"):
        (built.index / name / "bm25").mkdir(parents=True)
        (built.index / name / "vectors.faiss").write_bytes(b"half written")
    (built.index / ".CURRENT.abc.tmp").write_text("gen-9999\n")
    report = build_index(built, embedder=embedder, progress=False)
    assert report.up_to_date
    assert sorted(p.name for p in built.index.glob("gen-*")) == [current]
    assert not list(built.index.glob(".*.tmp"))
    assert load_index(built.index).folder.name == current


def test_a_lock_left_behind_is_taken_over(built, embedder):
    """A lock file whose process is gone — or whose pid now belongs to an unrelated live process (pids are
    reused after a kill -9) — does not block the next run."""
    lock = built.index / ".build.lock"
    dead = subprocess.Popen(["true"])
    dead.wait()
    unrelated = subprocess.Popen(["sleep", "60"])
    try:
        for pid in (dead.pid, unrelated.pid):
            lock.write_text(str(pid))
            assert build_index(built, embedder=embedder, progress=False).up_to_date
            assert not lock.exists()
    finally:
        unrelated.kill()
        unrelated.wait()


def test_a_live_build_holds_the_lock_until_it_dies(built, embedder):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR)\nfcntl.flock(fd, fcntl.LOCK_EX)\n"
         "os.write(fd, str(os.getpid()).encode())\nprint('locked', flush=True)\ntime.sleep(120)\n",
         str(built.index / ".build.lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexFileError, match=rf"another build \(pid {holder.pid}\)"):
            build_index(built, embedder=embedder, progress=False)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert build_index(built, embedder=embedder, progress=False).up_to_date     # the kernel freed the lock


def test_progress_hook_reports_the_bar_counts(corpus, tmp_path, embedder):
    from dataclasses import replace
    s = Settings.load(corpus=corpus, index=tmp_path / "idx")
    seen = []
    report = build_index(s, embedder=embedder, progress=False, on_progress=lambda p: seen.append(replace(p)))
    stages = [p.stage for p in seen]
    assert stages[0] == "reading" and stages[-1] == "writing" and "embedding" in stages
    embedding = [p for p in seen if p.stage == "embedding"]
    done = [p.texts_done for p in embedding]
    embedded = report.chunks_embedded + report.sentences_embedded
    assert done == sorted(done) and done[-1] == embedding[-1].texts_total == embedded > 0
    assert seen[-1].files_done == seen[-1].files_total == len(report.files_embedded)
    assert embedding[-1].rate > 0 and embedding[-1].seconds_left == 0
