import tracemalloc
from pathlib import Path

import pytest

from policyqa.readers import SUPPORTED_SUFFIXES, CorpusError, ReadError, load_corpus, read_document

from .conftest import FIXTURE_CORPUS, FIXTURE_READERS


def test_fixture_corpus_loads_every_document():
    load = load_corpus(FIXTURE_CORPUS)
    assert load.skipped == []
    assert [d.path for d in load.documents] == [
        "ai-act/de.md", "ai-act/en.md", "ai-act/nl.md", "coordinated-plan/nl.md", "gdpr/en.md", "hostile/en.md",
        "notes/guide-fr.txt", "notes/plain-en.md"]                  # sorted; README.md ignored
    assert {(d.doc, d.lang) for d in load.documents} >= {("ai-act", "nl"), ("gdpr", "en"), ("notes", "fr")}
    assert all(len(d.sha256) == 64 for d in load.documents)


def test_bad_files_are_skipped_with_reasons(tmp_path: Path):
    for f in FIXTURE_READERS.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / ".hidden-en.md").write_text("# Hidden\n\nText.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Readme\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    load = load_corpus(tmp_path)
    reasons = dict(load.skipped)
    assert reasons["latin1-en.md"].startswith("not UTF-8")
    assert reasons["empty-en.md"] == "empty file"
    assert reasons["broken-en.pdf"].startswith("broken PDF")
    assert reasons["notes.docx"] == "unsupported file type '.docx'"
    assert ".hidden-en.md" not in reasons and "README.md" not in reasons
    assert sorted(d.path for d in load.documents) == ["eurlex-like.html", "webpage-en.html"]
    assert all("\n" not in r for r in reasons.values())


def test_huge_single_line_file_is_not_read(tmp_path: Path):
    big = tmp_path / "big-en.txt"
    with big.open("wb") as f:
        f.write(b"x" * (50 * 1024 * 1024))
    (tmp_path / "ok-en.md").write_text("# Ok\n\nSmall text.\n", encoding="utf-8")
    tracemalloc.start()
    load = load_corpus(tmp_path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert dict(load.skipped)["big-en.txt"].startswith("file too large (52,428,800 bytes")
    assert peak < 5_000_000
    with pytest.raises(ReadError, match="too large"):
        read_document(big, tmp_path, max_bytes=1000)


def test_same_family_and_language_twice(tmp_path: Path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a-en.md").write_text("# A\n\nFirst.\n", encoding="utf-8")
    (tmp_path / "notes" / "b-en.md").write_text("# B\n\nSecond.\n", encoding="utf-8")
    load = load_corpus(tmp_path)
    assert [d.path for d in load.documents] == ["notes/a-en.md"]
    assert load.skipped == [("notes/b-en.md", "same family and language (notes/en) as notes/a-en.md")]


def test_missing_and_empty_corpus(tmp_path: Path):
    with pytest.raises(CorpusError, match="corpus folder not found: .*pass --corpus or set POLICYQA_CORPUS"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no readable documents"):
        load_corpus(tmp_path)
    (tmp_path / "empty-en.md").write_bytes(b"")
    with pytest.raises(CorpusError, match="empty-en.md: empty file"):
        load_corpus(tmp_path)


def test_supported_suffixes():
    assert {".md", ".html", ".htm", ".pdf", ".txt"} <= set(SUPPORTED_SUFFIXES)


def test_shared_corpus_loads(shared_corpus: Path):
    load = load_corpus(shared_corpus)
    assert load.skipped == []
    assert {"ai-act", "gdpr", "coordinated-plan"} <= {d.doc for d in load.documents}
