"""Uploads: sanitised names, limits, unreadable files add nothing, a good file is indexed and answerable."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from policyqa.pipeline import Pipeline
from policyqa.readers.loader import read_document
from policyqa.ui.upload import UploadError, add_upload, safe_name


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.md", "passwd.md"),
    ("..\\..\\windows\\evil.TXT", "evil.txt"),
    ("Besluit AI (v2).PDF", "Besluit-AI-v2.pdf"),
    (".hidden.md", "hidden.md"),
    ("README.md", "upload-README.md"),
    ("évaluation-fr.html", "evaluation-fr.html"),
    ("<script>.htm", "script.htm"),
    ("....md", "upload.md"),
])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["tool.exe", "noext", "archive.md.zip", "folder/"])
def test_refused_types(name):
    with pytest.raises(UploadError, match="unsupported file type"):
        safe_name(name)


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_upload_is_stored_indexed_and_answerable(workspace, embedder, upload_doc, tmp_path):
    before = _tree(tmp_path)
    result = add_upload(upload_doc, "../../Harbour drones (v2).md", workspace, embedder=embedder)
    assert result.path == "uploads/Harbour-drones-v2.md" and result.lang == "en" and result.chunks >= 2
    assert "chunks indexed" in result.summary()
    stored = workspace.corpus / "uploads" / "Harbour-drones-v2.md"
    assert stored.read_bytes() == upload_doc.read_bytes()
    # nothing written outside the corpus's uploads/ folder and the index folder
    new = _tree(tmp_path) - before
    assert new and all(p.startswith(("corpus/uploads/", "index/")) for p in new)
    qa = Pipeline.open(workspace, embedder=embedder)
    r = qa.ask("Where must inspection drones in the harbour be registered?")
    assert r["citations"] and r["citations"][0]["doc"] == result.doc


def test_unreadable_file_adds_nothing(workspace, embedder, tmp_path):
    current = (workspace.index / "CURRENT").read_text()
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 this is not really a PDF")
    with pytest.raises(UploadError, match="cannot be read"):
        add_upload(bad, "broken.pdf", workspace, embedder=embedder)
    assert not any((workspace.corpus / "uploads").iterdir())
    assert (workspace.index / "CURRENT").read_text() == current


def test_limits(workspace, embedder, upload_doc, tmp_path):
    with pytest.raises(UploadError, match="too large"):
        add_upload(upload_doc, "a.md", workspace, embedder=embedder, max_bytes=100)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(UploadError, match="empty"):
        add_upload(empty, "empty.txt", workspace, embedder=embedder)
    with pytest.raises(UploadError, match="unsupported file type"):
        add_upload(upload_doc, "a.docx", workspace, embedder=embedder)


def test_clash_with_an_indexed_document_adds_nothing(workspace, embedder, upload_doc, tmp_path):
    staged = tmp_path / "stage" / "uploads" / "Harbour-drones-v2.md"
    staged.parent.mkdir(parents=True)
    staged.write_bytes(upload_doc.read_bytes())
    doc = read_document(staged, tmp_path / "stage")
    with pytest.raises(UploadError, match="already has"):
        add_upload(upload_doc, "Harbour drones (v2).md", workspace, embedder=embedder,
                   existing={(doc.doc, doc.lang): "uploads/other.md"})
    assert not (workspace.corpus / "uploads" / "Harbour-drones-v2.md").exists()


def test_uploads_folder_must_not_lead_outside(workspace, embedder, upload_doc, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, workspace.corpus / "uploads")
    with pytest.raises(UploadError, match="not a plain folder"):
        add_upload(upload_doc, "x.md", workspace, embedder=embedder)
    assert not any(outside.iterdir())


def test_an_upload_is_chunked_under_the_caps(workspace, embedder, tmp_path):
    """A single-line upload (no sentence end, no line break) is cut like any corpus file: every passage
    ≤ max_words words and ≤ CHARS_PER_WORD × max_words characters, as many as the status line says."""
    from policyqa.chunking.chunker import CHARS_PER_WORD
    from policyqa.text import word_count
    line = "Zorblax harbour rules " + "every drone operator files form ZX-9 with the port office before flying " * 500
    doc = tmp_path / "zorblax.md"
    doc.write_text(line, encoding="utf-8")
    result = add_upload(doc, "zorblax.md", workspace, embedder=embedder)
    current = (workspace.index / "CURRENT").read_text().strip()
    chunks = [c for raw in (workspace.index / current / "chunks.jsonl").open(encoding="utf-8")
              if (c := json.loads(raw))["path"] == "uploads/zorblax.md"]
    max_words = workspace.max_words
    assert result.chunks == len(chunks) >= math.ceil(word_count(line) / max_words) > 1
    assert all(word_count(c["text"]) <= max_words and len(c["text"]) <= CHARS_PER_WORD * max_words for c in chunks)
