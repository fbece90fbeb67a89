"""Nothing corrupt is served silently: every file of an index generation has a checksum in the manifest,
loading verifies them, and `policyqa index --verify` checks an index without a model. The four faults
that used to load silently (and give other citations) are each a one-line error that says to rebuild."""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policyqa.indexing.atomic import current_generation
from policyqa.indexing.manifest import IndexFileError
from policyqa.indexing.store import load_index

REPO = Path(__file__).resolve().parents[2]
CORRUPT = r"corrupt \((.+) does not match its checksum\): rebuild it with `policyqa index --force`"


@pytest.fixture()
def index(fixture_pipeline, fixture_settings, tmp_path) -> Path:
    """A private copy of the fixture index (built once per session)."""
    dst = tmp_path / "idx"
    shutil.copytree(fixture_settings.index, dst, ignore=shutil.ignore_patterns("cache"))
    return dst


def _garble(path: Path, n: int = 2048) -> None:
    data = bytearray(path.read_bytes())
    start = min(len(data) // 2, max(0, len(data) - n))
    rnd = random.Random(0)
    for i in range(start, min(len(data), start + n)):
        data[i] = rnd.randrange(256)
    path.write_bytes(bytes(data))


def _assert_refused(index: Path, rel: str) -> None:
    with pytest.raises(IndexFileError, match=CORRUPT) as e:
        load_index(index)
    assert rel in str(e.value) and "\n" not in str(e.value)


def test_a_sound_index_loads_and_lists_every_file(index):
    gen = current_generation(index)
    idx = load_index(index)
    files = {f.relative_to(gen).as_posix() for f in gen.rglob("*") if f.is_file()} - {"manifest.json"}
    assert set(idx.manifest.checksums) == files
    assert all(v.startswith("crc32:") for v in idx.manifest.checksums.values())


def test_garbled_stretch_of_the_faiss_file(index):
    _garble(current_generation(index) / "vectors.faiss")
    _assert_refused(index, "vectors.faiss")


def test_shuffled_chunk_store_lines(index):
    path = current_generation(index) / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    shuffled = lines[:]
    random.Random(1).shuffle(shuffled)
    assert shuffled != lines
    path.write_text("".join(shuffled), encoding="utf-8")
    _assert_refused(index, "chunks.jsonl")


def test_garbled_bm25_array(index):
    gen = current_generation(index)
    target = max((gen / "bm25").rglob("*.npy"), key=lambda p: p.stat().st_size)
    _garble(target, n=min(2048, target.stat().st_size - 128))       # the data, not the .npy header
    _assert_refused(index, target.relative_to(gen).as_posix())


def test_edited_chunk_text(index):
    path = current_generation(index) / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[3])
    row["text"] = row["text"].replace("shall", "shall not", 1) if "shall" in row["text"] else row["text"] + " Not."
    lines[3] = json.dumps(row, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    _assert_refused(index, "chunks.jsonl")


def test_missing_file_and_old_format(index):
    gen = current_generation(index)
    (gen / "links.json").unlink()
    with pytest.raises(IndexFileError, match=r"incomplete \(links.json is missing\).*--force"):
        load_index(index)
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    manifest["format"] = 5
    del manifest["checksums"]
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexFileError, match="has format 5.*rebuild"):
        load_index(index)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyqa.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO / "src")})


def test_index_verify_command(index):
    """`policyqa index --verify`: a one-line report (no model loaded: torch is never imported), exit 2 and
    a one-line error on a corrupt index."""
    code = ("import sys\nfrom policyqa.cli import main\n"
            "assert main(['index', '--verify', '--index', sys.argv[1]]) == 0\n"
            "assert 'torch' not in sys.modules, 'torch imported'")
    p = subprocess.run([sys.executable, "-c", code, str(index)], cwd=REPO, capture_output=True, text=True,
                       timeout=300, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert p.returncode == 0 and "is sound" in p.stdout and "match their checksums" in p.stdout, p.stderr
    _garble(current_generation(index) / "sentences.npy")
    p = _cli("index", "--verify", "--index", str(index))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "sentences.npy does not match its checksum" in lines[0] and "--force" in lines[0]
